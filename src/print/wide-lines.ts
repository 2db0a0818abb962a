/**
 * What runs past the right margin of a document laid out for paper. Asked only about a document
 * the browser printed shrunk (src/render/pdf/page-scale.ts), to say where: the page is laid out
 * for print media at the width of the paper's text area, and the blocks where the overflow starts
 * are reported, with the ids before them.
 *
 * The scripts run in the page through the DevTools protocol (the page itself runs none). They are
 * strings, so that nothing a compiler adds to functions travels with them.
 */
import type { CDPSession, Page } from 'puppeteer';
import { PAPER_WIDTH, type Paper } from '../render/html/paper.js';
import type { WideLine } from '../render/pdf/printer.js';

/**
 * (paper width, style sheet texts) → the text area's width in CSS px: the paper less the left and
 * right margins of the unnamed `@page` rules that apply to print. The sheets are parsed into
 * constructed style sheets, because a page opened from a file may not read the rules of its own.
 * No margin set is no margin: as `page.pdf()` is called (src/print/printer.ts), without margins.
 * Lengths are measured as `@page` reads them: percentages of the paper, em of the initial font.
 */
const TEXT_AREA_WIDTH = `(paper, texts) => {
  let left = '0px';
  let right = '0px';
  const walk = (rules) => {
    for (const rule of rules) {
      if (rule instanceof CSSPageRule) {
        if (rule.selectorText !== '') continue;
        left = rule.style.getPropertyValue('margin-left') || left;
        right = rule.style.getPropertyValue('margin-right') || right;
      } else if (rule instanceof CSSMediaRule) {
        if (matchMedia(rule.media.mediaText).matches) walk(rule.cssRules);
      } else if (rule instanceof CSSSupportsRule) {
        if (CSS.supports(rule.conditionText)) walk(rule.cssRules);
      } else if (rule instanceof CSSGroupingRule) walk(rule.cssRules);
    }
  };
  for (const text of texts) {
    const sheet = new CSSStyleSheet();
    try { sheet.replaceSync(text); } catch { continue; }
    walk(sheet.cssRules);
  }
  // Elements no author selector names, styled from scratch.
  const page = document.createElement('runbook-paper');
  page.style.cssText = 'all: initial; display: block; position: absolute; visibility: hidden; height: 0; width: ' + paper;
  document.documentElement.append(page);
  const px = (length) => {
    const probe = document.createElement('runbook-probe');
    probe.style.cssText = 'all: initial; display: block; height: 0; width: ' + length;
    page.append(probe);
    const width = probe.getBoundingClientRect().width;
    probe.remove();
    return width;
  };
  const width = page.getBoundingClientRect().width - px(left) - px(right);
  page.remove();
  return width;
}`;

/**
 * (text area width, how many) → where content starts to reach past the text area: a block whose
 * own content overflows it (a line that cannot break: its paragraph), or whose box passes its
 * parent's (a block too wide: itself, a table as the table); the innermost such, unless something
 * around it clips it. With the ids before or around each, nearest first.
 */
const WIDE_BLOCKS = `(width, limit) => {
  const style = (el) => getComputedStyle(el);
  const isBlock = (el) => !(el instanceof HTMLElement) || !/^(inline|contents|none)/.test(style(el).display);
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== document.documentElement; up = up.parentElement) if (style(up).overflowX !== 'visible') return true;
    return false;
  };
  // How far its box, or its own content when nothing clips that, reaches past the text area.
  const past = (el) => {
    const box = el.getBoundingClientRect();
    const content = el instanceof HTMLElement && style(el).overflowX === 'visible' ? box.left + el.clientLeft + el.scrollWidth : box.right;
    return Math.max(box.right, content) - width;
  };
  const startsHere = (el) => {
    if (el instanceof HTMLElement && style(el).overflowX === 'visible' && el.scrollWidth > el.clientWidth + 0.5) return true;
    const parent = el.parentElement;
    if (!parent) return false;
    const outer = parent.getBoundingClientRect();
    return el.getBoundingClientRect().right > outer.left + parent.clientLeft + parent.clientWidth + 0.5;
  };
  const found = [];
  const visit = (el) => {
    let inner = false;
    if (el instanceof HTMLElement) for (const child of el.children) if (visit(child)) inner = true;
    if (inner || !isBlock(el) || past(el) <= 0.5 || !startsHere(el) || clipped(el)) return inner;
    const block = el.closest('table') ?? el;
    if (block !== document.body && block !== document.documentElement && !found.some((f) => f.block === block)) found.push({ block, px: past(block) });
    return true;
  };
  visit(document.body);
  const ids = [...document.querySelectorAll('[id]')];
  return found.slice(0, limit).map(({ block, px }) => {
    const text = ((block instanceof HTMLElement ? block.innerText : block.textContent) ?? '').replace(/\\s+/g, ' ').trim().slice(0, 2000);
    // Before it in the document, or around it: its step, the heading it comes under.
    const anchors = ids.filter((el) => el === block || el.compareDocumentPosition(block) & Node.DOCUMENT_POSITION_FOLLOWING).map((el) => el.id).reverse().slice(0, 20);
    return { text: text || block.tagName.toLowerCase(), mm: px * 25.4 / 96, anchors };
  });
}`;

/** The text of every style sheet of the page, as the browser has it; a sheet that cannot be read is left out. */
async function styleSheetTexts(session: CDPSession): Promise<string[]> {
  const ids: string[] = [];
  session.on('CSS.styleSheetAdded', (event: { header: { styleSheetId: string } }) => ids.push(event.header.styleSheetId));
  await session.send('DOM.enable');
  await session.send('CSS.enable');
  const texts = await Promise.allSettled(ids.map(async (styleSheetId) => (await session.send('CSS.getStyleSheetText', { styleSheetId })).text));
  return texts.flatMap((t) => (t.status === 'fulfilled' ? [t.value] : []));
}

/** Lays a page loaded in print media out at its text area's width, and lists what runs past it (three at most). */
export async function wideLines(page: Page, paper: Paper): Promise<WideLine[]> {
  const session = await page.createCDPSession();
  try {
    const texts = await styleSheetTexts(session);
    const width = (await page.evaluate(`(${TEXT_AREA_WIDTH})(${JSON.stringify(PAPER_WIDTH[paper])}, ${JSON.stringify(texts)})`)) as number;
    await page.setViewport({ width: Math.max(1, Math.round(width)), height: 1000 });
    // Measured in the fonts the paper uses, not in their stand-ins.
    await page.evaluate('document.fonts.ready.then(() => true)');
    return (await page.evaluate(`(${WIDE_BLOCKS})(${JSON.stringify(width)}, 3)`)) as WideLine[];
  } finally {
    await session.detach().catch(() => undefined);
  }
}
