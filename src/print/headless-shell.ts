/**
 * Chromium's headless shell (Debian's `chromium-headless-shell`, Chrome for Testing's
 * `chrome-headless-shell`, Chromium's own build's `headless_shell`): the browser without the
 * desktop browser's layers, run in the old headless mode, the only one it has. It prints the same
 * PDFs as the desktop browser of the same version (tested; only the producer's name and the
 * document ID made from it differ) with about a third of its browser-process work per document
 * (README, performance). Known by its program's name, or by the name of the file a link to it
 * (`--browser ~/bin/pdf-browser`) leads to.
 */
import { realpathSync } from 'node:fs';

const SHELL = /^(?:(?:chromium|chrome)[-_])?headless[-_]shell(?:\.exe)?$/i;

function named(path: string): boolean {
  return SHELL.test(path.split(/[\\/]/).pop() ?? '');
}

export function isHeadlessShell(executablePath: string): boolean {
  if (named(executablePath)) return true;
  try {
    return named(realpathSync(executablePath));
  } catch {
    return false;
  }
}
