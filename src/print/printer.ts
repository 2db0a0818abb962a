/**
 * The I/O edge of printing: one headless browser (puppeteer driving an installed Chromium, Chrome or
 * Edge) for many documents, a page per document closed in `finally`. Each document is written to
 * a private temporary folder and opened from there, so that its stylesheet, fonts and images load
 * as files. Every request that is not `data:` or a `file:` inside the allowed folders is aborted
 * and logged, and fails the document; the page also runs without JavaScript and with the network
 * emulated offline.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import type { Printer, PrintJob, RequestRecord } from '../render/pdf/printer.js';
import { describeRequest, isAllowedRequest } from './allow.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** We run as root in containers (no sandbox then), without a GPU, and nothing phones home. */
export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Glyph positions from the font itself, not from this machine's hinting settings.
  '--font-render-hinting=none',
];

export interface PrinterOptions {
  executablePath: string;
  /** Folders the documents may read: templates, fonts, content (for images). */
  allowedRoots: readonly string[];
  /** Per document and per browser start; 60 s by default. */
  timeoutMs?: number;
}

export class PrintError extends Error {}

async function launch(executablePath: string, userDataDir: string, timeout: number): Promise<Browser> {
  try {
    return await puppeteer.launch({ executablePath, headless: true, pipe: true, userDataDir, args: BROWSER_ARGS, timeout });
  } catch (error) {
    throw new PrintError(`Could not start the browser ${executablePath}: ${(error as Error).message}`);
  }
}

/**
 * The browser's product and version, e.g. `Chromium/156.0.8078.108`: from `--version` without
 * starting it where the browser prints one (Linux, macOS), else by starting and stopping it
 * (Windows: `HeadlessChrome/…`). Used by `doctor` and recorded in build-info.json.
 */
export async function browserVersion(executablePath: string, timeoutMs = 60_000): Promise<string> {
  try {
    const { stdout } = await execFileAsync(executablePath, ['--version'], { timeout: 10_000 });
    const m = /(\d+\.\d+\.\d+\.\d+)/.exec(stdout);
    if (m) return `${stdout.trim().split(/\s+/)[0]}/${m[1]}`;
  } catch {
    // No --version here: start it.
  }
  const profile = await mkdtemp(join(tmpdir(), 'runbook-browser-'));
  try {
    const browser = await launch(executablePath, profile, timeoutMs);
    try {
      return await browser.version();
    } finally {
      await browser.close();
    }
  } finally {
    await rm(profile, { recursive: true, force: true });
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
    browser = await launch(options.executablePath, profile, timeout);
    version = await browser.version().catch(async (error: unknown) => {
      await browser.close();
      throw error;
    });
  } catch (error) {
    await cleanup();
    throw error;
  }
  const roots = [...options.allowedRoots, documents];
  const requests: RequestRecord[] = [];
  let count = 0;
  let closed = false;

  async function print(job: PrintJob): Promise<Uint8Array> {
    if (closed) throw new PrintError(`${job.name}: the printer is closed`);
    const file = join(documents, `${++count}.html`);
    const blocked: string[] = [];
    const failed: string[] = [];
    let page: Page | undefined;
    try {
      await writeFile(file, job.html);
      page = await browser.newPage();
      await page.setJavaScriptEnabled(false);
      await page.setOfflineMode(true);
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        const url = request.url();
        const allowed = isAllowedRequest(url, roots);
        requests.push({ url: describeRequest(url), allowed });
        if (allowed) request.continue().catch(() => undefined);
        else {
          blocked.push(describeRequest(url));
          request.abort('blockedbyclient').catch(() => undefined);
        }
      });
      page.on('requestfailed', (request) => {
        const url = describeRequest(request.url());
        if (!blocked.includes(url)) failed.push(`${url} (${request.failure()?.errorText ?? 'failed'})`);
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout });
      if (blocked.length) throw new PrintError(`${job.name}: the page asked for ${blocked.join(', ')}; printed runbooks are built offline, so the request was refused`);
      if (failed.length) throw new PrintError(`${job.name}: could not load ${failed.join(', ')}`);
      const pdf = await page.pdf({
        format: job.paper === 'letter' ? 'Letter' : 'A4',
        printBackground: true,
        displayHeaderFooter: false,
        // Bookmarks are written from the view model afterwards (src/render/pdf/finalize.ts).
        outline: false,
        // Tagged (accessible) PDF, except for a draft only read for its page numbers.
        tagged: !job.draft,
        waitForFonts: true,
        timeout,
      });
      return new Uint8Array(pdf);
    } finally {
      await page?.close().catch(() => undefined);
      await rm(file, { force: true });
    }
  }

  return {
    print,
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
