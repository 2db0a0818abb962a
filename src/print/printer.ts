/**
 * The I/O edge of printing: one headless browser (puppeteer driving an installed Chromium, Chrome or
 * Edge) for many documents, printed in pages (tabs) that are set up once and reused, one
 * document at a time each; a page whose document failed is closed. Each document is written to
 * a private temporary folder and opened from there, so that its stylesheet, fonts and images load
 * as files. Every request that is not `data:` or a `file:` inside the allowed folders is aborted
 * and logged, and fails the document (one made while printing, too); the page also runs without
 * JavaScript and with the network emulated offline. A document printed shrunk is laid out once
 * more, in a page of its own set up the same way, to find what runs past its margin (wide-lines.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer';
import { withStyle } from '../render/html/style-tag.js';
import type { Printer, PrintJob, RequestRecord, WideLine } from '../render/pdf/printer.js';
import { describeRequest, isAllowedRequest } from './allow.js';
import { headlessMode } from './headless-shell.js';
import { wideLines } from './wide-lines.js';

/** We run as root in containers (no sandbox then), without a GPU, and nothing phones home. */
export const ESSENTIAL_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Glyph positions from the font itself, not from this machine's hinting settings.
  '--font-render-hinting=none',
];

/**
 * Memory: a build prints hundreds of documents beside the rest of its work; with these flags the
 * 120-profile build peaks at 530–570 MB with the desktop browser's processes, 860 MB without, and
 * at 400–450 MB with the headless shell (README, performance). None of them changes a printed
 * byte (tested).
 */
export const MEMORY_ARGS = [
  // No omnibox pop-up pages preloaded by the new headless mode (a renderer of about 70 MB), and
  // no spare renderer kept ready for another site.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,SpareRendererForSitePerProcess',
  // The network service and the (software) GPU work in the browser process, not in two more.
  '--enable-features=NetworkServiceInProcess2',
  '--in-process-gpu',
  // V8 and the DOM's heap in each renderer favour size, and the first full collection comes early:
  // by default a renderer grew to about 135 MB over its first forty documents before collecting
  // down to about 85 MB, and that ramp was the build's peak.
  '--js-flags=--optimize-for-size --initial-old-space-size=8',
];

export const BROWSER_ARGS = [...ESSENTIAL_ARGS, ...MEMORY_ARGS];

/**
 * A page opened to be printed is laid out and painted for the screen first, at the viewport's
 * width, then again for paper. Hidden from the screen, only the print layout is made: 12–23%
 * less CPU per document (README, performance). Print media is untouched, so the PDF is the
 * same (tested), and the browser waits for the fonts that the print layout asks for (tested on
 * the headless shell and the desktop browser, with every font held back 1 s). The rule goes
 * first in the head, before a template's Content-Security-Policy, which therefore never refuses it.
 */
const SCREEN_HIDDEN = '@media screen { body { display: none !important; } }';

/** The HTML of a print job as the printer hands it to the browser. */
export function pageHtml(html: string, options: { showOnScreen?: boolean } = {}): string {
  return options.showOnScreen ? html : withStyle(html, SCREEN_HIDDEN);
}

export interface PrinterOptions {
  executablePath: string;
  /** Folders the documents may read: templates, fonts, content (for images). */
  allowedRoots: readonly string[];
  /** Per document and per browser start; 60 s by default. */
  timeoutMs?: number;
  /** The browser's command line; BROWSER_ARGS by default. */
  args?: readonly string[];
  /** Lay documents out for the screen too (slower; the same PDF): false by default. */
  showOnScreen?: boolean;
  /** Awaited before an allowed request goes on: tests hold fonts back with it. */
  beforeRequest?: (url: string) => Promise<void> | undefined;
}

export class PrintError extends Error {}

export async function launch(executablePath: string, userDataDir: string, timeout: number, args: readonly string[] = BROWSER_ARGS): Promise<Browser> {
  try {
    return await puppeteer.launch({ executablePath, headless: headlessMode(executablePath), pipe: true, userDataDir, args: [...args], timeout });
  } catch (error) {
    throw new PrintError(`Could not start the browser ${executablePath}: ${(error as Error).message}`);
  }
}

