/** The I/O edge of printing: finding a browser, and printing with it. */
export { describeRequest, isAllowedRequest } from './allow.js';
export { browserCandidates, BrowserNotFoundError, findBrowser, type FindBrowserOptions } from './browser.js';
export { BROWSER_ARGS, ESSENTIAL_ARGS, MEMORY_ARGS, launch, openPrinter, pageHtml, PrintError, type PrinterOptions } from './printer.js';
export { headlessMode, isHeadlessShell } from './headless-shell.js';
export { browserVersion } from './version.js';
