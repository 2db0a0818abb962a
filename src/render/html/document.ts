/**
 * A Markdown document the tool already wrote (the change request, the training edition) → the view
 * model of its print: the body's HTML (./markdown.ts), the running header and footer, the
 * bookmarks (h1–h3) and the PDF's metadata. Same look as the printed runbook: the same stylesheet,
 * fonts and page frame. Pure: no files, no clock.
 */
import type { Diagnostic } from '../../diagnostics.js';
import { LANGS, type Lang } from '../../model/types.js';
import { TOOL } from '../../version.js';
import { TRAINING_LABELS } from '../training/labels.js';
import { PRINT_LABELS, type PrintLabels } from './labels.js';
import { markdownToHtml, type DocumentHeading } from './markdown.js';
import { cssString } from './url.js';
import { PAPERS, type OutlineNode, type Paper, type PdfMetadata } from './view.js';

export const DOCUMENT_KINDS = ['change-request', 'training'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface DocumentMeta {
  kind: DocumentKind;
  lang: Lang;
  /** The PDF's title, and the running header's. */
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  /** First in the running footer: what the document belongs to, e.g. the procedure id. */
  documentId: string;
  profileId?: string;
  changeId?: string;
  /** SHA-256 (hex) of the content the document comes from; the footer shows its first 12 digits. */
  contentHash: string;
  /** The content's version date (YYYY-MM-DD): the document's date unless SOURCE_DATE_EPOCH is set. */
  versionDate: string;
}

export interface DocumentOptions {
  paper: Paper;
  /** Relative image src in the Markdown (e.g. `decision-diagram.en.svg`) → SVG markup, printed inline. */
  images?: Readonly<Record<string, string>>;
  /** file: URL of the folder other relative images resolve against (ending in `/`). */
  baseUrl?: string;
  /** The Markdown's name in messages; `<kind>.<lang>.md` by default. */
  source?: string;
}

export interface DocumentView {
  kind: DocumentKind;
  lang: Lang;
  paper: Paper;
  title: string;
  /** Custom properties on the root element: the running header and footer (CSS strings). */
  running: string;
  /** The body's HTML (escaped by hast-util-to-html; inline SVG checked). */
  body: string;
  /** The PDF's bookmarks: the headings h1–h3, nested (and the approval block, under the title). */
  outline: OutlineNode[];
  /** A change request ends with the board's decision, written by hand on the paper. */
  approval: (PrintLabels['approval'] & { anchor: string; role: string; name: string; date: string; signature: string }) | undefined;
  meta: PdfMetadata;
}

/**
 * The parts that start a new page. The training edition's: the diagram gets the page it needs, and
 * the answers never share a page with the questions.
 */
const NEW_PAGE: Record<DocumentKind, (lang: Lang) => string[]> = {
  'change-request': () => [],
  training: (lang) => {
    const t = TRAINING_LABELS[lang];
    return [t.decisions, t.paths, t.steps, t.questions, t.answers];
  },
};

function nest(headings: readonly DocumentHeading[]): OutlineNode[] {
  const root: OutlineNode[] = [];
  const open: { depth: number; node: OutlineNode }[] = [];
  for (const h of headings) {
    while (open.length && open[open.length - 1]!.depth >= h.depth) open.pop();
    const node: OutlineNode = { title: h.title, anchor: h.anchor, children: [] };
    (open.length ? open[open.length - 1]!.node.children : root).push(node);
    open.push({ depth: h.depth, node });
  }
  return root;
}

function check(meta: DocumentMeta, options: DocumentOptions): void {
  if (!(DOCUMENT_KINDS as readonly string[]).includes(meta.kind)) throw new TypeError(`Expected a document kind (${DOCUMENT_KINDS.join(', ')}), not ${meta.kind}`);
  if (!(LANGS as readonly string[]).includes(meta.lang)) throw new TypeError(`Expected a language (${LANGS.join(', ')}), not ${meta.lang}`);
  if (!(PAPERS as readonly string[]).includes(options.paper)) throw new TypeError(`Expected a paper size (${PAPERS.join(', ')}), not ${options.paper}`);
  if (meta.title.trim() === '') throw new TypeError('Expected a title for the document');
  if (!/^[0-9a-f]{12,}$/i.test(meta.contentHash)) throw new TypeError(`Expected the content hash in hexadecimal, not ${meta.contentHash}`);
}

export function documentViewModel(markdown: string, meta: DocumentMeta, options: DocumentOptions): { view: DocumentView; diagnostics: Diagnostic[] } {
  check(meta, options);
  const print = PRINT_LABELS[meta.lang];
  const { html, headings, diagnostics } = markdownToHtml(markdown, {
    file: options.source ?? `${meta.kind}.${meta.lang}.md`,
    ...(options.images ? { images: options.images } : {}),
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    newPageBefore: NEW_PAGE[meta.kind](meta.lang),
  });
  const shortHash = meta.contentHash.slice(0, 12).toLowerCase();
  const approval =
    meta.kind === 'change-request' ? { ...print.approval, anchor: 'approval', role: print.role, name: print.name, date: print.date, signature: print.signature } : undefined;
  const outline = nest(headings);
  if (approval) {
    const entry = { title: approval.title, anchor: approval.anchor, children: [] };
    // Under the document's title when it has one, like its other parts.
    (outline.length === 1 ? outline[0]!.children : outline).push(entry);
  }
  const running = [
    ['--rb-head-left', meta.title],
    ['--rb-head-right', [meta.profileId, print.version(meta.versionDate)].filter(Boolean).join(' · ')],
    ['--rb-foot-left', [meta.documentId, meta.profileId, meta.changeId, shortHash].filter(Boolean).join(' · ')],
    ['--rb-page', print.page],
    ['--rb-of', print.of],
  ]
    .map(([name, value]) => `${name}: ${cssString(value!)}`)
    .join('; ');
  return {
    view: {
      kind: meta.kind,
      lang: meta.lang,
      paper: options.paper,
      title: meta.title,
      running,
      body: html,
      outline,
      approval,
      meta: {
        title: meta.title,
        author: meta.author,
        subject: meta.subject,
        keywords: meta.keywords,
        creator: `${TOOL.name} ${TOOL.version}`,
        language: meta.lang,
        versionDate: meta.versionDate,
      },
    },
    diagnostics,
  };
}
