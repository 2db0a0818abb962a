/**
 * `runbook diff`: two build folders made for it (change-request.json and SHA256SUMS per profile,
 * written by changeRequest on two variants of the profiles and content), compared per profile:
 * a changed port, an added step and a changed script hash are reported, as data and as Markdown
 * in both languages.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Diagnostic } from '../src/diagnostics.js';
import { PROFILE_SCHEMA, readContent } from '../src/load/files.js';
import { parseProfile } from '../src/load/profile.js';
import { compileSchema } from '../src/load/yaml.js';
import { parseContent } from '../src/model/parse-content.js';
import type { Procedure } from '../src/model/types.js';
import { diffBuilds, lineDiff, renderDiffMarkdown, DIFF_LABELS, type BuildDiff } from '../src/diff/index.js';
import { changeRequest, formatChangeRequest } from '../src/render/cab/index.js';
import { resolve } from '../src/resolve/resolve.js';
import { formatSums, sha256Hex } from '../src/verify/sha256sums.js';
import { CONTENT, ROOT, copyContent, tempDir, labelShape, labelStrings } from './helpers.js';

const validate = compileSchema(JSON.parse(await readFile(PROFILE_SCHEMA, 'utf8')));
const ADDED_STEP = join(ROOT, 'test', 'fixtures', 'diff', '095-sfb-known-server.md');

async function procedureFrom(dir: string): Promise<Procedure> {
  const parsed = parseContent(await readContent(dir, ROOT));
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  return parsed.procedure!;
}

/** Writes `<dir>/<id>/change-request.json` and `<dir>/<id>/SHA256SUMS` for a profile, with the given script texts. */
async function writeBuild(dir: string, procedure: Procedure, file: string, profileText: string, scripts: Record<string, string>): Promise<void> {
  const diagnostics: Diagnostic[] = [];
  const profile = parseProfile({ file, text: profileText }, validate, diagnostics)!;
  assert.deepEqual(diagnostics, []);
  const { runbook } = resolve(procedure, profile);
  const artefacts = Object.entries(scripts).map(([path, text]) => ({ path, sha256: sha256Hex(text) }));
  const { changeRequest: cr } = changeRequest(runbook!, { artefacts, signer: { subject: 'CN=Runbook Test Signer', thumbprint: 'AB'.repeat(20) }, strict: false });
  const json = formatChangeRequest(cr);
  const folder = join(dir, profile.id);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'change-request.json'), json);
  await writeFile(join(folder, 'SHA256SUMS'), formatSums([...artefacts, { path: 'change-request.json', sha256: sha256Hex(json) }]));
}

const SCRIPTS = { 'scripts/00-preflight.ps1': 'preflight v1', 'scripts/01-skype-frontend.ps1': 'frontend v1', 'scripts/99-verify.ps1': 'verify v1' };

let oldDir: string;
let newDir: string;
let diff: BuildDiff;

before(async () => {
  const atl = await readFile(join(CONTENT, 'profiles', 'atl-prod.yaml'), 'utf8');
  const dub = await readFile(join(CONTENT, 'profiles', 'dub-disable.yaml'), 'utf8');
  const approved = await procedureFrom(CONTENT);
  // The new content: one step more.
  const newContent = await copyContent(CONTENT);
  await copyFile(ADDED_STEP, join(newContent, 'steps', '095-sfb-known-server.md'));
  const current = await procedureFrom(newContent);

  oldDir = await tempDir('runbook-diff-old-');
  newDir = await tempDir('runbook-diff-new-');
  await writeBuild(oldDir, approved, 'content/profiles/atl-prod.yaml', atl, SCRIPTS);
  await writeBuild(oldDir, approved, 'content/profiles/dub-disable.yaml', dub, SCRIPTS);
  // The new build: another port, the new step, and one script changed.
  await writeBuild(newDir, current, 'content/profiles/atl-prod.yaml', atl.replace('port: 5199', 'port: 5200'), { ...SCRIPTS, 'scripts/01-skype-frontend.ps1': 'frontend v2' });
  await writeBuild(newDir, approved, 'content/profiles/dub-disable.yaml', dub, SCRIPTS);
  diff = await diffBuilds(oldDir, newDir, ROOT);
});

