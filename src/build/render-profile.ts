/**
 * One profile's files, in memory: its signed scripts, its runbooks in Markdown and PDF with their
 * decision diagram, and its change request. Writing them is the pipeline's business.
 */
import { resolve as resolvePath } from 'node:path';
import { displayPath } from '../load/files.js';
import type { Diagnostic } from '../diagnostics.js';
import type { LoadedSigner } from '../load/signer.js';
import type { Lang } from '../model/types.js';
import type { BuildOptions, Format } from '../pipeline.js';
import { CHANGE_REQUEST_FILE, changeRequest, formatChangeRequest, renderChangeRequestMarkdown } from '../render/cab/index.js';
import { decisionGraph, renderDiagram } from '../render/diagram/index.js';
import type { DocumentMeta } from '../render/html/document.js';
import type { PdfExtras } from '../render/html/view.js';
import { decisionDiagramFile, renderMarkdown } from '../render/markdown/runbook.js';
import { renderScripts } from '../render/powershell/scripts.js';
import type { ResolvedRunbook } from '../resolve/resolve.js';
import { TOOL } from '../version.js';
import type { PdfBackend } from './pdf-backend.js';
import { hashed, type Hashed, type ProfileFile } from './outputs.js';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function needPdf(options: BuildOptions): PdfBackend {
  if (!options.pdf) throw new Error('internal: the pdf and cab formats need a PDF backend');
  return options.pdf;
}


type FormatListener = (format: Format, lang?: Lang) => void;

/** Every file of a profile. */
export async function renderProfile(
  runbook: ResolvedRunbook,
  profileDir: string,
  options: BuildOptions,
  signer: LoadedSigner | undefined,
  /** Told before each format (and language) is rendered: progress for the terminal. */
  onFormat: FormatListener = () => undefined,
): Promise<{ files: Hashed<ProfileFile>[]; diagnostics: Diagnostic[] }> {
  // Each file is hashed once, as it is made: for the script list, the change request and SHA256SUMS.
  const files: Hashed<ProfileFile>[] = [];
  const add = (file: ProfileFile) => files.push(hashed(file));
  const diagnostics: Diagnostic[] = [];
  // The scripts' signatures are made on the thread pool while the Markdown is rendered; the PDF and
  // the change request, which list the scripts, come after.
  let signedScripts: Promise<Hashed<ProfileFile>[]> = Promise.resolve([]);
  if (options.formats.includes('ps1')) {
    onFormat('ps1');
    const signing = renderScripts(runbook, { tool: TOOL, lang: 'en' }).map(async (script): Promise<ProfileFile> => {
      // UTF-8 with a BOM: Windows PowerShell 5.1 reads non-ASCII text correctly only with it.
      const bytes = new Uint8Array(Buffer.concat([UTF8_BOM, Buffer.from(script.text, 'utf8')]));
      return { format: 'ps1', path: resolvePath(profileDir, 'scripts', script.name), content: signer ? await signer.sign(bytes) : bytes };
    });
    signedScripts = Promise.all(signing).then((made) => made.map(hashed));
    // Should rendering the Markdown throw before the signatures are awaited, their failure is not unhandled.
    signedScripts.catch(() => undefined);
  }
  // The decision diagram goes into the Markdown folder and onto the printed runbook.
  const diagrams = new Map<Lang, string>();
  const drawn = options.formats.includes('md') || options.formats.includes('pdf');
  for (const lang of drawn ? options.langs : []) {
    const diagram = renderDiagram(decisionGraph(runbook.procedure), runbook.procedure, { lang, highlight: runbook.profile.branches, caption: runbook.profile.title });
    diagrams.set(lang, diagram);
    if (options.formats.includes('md')) {
      onFormat('md', lang);
      add({ format: 'md', lang, path: resolvePath(profileDir, `runbook.${lang}.md`), content: renderMarkdown(runbook, lang) });
      add({ format: 'md', lang, path: resolvePath(profileDir, decisionDiagramFile(lang)), content: diagram });
    }
  }
  const scriptFiles = await signedScripts;
  files.push(...scriptFiles);
  // The scripts' names and hashes, as the PDF lists them, and their signer.
  const listed: Pick<PdfExtras, 'scripts' | 'signer'> = scriptFiles.length > 0 ? { scripts: scriptFiles.map((f) => ({ name: displayPath(profileDir, f.path), sha256: f.sha256 })), ...(signer ? { signer: signer.identity } : {}) } : {};
  for (const lang of options.formats.includes('pdf') ? options.langs : []) {
    onFormat('pdf', lang);
    add({ format: 'pdf', lang, path: resolvePath(profileDir, `runbook.${lang}.pdf`), content: await needPdf(options).runbook(runbook, lang, { ...listed, decisionDiagramSvg: diagrams.get(lang)! }) });
  }
  if (options.formats.includes('cab')) {
    // The change request lists the artefacts built before it, with their hashes and signer.
    const artefacts = files.map((f) => ({ path: displayPath(profileDir, f.path), sha256: f.sha256 }));
    const cr = changeRequest(runbook, { artefacts, strict: Boolean(options.strict), ...(listed.signer ? { signer: listed.signer } : {}) });
    diagnostics.push(...cr.diagnostics);
    add({ format: 'cab', path: resolvePath(profileDir, CHANGE_REQUEST_FILE), content: formatChangeRequest(cr.changeRequest) });
    for (const lang of options.langs) {
      onFormat('cab', lang);
      const markdown = renderChangeRequestMarkdown(cr.changeRequest, lang);
      const name = `change-request.${lang}`;
      add({ format: 'cab', lang, path: resolvePath(profileDir, `${name}.md`), content: markdown });
      const { profile, procedure } = runbook;
      const meta: DocumentMeta = {
        kind: 'change-request',
        lang,
        title: `${profile.change.id} — ${profile.change.title}`,
        author: profile.change.owner,
        subject: `${procedure.text[lang].title} — ${profile.title}`,
        keywords: [procedure.id, profile.id, profile.change.id, 'change request'],
        documentId: procedure.id,
        profileId: profile.id,
        changeId: profile.change.id,
        contentHash: procedure.contentHash,
        versionDate: procedure.version,
      };
      add({ format: 'cab', lang, path: resolvePath(profileDir, `${name}.pdf`), content: await needPdf(options).document(markdown, meta, `${profile.id}/${name}.md`) });
    }
  }
  return { files, diagnostics };
}

