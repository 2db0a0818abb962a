/**
 * A `<style>` element added to a printed document's head, for the printing machinery's own rules
 * (a draft that draws nothing, a document hidden from the screen). Templates are not edited:
 * their HTML gets the rule only on its way to the browser. Pure.
 */

/**
 * The HTML with `<style>css</style>` just after the opening `<head>` tag, before anything a
 * template put there (a `</head>` further on may sit inside a comment or a style sheet);
 * unchanged when there is no `<head>` tag.
 */
export function withStyle(html: string, css: string): string {
  const head = /<head(?:\s[^>]*)?>/i.exec(html);
  if (!head) return html;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}<style>${css}</style>${html.slice(at)}`;
}
