/**
 * The PDF side of a build: templates, fonts and one browser, opened on the first document and
 * closed by the caller in `finally`. The pipeline sees only what it needs: a check of the inputs
 * (remote references) and a function that prints a runbook.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../diagnostics.js';
import { BUNDLED_CONTENT } from '../load/files.js';
import { loadTemplates } from '../load/templates.js';
import type { Lang, Procedure } from '../model/types.js';
import { findBrowser, openPrinter } from '../print/index.js';
import { checkRemoteReferences, templateSources, type Paper } from '../render/html/index.js';
import { renderMarkdownDocumentPdf, renderRunbookPdf, type Printer } from '../render/pdf/index.js';
import type { DocumentMeta } from '../render/html/document.js';
import type { ResolvedRunbook } from '../resolve/resolve.js';
import { sha256Hex } from '../verify/sha256sums.js';

const execFileAsync = promisify(execFile);

export interface PdfBackend {
  /** Diagnostics for inputs that would need the network to print. */
  check(procedure: Procedure): Diagnostic[];
  runbook(
    runbook: ResolvedRunbook,
    lang: Lang,
    extras: { scripts?: { name: string; sha256: string }[]; signer?: { subject: string; thumbprint: string }; decisionDiagramSvg?: string },
  ): Promise<Uint8Array>;
  /** A Markdown document the tool wrote (change request, training edition), with SVG images inlined by file name. */
  document(markdown: string, meta: DocumentMeta, source: string, images?: Record<string, string>): Promise<Uint8Array>;
  /** Templates and fonts, hashed: part of a build's inputs. */
  templatesHash: string;
  paper: Paper;
  /** The browser's path (found now) and version (known once it has started). */
  browserPath: string;
  browserVersion(): Promise<string>;
  close(): Promise<void>;
}

export interface PdfBackendOptions {
  cwd: string;
  /** --browser */
  browser?: string;
  env: Record<string, string | undefined>;
  paper: Paper;
  content?: string;
  sourceDateEpoch?: number;
}

/**
 * `<browser> --version` without starting it (Linux and macOS print e.g. "Chromium 156.0.8078.108"),
 * so an up-to-date build needs no browser; undefined where it prints nothing (Windows).
 */
async function quickVersion(path: string): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync(path, ['--version'], { timeout: 10_000 });
    const m = /(\d+\.\d+\.\d+\.\d+)/.exec(stdout);
    return m ? `${stdout.trim().split(/\s+/)[0]}/${m[1]}` : undefined;
  } catch {
    return undefined;
  }
}

export async function openPdfBackend(options: PdfBackendOptions): Promise<PdfBackend> {
  const browserPath = findBrowser({
    ...(options.browser ? { flag: resolvePath(options.cwd, options.browser) } : {}),
    env: options.env as NodeJS.ProcessEnv,
    platform: process.platform,
    exists: existsSync,
  });
  const { templates, roots } = await loadTemplates({ cwd: options.cwd });
  const contentDir = resolvePath(options.cwd, options.content ?? BUNDLED_CONTENT);
  const templatesHash = sha256Hex(JSON.stringify(templateSources(templates).map((t) => [t.name, t.text]).concat(templates.fonts.map((f) => [f.url, f.unicodeRange]))));
  let printer: Promise<Printer> | undefined;
  const open = () => (printer ??= openPrinter({ executablePath: browserPath, allowedRoots: [...roots, contentDir] }));
  const baseUrl = pathToFileURL(`${options.cwd}/`).href;
  let version: Promise<string> | undefined;
  return {
    check: (procedure) => checkRemoteReferences(procedure, templates),
    runbook: async (runbook, lang, extras) =>
      renderRunbookPdf(runbook, lang, await open(), templates, { ...extras, paper: options.paper, baseUrl }, options.sourceDateEpoch === undefined ? {} : { sourceDateEpoch: options.sourceDateEpoch }),
    document: async (markdown, meta, source, images) =>
      renderMarkdownDocumentPdf(markdown, meta, await open(), templates, {
        paper: options.paper,
        baseUrl,
        source,
        ...(images ? { images } : {}),
        ...(options.sourceDateEpoch === undefined ? {} : { sourceDateEpoch: options.sourceDateEpoch }),
      }),
    templatesHash,
    paper: options.paper,
    browserPath,
    browserVersion: async () => (version ??= quickVersion(browserPath).then((v) => v ?? open().then((p) => p.version))),
    close: async () => {
      if (printer) await (await printer).close();
    },
  };
}
