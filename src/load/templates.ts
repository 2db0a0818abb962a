/**
 * The I/O edge of printing's inputs: reads the Handlebars templates and the print stylesheet from
 * `templates/`, and finds the bundled fonts (IBM Plex Sans and Mono, from @fontsource) on disk.
 * Returns plain data for the pure HTML renderer, and the folders the browser may read.
 */
import { access, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FontFile, TemplateSource, Templates } from '../render/html/templates.js';
import { safeUrl } from '../render/html/url.js';
import { displayPath } from './files.js';

/** The templates bundled with the tool (the folder next to `dist/` or `src/`). */
export const BUNDLED_TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));

const require = createRequire(import.meta.url);

/** The fonts the print stylesheet uses, by family and face. */
const FACES: { family: string; pkg: string; slug: string; weight: number; style: 'normal' | 'italic' }[] = [
  { family: 'IBM Plex Sans', pkg: '@fontsource/ibm-plex-sans', slug: 'ibm-plex-sans', weight: 400, style: 'normal' },
  { family: 'IBM Plex Sans', pkg: '@fontsource/ibm-plex-sans', slug: 'ibm-plex-sans', weight: 400, style: 'italic' },
  { family: 'IBM Plex Sans', pkg: '@fontsource/ibm-plex-sans', slug: 'ibm-plex-sans', weight: 600, style: 'normal' },
  { family: 'IBM Plex Sans', pkg: '@fontsource/ibm-plex-sans', slug: 'ibm-plex-sans', weight: 600, style: 'italic' },
  { family: 'IBM Plex Sans', pkg: '@fontsource/ibm-plex-sans', slug: 'ibm-plex-sans', weight: 700, style: 'normal' },
  { family: 'IBM Plex Mono', pkg: '@fontsource/ibm-plex-mono', slug: 'ibm-plex-mono', weight: 400, style: 'normal' },
  { family: 'IBM Plex Mono', pkg: '@fontsource/ibm-plex-mono', slug: 'ibm-plex-mono', weight: 400, style: 'italic' },
  { family: 'IBM Plex Mono', pkg: '@fontsource/ibm-plex-mono', slug: 'ibm-plex-mono', weight: 600, style: 'normal' },
];
/** Latin covers French (é, œ, « », ’) and PowerShell's symbols; latin-ext the rest of Europe. */
const SUBSETS = ['latin', 'latin-ext'] as const;

export class TemplateLoadError extends Error {}

/** The folder holding a font package's woff2 files. */
function fontFolder(pkg: string): string {
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new TemplateLoadError(`The font package ${pkg} is not installed: run \`npm install\` in the runbook folder.`);
  }
  return join(dirname(entry), 'files');
}

export interface LoadedTemplates {
  templates: Templates;
  /** Folders the browser may read while printing: the templates and the fonts. */
  roots: string[];
}

async function source(path: string, name: string, cwd: string): Promise<TemplateSource> {
  return { name, file: displayPath(cwd, path), text: await readFile(path, 'utf8') };
}

export async function loadTemplates(options: { cwd: string; dir?: string }): Promise<LoadedTemplates> {
  const dir = options.dir ?? BUNDLED_TEMPLATES;
  const partialDir = join(dir, 'partials');
  let partialNames: string[];
  try {
    partialNames = (await readdir(partialDir)).filter((n) => n.endsWith('.hbs')).sort();
  } catch {
    throw new TemplateLoadError(`No templates in ${displayPath(options.cwd, dir)}: expected layout.hbs, document.hbs, print.css and partials/*.hbs.`);
  }
  const stylesheetPath = join(dir, 'print.css');
  const [layout, document, stylesheet, partials] = await Promise.all([
    source(join(dir, 'layout.hbs'), 'layout', options.cwd),
    source(join(dir, 'document.hbs'), 'document', options.cwd),
    source(stylesheetPath, 'stylesheet', options.cwd),
    Promise.all(partialNames.map((n) => source(join(partialDir, n), basename(n, '.hbs'), options.cwd))),
  ]);

  const unicode = new Map<string, Record<string, string>>();
  const fonts: FontFile[] = [];
  const roots = new Set<string>([dir]);
  for (const face of FACES) {
    const folder = fontFolder(face.pkg);
    roots.add(folder);
    if (!unicode.has(face.pkg)) unicode.set(face.pkg, JSON.parse(await readFile(join(folder, '..', 'unicode.json'), 'utf8')) as Record<string, string>);
    for (const subset of SUBSETS) {
      const path = join(folder, `${face.slug}-${subset}-${face.weight}-${face.style}.woff2`);
      const range = unicode.get(face.pkg)![subset];
      if (!range) throw new TemplateLoadError(`${face.pkg} has no ${subset} subset`);
      // Fail here, not with a silently substituted font in the PDF.
      await access(path).catch(() => {
        throw new TemplateLoadError(`Missing font file ${path}: reinstall ${face.pkg}.`);
      });
      fonts.push({ family: face.family, weight: face.weight, style: face.style, unicodeRange: range, url: safeUrl(pathToFileURL(path).href) });
    }
  }
  return {
    templates: { layout, document, partials, stylesheet: { ...stylesheet, url: safeUrl(pathToFileURL(stylesheetPath).href) }, fonts },
    roots: [...roots],
  };
}
