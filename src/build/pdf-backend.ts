/**
 * The PDF side of a build: templates, fonts and one browser, opened on the first document and
 * closed by the caller in `finally`. The pipeline sees only what it needs: a check of the inputs
 * (remote references, templates that compile) and a function that prints a runbook. Opening it
 * reads and hashes the templates and finds the browser, nothing more: the renderers and pdf-lib
 * are loaded by the first check or document, and puppeteer by the first document, so a rebuild
 * that the hashes show to be up to date loads none of them.
 */
import { existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../diagnostics.js';
import { BUNDLED_CONTENT } from '../load/files.js';
import { loadTemplates, TemplateLoadError } from '../load/templates.js';
import { templateSources, type Templates } from '../render/html/templates.js';
import type { Lang, Procedure } from '../model/types.js';
import { findBrowser } from '../print/browser.js';
import { browserVersion } from '../print/version.js';
import type { Paper, PdfExtras } from '../render/html/view.js';
import type { LayoutMemo, Printer } from '../render/pdf/index.js';
import type { DocumentMeta } from '../render/html/document.js';
import type { ResolvedRunbook } from '../resolve/resolve.js';
import { sha256Hex } from '../verify/sha256sums.js';
import { limiter } from './concurrency.js';

export interface PdfBackend {
  /**
   * Diagnostics for inputs that would need the network to print; throws TemplateLoadError naming
   * the file when a template does not compile.
   */
  check(procedure: Procedure): Promise<Diagnostic[]>;
  runbook(
    runbook: ResolvedRunbook,
    lang: Lang,
    extras: Omit<PdfExtras, 'paper' | 'baseUrl'>,
  ): Promise<Uint8Array>;
  /** A Markdown document the tool wrote (change request, training edition), with SVG images inlined by file name. */
  document(markdown: string, meta: DocumentMeta, source: string, images?: Record<string, string>): Promise<Uint8Array>;
  /** Templates and fonts, hashed: part of a build's inputs. */
  templatesHash: string;
  /** Documents it prints at once. */
  concurrency: number;
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
  /** Documents printed at once (default 1). */
  concurrency?: number;
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
  let renderers: Promise<Renderers> | undefined;
  // A template that does not compile stops the build at the first check, before anything is printed.
  const render = () => (renderers ??= loadRenderers(templates));
  let printer: Promise<Printer> | undefined;
  const open = () => (printer ??= import('../print/printer.js').then(({ openPrinter }) => openPrinter({ executablePath: browserPath, allowedRoots: [...roots, contentDir] })));
  const baseUrl = pathToFileURL(`${options.cwd}/`).href;
  let version: Promise<string> | undefined;
  // Runbooks with the same headings usually break pages alike: each one's pages guess the next one's.
  const layouts: LayoutMemo = new Map();
  const dated = options.sourceDateEpoch === undefined ? {} : { sourceDateEpoch: options.sourceDateEpoch };
  // However many profiles are in flight, the browser prints this many documents at once.
  const concurrency = options.concurrency ?? 1;
  const limit = limiter(concurrency);
  const printing = async (print: (pdf: Renderers['pdf'], printer: Printer) => Promise<Uint8Array>) => {
    const [{ pdf }, printer] = await Promise.all([render(), open()]);
    return limit(() => print(pdf, printer));
  };
  return {
    concurrency,
    check: async (procedure) => (await render()).html.checkRemoteReferences(procedure, templates),
    runbook: (runbook, lang, extras) => printing((pdf, printer) => pdf.renderRunbookPdf(runbook, lang, printer, templates, { ...extras, paper: options.paper, baseUrl }, { layouts, ...dated })),
    document: (markdown, meta, source, images) =>
      printing((pdf, printer) => pdf.renderMarkdownDocumentPdf(markdown, meta, printer, templates, { paper: options.paper, baseUrl, source, ...(images ? { images } : {}), ...dated })),
    templatesHash,
    paper: options.paper,
    browserPath,
    browserVersion: async () => (version ??= browserVersion(browserPath)),
    close: async () => {
      // A printer that failed to open has already said why.
      if (printer) await (await printer.catch(() => undefined))?.close();
    },
  };
}

interface Renderers {
  html: typeof import('../render/html/index.js');
  pdf: typeof import('../render/pdf/index.js');
}

async function loadRenderers(templates: Templates): Promise<Renderers> {
  const [html, pdf] = await Promise.all([import('../render/html/index.js'), import('../render/pdf/index.js')]);
  try {
    html.layoutsOf(templates);
  } catch (error) {
    if (error instanceof html.TemplateError) throw new TemplateLoadError(error.message);
    throw error;
  }
  return { html, pdf };
}
