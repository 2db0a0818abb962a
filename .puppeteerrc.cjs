/**
 * runbook drives a Chromium-family browser that is already installed (Debian: `apt-get install
 * chromium`); it never downloads one, not at install and not at run time.
 * @type {import("puppeteer").Configuration}
 */
module.exports = {
  skipDownload: true,
  chrome: { skipDownload: true },
  'chrome-headless-shell': { skipDownload: true },
  firefox: { skipDownload: true },
};
