/**
 * What runs past the right margin of a document laid out for paper. Asked only about a document
 * the browser printed shrunk (src/render/pdf/page-scale.ts), to say where: the page is laid out
 * for print media at the width of the paper's text area, and the innermost blocks whose content
 * reaches past it are reported, with the id around them.
 *
 * The scripts run in the page through the DevTools protocol (the page itself runs none). They are
 * strings, so that nothing a compiler adds to functions travels with them.
 */
import type { CDPSession, Page } from 'puppeteer';
import type { Paper } from '../render/html/paper.js';
import type { WideLine } from '../render/pdf/printer.js';

const PAPER_WIDTH: Record<Paper, string> = { a4: '210mm', letter: '8.5in' };

/**
 * (paper width, style sheet texts) → the text area's width in CSS px: the paper less the margins
 * of the unnamed `@page` rules. The sheets are parsed into constructed style sheets, because a
 * page opened from a file may not read the rules of its own sheets.
 */
const TEXT_AREA_WIDTH = `(paper, texts) => {
  let left = '0px';
  let right = '0px';
  const walk = (rules) => {
    for (const rule of rules) {
      if (rule instanceof CSSPageRule && rule.selectorText === '') {
        left = rule.style.getPropertyValue('margin-left') || left;
        right = rule.style.getPropertyValue('margin-right') || right;
      } else if (rule instanceof CSSMediaRule && /print|all/.test(rule.conditionText)) walk(rule.cssRules);
    }
  };
  for (const text of texts) {
    const sheet = new CSSStyleSheet();
    try { sheet.replaceSync(text); } catch { continue; }
    walk(sheet.cssRules);
  }
  const px = (length) => {
    const probe = document.createElement('div');
    probe.style.cssText = 'position: absolute; visibility: hidden; height: 0; width: ' + length;
    document.documentElement.append(probe);
    const width = probe.getBoundingClientRect().width;
    probe.remove();
    return width;
  };
  return px(paper) - px(left) - px(right);
}`;

/**
 * (how many) → the innermost blocks whose content reaches past the viewport's width (the text
 * area): a line that cannot break is reported as its paragraph, a wide table as the table.
 */
const WIDE_BLOCKS = `(limit) => {
  const width = document.documentElement.clientWidth;
  // An HTML box's content may reach past it (scrollWidth); an SVG drawing is one box.
  const past = (el) => {
    const box = el.getBoundingClientRect();
    return Math.max(box.right, box.left + (el instanceof HTMLElement ? el.scrollWidth : 0)) - width;
  };
  const isBlock = (el) => !(el instanceof HTMLElement) || !/^(inline|contents|none)/.test(getComputedStyle(el).display);
  const found = [];
  const visit = (el) => {
    let inner = false;
    if (el instanceof HTMLElement) for (const child of el.children) if (visit(child)) inner = true;
    if (inner || !isBlock(el) || past(el) <= 0.5) return inner;
    const block = el.closest('table') ?? el;
    if (block !== document.body && block !== document.documentElement && !found.some((f) => f.block === block)) found.push({ block, px: past(block) });
    return true;
  };
  visit(document.body);
  // The ids before it in the document, nearest first: the step or the heading it comes under.
  const ids = [...document.querySelectorAll('[id]')];
  return found.slice(0, limit).map(({ block, px }) => {
    const text = ((block instanceof HTMLElement ? block.innerText : block.textContent) ?? '').replace(/\\s+/g, ' ').trim();
    const anchors = ids.filter((el) => el === block || el.compareDocumentPosition(block) & (Node.DOCUMENT_POSITION_FOLLOWING | Node.DOCUMENT_POSITION_CONTAINED_BY)).map((el) => el.id).reverse().slice(0, 20);
    return { text: text.length > 90 ? text.slice(0, 89) + '…' : text || block.tagName.toLowerCase(), mm: px * 25.4 / 96, anchors };
  });
}`;

/** The text of every style sheet of the page, as the browser has it. */
async function styleSheetTexts(session: CDPSession): Promise<string[]> {
  const ids: string[] = [];
  session.on('CSS.styleSheetAdded', (event: { header: { styleSheetId: string } }) => ids.push(event.header.styleSheetId));
  await session.send('DOM.enable');
  await session.send('CSS.enable');
  return Promise.all(ids.map(async (styleSheetId) => (await session.send('CSS.getStyleSheetText', { styleSheetId })).text));
}

/** Lays a page loaded in print media out at its text area's width, and lists what runs past it (three at most). */
export async function wideLines(page: Page, paper: Paper): Promise<WideLine[]> {
  const session = await page.createCDPSession();
  try {
    const texts = await styleSheetTexts(session);
    const width = (await page.evaluate(`(${TEXT_AREA_WIDTH})(${JSON.stringify(PAPER_WIDTH[paper])}, ${JSON.stringify(texts)})`)) as number;
    await page.setViewport({ width: Math.max(1, Math.floor(width)), height: 1000 });
    // Measured in the fonts the paper uses, not in their stand-ins.
    await page.evaluate('document.fonts.ready.then(() => true)');
    return (await page.evaluate(`(${WIDE_BLOCKS})(3)`)) as WideLine[];
  } finally {
    await session.detach().catch(() => undefined);
  }
}
