/**
 * A Markdown document the tool wrote (a change request, the training edition) → the HTML of its
 * printed body. Parsed with remark (GFM), turned into hast by mdast-util-to-hast with a handler per
 * node kind that needs paper in mind, serialised by hast-util-to-html, which escapes every text
 * and attribute. Raw HTML is never passed through (no allowDangerousHtml): it prints as text.
 *
 * - Headings h1–h3 get an id and link to themselves: Chromium makes a named destination of every
 *   link target, which the PDF's bookmarks point at.
 * - Code blocks print like the runbook's: numbered lines that wrap, never cut.
 * - A hyphenated word stays whole, in text and inline code alike: `atl-mbx-` / `001.litwareinc.com`
 *   would read as two words (see segments() in ./prose.ts). A very long word may break anywhere:
 *   a table never grows wider than the page (Chromium would shrink the whole page to fit it).
 * - Tables: a table whose header row is empty is a list of facts (its first column becomes row
 *   headers); a wide one is marked `wide` for a smaller font.
 * - Images: one listed in `images` prints as inline SVG (its text in the page's fonts); a local
 *   one loads as a file: URL; a remote one, or one with nowhere to be found, is a diagnostic.
 *
 * Pure: no files, no clock.
 */
import type { Element, ElementContent, Properties, Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { Code, Heading as MdastHeading, Html, Image, ImageReference, InlineCode, Link, Nodes, Paragraph, Root, Table, Text as MdastText } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { defaultHandlers, toHast, type Handler, type Handlers, type State } from 'mdast-util-to-hast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import { codeView, segments } from './prose.js';
import { inlineSvg } from './svg.js';
import { isRemoteUrl, safeUrl } from './url.js';

export const DOCUMENT_REMOTE_RULE = 'document/remote-resource';
export const DOCUMENT_IMAGE_RULE = 'document/unresolved-image';

export interface MarkdownHtmlOptions {
  /** Names the Markdown in diagnostics, e.g. `atl-prod/change-request.fr.md`. */
  file: string;
  /** Relative image src (as written in the Markdown) → SVG markup printed inline in its place. */
  images?: Readonly<Record<string, string>>;
  /** file: URL of the folder the Markdown's other relative images resolve against (ending in `/`). */
  baseUrl?: string;
  /** Titles of the h2 headings that start a new page (the parts of a long document). */
  newPageBefore?: readonly string[];
}

/** A heading the PDF's bookmarks list. */
export interface DocumentHeading {
  depth: 1 | 2 | 3;
  /** Its text, as the bookmark shows it. */
  title: string;
  /** The id of the heading element. */
  anchor: string;
}

export interface MarkdownHtml {
  /** The body, ready to print: every text escaped, the inline SVG in place. */
  html: string;
  headings: DocumentHeading[];
  /** Images that would be fetched from the network, or that cannot be found: print nothing then. */
  diagnostics: Diagnostic[];
}

/** A table is printed small when it has this many columns, or this many characters in its widest row. */
const WIDE_COLUMNS = 5;
const WIDE_CHARACTERS = 150;

function element(tagName: string, properties: Properties, children: ElementContent[] = []): Element {
  return { type: 'element', tagName, properties, children };
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}

/** Longer words (a hash, a path, a URL) may break anywhere, so that no table grows wider than the page. */
const LONG_WORD = /(\S{31,})/;

/** Text with its hyphenated words in `keep` spans, and its very long words in `long` ones. */
function kept(value: string): ElementContent[] {
  return segments(value).flatMap((s): ElementContent[] =>
    s.keep
      ? [element('span', { className: ['keep'] }, [text(s.text)])]
      : s.text
          .split(LONG_WORD)
          .filter((part) => part !== '')
          .map((part) => (LONG_WORD.test(part) ? element('span', { className: ['long'] }, [text(part)]) : text(part))),
  );
}

function single(result: ReturnType<Handler>): Element {
  const node = Array.isArray(result) ? result.find((n) => n.type === 'element') : result;
  if (!node || node.type !== 'element') throw new Error('internal: expected an element from the default handler');
  return node;
}

/** Links inside a heading that links to itself would nest: they print as their text. */
function unlink(nodes: ElementContent[]): ElementContent[] {
  return nodes.map((n) => (n.type === 'element' ? { ...n, tagName: n.tagName === 'a' ? 'span' : n.tagName, properties: n.tagName === 'a' ? {} : n.properties, children: unlink(n.children) } : n));
}

export function markdownToHtml(markdown: string, options: MarkdownHtmlOptions): MarkdownHtml {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
  const diagnostics: Diagnostic[] = [];
  const headings: DocumentHeading[] = [];
  const inline: string[] = [];
  const images = options.images ?? {};

  const at = (node: Nodes) => ({ file: options.file, line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 });

  /** An image by its URL: inline SVG, a local file, or a diagnostic (and a placeholder). */
  const picture = (node: Image | ImageReference, url: string, alt: string): Element => {
    if (Object.hasOwn(images, url)) {
      inline.push(inlineSvg(images[url]!, `the image ${url}`));
      return element('span', { dataInlineSvg: String(inline.length - 1) });
    }
    const missing = element('span', { className: ['missing-image'] }, [text(`[${alt || url}]`)]);
    if (isRemoteUrl(url)) {
      diagnostics.push(
        diagnostic(DOCUMENT_REMOTE_RULE, at(node), `The image \`${url}\` would be fetched from the network: printed documents are built offline.`, {
          hint: 'save the image with the document and reference it by a relative path, or pass its SVG inline',
        }),
      );
      return missing;
    }
    if (/^data:/i.test(url)) return element('img', { src: url, alt });
    let resolved: URL | undefined;
    try {
      resolved = options.baseUrl === undefined ? (/^file:/i.test(url) ? new URL(url) : undefined) : new URL(url, options.baseUrl);
    } catch {
      resolved = undefined;
    }
    if (resolved?.protocol !== 'file:') {
      diagnostics.push(
        diagnostic(DOCUMENT_IMAGE_RULE, at(node), `The image \`${url}\` is neither given inline nor found in a local folder.`, {
          hint: 'pass its SVG in `images` under this exact name, or give `baseUrl` (the folder it is in)',
        }),
      );
      return missing;
    }
    return element('img', { src: safeUrl(resolved.href), alt });
  };

  const imageOf = (state: State, node: Image | ImageReference): Element => {
    if (node.type === 'image') return picture(node, node.url, node.alt ?? '');
    const definition = state.definitionById.get(String(node.identifier).toUpperCase());
    return definition ? picture(node, definition.url, node.alt ?? '') : element('span', { className: ['missing-image'] }, [text(`[${node.alt ?? node.identifier}]`)]);
  };

  const handlers: Handlers = {
    heading(state, node: MdastHeading) {
      const result = single(defaultHandlers.heading(state, node));
      if (node.depth > 3) return result;
      const anchor = `h-${headings.length + 1}`;
      const title = toString(node).replace(/\s+/g, ' ').trim();
      headings.push({ depth: node.depth as 1 | 2 | 3, title, anchor });
      const newPage = node.depth === 2 && (options.newPageBefore ?? []).includes(title);
      return {
        ...result,
        properties: { ...result.properties, id: anchor, ...(newPage ? { className: ['new-page'] } : {}) },
        children: [element('a', { className: ['self'], href: `#${anchor}` }, unlink(result.children))],
      };
    },

    paragraph(state, node: Paragraph) {
      // A paragraph holding only an image is a figure, captioned with the image's text.
      const content = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
      const only = content.length === 1 ? content[0]! : undefined;
      if (only?.type !== 'image' && only?.type !== 'imageReference') return defaultHandlers.paragraph(state, node);
      const picture = imageOf(state, only);
      const svg = picture.properties.dataInlineSvg !== undefined;
      const alt = only.alt ?? '';
      return element('figure', { className: [svg ? 'diagram' : 'figure'] }, [picture, ...(alt ? [element('figcaption', {}, [text(alt)])] : [])]);
    },

    image: (state, node: Image) => imageOf(state, node),
    imageReference: (state, node: ImageReference) => imageOf(state, node),

    code(_state, node: Code) {
      const view = codeView('doc', '', node.lang ?? 'text', node.value);
      return element(
        'div',
        { className: ['code', 'code-doc'] },
        [
          element(
            'div',
            { className: ['code-body'] },
            view.lines.map((line) =>
              element('div', { className: ['line'] }, [
                element('span', { className: ['ln'] }, [text(String(line.n))]),
                element('span', { className: ['lc'], style: `--indent: ${line.indent}` }, line.segments.map((s) => (s.keep ? element('span', { className: ['keep'] }, [text(s.text)]) : text(s.text)))),
              ]),
            ),
          ),
        ],
      );
    },

    // As the default handler: spaces around a line ending inside a paragraph go.
    text: (_state, node: MdastText) => kept(node.value.replace(/[ \t]*(\r?\n|\r)[ \t]*/g, '$1')),

    inlineCode(_state, node: InlineCode) {
      const value = node.value.replace(/\r?\n|\r/g, ' ');
      const parts = segments(value);
      return parts.length === 1 && parts[0]!.keep ? element('code', { className: ['keep'] }, [text(value)]) : element('code', {}, kept(value));
    },

    // Raw HTML prints as what it is: text.
    html(_state, node: Html, parent) {
      const code = element('code', { className: ['raw-html'] }, [text(node.value)]);
      return parent && (parent.type === 'root' || parent.type === 'blockquote' || parent.type === 'listItem') ? element('p', {}, [code]) : code;
    },

    link(state, node: Link) {
      const result = single(defaultHandlers.link(state, node));
      const href = node.url;
      if (href.startsWith('#')) return result;
      if (!/^(https?|mailto):/i.test(href)) return element('span', {}, result.children);
      // Paper has no hyperlinks: the address follows its text, unless the text is the address.
      return toString(node) === href ? result : [result, element('span', { className: ['url'] }, [text(` (${href})`)])];
    },

    table(state, node: Table) {
      const result = single(defaultHandlers.table(state, node));
      const [head, ...rows] = node.children;
      const columns = Math.max(0, ...node.children.map((r) => r.children.length));
      const widest = Math.max(0, ...node.children.map((r) => r.children.reduce((n, c) => n + toString(c).length, 0)));
      const classes = ['grid', 'doc-table', `cols-${columns}`];
      if (columns >= WIDE_COLUMNS || widest >= WIDE_CHARACTERS) classes.push('wide');
      const emptyHead = head !== undefined && rows.length > 0 && head.children.every((c) => toString(c).trim() === '');
      if (!emptyHead) return { ...result, properties: { ...result.properties, className: classes } };
      // No header: the first cell of each row names the row.
      const body = result.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'tbody');
      for (const tbody of body) {
        for (const row of tbody.children) {
          if (row.type !== 'element') continue;
          const first = row.children.find((c): c is Element => c.type === 'element');
          if (first) Object.assign(first, { tagName: 'th', properties: { ...first.properties, scope: 'row' } });
        }
      }
      return { ...result, properties: { ...result.properties, className: [...classes, 'kv'] }, children: body };
    },
  };

  const hast = toHast(tree, { handlers }) as HastRoot;
  let html = toHtml(hast);
  // The inline SVG replaces its marker; a marker can only come from an element made above, as
  // every text and attribute value from the Markdown is escaped (no `<`, no `"` left in them).
  html = html.replace(/<span data-inline-svg="(\d+)"><\/span>/g, (_, i: string) => inline[Number(i)]!);
  return { html, headings, diagnostics };
}
