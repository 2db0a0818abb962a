/**
 * A `<style>` element added to a printed document's head, for the printing machinery's own rules
 * (a draft that draws nothing, a document hidden from the screen). Templates are not edited:
 * their HTML gets the rule only on its way to the browser. Pure.
 */

/** The HTML with `<style>css</style>` just before the first `</head>`; unchanged when there is none. */
export function withStyle(html: string, css: string): string {
  const head = html.search(/<\/head\s*>/i);
  return head < 0 ? html : `${html.slice(0, head)}<style>${css}</style>${html.slice(head)}`;
}
