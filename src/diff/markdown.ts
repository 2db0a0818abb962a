/**
 * The build comparison as Markdown, for the board: per profile, the change record, steps added,
 * removed and changed (with a line diff of each changed command), values and file hashes.
 * mdast serialised by mdast-util-to-markdown (GFM): values are text or inline code. Pure.
 */
import type { PhrasingContent, RootContent } from 'mdast';
import type { Lang } from '../model/types.js';
import { code, paragraph, strong, text } from '../render/markdown/prose.js';
import { lineDiff, type BuildDiff, type FieldChange, type Json, type ProfileDiff, type StepRef } from './compare.js';
import { DIFF_LABELS, type DiffLabels } from './labels.js';
import { serializeMarkdown, heading, table, list } from '../render/markdown/mdast.js';

export function renderDiffMarkdown(diff: BuildDiff, lang: Lang): string {
  return serializeMarkdown(diffTree(diff, lang));
}

function format(value: Json, lang: Lang, labels: DiffLabels): PhrasingContent[] {
  if (value === null) return [text(labels.absent)];
  if (Array.isArray(value)) return [code(value.map((v) => (v === null ? labels.adminWorkstation : String(v))).join(', '))];
  if (typeof value === 'object') return [text(String((value as Record<string, Json>)[lang] ?? JSON.stringify(value)))];
  return [code(String(value))];
}

function fieldRows(changes: readonly FieldChange[], lang: Lang, labels: DiffLabels, name: (field: string) => string): PhrasingContent[][][] {
  const other = lang === 'fr' ? 'title.en' : 'title.fr';
  return changes.filter((c) => c.field !== other).map((c) => [[text(name(c.field))], format(c.old, lang, labels), format(c.new, lang, labels)]);
}

function stepRows(steps: readonly StepRef[], lang: Lang, labels: DiffLabels): PhrasingContent[][][] {
  return steps.map((s) => [[text(`${s.title[lang]} `), code(s.id)], [text(labels.phases[s.phase])], format(s.servers, lang, labels)]);
}

function profileTree(p: ProfileDiff, lang: Lang, labels: DiffLabels): RootContent[] {
  const out: RootContent[] = [heading(2, code(p.id), text(` — ${labels.status[p.status]}`))];
  if (p.status === 'unchanged') out.push(paragraph(text(labels.noChange)));
  const fieldName = (f: string) => labels.fields[f] ?? f;
  if (p.change.length) {
    out.push(heading(3, text(labels.change)));
    out.push(table([labels.field, labels.before, labels.after], fieldRows(p.change, lang, labels, fieldName)));
  }
  if (p.branches.length) {
    out.push(heading(3, text(labels.branches)));
    out.push(table([labels.field, labels.before, labels.after], fieldRows(p.branches, lang, labels, (f) => f)));
  }
  if (p.steps.added.length) {
    out.push(heading(3, text(labels.stepsAdded)));
    out.push(table([labels.step, labels.phase, labels.servers], stepRows(p.steps.added, lang, labels)));
  }
  if (p.steps.removed.length) {
    out.push(heading(3, text(labels.stepsRemoved)));
    out.push(table([labels.step, labels.phase, labels.servers], stepRows(p.steps.removed, lang, labels)));
  }
  if (p.steps.changed.length) {
    out.push(heading(3, text(labels.stepsChanged)));
    for (const s of p.steps.changed) {
      out.push(heading(4, text(`${s.title[lang]} `), code(s.id)));
      const rows = fieldRows(s.fields, lang, labels, fieldName);
      if (rows.length) out.push(table([labels.field, labels.before, labels.after], rows));
      for (const c of s.commands) {
        out.push(paragraph(strong(labels.commands), text(` — ${labels.commandOn(c.role, c.server)}`)));
        const lines = c.old === null ? c.new!.split('\n').map((l) => `+ ${l}`) : c.new === null ? c.old.split('\n').map((l) => `- ${l}`) : lineDiff(c.old, c.new);
        out.push({ type: 'code', lang: 'diff', value: lines.join('\n') });
      }
    }
  }
  if (p.values.length) {
    out.push(heading(3, text(labels.values)));
    out.push(table([labels.value, labels.before, labels.after], p.values.map((v) => [[code(v.field)], format(v.old, lang, labels), format(v.new, lang, labels)])));
  }
  if (p.files.length) {
    out.push(heading(3, text(labels.files)));
    out.push(
      table(
        [labels.file, labels.kind, labels.before, labels.after],
        p.files.map((f) => [[code(f.path)], [text(f.script ? labels.script : labels.document)], f.old ? [code(f.old)] : [text(labels.absent)], f.new ? [code(f.new)] : [text(labels.absent)]]),
      ),
    );
  }
  if (p.problems.length) {
    out.push(heading(3, text(labels.problems)));
    out.push(list(p.problems.map((m) => [text(m)])));
  }
  return out;
}

function diffTree(diff: BuildDiff, lang: Lang): RootContent[] {
  const labels = DIFF_LABELS[lang];
  const out: RootContent[] = [heading(1, text(labels.title))];
  out.push(
    table(
      ['', ''],
      [
        [[text(labels.approved)], [code(diff.old)]],
        [[text(labels.current)], [code(diff.new)]],
      ],
    ),
  );
  out.push(heading(2, text(labels.summary)));
  if (!diff.changed && diff.problems.length === 0) out.push(paragraph(text(labels.noChange)));
  out.push(
    list(
      diff.profiles.map((p) => [
        code(p.id),
        text(
          ` — ${labels.status[p.status]}${p.status === 'changed' ? ` (${labels.counts(p.steps.added.length, p.steps.removed.length, p.steps.changed.length, p.values.length, p.files.filter((f) => f.script).length)})` : ''}`,
        ),
      ]),
    ),
  );
  if (diff.problems.length) out.push(heading(2, text(labels.problems)), list(diff.problems.map((m) => [text(m)])));
  for (const p of diff.profiles) out.push(...profileTree(p, lang, labels));
  return out;
}
