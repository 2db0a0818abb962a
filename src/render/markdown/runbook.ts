/**
 * The tailored Markdown runbook of one profile in one language: the resolved runbook turned into
 * mdast, serialised with mdast-util-to-markdown (GFM). Pure.
 */
import type { List, ListItem, PhrasingContent, RootContent } from 'mdast';
import type { Lang, Procedure, Step } from '../../model/types.js';
import type { ResolvedCode, ResolvedRunbook, ResolvedSection, ResolvedStep } from '../../resolve/resolve.js';
import { LABELS, where, type Labels } from '../labels.js';
import { callout, code, paragraph, proseToMdast, strong, text } from './prose.js';
import { markdownCache, type MarkdownCache } from './block-cache.js';
import { serializeMarkdown, heading, table } from './mdast.js';
import { shared, sharedCode } from './shared.js';

/** The runbooks of one procedure share most of their blocks, whatever the profile and language. */
const caches = new WeakMap<Procedure, MarkdownCache>();

export function renderMarkdown(runbook: ResolvedRunbook, lang: Lang): string {
  let cache = caches.get(runbook.procedure);
  if (!cache) caches.set(runbook.procedure, (cache = markdownCache()));
  return serializeMarkdown(runbookTree(runbook, lang), cache);
}

function task(children: PhrasingContent[]): List {
  const item: ListItem = { type: 'listItem', checked: false, spread: false, children: [paragraph(...children)] };
  return { type: 'list', ordered: false, spread: false, children: [item] };
}

function codeBlock(c: ResolvedCode): RootContent {
  return sharedCode(c.lang, c.value);
}

/** The decision diagram's file name, next to the runbook of `lang`. */
export function decisionDiagramFile(lang: Lang): string {
  return `decision-diagram.${lang}.svg`;
}

function runbookTree(runbook: ResolvedRunbook, lang: Lang): RootContent[] {
  const labels = LABELS[lang];
  const { procedure, profile } = runbook;
  const out: RootContent[] = [];

  out.push(heading(1, text(`${procedure.text[lang].title} — ${profile.title}`)));
  out.push(
    table(
      ['', ''],
      [
        [[text(labels.profile)], [code(profile.id), text(` (${profile.file})`)]],
        [[text(labels.change)], [code(profile.change.id), text(` — ${profile.change.title}`)]],
        [[text(labels.owner)], [text(profile.change.owner)]],
        [[text(labels.window)], [text(`${profile.change.window.start} → ${profile.change.window.end}`)]],
        [[text(labels.duration)], [text(labels.durationValue(runbook.minutes.implementation, runbook.minutes.rollback))]],
        [[text(labels.contentVersion)], [text(`${procedure.version} · sha256 `), code(procedure.contentHash.slice(0, 12))]],
      ],
    ),
  );
  out.push(...proseToMdast(procedure.text[lang].body, {}, labels));

  out.push(heading(2, text(labels.branches)));
  out.push(
    table(
      [labels.dimension, labels.choice, labels.chosenBy],
      runbook.branches.map((b) => [
        [text(labels.dimensions[b.dimension])],
        [text(labels.values[b.value] ?? b.value)],
        [code(`${b.origin.file}:${b.origin.line}:${b.origin.column}`)],
      ]),
    ),
  );
  // The decision diagram, this profile's path highlighted: written beside the runbook.
  out.push(paragraph({ type: 'image', url: decisionDiagramFile(lang), alt: labels.decisionDiagram, title: null }));

  for (const section of runbook.before) out.push(...sectionTree(section, lang, labels));

  for (const { phase, groups } of runbook.phases) {
    out.push(heading(2, text(labels.phases[phase])));
    out.push(paragraph(text(labels.phaseIntro[phase])));
    for (const group of groups) {
      out.push(heading(3, text(where(labels, group))));
      for (const step of group.steps) out.push(...stepTree(step, lang, labels));
    }
  }

  out.push(heading(2, text(labels.rollback)));
  if (runbook.rollback.length === 0) out.push(paragraph(text(labels.noRollback)));
  else out.push(paragraph(text(labels.rollbackIntro)));
  for (const step of runbook.rollback) {
    out.push(undoHeading(lang, step.number, step.text[lang].title, step.step.id));
    out.push(doneTask(lang));
    out.push(runsOn(lang, where(labels, step)));
    const rollbackCode = step.code.filter((c) => c.role === 'rollback');
    const prose = step.text[lang].body.filter((i) => i.type === 'callout' && i.kind === 'rollback');
    out.push(...proseToMdast(prose, step.values, labels));
    out.push(...rollbackCode.map(codeBlock));
  }

  for (const section of runbook.after) out.push(...sectionTree(section, lang, labels));
  return out;
}

