/**
 * The change request as Markdown, for the board: rendered from the ChangeRequest data only, so the
 * document and change-request.json cannot disagree. mdast serialised by mdast-util-to-markdown
 * with GFM tables: every value from the profile is a text or inline-code node, escaped by the
 * serialiser. Pure.
 */
import type { PhrasingContent, RootContent } from 'mdast';
import type { Lang } from '../../model/types.js';
import { LABELS } from '../labels.js';
import { code, paragraph, strong, text } from '../markdown/prose.js';
import type { ChangeRequest, CrStep } from './change-request.js';
import { CAB_LABELS, type CabLabels } from './labels.js';
import { serializeMarkdown, heading, table, list } from '../markdown/mdast.js';

export function renderChangeRequestMarkdown(cr: ChangeRequest, lang: Lang): string {
  return serializeMarkdown(changeRequestTree(cr, lang));
}

function join(parts: PhrasingContent[][], separator: string): PhrasingContent[] {
  return parts.flatMap((p, i) => (i === 0 ? p : [text(separator), ...p]));
}

function where(lang: Lang, labels: CabLabels, role: CrStep['runsOn'], server: string | null): PhrasingContent[] {
  return server ? [text(server)] : [text(role === 'admin-workstation' ? labels.noServer : LABELS[lang].roles[role])];
}

function servers(step: CrStep, lang: Lang, labels: CabLabels): PhrasingContent[] {
  const names = [...new Set(step.runs.map((r) => r.server))];
  return join(names.map((s) => where(lang, labels, step.runsOn, s)), ', ');
}

function stepName(lang: Lang, step: { title: CrStep['title']; id: string }): PhrasingContent[] {
  return [text(`${step.title[lang]} `), code(step.id)];
}

