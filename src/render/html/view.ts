/**
 * The resolved runbook of one profile in one language → the view model the print templates show:
 * every string precomputed and every choice made here, so that the templates only loop (`each`)
 * and test flags (`if`). The same ResolvedRunbook the Markdown comes from; the same facts.
 * Pure: no files, no clock.
 */
import type { Lang, Phase } from '../../model/types.js';
import type { ResolvedCode, ResolvedRunbook, ResolvedSection, ResolvedStep } from '../../resolve/resolve.js';
import { TOOL } from '../../version.js';
import { LABELS, where } from '../labels.js';
import { PRINT_LABELS } from './labels.js';
import { codeView, proseBlocks, type Block, type CodeView, type ProseContext } from './prose.js';
import { inlineSvg } from './svg.js';
import { cssString } from './url.js';

import { PAPERS, type Paper } from './paper.js';
export { PAPERS, type Paper };

export interface PdfExtras {
  /** The scripts of this profile built in the same run, with the SHA-256 of their bytes. */
  scripts?: { name: string; sha256: string }[];
  /** The certificate that signed them. */
  signer?: { subject: string; thumbprint: string };
  paper: Paper;
  /** file: URL of the working folder (ending in `/`): relative image paths in the content resolve against it. */
  baseUrl?: string;
  /**
   * The decision diagram with this profile's path highlighted, as SVG markup (from
   * `decisionDiagram(procedure, { lang, highlight: profile.branches, caption: profile.title })`):
   * printed inline on the page after the cover, its text in the bundled fonts.
   */
  decisionDiagramSvg?: string;
}

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  creator: string;
  language: Lang;
  /** The content's version date (YYYY-MM-DD): the documents' date unless SOURCE_DATE_EPOCH is set. */
  versionDate: string;
}

export interface Fact {
  label: string;
  /** Runs of the value: `code` in monospace, `hash` in small monospace, `br` starts a new line. */
  parts: { text: string; code?: true; hash?: true; br?: true }[];
}

export interface TocEntry {
  anchor: string;
  level: 1 | 2 | 3;
  number: string;
  title: string;
  /** Empty on the first print; the page found there on the next. */
  page: string;
}

/** A bookmark of the PDF: its title and the id of the element it points at. */
export interface OutlineNode {
  title: string;
  anchor: string;
  children: OutlineNode[];
}

/** The anchors of a step, of its undo entry in the rollback, and of a section: ids in the printed HTML. */
export const stepAnchor = (number: number): string => `step-${number}`;
export const undoAnchor = (number: number): string => `undo-${number}`;
export const sectionAnchor = (id: string): string => `section-${id}`;

