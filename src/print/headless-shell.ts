/**
 * Chromium's headless shell (Debian's `chromium-headless-shell`, Chrome for Testing's
 * `chrome-headless-shell`, Chromium's own build's `headless_shell`): the browser without the
 * desktop browser's layers, run in the old headless mode, the only one it has. It prints the same
 * PDFs as the desktop browser of the same version (tested; only the producer's name and the
 * document ID made from it differ) with about a third of its browser-process work per document
 * (README, performance). Known by its program's name, or for a link (`--browser ~/bin/pdf-browser`)
 * by the name of the file it leads to.
 */
import { realpathSync } from 'node:fs';

const SHELL = /^(?:(?:chromium|chrome)[-_])?headless[-_]shell(?:\.exe)?$/i;

function named(path: string): boolean {
  return SHELL.test(path.split(/[\\/]/).pop() ?? '');
}

/** A link is known by the file it leads to, any other path by its own name. */
export function isHeadlessShell(executablePath: string): boolean {
  let real = executablePath;
  try {
    real = realpathSync(executablePath);
  } catch {
    // Not on this machine: its name is all there is.
  }
  return named(real);
}

/** puppeteer's `headless` option for a browser: the shell has only the old mode. */
export function headlessMode(executablePath: string): 'shell' | true {
  return isHeadlessShell(executablePath) ? 'shell' : true;
}
