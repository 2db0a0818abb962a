/**
 * Finding an installed Chromium-family browser: runbook never downloads one. The order: the
 * `--browser` flag, then PUPPETEER_EXECUTABLE_PATH, then the usual places for Chromium's headless
 * shell, Chromium, Chrome and Edge on this platform, then the same program names on the PATH. The file system comes in as
 * `exists`, so the search is testable for every platform on any machine.
 */
import { posix, win32 } from 'node:path';

export interface FindBrowserOptions {
  /** The `--browser <path>` flag. */
  flag?: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  exists: (path: string) => boolean;
}

export class BrowserNotFoundError extends Error {
  constructor(
    message: string,
    readonly tried: string[],
  ) {
    super(message);
  }
}

const LINUX = [
  // Debian's headless shell first: it prints the same PDFs, faster (src/print/headless-shell.ts).
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
  '/usr/bin/microsoft-edge-stable',
  '/usr/bin/microsoft-edge',
  '/opt/microsoft/msedge/msedge',
];
const LINUX_NAMES = ['chromium-headless-shell', 'chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'microsoft-edge-stable', 'microsoft-edge'];

const MAC_APPS = ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Chromium.app/Contents/MacOS/Chromium', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge'];

/** An environment variable, whatever its case (Windows names are case-insensitive). */
function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  if (env[name]) return env[name];
  const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? env[key] : undefined;
}

/** The usual places, in order of preference, for a platform. */
export function browserCandidates(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  if (platform === 'win32') {
    const programFiles = envValue(env, 'ProgramFiles') ?? 'C:\\Program Files';
    const programFilesX86 = envValue(env, 'ProgramFiles(x86)') ?? 'C:\\Program Files (x86)';
    const local = envValue(env, 'LOCALAPPDATA');
    const out = [
      win32.join(programFiles, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      win32.join(programFilesX86, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      ...(local ? [win32.join(local, 'Google', 'Chrome', 'Application', 'chrome.exe'), win32.join(local, 'Chromium', 'Application', 'chrome.exe')] : []),
      win32.join(programFiles, 'Chromium', 'Application', 'chrome.exe'),
      win32.join(programFilesX86, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
      win32.join(programFiles, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    ];
    const path = envValue(env, 'PATH');
    if (path) for (const dir of path.split(';').filter(Boolean)) for (const name of ['chrome.exe', 'msedge.exe', 'chromium.exe']) out.push(win32.join(dir, name));
    return [...new Set(out)];
  }
  if (platform === 'darwin') {
    const home = envValue(env, 'HOME');
    return [...MAC_APPS.map((app) => posix.join('/Applications', app)), ...(home ? MAC_APPS.map((app) => posix.join(home, 'Applications', app)) : [])];
  }
  const out = [...LINUX];
  const path = envValue(env, 'PATH');
  if (path) for (const dir of path.split(':').filter(Boolean)) for (const name of LINUX_NAMES) out.push(posix.join(dir, name));
  return [...new Set(out)];
}

function installHint(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'win32':
      return 'Install Microsoft Edge (built into Windows 10 and 11) or Google Chrome';
    case 'darwin':
      return 'Install Google Chrome, or Chromium (`brew install --cask chromium`)';
    default:
      return 'Install Chromium: `apt-get install chromium-headless-shell` (or `chromium`) on Debian, `snap install chromium` on Ubuntu, `dnf install chromium` on Fedora';
  }
}

/** The browser to print with; throws BrowserNotFoundError naming every place tried. */
export function findBrowser(options: FindBrowserOptions): string {
  const { flag, env, platform, exists } = options;
  // Named explicitly: that one, or an error; never a silent fallback to another browser.
  if (flag !== undefined && flag !== '') {
    if (exists(flag)) return flag;
    throw new BrowserNotFoundError(`No browser at ${flag} (given with --browser).\n${installHint(platform)}, then pass its path with --browser.`, [flag]);
  }
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (exists(fromEnv)) return fromEnv;
    throw new BrowserNotFoundError(`No browser at ${fromEnv} (given by PUPPETEER_EXECUTABLE_PATH).\n${installHint(platform)}, or unset PUPPETEER_EXECUTABLE_PATH to search the usual places.`, [fromEnv]);
  }
  const tried = browserCandidates(env, platform);
  const found = tried.find((p) => exists(p));
  if (found) return found;
  throw new BrowserNotFoundError(
    [
      'No Chromium, Chrome or Edge browser found to print PDF runbooks. Looked at:',
      '  --browser <path>: not given',
      '  PUPPETEER_EXECUTABLE_PATH: not set',
      ...tried.map((p) => `  ${p}`),
      `${installHint(platform)}; or pass its path with --browser <path> or PUPPETEER_EXECUTABLE_PATH.`,
      'runbook never downloads a browser.',
    ].join('\n'),
    tried,
  );
}