/** The title of the bookmark with this anchor, at any depth: how a reader finds a place in the document. */
export function outlineTitle(outline: readonly OutlineNode[], anchor: string): string | undefined {
  for (const node of outline) {
    if (node.anchor === anchor) return node.title;
    const inner = outlineTitle(node.children, anchor);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

export interface StepView {
  anchor: string;
  /** `7.` for a step, empty for an undo entry (its title names the step). */
  number: string;
  title: string;
  id: string;
  where: string;
  facts: Fact[];
  holdPoint: string | undefined;
  pointOfNoReturn: string | undefined;
  changesState: boolean;
  blocks: Block[];
  code: CodeView[];
}

export interface GroupView {
  anchor: string;
  title: string;
  steps: StepView[];
}

export type Part =
  | { isSection: true; anchor: string; title: string; blocks: Block[]; code: CodeView[] }
  | { isPhase: true; anchor: string; phase: Phase; title: string; intro: string; groups: GroupView[] }
  | { isRollback: true; anchor: string; title: string; intro: string; steps: StepView[] };

/** Every word the templates print around the content, colons included. */
export interface Words {
  contents: string;
  branches: string;
  dimension: string;
  choice: string;
  chosenBy: string;
  scripts: string;
  script: string;
  sha256: string;
  signer: string;
  subject: string;
  thumbprint: string;
  signOff: string;
  signOffIntro: string;
  role: string;
  name: string;
  date: string;
  signature: string;
  runsOn: string;
  doneBy: string;
  time: string;
  holdPointTag: string;
  goAheadBy: string;
  pointOfNoReturnTag: string;
  conventions: string;
  conventionItems: string[];
}

export interface PdfView {
  lang: Lang;
  paper: Paper;
  /** The document's title: procedure — profile. */
  title: string;
  words: Words;
  /** Custom properties on the root element: the running header and footer (CSS strings). */
  running: string;
  cover: {
    title: string;
    subtitle: string;
    facts: Fact[];
    branches: { dimension: string; choice: string; origin: string }[];
    scripts: { name: string; sha256: string }[];
    hasScripts: boolean;
    signer: { subject: string; thumbprint: string } | undefined;
    signOff: string[];
  };
  /** The decision diagram, on the page after the cover: its heading and its SVG markup (checked by inlineSvg). */
  diagram: { anchor: string; title: string; svg: string } | undefined;
  toc: TocEntry[];
  /** The PDF's bookmarks: the title page, the contents, every section, phase, server and step. */
  outline: OutlineNode[];
  /** Before the first part: the procedure's summary, its source, how to read the marks. */
  about: { blocks: Block[]; source: string };
  parts: Part[];
  meta: PdfMetadata;
}


/** `Label :` in French (with a no-break space), `Label:` in English. */
export function colon(lang: Lang, label: string): string {
  return lang === 'fr' ? `${label}\u00a0:` : `${label}:`;
}

/** "Hold point: stop and…" → "Stop and…": the mark already prints its name. */
function afterTag(text: string): string {
  const m = /^[^:]*?\s?:\s*(.+)$/s.exec(text);
  if (!m) return text;
  const rest = m[1]!;
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

const CODE_ORDER: ResolvedCode['role'][] = ['check', 'show', 'apply', 'expected', 'verify'];

export function pdfViewModel(runbook: ResolvedRunbook, lang: Lang, extras: PdfExtras): PdfView {
  const labels = LABELS[lang];
  const print = PRINT_LABELS[lang];
  const { procedure, profile } = runbook;
  const title = `${procedure.text[lang].title} — ${profile.title}`;
  const shortHash = procedure.contentHash.slice(0, 12);
  const context = (file: string, values: ProseContext['values']): ProseContext => ({ values, labels, print, file, baseUrl: extras.baseUrl });

  const code = (c: ResolvedCode, label: string) => codeView(c.role, label, c.lang, c.value);
  const step = (s: ResolvedStep, anchor: string, rollback: boolean): StepView => {
    const text = s.text[lang];
    const prose = rollback
      ? text.body.filter((i) => i.type === 'callout' && i.kind === 'rollback')
      : text.body.filter((i) => !(i.type === 'callout' && i.kind === 'rollback'));
    const blocks = rollback ? s.code.filter((c) => c.role === 'rollback') : CODE_ORDER.flatMap((role) => s.code.filter((c) => c.role === role));
    return {
      anchor,
      number: rollback ? '' : `${s.number}.`,
      title: rollback ? labels.undo(s.number, text.title) : text.title,
      id: s.step.id,
      where: where(labels, s),
      facts: [
        { label: colon(lang, labels.stepId), parts: [{ text: s.step.id, code: true }] },
        ...(rollback
          ? []
          : [
              { label: colon(lang, labels.shell), parts: [{ text: labels.shells[s.step.shell] }] },
              { label: colon(lang, labels.estimated), parts: [{ text: labels.minutes(s.step.minutes) }] },
              { label: colon(lang, labels.risk), parts: [{ text: labels.risks[s.step.risk] }] },
            ]),
      ],
      holdPoint: !rollback && s.step.holdPoint ? afterTag(labels.holdPoint) : undefined,
      pointOfNoReturn: !rollback && s.step.pointOfNoReturn ? afterTag(labels.pointOfNoReturn) : undefined,
      changesState: s.step.changesState,
      blocks: proseBlocks(prose, context(s.step.text[lang].position.file, s.values)),
      code: blocks.map((c) => code(c, print.code[c.role])),
    };
  };
  const section = (s: ResolvedSection): Part => ({
    isSection: true,
    anchor: sectionAnchor(s.section.id),
    title: s.text[lang].title,
    blocks: proseBlocks(s.text[lang].body, context(s.section.text[lang].position.file, s.values)),
    code: s.code.map((c) => code(c, print.code[c.role])),
  });

  const parts: Part[] = [];
  parts.push(...runbook.before.map(section));
  for (const { phase, groups } of runbook.phases) {
    parts.push({
      isPhase: true,
      anchor: `phase-${phase}`,
      phase,
      title: labels.phases[phase],
      intro: labels.phaseIntro[phase],
      groups: groups.map((g, i) => ({
        anchor: `phase-${phase}-${i + 1}`,
        title: where(labels, g),
        steps: g.steps.map((s) => step(s, stepAnchor(s.number), false)),
      })),
    });
  }
  parts.push({
    isRollback: true,
    anchor: 'rollback',
    title: labels.rollback,
    intro: runbook.rollback.length ? labels.rollbackIntro : labels.noRollback,
    steps: runbook.rollback.map((s) => step(s, undoAnchor(s.number), true)),
  });
  parts.push(...runbook.after.map(section));

  const diagram = extras.decisionDiagramSvg === undefined ? undefined : { anchor: 'diagram', title: LABELS[lang].decisionDiagram, svg: inlineSvg(extras.decisionDiagramSvg, 'the decision diagram') };

  const toc: TocEntry[] = [];
  const entry = (anchor: string, level: TocEntry['level'], entryTitle: string, number = '') => toc.push({ anchor, level, number, title: entryTitle, page: '' });
  entry('signoff', 1, print.signOff);
  if (diagram) entry(diagram.anchor, 1, diagram.title);
  for (const part of parts) {
    entry(part.anchor, 1, part.title);
    if ('isPhase' in part) {
      for (const g of part.groups) {
        entry(g.anchor, 2, g.title);
        for (const s of g.steps) entry(s.anchor, 3, s.title, s.number);
      }
    } else if ('isRollback' in part) {
      for (const s of part.steps) entry(s.anchor, 2, s.title);
    }
  }

  const outline: OutlineNode[] = [
    {
      title,
      anchor: 'cover',
      children: [{ title: print.signOff, anchor: 'signoff', children: [] }, ...(diagram ? [{ title: diagram.title, anchor: diagram.anchor, children: [] }] : [])],
    },
    { title: print.contents, anchor: 'toc', children: [] },
    ...parts.map((part): OutlineNode => {
      const children =
        'isPhase' in part
          ? part.groups.map((g) => ({ title: g.title, anchor: g.anchor, children: g.steps.map((s) => ({ title: `${s.number} ${s.title}`, anchor: s.anchor, children: [] })) }))
          : 'isRollback' in part
            ? part.steps.map((s) => ({ title: s.title, anchor: s.anchor, children: [] }))
            : [];
      return { title: part.title, anchor: part.anchor, children };
    }),
  ];

  const facts: Fact[] = [
    {
      label: labels.profile,
      parts: [{ text: profile.id, code: true }, { text: ` — ${profile.title}` }, { text: profile.file, br: true }, { text: `sha256 ${profile.hash}`, hash: true, br: true }],
    },
    { label: labels.change, parts: [{ text: profile.change.id, code: true }, { text: ` — ${profile.change.title}` }] },
    { label: labels.owner, parts: [{ text: profile.change.owner }] },
    { label: labels.window, parts: [{ text: `${profile.change.window.start} – ${profile.change.window.end}` }] },
    { label: labels.duration, parts: [{ text: labels.durationValue(runbook.minutes.implementation, runbook.minutes.rollback) }] },
    {
      label: labels.contentVersion,
      parts: [{ text: `${procedure.id} ${procedure.version}` }, { text: `sha256 ${procedure.contentHash}`, hash: true, br: true }],
    },
  ];

  const running = [
    ['--rb-head-left', procedure.text[lang].title],
    ['--rb-head-right', `${profile.title} · ${profile.change.id}`],
    ['--rb-foot-left', `${procedure.id} · ${profile.id} · ${profile.change.id} · ${shortHash}`],
    ['--rb-page', print.page],
    ['--rb-of', print.of],
  ]
    .map(([name, value]) => `${name}: ${cssString(value!)}`)
    .join('; ');

  return {
    lang,
    paper: extras.paper,
    title,
    words: {
      contents: print.contents,
      branches: labels.branches,
      dimension: labels.dimension,
      choice: labels.choice,
      chosenBy: labels.chosenBy,
      scripts: print.scripts,
      script: print.script,
      sha256: print.sha256,
      signer: print.signer,
      subject: print.subject,
      thumbprint: print.thumbprint,
      signOff: print.signOff,
      signOffIntro: print.signOffIntro,
      role: print.role,
      name: print.name,
      date: print.date,
      signature: print.signature,
      runsOn: colon(lang, labels.runsOn),
      doneBy: colon(lang, print.doneBy),
      time: colon(lang, print.time),
      holdPointTag: print.holdPointTag,
      goAheadBy: colon(lang, print.goAheadBy),
      pointOfNoReturnTag: print.pointOfNoReturnTag,
      conventions: print.conventions,
      conventionItems: print.conventionItems,
    },
    running,
    cover: {
      title: procedure.text[lang].title,
      subtitle: profile.title,
      facts,
      branches: runbook.branches.map((b) => ({
        dimension: labels.dimensions[b.dimension],
        choice: labels.values[b.value] ?? b.value,
        origin: `${b.origin.file}:${b.origin.line}:${b.origin.column}`,
      })),
      scripts: extras.scripts ?? [],
      hasScripts: (extras.scripts?.length ?? 0) > 0,
      signer: extras.signer,
      signOff: [print.signOffRoles.prepared, print.signOffRoles.reviewed, print.signOffRoles.approved, print.signOffRoles.executed],
    },
    diagram,
    toc,
    outline,
    about: {
      blocks: proseBlocks(procedure.text[lang].body, context(procedure.text[lang].position.file, {})),
      source: `${colon(lang, print.source)} ${procedure.source}`,
    },
    parts,
    meta: {
      title,
      author: profile.change.owner,
      subject: `${profile.change.id} — ${profile.change.title}`,
      keywords: [procedure.id, profile.id, profile.change.id, lang, procedure.version, `sha256:${shortHash}`, ...runbook.branches.map((b) => `${b.dimension}=${b.value}`)],
      creator: `${TOOL.name} ${TOOL.version}`,
      language: lang,
      versionDate: procedure.version,
    },
  };
}

/** The same view with the page of each table-of-contents entry filled in. */
export function withPageNumbers(view: PdfView, pages: ReadonlyMap<string, number>): PdfView {
  return { ...view, toc: view.toc.map((e) => ({ ...e, page: pages.has(e.anchor) ? String(pages.get(e.anchor)) : '' })) };
}
