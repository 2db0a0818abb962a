/**
 * The training edition as Markdown: the view model turned into mdast, serialised with
 * mdast-util-to-markdown (GFM). Placeholders stay as `{{name}}` (no profile: the trainee sees
 * the parameter). Every conditional callout and code block says when it applies. Pure.
 */
import type { Blockquote, BlockContent, PhrasingContent, RootContent } from 'mdast';
import { PLACEHOLDERS } from '../../model/placeholders.js';
import { DIMENSIONS, type CodeBlock, type Condition, type Dimension, type Lang, type ProseItem, type Section } from '../../model/types.js';
import { combinations } from '../diagram/graph.js';
import { PROFILE_KEYS } from '../diagram/labels.js';
import { LABELS } from '../labels.js';
import { code, fillNode, paragraph, strong, text } from '../markdown/prose.js';
import { TRAINING_LABELS, type TrainingLabels } from './labels.js';
import type { TrainingView, WhyItem } from './view.js';
import { serializeMarkdown, heading, table, list } from '../markdown/mdast.js';

export interface TrainingRenderOptions {
  /** Path of the decision diagram (SVG) relative to the Markdown file, to show it as an image. */
  diagram?: string;
}

/** Every placeholder shown as its own name: the trainee sees `{{owa.port}}`. */
const PARAMETERS = Object.fromEntries(Object.keys(PLACEHOLDERS).map((name) => [name, `{{${name}}}`]));

export function renderTrainingMarkdown(view: TrainingView, lang: Lang, options: TrainingRenderOptions = {}): string {
  return serializeMarkdown(trainingTree(view, lang, options));
}

