/**
 * Chromium's headless shell (Debian's `chromium-headless-shell`, Chrome for Testing's
 * `chrome-headless-shell`): the browser without the desktop browser's layers, run in the old
 * headless mode, the only one it has. It prints the same PDFs as the desktop browser of the same
 * version (tested; only the producer's name differs) with about a third of its browser-process
 * work per document (README, performance). Known by its program's name.
 */
export function isHeadlessShell(executablePath: string): boolean {
  return /^(chromium|chrome)[-_]headless[-_]shell(\.exe)?$/i.test(executablePath.split(/[\\/]/).pop() ?? '');
}