describe('diffBuilds', () => {
  it('reports the changed profile and leaves the other unchanged', () => {
    assert.equal(diff.changed, true);
    assert.deepEqual(diff.problems, []);
    assert.deepEqual(diff.profiles.map((p) => [p.id, p.status]), [['atl-prod', 'changed'], ['dub-disable', 'unchanged']]);
  });

  it('reports the changed port as a value and in the commands that use it', () => {
    const atl = diff.profiles.find((p) => p.id === 'atl-prod')!;
    assert.deepEqual(atl.values, [{ field: 'owa.port', old: 5199, new: 5200 }]);
    const app = atl.steps.changed.find((s) => s.id === 'sfb-trusted-application');
    assert.ok(app, 'the step that uses the port changed');
    const apply = app.commands.find((c) => c.role === 'apply')!;
    assert.match(apply.old!, /-Port 5199$/m);
    assert.match(apply.new!, /-Port 5200$/m);
    assert.equal(apply.server, 'atl-fe-001.litwareinc.com');
    assert.deepEqual(app.fields, [], 'nothing else changed in that step');
  });

  it('reports the added step', () => {
    const atl = diff.profiles.find((p) => p.id === 'atl-prod')!;
    assert.deepEqual(atl.steps.added.map((s) => [s.id, s.phase, s.servers]), [['sfb-known-server', 'change', ['atl-fe-001.litwareinc.com']]]);
    assert.deepEqual(atl.steps.removed, []);
    assert.ok(atl.change.some((c) => c.field === 'durations.total' && c.new === (c.old as number) + 2), 'the run is 2 minutes longer');
    assert.ok(atl.change.some((c) => c.field === 'procedure.contentSha256'), 'the content changed');
    assert.ok(atl.change.some((c) => c.field === 'profile.sha256'), 'the profile changed');
  });

  it('reports the changed script hash, scripts first', () => {
    const atl = diff.profiles.find((p) => p.id === 'atl-prod')!;
    assert.deepEqual(atl.files[0], { path: 'scripts/01-skype-frontend.ps1', old: sha256Hex('frontend v1'), new: sha256Hex('frontend v2'), script: true });
    assert.deepEqual(atl.files.filter((f) => f.script).map((f) => f.path), ['scripts/01-skype-frontend.ps1']);
    assert.ok(atl.files.some((f) => f.path === 'change-request.json' && !f.script), 'the change request itself changed');
  });

  it('is plain data: JSON round-trips', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(diff)), diff);
  });

  it('reports a profile added or removed, and a change request it cannot read', async () => {
    const partial = await tempDir('runbook-diff-partial-');
    await writeBuild(partial, await procedureFrom(CONTENT), 'content/profiles/atl-prod.yaml', await readFile(join(CONTENT, 'profiles', 'atl-prod.yaml'), 'utf8'), SCRIPTS);
    const removed = await diffBuilds(oldDir, partial, ROOT);
    assert.deepEqual(removed.profiles.map((p) => [p.id, p.status]), [['atl-prod', 'unchanged'], ['dub-disable', 'removed']]);
    const added = await diffBuilds(partial, oldDir, ROOT);
    assert.equal(added.profiles.find((p) => p.id === 'dub-disable')!.status, 'added');

    await writeFile(join(partial, 'atl-prod', 'change-request.json'), '{"schemaVersion": 99}');
    const unreadable = await diffBuilds(oldDir, partial, ROOT);
    const atl = unreadable.profiles.find((p) => p.id === 'atl-prod')!;
    assert.match(atl.problems.join('\n'), /^new: atl-prod\/change-request\.json does not match its schema/m);
    assert.equal(atl.status, 'unchanged', 'the hashes (from SHA256SUMS) still compare, the steps and values are not compared');
    assert.deepEqual(atl.values, []);
  });

  it('compares one profile folder with another', async () => {
    const one = await diffBuilds(join(oldDir, 'atl-prod'), join(newDir, 'atl-prod'), ROOT);
    assert.deepEqual(one.profiles.map((p) => [p.id, p.status]), [['atl-prod', 'changed']]);
  });

  it('refuses a folder that does not exist', async () => {
    await assert.rejects(diffBuilds(join(oldDir, 'nope'), newDir, ROOT), /No such build folder/);
  });
});

describe('renderDiffMarkdown', () => {
  for (const lang of ['en', 'fr'] as const) {
    it(`${lang}: shows the port, the added step and the script hash`, () => {
      const md = renderDiffMarkdown(diff, lang);
      const labels = DIFF_LABELS[lang];
      assert.ok(md.startsWith(`# ${labels.title}`), 'title');
      for (const needle of [
        `## \`atl-prod\` — ${labels.status.changed}`,
        `## \`dub-disable\` — ${labels.status.unchanged}`,
        `### ${labels.stepsAdded}`,
        '`sfb-known-server`',
        `### ${labels.values}`,
        '| `owa.port` | `5199` | `5200` |',
        '- New-CsTrustedApplication -ApplicationId \'OutlookWebApp\' -TrustedApplicationPoolFqdn \'atl-owa-001.litwareinc.com\' -Port 5199',
        '+ New-CsTrustedApplication -ApplicationId \'OutlookWebApp\' -TrustedApplicationPoolFqdn \'atl-owa-001.litwareinc.com\' -Port 5200',
        `| \`scripts/01-skype-frontend.ps1\` | ${labels.script}`,
        `\`${sha256Hex('frontend v1')}\``,
        `\`${sha256Hex('frontend v2')}\``,
      ]) {
        assert.ok(md.replace(/ {2,}/g, ' ').includes(needle.replace(/ {2,}/g, ' ')), `${lang}: ${needle}`);
      }
      assert.ok(md.includes('```diff'), 'commands as a diff');
    });
  }

  it('says so when nothing changed', async () => {
    const same = await diffBuilds(oldDir, oldDir, ROOT);
    assert.equal(same.changed, false);
    assert.match(renderDiffMarkdown(same, 'en'), /## Summary\n\nNo change\./);
  });
});

describe('lineDiff', () => {
  it('keeps common lines and marks removed then added ones', () => {
    assert.deepEqual(lineDiff('a\nb\nc', 'a\nB\nc\nd'), ['  a', '- b', '+ B', '  c', '+ d']);
  });
});

describe('labels', () => {
  it('French and English have the same labels, none empty', () => {
    assert.deepEqual(labelShape(DIFF_LABELS.fr), labelShape(DIFF_LABELS.en));
    for (const lang of ['fr', 'en'] as const) for (const s of labelStrings(DIFF_LABELS[lang])) assert.ok(s.trim().length > 0, lang);
  });
});
