/**
 * Which browser prints: its product and version, recorded in build-info.json and shown by
 * `doctor`. Asked without loading puppeteer wherever the browser answers `--version`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { isHeadlessShell } from './headless-shell.js';

const execFileAsync = promisify(execFile);

/**
 * The browser's product and version, e.g. `Chromium/156.0.8078.108`, or
 * `Chromium/156.0.8078.108 (headless shell)`: from `--version` without
 * starting it where the browser prints one (Linux, macOS), else by starting and stopping it
 * (Windows: `Chrome/…`, or `HeadlessChrome/…` for a headless shell). Used by `doctor` and
 * recorded in build-info.json.
 */
export async function browserVersion(executablePath: string, timeoutMs = 60_000): Promise<string> {
  // The headless shell answers like the browser of the same version; its PDFs name it otherwise.
  const shell = isHeadlessShell(executablePath) ? ' (headless shell)' : '';
  try {
    const { stdout } = await execFileAsync(executablePath, ['--version'], { timeout: 10_000 });
    const m = /(\d+\.\d+\.\d+\.\d+)/.exec(stdout);
    if (m) return `${stdout.trim().split(/\s+/)[0]}/${m[1]}${shell}`;
  } catch {
    // No --version here: start it.
  }
  const profile = await mkdtemp(join(tmpdir(), 'runbook-browser-'));
  try {
    const { launch } = await import('./printer.js');
    const browser = await launch(executablePath, profile, timeoutMs);
    try {
      return `${await browser.version()}${shell}`;
    } finally {
      await browser.close();
    }
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

