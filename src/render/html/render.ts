/**
 * View model + templates → one HTML document, with Handlebars. The templates may only loop and
 * test (`each`, `if`); no other helper exists and `{{{…}}}` is refused by the template check, so
 * every value reaches the page HTML-escaped. Pure.
 */
import Handlebars from 'handlebars';
import type { FontFile, TemplateSource, Templates } from './templates.js';
import type { PdfView } from './view.js';

const COMPILE_OPTIONS: CompileOptions = {
  knownHelpers: { helperMissing: false, blockHelperMissing: false, each: true, if: true, unless: false, with: false, log: false, lookup: false },
  knownHelpersOnly: true,
  preventIndent: true,
  strict: false,
};

const compiled = new WeakMap<Templates, HandlebarsTemplateDelegate>();

export class TemplateError extends Error {}

function compile(env: typeof Handlebars, source: TemplateSource): HandlebarsTemplateDelegate {
  try {
    env.parse(source.text);
    return env.compile(source.text, COMPILE_OPTIONS);
  } catch (error) {
    throw new TemplateError(`${source.file}: ${(error as Error).message}`);
  }
}

function layoutOf(templates: Templates): HandlebarsTemplateDelegate {
  let layout = compiled.get(templates);
  if (!layout) {
    const env = Handlebars.create();
    for (const partial of templates.partials) env.registerPartial(partial.name, compile(env, partial));
    layout = compile(env, templates.layout);
    compiled.set(templates, layout);
  }
  return layout;
}

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
  const layout = layoutOf(templates);
  return layout(
    { ...view, stylesheet: templates.stylesheet.url, fontStylesheet: fontStylesheet(templates.fonts) },
    { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false },
  );
}