function changeRequestTree(cr: ChangeRequest, lang: Lang): RootContent[] {
  const labels = CAB_LABELS[lang];
  const common = LABELS[lang];
  const d = cr.durations;
  const out: RootContent[] = [];

  out.push(heading(1, text(labels.title(cr.change.id, cr.change.title))));
  out.push(
    table(
      ['', ''],
      [
        [[text(labels.change)], [code(cr.change.id)]],
        [[text(labels.changeTitle)], [text(cr.change.title)]],
        [[text(labels.owner)], [text(cr.change.owner)]],
        [[text(labels.window)], [text(labels.windowValue(cr.change.window.start, cr.change.window.end, cr.change.window.minutes))]],
        [[text(labels.environment)], [text(`${cr.profile.title} (`), code(cr.profile.id), text(`, ${cr.profile.file})`)]],
        [[text(labels.procedure)], [text(`${labels.procedureValue(cr.procedure.title[lang], cr.procedure.version)} · sha256 `), code(cr.procedure.contentSha256.slice(0, 12))]],
        [[text(labels.riskLevel)], [strong(labels.risks[cr.risk.level])]],
        [[text(labels.duration)], [text(labels.durationValue(d.total, d.rollback, d.window))]],
      ],
    ),
  );

  out.push(heading(2, text(labels.whatAndWhy)));
  out.push(paragraph(text(cr.summary[lang])));

  out.push(heading(2, text(labels.affected)));
  out.push(
    table(
      [labels.role, labels.servers, labels.whatHappens],
      cr.affectedSystems.map((a) => [
        [text(common.roles[a.role])],
        a.servers.length ? join(a.servers.map((s) => [text(s)]), ', ') : [text(labels.noServer)],
        [text(a.changes.length ? labels.changed(a.changes.length) : labels.checked(a.steps.length))],
      ]),
    ),
  );

  out.push(heading(2, text(labels.prerequisites)));
  out.push(paragraph(text(labels.prerequisitesIntro)));
  out.push(
    list([
      ...cr.prerequisites.map((s) => [...stepName(lang, s), text(' — '), ...servers(s, lang, labels), text(` · ${labels.min(s.minutes * s.runs.length)}`)]),
      [text(labels.artefactsVerified)],
    ]),
  );

  out.push(heading(2, text(labels.risk)));
  out.push(
    paragraph(
      strong(labels.riskIntro(labels.risks[cr.risk.level])),
      ...(cr.risk.steps.length ? [text(`${labels.riskBecause} `), ...join(cr.risk.steps.map((id) => [code(id)]), ', ')] : []),
      text('.'),
    ),
  );
  out.push(paragraph(text(labels.riskRule)));
  const flags = (s: CrStep) =>
    [s.changesState ? labels.changesState : labels.noStateChange, ...(s.holdPoint ? [labels.holdPoint] : []), ...(s.pointOfNoReturn ? [labels.pointOfNoReturn] : [])].join(', ');
  out.push(
    table(
      [labels.step, labels.runsOn, common.risk, labels.flags, labels.impact],
      cr.implementation.map((s) => [stepName(lang, s), servers(s, lang, labels), [text(labels.risks[s.level])], [text(flags(s))], [text(s.impact?.[lang] || labels.noImpact)]]),
    ),
  );
  out.push(paragraph(text(labels.readOnlyPhases)));
  const notes = cr.implementation.flatMap((s) => s.notes.map((n) => [strong(s.title[lang]), text(' '), code(s.id), text(` — ${n[lang]}`)]));
  if (notes.length) {
    out.push(heading(3, text(labels.riskNotes)));
    out.push(list(notes));
  }

  out.push(heading(2, text(labels.implementation)));
  out.push(paragraph(text(labels.implementationIntro)));
  const runs = cr.implementation.flatMap((s) => s.runs.map((r) => ({ s, r }))).sort((a, b) => a.r.number - b.r.number);
  out.push(
    table(
      [labels.number, labels.step, labels.runsOn, labels.minutes],
      [
        ...runs.map(({ s, r }) => [[text(String(r.number))], [...stepName(lang, s), ...(s.holdPoint ? [text(` — ${labels.holdPoint}`)] : [])], where(lang, labels, s.runsOn, r.server), [text(labels.min(r.minutes))]]),
        [[text('')], [strong(labels.total)], [text('')], [strong(labels.min(d.implementation))]],
      ],
      ['right', null, null, 'right'],
    ),
  );
  out.push(heading(3, text(labels.durations)));
  out.push(
    table(
      ['', labels.minutes],
      [
        [[text(labels.phaseMinutes.preflight)], [text(labels.min(d.preflight))]],
        [[text(labels.phaseMinutes.change)], [text(labels.min(d.implementation))]],
        [[text(labels.phaseMinutes.verify)], [text(labels.min(d.verification))]],
        [[strong(labels.runTotal)], [strong(labels.min(d.total))]],
        [[text(labels.rollbackTotal)], [text(labels.min(d.rollback))]],
        [[strong(labels.withRollback)], [strong(labels.min(d.needed))]],
        [[text(labels.windowLength)], [text(labels.min(d.window))]],
      ],
      [null, 'right'],
    ),
  );
  out.push(paragraph(strong(labels.verdict(d.needed, d.window, d.margin))));

  out.push(heading(2, text(labels.backout)));
  if (cr.backout.steps.length === 0) out.push(paragraph(text(labels.noBackout)));
  else {
    out.push(paragraph(text(labels.backoutIntro(cr.backout.minutes))));
    const p = cr.backout.pointOfNoReturn;
    out.push(paragraph(strong(p ? labels.pointOfNoReturnAt(p.number, p.title[lang]) : labels.noPointOfNoReturn)));
    out.push(
      table(
        [labels.number, labels.undoes, labels.step, labels.runsOn, labels.minutes, labels.how],
        [
          ...cr.backout.steps.map((b) => [
            [text(String(b.number))],
            [text(String(b.undoes))],
            stepName(lang, b),
            where(lang, labels, b.role, b.server),
            [text(labels.min(b.minutes))],
            [text(b.manual ? labels.manual : labels.script)],
          ]),
          [[text('')], [text('')], [strong(labels.total)], [text('')], [strong(labels.min(cr.backout.minutes))], [text('')]],
        ],
        ['right', 'right', null, null, 'right', null],
      ),
    );
  }

  out.push(heading(2, text(labels.verification)));
  out.push(paragraph(text(labels.verificationIntro)));
  out.push(list(cr.verification.map((s) => [...stepName(lang, s), text(' — '), ...servers(s, lang, labels), text(` · ${labels.min(s.minutes * s.runs.length)}`)])));

  out.push(heading(2, text(labels.artefacts)));
  if (cr.artefacts.length === 0) out.push(paragraph(text(labels.noArtefacts)));
  else out.push(table([labels.file, labels.sha256], cr.artefacts.map((a) => [[code(a.path)], [code(a.sha256)]])));
  out.push(
    cr.signer
      ? table(['', ''], [
          [[text(labels.signer)], [text(cr.signer.subject)]],
          [[text(labels.thumbprint)], [code(cr.signer.thumbprint)]],
        ])
      : paragraph(strong(`${labels.signer}: `), text(labels.unsigned)),
  );

  out.push(heading(2, text(labels.branches)));
  out.push(
    table(
      [labels.dimension, labels.choice, labels.chosenBy],
      cr.branches.map((b) => [[text(common.dimensions[b.dimension])], [text(common.values[b.value] ?? b.value)], [code(b.chosenBy)]]),
    ),
  );
  return out;
}