export async function openPrinter(options: PrinterOptions): Promise<Printer> {
  const timeout = options.timeoutMs ?? 60_000;
  const profile = await mkdtemp(join(tmpdir(), 'runbook-browser-'));
  const documents = await mkdtemp(join(tmpdir(), 'runbook-pages-'));
  const cleanup = () => Promise.all([rm(profile, { recursive: true, force: true }), rm(documents, { recursive: true, force: true })]);
  let browser: Browser;
  let version: string;
  try {
    browser = await launch(options.executablePath, profile, timeout, options.args);
    try {
      version = await browser.version();
      // The blank page the browser opens with would keep a renderer of its own: documents get their own pages.
      for (const page of await browser.pages()) await page.close();
    } catch (error) {
      await browser.close();
      throw error;
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
  const roots = [...options.allowedRoots, documents];
  const requests: RequestRecord[] = [];
  let count = 0;
  let closed = false;

  /** What went wrong with the requests of one document. */
  interface Loading {
    blocked: string[];
    failed: string[];
  }
  /** A page set up once (no JavaScript, offline, every request filtered) and reused by the next document. */
  interface Tab {
    page: Page;
    /** The document being printed in it. */
    current: Loading;
  }
  const idle: Tab[] = [];
  // Each request counts against the document that made it, even if it ends after that one is done.
  const madeBy = new WeakMap<HTTPRequest, Loading>();

  async function openTab(): Promise<Tab> {
    const page = await browser.newPage();
    const tab: Tab = { page, current: { blocked: [], failed: [] } };
    try {
      await page.setJavaScriptEnabled(false);
      await page.setOfflineMode(true);
      await page.setRequestInterception(true);
    } catch (error) {
      await page.close().catch(() => undefined);
      throw error;
    }
    page.on('request', (request) => {
      const url = request.url();
      const allowed = isAllowedRequest(url, roots);
      const loading = tab.current;
      madeBy.set(request, loading);
      requests.push({ url: describeRequest(url), allowed });
      if (allowed) {
        // A hold that fails fails the request, and so the document, rather than leave it waiting.
        (options.beforeRequest?.(url) ?? Promise.resolve()).then(() => request.continue(), () => request.abort('failed')).catch(() => undefined);
      } else {
        loading.blocked.push(describeRequest(url));
        request.abort('blockedbyclient').catch(() => undefined);
      }
    });
    page.on('requestfailed', (request) => {
      const loading = madeBy.get(request) ?? tab.current;
      const url = describeRequest(request.url());
      if (!loading.blocked.includes(url)) loading.failed.push(`${url} (${request.failure()?.errorText ?? 'failed'})`);
    });
    return tab;
  }

  async function print(job: PrintJob): Promise<Uint8Array> {
    if (closed) throw new PrintError(`${job.name}: the printer is closed`);
    const file = join(documents, `${++count}.html`);
    let tab: Tab | undefined;
    let clean = false;
    try {
      await writeFile(file, pageHtml(job.html, options));
      tab = idle.pop() ?? (await openTab());
      const { blocked, failed } = (tab.current = { blocked: [], failed: [] });
      const { page } = tab;
      const refuse = () => {
        if (blocked.length) throw new PrintError(`${job.name}: the page asked for ${blocked.join(', ')}; printed runbooks are built offline, so the request was refused`);
        if (failed.length) throw new PrintError(`${job.name}: could not load ${failed.join(', ')}`);
      };
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout });
      refuse();
      const pdf = await page.pdf({
        format: job.paper,
        printBackground: true,
        displayHeaderFooter: false,
        // Bookmarks are written from the view model afterwards (src/render/pdf/finalize.ts).
        outline: false,
        // Tagged (accessible) PDF, except for a draft only read for its page numbers.
        tagged: !job.draft,
        // Hidden from the screen, the page has asked for no font yet: the print layout asks for
        // them, and the browser waits for them (tested with fonts held back). Shown, this waits.
        waitForFonts: true,
        timeout,
      });
      // Fonts and CSS images are asked for while printing, when the page is hidden from the screen.
      refuse();
      clean = true;
      return new Uint8Array(pdf);
    } finally {
      // A page that failed a document is not trusted with the next one.
      if (tab && clean && !closed) idle.push(tab);
      else await tab?.page.close().catch(() => undefined);
      await rm(file, { force: true });
    }
  }

  async function widerThanPage(job: PrintJob): Promise<WideLine[]> {
    if (closed) throw new PrintError(`${job.name}: the printer is closed`);
    const file = join(documents, `${++count}.html`);
    // A tab of its own, closed afterwards (its media and width are changed), and at the latest
    // when the document's time is up.
    const tab = await openTab();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PrintError(`${job.name}: laying it out again took more than ${timeout} ms`)), timeout);
    });
    const find = async () => {
      await writeFile(file, job.html);
      await tab.page.emulateMediaType('print');
      await tab.page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout });
      return wideLines(tab.page, job.paper);
    };
    try {
      return await Promise.race([find(), late]);
    } finally {
      clearTimeout(timer);
      await tab.page.close().catch(() => undefined);
      await rm(file, { force: true });
    }
  }

  return {
    print,
    widerThanPage,
    requests,
    version,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await browser.close();
      } finally {
        await cleanup();
      }
    },
  };
}