function sectionTree(section: ResolvedSection, lang: Lang, labels: Labels): RootContent[] {
  return [heading(2, text(section.text[lang].title)), ...proseToMdast(section.text[lang].body, section.values, labels), ...section.code.map(codeBlock)];
}

function colon(lang: Lang, label: string): string {
  return lang === 'fr' ? `${label} :` : `${label}:`;
}

// Blocks made of the same words in every runbook that has them: one shared node each.
const stepHeading = shared((number: number, title: string) => heading(4, text(`${number}. ${title}`)));
const undoHeading = shared((lang: Lang, number: number, title: string, id: string) => heading(4, text(LABELS[lang].undo(number, title)), text(' '), code(id)));
/** The checkbox and the "done by / at" fields of a step. */
const doneTask = shared((lang: Lang) => {
  const labels = LABELS[lang];
  return task([strong(labels.done), text(` — ${labels.by} ……………… ${labels.at} ………`)]);
});
const boldLine = shared((label: string) => paragraph(strong(label)));
const runsOn = shared((lang: Lang, place: string) => paragraph(strong(colon(lang, LABELS[lang].runsOn)), text(` ${place}`)));

/** Step id, where it runs, shell, estimated duration and risk, on one line. */
const stepFacts = shared((lang: Lang, id: string, place: string, shell: Step['shell'], minutes: number, risk: Step['risk']) => {
  const labels = LABELS[lang];
  return paragraph(
    strong(colon(lang, labels.stepId)), text(' '), code(id), text(' · '),
    strong(colon(lang, labels.runsOn)), text(` ${place} · `),
    strong(colon(lang, labels.shell)), text(` ${labels.shells[shell]} · `),
    strong(colon(lang, labels.estimated)), text(` ${labels.minutes(minutes)} · `),
    strong(colon(lang, labels.risk)), text(` ${labels.risks[risk]}`),
  );
});

function stepTree(step: ResolvedStep, lang: Lang, labels: Labels): RootContent[] {
  const s = step.step;
  const out: RootContent[] = [];
  out.push(stepHeading(step.number, step.text[lang].title));
  out.push(doneTask(lang));
  out.push(stepFacts(lang, s.id, where(labels, step), s.shell, s.minutes, s.risk));
  if (s.holdPoint) out.push(callout(labels.callouts.warning, [paragraph(text(labels.holdPoint))]));
  if (s.pointOfNoReturn) out.push(callout(labels.callouts.warning, [paragraph(text(labels.pointOfNoReturn))]));

  // Prose, with the rollback callouts kept for the rollback section.
  out.push(...proseToMdast(step.text[lang].body.filter((i) => !(i.type === 'callout' && i.kind === 'rollback')), step.values, labels));

  const blocks = (role: ResolvedCode['role']) => step.code.filter((c) => c.role === role).map(codeBlock);
  const labelled = (label: string, nodes: RootContent[]) => (nodes.length ? [boldLine(label), ...nodes] : []);
  out.push(...labelled(labels.alreadyDone, blocks('check')));
  out.push(...labelled(labels.shown, blocks('show')));
  out.push(...labelled(labels.command, blocks('apply')));
  out.push(...labelled(labels.expected, blocks('expected')));
  out.push(...labelled(labels.verification, blocks('verify')));
  return out;
}