/** Text with `code` spans (labels and answers): the code is inline code, the rest escaped text. */
export function rich(value: string): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let last = 0;
  for (const match of value.matchAll(/`([^`]+)`/g)) {
    if (match.index! > last) out.push(text(value.slice(last, match.index)));
    out.push(code(match[1]!));
    last = match.index! + match[0].length;
  }
  if (last < value.length) out.push(text(value.slice(last)));
  return out;
}

function emphasis(value: string): PhrasingContent {
  return { type: 'emphasis', children: [text(value)] };
}

const restricts = (c: Condition) => (Object.keys(c) as Dimension[]).some((d) => (c[d] as readonly string[] | undefined)?.length !== DIMENSIONS[d].length);

/** Prose items with their conditions: a conditional callout names when it applies. */
function prose(items: readonly ProseItem[], lang: Lang, labels: TrainingLabels): RootContent[] {
  const common = LABELS[lang];
  return items.flatMap((item): RootContent[] => {
    const qualifier = restricts(item.when) ? labels.qualifier(item.when) : undefined;
    if (item.type === 'content') {
      const node = fillNode(item.node, PARAMETERS);
      return qualifier ? [paragraph(emphasis(`(${qualifier})`)), node] : [node];
    }
    const children = item.children.map((c) => fillNode(c, PARAMETERS)) as BlockContent[];
    const lead: PhrasingContent[] = [strong(common.callouts[item.kind]), ...(qualifier ? [text(' '), emphasis(`(${qualifier})`)] : []), text(' — ')];
    const [first, ...rest] = children;
    const quote: Blockquote =
      first && first.type === 'paragraph'
        ? { type: 'blockquote', children: [{ type: 'paragraph', children: [...lead, ...first.children] }, ...rest] }
        : { type: 'blockquote', children: [paragraph(...lead.slice(0, -1)), ...children] };
    return [quote];
  });
}

function codeBlocks(blocks: readonly CodeBlock[], labels: TrainingLabels): RootContent[] {
  return blocks
    .filter((b) => labels.codeRoles[b.role] !== undefined)
    .flatMap((b) => [
      paragraph(strong(labels.codeRoles[b.role]!), ...(restricts(b.when) ? [text(' '), emphasis(`(${labels.qualifier(b.when)})`)] : [])),
      { type: 'code', lang: b.lang, value: b.value } as RootContent,
    ]);
}

function sectionBody(section: Section, lang: Lang, labels: TrainingLabels): RootContent[] {
  return [...prose(section.text[lang].body, lang, labels), ...codeBlocks(section.code, labels)];
}

function why(item: WhyItem, lang: Lang, labels: TrainingLabels): RootContent[] {
  if (item.kind === 'callout') return prose([item.callout[lang]], lang, labels);
  const s = item.section;
  return [paragraph(strong(s.text[lang].title), ...(restricts(s.when) ? [text(' '), emphasis(`(${labels.qualifier(s.when)})`)] : [])), ...sectionBody(s, lang, labels)];
}

function trainingTree(view: TrainingView, lang: Lang, options: TrainingRenderOptions): RootContent[] {
  const labels = TRAINING_LABELS[lang];
  const common = LABELS[lang];
  const { procedure } = view;
  const out: RootContent[] = [];
  const total = combinations().length;

  out.push(heading(1, text(labels.title(procedure.text[lang].title))));
  out.push(
    table(
      [[text('')], [text('')]],
      [
        [[text(labels.contentVersion)], [text(`${procedure.version} · sha256 `), code(procedure.contentHash.slice(0, 12))]],
        [[text(labels.source)], [text(procedure.source)]],
      ],
    ),
  );
  out.push(paragraph(...rich(labels.howToRead)));
  out.push(...prose(procedure.text[lang].body, lang, labels));

  // Introduction: what applies to every branch.
  out.push(heading(2, text(labels.introduction)));
  for (const { section, items } of view.introduction) {
    if (view.introduction.length > 1) out.push(heading(3, text(section.text[lang].title)));
    out.push(...prose(items[lang], lang, labels), ...codeBlocks(section.code, labels));
  }

  // The decisions, each value with when and why.
  out.push(heading(2, text(labels.decisions)));
  out.push(paragraph(text(labels.decisionsIntro(view.order.map((d) => labels.dimensions[d])))));
  if (options.diagram) out.push(paragraph({ type: 'image', url: options.diagram, alt: labels.diagramAlt }));
  for (const dimension of view.dimensions) {
    out.push(heading(3, text(labels.dimensions[dimension.dimension])));
    out.push(paragraph(...rich(labels.chosenBy(PROFILE_KEYS[dimension.dimension]))));
    for (const value of dimension.values) {
      out.push(heading(4, text(labels.values[dimension.dimension][value.value] ?? value.value)));
      const ids = (list: readonly string[]) => list.flatMap((id, i) => [...(i ? [text(', ')] : []), code(id)]);
      out.push(paragraph(strong(labels.when), text(' — '), ...rich(labels.appliesWhen[dimension.dimension][value.value] ?? '')));
      if (value.why.length) {
        out.push(paragraph(strong(labels.why)));
        for (const item of value.why) out.push(...why(item, lang, labels));
      } else out.push(paragraph(strong(labels.why), text(` — ${labels.noWhy}`)));
      out.push(paragraph(strong(labels.dependingSteps), text(' — '), ...(value.steps.length ? ids(value.steps) : [text(labels.noDependingStep)])));
      if (value.variants.length) out.push(paragraph(strong(labels.adaptedCommands), text(' — '), ...ids(value.variants)));
    }
  }

  // The paths side by side.
  out.push(heading(2, text(labels.paths)));
  out.push(paragraph(text(labels.pathsIntro(view.groups.length, total))));
  out.push(list(view.groups.map((g) => [strong(g.letter), text(` — ${labels.describe(g.terms)}`)])));
  out.push(
    table(
      [[text(labels.matrixStep)], ...view.groups.map((g) => [text(g.letter)])],
      view.steps.map((s) => [[code(s.step.id)], ...view.groups.map((g) => [text(g.steps.includes(s.step.id) ? labels.inPath : '')])]),
      [null, ...view.groups.map(() => 'center' as const)],
    ),
  );
  const byId = new Map(view.steps.map((s) => [s.step.id, s.step]));
  for (const group of view.groups) {
    out.push(heading(3, text(labels.path(group.letter, labels.describe(group.terms)))));
    out.push(paragraph(text(`${group.terms.map((t) => labels.applies(t)).join(' ')} ${labels.pathCombinations(group.combinations.length, total)}`)));
    out.push(paragraph(text(labels.pathSteps(group.steps.length))));
    out.push(
      list(
        group.steps.map((id) => {
          const s = byId.get(id)!;
          return [code(id), text(` — ${s.text[lang].title} (${labels.phases[s.phase]}, ${labels.minutes(s.minutes)})`)];
        }),
        true,
      ),
    );
  }

  // Every step once.
  out.push(heading(2, text(labels.steps)));
  out.push(paragraph(...rich(labels.stepsIntro)));
  for (const { step, groups } of view.steps) {
    out.push(heading(3, code(step.id), text(` — ${step.text[lang].title}`)));
    out.push(paragraph(strong(labels.applies(step.when)), text(` ${labels.appearsIn(groups)}`)));
    const facts = [
      labels.phases[step.phase],
      labels.scopes[step.scope](common.roles[step.runsOn]),
      common.shells[step.shell],
      labels.minutes(step.minutes),
      labels.risk(common.risks[step.risk]),
      step.changesState ? labels.changesState : labels.readOnly,
      ...(step.holdPoint ? [labels.holdPoint] : []),
      ...(step.pointOfNoReturn ? [labels.pointOfNoReturn] : []),
    ];
    out.push(paragraph(emphasis(facts.join(' · '))));
    out.push(...prose(step.text[lang].body, lang, labels), ...codeBlocks(step.code, labels));
  }

  // The sections after the steps (users, troubleshooting), in full.
  for (const section of view.after) {
    out.push(heading(2, text(section.text[lang].title)));
    out.push(paragraph(strong(labels.applies(section.when))));
    out.push(...sectionBody(section, lang, labels));
  }

  // Review questions, then the answers.
  out.push(heading(2, text(labels.questions)));
  if (view.questions.length === 0) out.push(paragraph(text(labels.noQuestions)));
  else {
    out.push(paragraph(text(labels.questionsIntro)));
    view.questions.forEach((q, i) => {
      out.push(heading(3, text(`${i + 1}. `), ...rich(q.text[lang].question)));
      if (restricts(q.when)) out.push(paragraph(emphasis(`${labels.about} ${labels.qualifier(q.when)}`)));
    });
    out.push(heading(2, text(labels.answers)));
    view.questions.forEach((q, i) => {
      out.push(heading(3, text(`${i + 1}. `), ...rich(q.text[lang].question)));
      out.push(paragraph(...rich(q.text[lang].answer)));
      if (q.steps.length) out.push(paragraph(emphasis(labels.seeSteps), text(' '), ...q.steps.flatMap((id, k) => [...(k ? [text(', ')] : []), code(id)])));
    });
  }
  return out;
}
