/**
 * View model + templates → one HTML document, with Handlebars. The templates may only loop and
 * test (`each`, `if`); no other helper exists and `{{{…}}}` is refused by the template check, so
 * every value reaches the page HTML-escaped. Two values are markup, and only these two, marked
 * here and nowhere else: a document's body, serialised by hast-util-to-html (every text escaped,
 * no raw HTML), and inline SVG checked by inlineSvg (./svg.ts). Pure.
 */
import Handlebars from 'handlebars';
import type { DocumentView } from './document.js';
import type { FontFile, TemplateSource, Templates } from './templates.js';
import type { PdfView } from './view.js';

const COMPILE_OPTIONS: CompileOptions = {
  knownHelpers: { helperMissing: false, blockHelperMissing: false, each: true, if: true, unless: false, with: false, log: false, lookup: false },
  knownHelpersOnly: true,
  preventIndent: true,
  strict: false,
};

const compiled = new WeakMap<Templates, { layout: HandlebarsTemplateDelegate; document: HandlebarsTemplateDelegate }>();

export class TemplateError extends Error {}

function compile(env: typeof Handlebars, source: TemplateSource): HandlebarsTemplateDelegate {
  try {
    env.parse(source.text);
    return env.compile(source.text, COMPILE_OPTIONS);
  } catch (error) {
    throw new TemplateError(`${source.file}: ${(error as Error).message}`);
  }
}

/** Compiles (once per Templates) and returns the layouts; throws TemplateError naming the file. */
export function layoutsOf(templates: Templates): { layout: HandlebarsTemplateDelegate; document: HandlebarsTemplateDelegate } {
  let layouts = compiled.get(templates);
  if (!layouts) {
    const env = Handlebars.create();
    for (const partial of templates.partials) env.registerPartial(partial.name, compile(env, partial));
    layouts = { layout: compile(env, templates.layout), document: compile(env, templates.document) };
    compiled.set(templates, layouts);
  }
  return layouts;
}

const RUNTIME_OPTIONS: RuntimeOptions = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };

/** The @font-face rules of the bundled fonts, as a data: URL the layout links to. */
export function fontStylesheet(fonts: readonly FontFile[]): string {
  const css = fonts
    .map(
      (f) =>
        `@font-face { font-family: "${f.family}"; font-style: ${f.style}; font-weight: ${f.weight}; font-display: block; ` +
        `src: url("${f.url}") format("woff2"); unicode-range: ${f.unicodeRange}; }`,
    )
    .join('\n');
  return `data:text/css;charset=utf-8,${encodeURIComponent(css)}`;
}

export function renderRunbookHtml(view: PdfView, templates: Templates): string {
  const { diagram } = view;
  return layoutsOf(templates).layout(
    {
      ...view,
      diagram: diagram && { ...diagram, svg: new Handlebars.SafeString(diagram.svg) },
      stylesheet: templates.stylesheet.url,
      fontStylesheet: fontStylesheet(templates.fonts),
    },
    RUNTIME_OPTIONS,
  );
}

/** A change request or the training edition, printed: `document.hbs` around the body. */
export function renderDocumentHtml(view: DocumentView, templates: Templates): string {
  return layoutsOf(templates).document(
    { ...view, body: new Handlebars.SafeString(view.body), stylesheet: templates.stylesheet.url, fontStylesheet: fontStylesheet(templates.fonts) },
    RUNTIME_OPTIONS,
  );
}
