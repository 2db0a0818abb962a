/**
 * What the HTML renderer needs from `templates/` and the bundled fonts, as plain data: the loader
 * (src/load/templates.ts) reads the files, the renderer never touches the disk.
 */

export interface TemplateSource {
  /** Partial name (the file name without `.hbs`), `layout` or `stylesheet`. */
  name: string;
  /** As shown in diagnostics (relative to the working folder). */
  file: string;
  text: string;
}

export interface FontFile {
  family: string;
  weight: number;
  style: 'normal' | 'italic';
  /** The CSS unicode-range of this subset. */
  unicodeRange: string;
  /** file: URL of the woff2 file. */
  url: string;
}

export interface Templates {
  /** The printed runbook (`layout.hbs`). */
  layout: TemplateSource;
  /** A Markdown document the tool wrote, printed: change request, training edition (`document.hbs`). */
  document: TemplateSource;
  /** One partial per kind of block, sorted by name. */
  partials: TemplateSource[];
  /** The print stylesheet, linked from the layout by its file: URL. */
  stylesheet: TemplateSource & { url: string };
  fonts: FontFile[];
}

/** Every template text, in a fixed order: what a print depends on besides the fonts (hash them all). */
export function templateSources(templates: Templates): TemplateSource[] {
  return [templates.layout, templates.document, ...templates.partials, templates.stylesheet];
}
