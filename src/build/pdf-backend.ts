/**
 * The PDF side of a build: templates, fonts and one browser, opened on the first document and
 * closed by the caller in `finally`. The pipeline sees only what it needs: a check of the inputs
 * (remote references) and a function that prints a runbook.
 */
import { existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../diagnostics.js';
import { BUNDLED_CONTENT } from '../load/files.js';
import { loadTemplates, TemplateLoadError } from '../load/templates.js';
import type { Lang, Procedure } from '../model/types.js';
import { browserVersion, findBrowser, openPrinter } from '../print/index.js';
import { checkRemoteReferences, layoutsOf, TemplateError, templateSources, type Paper, type PdfExtras } from '../render/html/index.js';
import { renderMarkdownDocumentPdf, renderRunbookPdf, type Printer } from '../render/pdf/index.js';
import type { DocumentMeta } from '../render/html/document.js';
import type { ResolvedRunbook } from '../resolve/resolve.js';
import { sha256Hex } from '../verify/sha256sums.js';

export interface PdfBackend {
  /** Diagnostics for inputs that would need the network to print. */
  check(procedure: Procedure): Diagnostic[];
  runbook(
    runbook: ResolvedRunbook,
    lang: Lang,
    extras: Omit<PdfExtras, 'paper' | 'baseUrl'>,
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

export async function openPdfBackend(options: PdfBackendOptions): Promise<PdfBackend> {
  const browserPath = findBrowser({
    ...(options.browser ? { flag: resolvePath(options.cwd, options.browser) } : {}),
    env: options.env as NodeJS.ProcessEnv,
    platform: process.platform,
    exists: existsSync,
  });
  const { templates, roots } = await loadTemplates({ cwd: options.cwd });
  // A template that does not compile stops the build now, not once per document.
  try {
    layoutsOf(templates);
  } catch (error) {
    if (error instanceof TemplateError) throw new TemplateLoadError(error.message);
    throw error;
  }
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
    browserVersion: async () => (version ??= browserVersion(browserPath)),
    close: async () => {
      if (printer) await (await printer).close();
    },
  };
}
