/**
 * The training edition: every branch side by side, every step exactly once in each branch
 * combination group it belongs to, every section and callout of the content present with its
 * condition, the troubleshooting material in full, and review questions whose French and
 * English carry the same commands.
 *
 * Branch combination group (the definition the tests hold the edition to): a combination is one
 * value for each dimension of DIMENSIONS (3 × 2 × 2 × 2 = 24 here). Two combinations are in the
 * same group when exactly the same steps apply to them (`matches(step.when, combination)`). The
 * groups partition the combinations; a step belongs to a group when it applies to its
 * combinations (to one of them, equivalently to all).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Diagnostic } from '../src/diagnostics.js';
import { readContent } from '../src/load/files.js';
import { inlineCode, parseQuestions, readQuestions, readQuestionsSchema, type ReviewQuestion } from '../src/load/training.js';
import { compileSchema } from '../src/load/yaml.js';
import { matches } from '../src/model/condition.js';
import { parseContent } from '../src/model/parse-content.js';
import { LANGS, type Lang, type Procedure } from '../src/model/types.js';
import { combinations } from '../src/render/diagram/index.js';
import { renderTrainingMarkdown, trainingEdition, TRAINING_LABELS, type TrainingView } from '../src/render/training/index.js';
import { CONTENT, ROOT, labelShape, labelStrings, listTree, tempDir } from './helpers.js';
import { training } from '../src/build/training.js';
import type { PdfBackend } from '../src/build/pdf-backend.js';
import { PdfLayoutError } from '../src/render/pdf/errors.js';

const validateQuestions = compileSchema(await readQuestionsSchema());
let procedure: Procedure;
let questions: ReviewQuestion[];
let view: TrainingView;
const md = {} as Record<Lang, string>;

before(async () => {
  procedure = parseContent(await readContent(CONTENT, ROOT)).procedure!;
  const source = await readQuestions(CONTENT, ROOT);
  assert.ok(source, 'content/training/questions.yaml');
  const diagnostics: Diagnostic[] = [];
  questions = parseQuestions(source, validateQuestions, procedure, diagnostics)!.questions;
  assert.deepEqual(diagnostics, []);
  view = trainingEdition(procedure, questions);
  for (const lang of LANGS) md[lang] = renderTrainingMarkdown(view, lang, { diagram: `decision-diagram.${lang}.svg` });
});

/** The text from a heading line matching `start` to the next heading of the same or a higher level. */
function section(markdown: string, start: RegExp): string {
  const lines = markdown.split('\n');
  const from = lines.findIndex((l) => start.test(l));
  assert.ok(from >= 0, `heading ${start}`);
  const level = /^#+/.exec(lines[from]!)![0].length;
  const to = lines.findIndex((l, i) => i > from && new RegExp(`^#{1,${level}} `).test(l));
  return lines.slice(from, to === -1 ? undefined : to).join('\n');
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^(`{3,})[^\n]*\n([\s\S]*?)\n\1$/gm)].map((m) => m[2]!);
}

/** The text of each block of prose (each paragraph of a callout on its own). */
function proseText(items: readonly { type: string }[]): string[] {
  return items.flatMap((item) => {
    const i = item as { type: 'content'; node: RootContent } | { type: 'callout'; children: RootContent[] };
    return (i.type === 'content' ? [i.node] : i.children).map((c) => toString(c)).filter(Boolean);
  });
}

describe('branch combination groups', () => {
  it('partition the combinations: each in exactly one group, the same steps within a group, different steps across groups', () => {
    const all = combinations();
    const key = (c: (typeof all)[number]) => Object.values(c).join(' ');
    const seen = new Map<string, string>();
    for (const g of view.groups) {
      for (const c of g.combinations) {
        assert.ok(!seen.has(key(c)), `${key(c)} is in ${seen.get(key(c))} and ${g.letter}`);
        seen.set(key(c), g.letter);
        assert.deepEqual(procedure.steps.filter((s) => matches(s.when, c)).map((s) => s.id).sort(), [...g.steps].sort(), `${g.letter}: ${key(c)}`);
      }
    }
    assert.equal(seen.size, all.length, 'every combination');
    const sets = view.groups.map((g) => [...g.steps].sort().join(' '));
    assert.equal(new Set(sets).size, sets.length, 'groups differ');
  });

  it('are described by conditions that cover exactly their combinations', () => {
    for (const g of view.groups) {
      const covered = combinations().filter((c) => g.terms.some((t) => matches(t, c)));
      assert.deepEqual(covered.map((c) => Object.values(c).join(' ')).sort(), g.combinations.map((c) => Object.values(c).join(' ')).sort(), g.letter);
    }
  });

  it('are the seven paths of this procedure', () => {
    assert.deepEqual(
      view.groups.map((g) => g.id),
      ['enable-2016-colocated', 'enable-2016-separate', 'enable-2013-colocated', 'enable-2013-separate', 'enable-2010-colocated', 'enable-2010-separate', 'disable'],
    );
  });
});

describe('the training edition', () => {
  for (const lang of LANGS) {
    const labels = () => TRAINING_LABELS[lang];

    it(`${lang}: every step appears exactly once in each group it belongs to, and never in another`, () => {
      for (const g of view.groups) {
        const part = section(md[lang], new RegExp(`^### ${labels().path(g.letter, '').trim()} `));
        for (const step of procedure.steps) {
          const belongs = g.combinations.some((c) => matches(step.when, c));
          assert.equal(occurrences(part, `\`${step.id}\``), belongs ? 1 : 0, `${lang}: ${step.id} in ${g.letter}`);
        }
        // Listed in run order.
        const listed = [...part.matchAll(/^\d+\. `([^`]+)`/gm)].map((m) => m[1]);
        assert.deepEqual(listed, g.steps, `${lang}: order in ${g.letter}`);
      }
    });

    it(`${lang}: the side-by-side table marks exactly the steps of each group`, () => {
      const rows = md[lang].split('\n').filter((l) => /^\| `[a-z0-9-]+` +\|/.test(l));
      assert.equal(rows.length, procedure.steps.length);
      for (const row of rows) {
        const cells = row.split('|').slice(1, -1).map((c) => c.trim());
        const id = cells[0]!.replace(/`/g, '');
        view.groups.forEach((g, k) => assert.equal(cells[k + 1] === TRAINING_LABELS[lang].inPath, g.steps.includes(id), `${lang}: ${id} × ${g.letter}`));
      }
    });

    it(`${lang}: every step once in the step catalogue, with its condition in words`, () => {
      const catalogue = section(md[lang], new RegExp(`^## ${labels().steps}$`));
      for (const step of procedure.steps) {
        const headings = [...catalogue.matchAll(new RegExp(`^### \`${step.id}\` — (.*)$`, 'gm'))];
        assert.equal(headings.length, 1, `${lang}: ${step.id}`);
        assert.equal(headings[0]![1], step.text[lang].title);
        const body = section(catalogue, new RegExp(`^### \`${step.id}\``));
        assert.ok(body.includes(`**${labels().applies(step.when)}**`), `${lang}: ${step.id} condition`);
      }
    });

    it(`${lang}: every section and every callout of the content is there`, () => {
      const text = toString(unified().use(remarkParse).use(remarkGfm).parse(md[lang]));
      for (const s of procedure.sections) {
        for (const probe of proseText(s.text[lang].body)) assert.ok(text.includes(probe.slice(0, 80)), `${lang}: ${s.id}: ${probe.slice(0, 80)}`);
      }
      for (const step of procedure.steps) {
        for (const probe of proseText(step.text[lang].body)) assert.ok(text.includes(probe.slice(0, 80)), `${lang}: ${step.id}: ${probe.slice(0, 80)}`);
      }
      for (const s of procedure.sections.filter((x) => x.place === 'after')) assert.match(md[lang], new RegExp(`^## ${s.text[lang].title}$`, 'm'), s.id);
    });

    it(`${lang}: explains why each branch exists, from the content`, () => {
      const decisions = section(md[lang], new RegExp(`^## ${labels().decisions}$`));
      const colocated = section(decisions, new RegExp(`^#### ${labels().values['um.placement'].colocated}$`));
      assert.ok(colocated.includes(procedure.sections.find((s) => s.id === 'colocated-um')!.text[lang].title), 'colocated: no trusted application pool, and why');
      const e2010 = section(decisions, /^#### Exchange 2010$/);
      assert.ok(e2010.includes(procedure.sections.find((s) => s.id === 'compatibility')!.text[lang].title), 'Exchange 2010: what it lacks');
      const e2016 = section(decisions, /^#### Exchange 2016$/);
      assert.ok(e2016.includes('New-SettingOverride'), 'Exchange 2016: why a different procedure');
      const disable = section(decisions, new RegExp(`^#### ${labels().values['im.action'].disable}$`));
      assert.ok(disable.includes('`owa-vdir-im-disable`'), 'disable: its steps');
      const named = section(decisions, new RegExp(`^#### ${labels().values['im.policyScope'].named}$`));
      assert.ok(named.includes('`owa-policy-im`'), 'policies: the step whose commands depend on them');
      assert.ok(md[lang].includes(`![${labels().diagramAlt}](decision-diagram.${lang}.svg)`), 'the diagram');
    });

    it(`${lang}: has the full troubleshooting material`, () => {
      const title = procedure.sections.find((s) => s.id === 'troubleshooting')!.text[lang].title;
      const part = section(md[lang], new RegExp(`^## ${title}$`));
      for (const needle of ['112', '100', '106', 'SIPStack', 'C:\\Program Files\\Microsoft\\Exchange server\\V15\\Logging\\OWA\\InstantMessaging', 'Remove-CsTrustedApplicationPool', 'OwaIMInitializationFailedMonitor']) {
        assert.ok(part.includes(needle), `${lang}: ${needle}`);
      }
      for (const code of procedure.sections.find((s) => s.id === 'troubleshooting')!.code) assert.ok(part.includes(code.value), `${lang}: troubleshooting command`);
    });

    it(`${lang}: review questions, then every answer`, () => {
      const qs = section(md[lang], new RegExp(`^## ${labels().questions}$`));
      const answers = section(md[lang], new RegExp(`^## ${labels().answers}$`));
      assert.equal([...qs.matchAll(/^### \d+\. /gm)].length, questions.length);
      assert.equal([...answers.matchAll(/^### \d+\. /gm)].length, questions.length);
      for (const q of questions) for (const c of inlineCode(q.text[lang].answer)) assert.ok(answers.includes(`\`${c}\``), `${lang}: ${q.id}: ${c}`);
    });
  }

  it('French and English carry the same commands, step ids and structure', () => {
    assert.deepEqual(codeBlocks(md.fr), codeBlocks(md.en));
    const ids = (m: string) => [...m.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)+)`/g)].map((x) => x[1]).sort();
    assert.deepEqual(ids(md.fr), ids(md.en));
    const headings = (m: string) => m.split('\n').filter((l) => /^#+ /.test(l)).map((l) => /^#+/.exec(l)![0]);
    assert.deepEqual(headings(md.fr), headings(md.en));
  });

  it('keeps placeholders as parameters, never a value', () => {
    assert.ok(md.en.includes('`{{owa.trustedApplicationPoolFqdn}}`'), 'a parameter in prose');
    assert.ok(md.en.includes('-Port {{owa.port}}'), 'a parameter in a command');
  });

  it('is deterministic', () => {
    assert.equal(renderTrainingMarkdown(trainingEdition(procedure, questions), 'fr'), renderTrainingMarkdown(trainingEdition(procedure, questions), 'fr'));
  });
});

describe('review questions', () => {
  it('exist in French and English with the same inline code', () => {
    assert.ok(questions.length >= 10, 'enough questions');
    for (const q of questions) {
      for (const lang of LANGS) assert.ok(q.text[lang].question.trim() && q.text[lang].answer.trim(), `${q.id} ${lang}`);
      for (const part of ['question', 'answer'] as const) assert.deepEqual(inlineCode(q.text.fr[part]).sort(), inlineCode(q.text.en[part]).sort(), `${q.id} ${part}`);
    }
  });

  it('cover the reasons the issue names', () => {
    const ids = questions.map((q) => q.id);
    for (const id of ['colocated-no-trusted-pool', 'e2016-different-procedure', 'e2010-missing-features', 'event-112', 'log-folder-sipstack']) assert.ok(ids.includes(id), id);
  });

  it('report mistakes with their position: duplicate id, unknown step, unknown condition, mismatched code', () => {
    const text = `questions:
  - id: one
    when: { um.placment: colocated }
    steps: [sfb-trusted-app-pol]
    fr: { question: "Q ?", answer: "Utilisez \`Get-CsSite\`." }
    en: { question: "Q?", answer: "Use \`Get-CsSites\`." }
  - id: one
    fr: { question: "Q ?", answer: "R." }
    en: { question: "Q?", answer: "A." }
`;
    const diagnostics: Diagnostic[] = [];
    parseQuestions({ file: 'q.yaml', text }, validateQuestions, procedure, diagnostics);
    const byRule = Object.fromEntries(diagnostics.map((d) => [d.rule, d]));
    assert.deepEqual(Object.keys(byRule).sort(), ['content/unknown-condition-key', 'training/code-mismatch', 'training/duplicate-id', 'training/unknown-step']);
    assert.equal(byRule['training/unknown-step']!.line, 4);
    assert.match(byRule['training/unknown-step']!.hint!, /sfb-trusted-app-pool/);
    assert.equal(byRule['training/duplicate-id']!.line, 7);
    assert.equal(byRule['content/unknown-condition-key']!.line, 3);
    assert.equal(byRule['training/code-mismatch']!.line, 6);
  });

  it('are checked against the schema', () => {
    const diagnostics: Diagnostic[] = [];
    parseQuestions({ file: 'q.yaml', text: 'questions:\n  - id: Bad Id\n    fr: { question: "Q" }\n' }, validateQuestions, procedure, diagnostics);
    assert.ok(diagnostics.some((d) => d.rule === 'training/invalid-value' && d.line === 2), JSON.stringify(diagnostics));
    assert.ok(diagnostics.some((d) => d.rule === 'training/missing-key'), JSON.stringify(diagnostics));
  });
});

describe('labels', () => {
  it('French and English have the same labels, none empty', () => {
    assert.deepEqual(labelShape(TRAINING_LABELS.fr), labelShape(TRAINING_LABELS.en));
    for (const lang of LANGS) for (const s of labelStrings(TRAINING_LABELS[lang])) assert.ok(s.trim().length > 0, lang);
    assert.deepEqual(inlineCode(labelStrings(TRAINING_LABELS.fr).join(' ')).sort(), inlineCode(labelStrings(TRAINING_LABELS.en).join(' ')).sort(), 'locked code in labels');
  });
});

describe('a training edition the browser cannot print', () => {
  it('is reported at the content, with the cause, and writes nothing', async () => {
    const out = await tempDir();
    let printed = 0;
    const failing = {
      document: async () => {
        printed++;
        throw new PdfLayoutError('training/training.en.pdf: a line is about 12.0% wider than the page');
      },
    } as unknown as PdfBackend;
    const result = await training({ cwd: ROOT, out, langs: ['en'], pdf: failing });
    assert.equal(printed, 1, 'the PDF was asked for');
    assert.equal(result.ok, false);
    const failed = result.diagnostics.filter((d) => d.rule === 'training/build-failed');
    assert.equal(failed.length, 1, JSON.stringify(result.diagnostics));
    assert.match(failed[0]!.message, /^The en training edition could not be built: training\/training\.en\.pdf: a line is about 12\.0% wider/);
    assert.match(failed[0]!.file, /content[/\\]procedure\.md$/);
    assert.deepEqual(await listTree(out), [], 'nothing written');
  });
});
