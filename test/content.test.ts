import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatDiagnostic } from '../src/diagnostics.js';
import { parseContent, type ContentFile } from '../src/model/parse-content.js';
import { readContent } from '../src/load/files.js';
import { FIXTURE_CONTENT, ROOT } from './helpers.js';

async function fixtureFiles(): Promise<ContentFile[]> {
  const out: ContentFile[] = [{ file: 'c/procedure.md', name: 'procedure.md', text: await readFile(join(FIXTURE_CONTENT, 'procedure.md'), 'utf8') }];
  for (const dir of ['steps', 'sections']) {
    for (const name of await readdir(join(FIXTURE_CONTENT, dir))) out.push({ file: `c/${dir}/${name}`, name: `${dir}/${name}`, text: await readFile(join(FIXTURE_CONTENT, dir, name), 'utf8') });
  }
  return out;
}

/** The fixture content with one file's text changed. */
async function withFile(file: string, edit: (text: string) => string): Promise<ContentFile[]> {
  const files = await fixtureFiles();
  const target = files.find((f) => f.file === file);
  assert.ok(target, `no fixture file ${file}`);
  target.text = edit(target.text);
  return files;
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('the content parser', () => {
  it('reads steps with their metadata, both languages and their code blocks', async () => {
    const { procedure, diagnostics } = parseContent(await fixtureFiles());
    assert.deepEqual(diagnostics, []);
    assert.ok(procedure);
    assert.deepEqual(procedure.steps.map((s) => s.id), ['pool', 'vdir']);
    const pool = procedure.steps[0]!;
    assert.equal(pool.runsOn, 'skype-frontend');
    assert.equal(pool.shell, 'skype');
    assert.deepEqual(pool.when, { 'um.placement': ['separate'], 'im.action': ['enable'] });
    assert.equal(pool.text.fr.title, 'Créer le pool');
    assert.equal(pool.text.en.title, 'Create the pool');
    assert.deepEqual(pool.code.map((c) => c.role), ['check', 'apply', 'rollback']);
    assert.equal(procedure.steps[1]!.code.find((c) => c.role === 'apply')?.when['im.action']?.[0], 'enable');
    assert.match(procedure.contentHash, /^[0-9a-f]{64}$/);
  });

  it('gives a different content hash when any file changes', async () => {
    const a = parseContent(await fixtureFiles()).procedure!.contentHash;
    const b = parseContent(await withFile('c/steps/010-pool.md', (t) => t.replace('minutes: 5', 'minutes: 6'))).procedure!.contentHash;
    assert.notEqual(a, b);
  });

  it('gives the same content hash wherever the build runs from, and names files from there in diagnostics', async () => {
    const fromRoot = await readContent(FIXTURE_CONTENT, ROOT);
    const fromElsewhere = await readContent(FIXTURE_CONTENT, join(ROOT, 'test'));
    assert.notDeepEqual(fromRoot.map((f) => f.file), fromElsewhere.map((f) => f.file));
    assert.equal(parseContent(fromRoot).procedure!.contentHash, parseContent(fromElsewhere).procedure!.contentHash);
    const broken = fromElsewhere.map((f) => (f.name === 'steps/010-pool.md' ? { ...f, text: f.text.replace('minutes: 5', 'minutes: five') } : f));
    const [first] = parseContent(broken).diagnostics;
    assert.ok(first, 'the broken step gives a diagnostic');
    assert.equal(first.file, fromElsewhere.find((f) => f.name === 'steps/010-pool.md')!.file);
  });
});

describe('content mistakes are diagnostics with file:line:column, rule and hint', () => {
  const cases: { name: string; file: string; edit: (t: string) => string; rule: string; at: (t: string) => number; includes: string }[] = [
    {
      name: 'an unknown placeholder in a command',
      file: 'c/steps/010-pool.md',
      edit: (t) => t.replace('-Registrar {{skype.poolFqdn}}', '-Registrar {{skype.poolFdqn}}'),
      rule: 'content/unknown-placeholder',
      at: (t) => lineOf(t, '-Registrar'),
      includes: 'did you mean `skype.poolFqdn`?',
    },
    {
      name: 'an unknown placeholder in prose',
      file: 'c/sections/10-intro.md',
      edit: (t) => t.replace('The pool {{skype.poolFqdn}}', 'The pool {{pool}}'),
      rule: 'content/unknown-placeholder',
      at: (t) => lineOf(t, 'The pool'),
      includes: 'Unknown placeholder `{{pool}}`',
    },
    {
      name: 'an unknown condition key',
      file: 'c/steps/010-pool.md',
      edit: (t) => t.replace('  um.placement: separate', '  um.placment: separate'),
      rule: 'content/unknown-condition-key',
      at: (t) => lineOf(t, 'um.placment'),
      includes: 'did you mean `um.placement`?',
    },
    {
      name: 'an unknown condition value in a block attribute',
      file: 'c/sections/10-intro.md',
      edit: (t) => t.replace(':::note{when="exchange.version=2010"}\nSeulement', ':::note{when="exchange.version=2019"}\nSeulement'),
      rule: 'content/unknown-condition-value',
      at: (t) => lineOf(t, 'exchange.version=2019'),
      includes: 'Unknown value `2019`',
    },
    {
      name: 'a duplicate step id',
      file: 'c/steps/020-vdir.md',
      edit: (t) => t.replace('id: vdir', 'id: pool'),
      rule: 'content/duplicate-id',
      at: () => 1,
      includes: 'already used',
    },
    {
      name: 'a missing translation',
      file: 'c/steps/010-pool.md',
      edit: (t) => t.replace(/::::en[\s\S]*?::::\n/, ''),
      rule: 'content/missing-translation',
      at: (t) => lineOf(t, '::::fr'),
      includes: 'no English text',
    },
    {
      name: 'a callout translated into one language only',
      file: 'c/steps/020-vdir.md',
      edit: (t) => t.replace(':::impact\nNothing.\n:::\n', ''),
      rule: 'content/missing-translation',
      at: (t) => lineOf(t, '::::en'),
      includes: 'into English',
    },
    {
      name: 'a step that changes state without rollback',
      file: 'c/steps/010-pool.md',
      edit: (t) => t.replace(/```powershell rollback[\s\S]*?```\n/, ''),
      rule: 'content/missing-rollback',
      at: () => 1,
      includes: 'changes state but has no rollback',
    },
    {
      name: 'a placeholder inside a double-quoted PowerShell string',
      file: 'c/steps/010-pool.md',
      edit: (t) => t.replace('-Site {{skype.siteId}}', '-Site "{{skype.siteId}}"'),
      rule: 'content/placeholder-in-double-quotes',
      at: (t) => lineOf(t, '-Site "'),
      includes: 'double-quoted',
    },
    {
      name: 'free text in a command',
      file: 'c/steps/010-pool.md',
      edit: (t) => t.replace('-RequiresReplication $False', '-RequiresReplication $False # {{change.title}}'),
      rule: 'content/prose-only-placeholder',
      at: (t) => lineOf(t, '{{change.title}}'),
      includes: 'prose only',
    },
    {
      name: 'an unknown frontmatter key',
      file: 'c/steps/010-pool.md',
      edit: (t) => t.replace('minutes: 5', 'minutes: 5\nrunson: skype-frontend'),
      rule: 'content/unknown-key',
      at: (t) => lineOf(t, 'runson:'),
      includes: 'did you mean `runsOn`?',
    },
    {
      name: 'an unknown code role',
      file: 'c/steps/010-pool.md',
      edit: (t) => t.replace('```powershell check', '```powershell chek'),
      rule: 'content/unknown-code-role',
      at: (t) => lineOf(t, '```powershell chek'),
      includes: 'did you mean `check`',
    },
    {
      name: 'an unknown callout',
      file: 'c/steps/020-vdir.md',
      edit: (t) => t.replace(':::impact\nRien.', ':::warnign\nRien.'),
      rule: 'content/unknown-directive',
      at: (t) => lineOf(t, ':::warnign'),
      includes: 'did you mean `warning`',
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const files = await withFile(c.file, c.edit);
      const text = files.find((f) => f.file === c.file)!.text;
      const { diagnostics } = parseContent(files);
      const printed = diagnostics.map(formatDiagnostic).join('\n');
      const d = diagnostics.find((x) => x.rule === c.rule);
      assert.ok(d, `expected ${c.rule} in:\n${printed}`);
      assert.equal(d.file, c.file);
      assert.equal(d.line, c.at(text), printed);
      assert.ok(d.column >= 1);
      assert.ok(d.hint, 'a hint says what to do');
      assert.ok(formatDiagnostic(d).includes(c.includes), formatDiagnostic(d));
    });
  }

  it('collects every mistake across files and reports them together', async () => {
    let files = await withFile('c/steps/010-pool.md', (t) => t.replace('{{skype.poolFqdn}}', '{{nope}}').replace('um.placement: separate', 'um.placement: elsewhere'));
    files = files.map((f) => (f.file === 'c/steps/020-vdir.md' ? { ...f, text: f.text.replace('::::fr', '::::de') } : f));
    const { diagnostics } = parseContent(files);
    const rules = new Set(diagnostics.map((d) => `${d.file} ${d.rule}`));
    assert.ok(rules.has('c/steps/010-pool.md content/unknown-placeholder'));
    assert.ok(rules.has('c/steps/010-pool.md content/unknown-condition-value'));
    assert.ok(rules.has('c/steps/020-vdir.md content/unknown-directive'));
    assert.ok(rules.has('c/steps/020-vdir.md content/missing-translation'));
  });
});
