/**
 * The change request: its facts come from the model and the profile (servers, durations, risk,
 * rollback, hashes, signer), it validates against its published JSON Schema, the window check
 * fires when run and rollback do not fit, and the Markdown says the same in both languages with
 * every profile value escaped by the serializer.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Diagnostic } from '../src/diagnostics.js';
import { parseProfile } from '../src/load/profile.js';
import { compileSchema } from '../src/load/yaml.js';
import type { Profile } from '../src/model/profile.js';
import { LANGS, type Procedure } from '../src/model/types.js';
import { changeRequest, formatChangeRequest, renderChangeRequestMarkdown, CAB_LABELS, type ChangeRequest, type SummaryFacts } from '../src/render/cab/index.js';
import { resolve, serversFor, type ResolvedRunbook } from '../src/resolve/resolve.js';
import { ROOT, GOOD_PROFILE, loadExamples, labelShape, labelStrings } from './helpers.js';

const { procedure, examples, validateProfile } = await loadExamples();
const validateCr = compileSchema(JSON.parse(await readFile(join(ROOT, 'content', 'schema', 'change-request.schema.json'), 'utf8')));

const ARTEFACTS = [
  { path: 'scripts/01-skype-frontend.ps1', sha256: '1'.repeat(64) },
  { path: 'scripts/00-preflight.ps1', sha256: 'AB'.repeat(32) },
];
const SIGNER = { subject: 'CN=Runbook Test Signer, O=Exemple SARL, C=FR', thumbprint: '4abf2ddbc2701f7bee9fb444735786554a1e4e42' };


function profileFrom(text: string, file = 'test-profile.yaml'): Profile {
  const diagnostics: Diagnostic[] = [];
  const p = parseProfile({ file, text }, validateProfile, diagnostics);
  assert.deepEqual(diagnostics, []);
  return p!;
}

function runbookOf(profile: Profile, proc = procedure): ResolvedRunbook {
  const { runbook, diagnostics } = resolve(proc, profile);
  assert.deepEqual(diagnostics, []);
  return runbook!;
}

function cr(profile: Profile, strict = false, proc = procedure) {
  return changeRequest(runbookOf(profile, proc), { artefacts: ARTEFACTS, signer: SIGNER, strict });
}

function example(id: string): Profile {
  const p = examples.get(id);
  assert.ok(p, id);
  return p;
}

function parse(markdown: string): Root {
  return unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
}

function all(tree: Root, type: string): RootContent[] {
  const out: RootContent[] = [];
  const walk = (node: { type: string; children?: unknown[] }) => {
    if (node.type === type) out.push(node as RootContent);
    (node.children as { type: string }[] | undefined)?.forEach(walk);
  };
  walk(tree);
  return out;
}

describe('change-request.json', () => {
  it('validates against content/schema/change-request.schema.json for every example profile', () => {
    for (const profile of examples.values()) {
      const { changeRequest: data } = cr(profile);
      const roundTripped = JSON.parse(formatChangeRequest(data)) as unknown;
      assert.ok(validateCr(roundTripped), `${profile.id}: ${JSON.stringify(validateCr.errors)}`);
    }
  });

  it('also validates without artefacts and without a signer', () => {
    const { changeRequest: data } = changeRequest(runbookOf(example('dub-disable')), { artefacts: [], strict: false });
    assert.equal(data.signer, null);
    assert.ok(validateCr(JSON.parse(formatChangeRequest(data))), JSON.stringify(validateCr.errors));
  });

  it('the schema refuses a change request that lost its facts or carries a wrong hash', () => {
    const { changeRequest: data } = cr(example('atl-prod'));
    const broken = JSON.parse(formatChangeRequest(data)) as Record<string, unknown>;
    delete broken.risk;
    assert.equal(validateCr(broken), false);
    const badHash = JSON.parse(formatChangeRequest(data)) as ChangeRequest;
    badHash.artefacts[0]!.sha256 = 'not-a-hash';
    assert.equal(validateCr(badHash), false);
    const extra = { ...(JSON.parse(formatChangeRequest(data)) as object), typedRisk: 'low' };
    assert.equal(validateCr(extra), false, 'no field outside the schema');
  });

  it('is the same bytes for the same inputs', () => {
    assert.equal(formatChangeRequest(cr(example('atl-prod')).changeRequest), formatChangeRequest(cr(example('atl-prod')).changeRequest));
  });
});

describe('the facts of atl-prod', () => {
  let data: ChangeRequest;
  let runbook: ResolvedRunbook;
  before(() => {
    runbook = runbookOf(example('atl-prod'));
    const result = cr(example('atl-prod'));
    data = result.changeRequest;
    assert.deepEqual(result.diagnostics, []);
  });

  it('carries the change record and the window length from the profile', () => {
    assert.deepEqual(data.change, {
      id: 'CHG0012345',
      title: 'Enable IM and presence in Outlook Web App',
      owner: 'Messaging team',
      window: { start: '2026-12-05T22:00:00+01:00', end: '2026-12-06T02:00:00+01:00', minutes: 240 },
    });
    assert.equal(data.profile.id, 'atl-prod');
    assert.equal(data.profile.sha256, example('atl-prod').hash);
    assert.equal(data.procedure.contentSha256, procedure.contentHash);
  });

  it('lists the affected systems per role with the profile’s servers', () => {
    const profile = example('atl-prod');
    for (const a of data.affectedSystems) {
      assert.deepEqual(a.servers, serversFor(profile, a.role).filter(Boolean), a.role);
    }
    const byRole = Object.fromEntries(data.affectedSystems.map((a) => [a.role, a]));
    assert.deepEqual(byRole['skype-frontend']!.servers, ['atl-fe-001.litwareinc.com']);
    assert.deepEqual(byRole['exchange-mailbox']!.servers, ['atl-mbx-001.litwareinc.com', 'atl-mbx-002.litwareinc.com']);
    assert.deepEqual(byRole['skype-frontend']!.changes, ['sfb-trusted-app-pool', 'sfb-trusted-application', 'sfb-enable-topology']);
  });

  it('has the durations of the runbook: each phase, the total, the rollback, and checks them against the window', () => {
    const sumOf = (steps: ChangeRequest['implementation']) => steps.reduce((n, s) => n + s.runs.reduce((m, r) => m + r.minutes, 0), 0);
    assert.equal(data.durations.total, runbook.minutes.implementation);
    assert.equal(data.durations.rollback, runbook.minutes.rollback);
    assert.equal(data.durations.preflight, sumOf(data.prerequisites));
    assert.equal(data.durations.implementation, sumOf(data.implementation));
    assert.equal(data.durations.verification, sumOf(data.verification));
    assert.equal(data.durations.preflight + data.durations.implementation + data.durations.verification, data.durations.total);
    assert.deepEqual([data.durations.total, data.durations.rollback, data.durations.needed, data.durations.window, data.durations.fits, data.durations.margin], [78, 49, 127, 240, true, 113]);
    assert.equal(data.backout.minutes, 49);
  });

  it('has every change step of the runbook, with its runs, step numbers and filled commands', () => {
    const changeRuns = runbook.phases.find((p) => p.phase === 'change')!.groups.flatMap((g) => g.steps);
    const runs = data.implementation.flatMap((s) => s.runs.map((r) => [s.id, r.number, r.server] as const));
    assert.deepEqual(
      runs.sort((a, b) => a[1] - b[1]),
      changeRuns.map((r) => [r.step.id, r.number, r.server] as const),
    );
    const app = data.implementation.find((s) => s.id === 'sfb-trusted-application')!;
    assert.ok(app.runs[0]!.commands.some((c) => c.role === 'apply' && c.value.includes("-TrustedApplicationPoolFqdn 'atl-owa-001.litwareinc.com' -Port 5199")), 'the apply command with the port');
    assert.equal(data.values['owa.port'], 5199);
    assert.deepEqual(data.values['exchange.mailboxServers'], ['atl-mbx-001.litwareinc.com', 'atl-mbx-002.litwareinc.com']);
  });

  it('derives the risk level from the steps, and carries the impact and the hold point', () => {
    assert.equal(data.risk.level, 'medium');
    const expected = [...new Set(runbook.phases.flatMap((p) => p.groups.flatMap((g) => g.steps)).filter((r) => r.step.risk === 'medium').map((r) => r.step.id))];
    assert.deepEqual(data.risk.steps, expected);
    const recycle = data.implementation.find((s) => s.id === 'owa-apppool-recycle')!;
    assert.match(recycle.impact!.en, /interrupts Outlook Web App/);
    assert.match(recycle.impact!.fr, /interrompt brièvement Outlook Web App/);
    const topology = data.implementation.find((s) => s.id === 'sfb-enable-topology')!;
    assert.equal(topology.holdPoint, true);
    assert.match(topology.notes[0]!.en, /enables the whole Skype for Business Server topology/);
    assert.match(data.summary.en, /publishes the Skype for Business Server topology/);
    assert.match(data.summary.en, /2 servers/);
  });

  it('backs out in reverse order, with no point of no return', () => {
    const undone = data.backout.steps.map((b) => b.undoes);
    assert.deepEqual(undone, runbook.rollback.map((r) => r.number));
    assert.deepEqual(undone, [...undone].sort((a, b) => b - a));
    assert.deepEqual(data.backout.steps.map((b) => b.number), undone.map((_, i) => i + 1));
    assert.equal(data.backout.pointOfNoReturn, null);
    assert.equal(data.backout.steps.find((b) => b.id === 'sip-uri-dial-plans')!.manual, true, 'a manual step is undone by hand');
    assert.ok(data.backout.steps.find((b) => b.id === 'sfb-trusted-app-pool')!.commands[0]!.value.includes("Remove-CsTrustedApplicationPool -Identity 'atl-owa-001.litwareinc.com'"), 'the rollback command');
  });

  it('lists the artefacts with their SHA-256 (sorted, lower case) and the signer (thumbprint upper case)', () => {
    assert.deepEqual(data.artefacts, [
      { path: 'scripts/00-preflight.ps1', sha256: 'ab'.repeat(32) },
      { path: 'scripts/01-skype-frontend.ps1', sha256: '1'.repeat(64) },
    ]);
    assert.deepEqual(data.signer, { subject: SIGNER.subject, thumbprint: SIGNER.thumbprint.toUpperCase() });
  });
});

describe('the board paragraph', () => {
  it('names the mailbox policies only where a step configures them', () => {
    assert.match(cr(example('ber-prod')).changeRequest.summary.en, /the users of the mailbox policies Default and Executives/);
    assert.match(cr(example('atl-prod')).changeRequest.summary.en, /: all Outlook Web App users see/);
    const e2010 = cr(example('par-colo')).changeRequest.summary;
    assert.doesNotMatch(e2010.en + e2010.fr, /Default/, 'Exchange 2010 configures no mailbox policy');
    assert.match(e2010.en, /unified contact store, high-resolution photos/);
    assert.match(e2010.fr, /Aucun pool d’applications approuvées n’est créé/);
  });
});

describe('the risk level is derived', () => {
  it('is low when every step is low (dub-disable)', () => {
    const { changeRequest: data } = cr(example('dub-disable'));
    assert.equal(data.risk.level, 'low');
    assert.deepEqual(data.risk.steps, []);
    assert.match(data.summary.en, /turns off instant messaging/);
  });

  it('is high, with a point of no return in the backout plan, when a step is a point of no return', () => {
    const changed: Procedure = { ...procedure, steps: procedure.steps.map((s) => (s.id === 'sfb-enable-topology' ? { ...s, pointOfNoReturn: true } : s)) };
    const { changeRequest: data } = cr(example('atl-prod'), false, changed);
    assert.equal(data.risk.level, 'high');
    assert.deepEqual(data.risk.steps, ['sfb-enable-topology']);
    assert.equal(data.backout.pointOfNoReturn?.id, 'sfb-enable-topology');
    assert.equal(data.backout.pointOfNoReturn?.number, 9);
    const md = renderChangeRequestMarkdown(data, 'en');
    assert.match(md, /Point of no return: once step 9 \(Publish the Skype for Business Server topology\) has run/);
    assert.match(md, /\*\*Risk level: high\*\*, because of the steps `sfb-enable-topology`\./);
  });
});

describe('the window check', () => {
  const short = GOOD_PROFILE.replace('end: 2026-12-06T02:00:00+01:00', 'end: 2026-12-05T22:30:00+01:00');

  it('warns when run and rollback do not fit in the window', () => {
    const { changeRequest: data, diagnostics } = cr(profileFrom(short, 'short-window.yaml'));
    assert.equal(data.durations.window, 30);
    assert.equal(data.durations.fits, false);
    assert.ok(data.durations.margin < 0, 'negative margin');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.rule, 'cab/window-too-short');
    assert.equal(diagnostics[0]!.severity, 'warning');
    assert.equal(diagnostics[0]!.file, 'short-window.yaml');
    assert.match(diagnostics[0]!.message, new RegExp(`needs ${data.durations.needed} min \\(${data.durations.total} min to run, ${data.durations.rollback} min to roll back\\) but its window is 30 min`));
    assert.match(renderChangeRequestMarkdown(data, 'en'), /do not fit in the 30-min window/);
    assert.match(renderChangeRequestMarkdown(data, 'fr'), /ne tiennent pas dans la fenêtre de 30 min/);
  });

  it('is an error with strict', () => {
    const { diagnostics } = cr(profileFrom(short, 'short-window.yaml'), true);
    assert.equal(diagnostics[0]!.severity, 'error');
  });

  it('is silent when it fits exactly', () => {
    const needed = cr(profileFrom(GOOD_PROFILE)).changeRequest.durations.needed;
    const end = new Date(Date.parse('2026-12-05T21:00:00Z') + needed * 60000).toISOString().replace('.000Z', 'Z');
    const exact = GOOD_PROFILE.replace('window: { start: 2026-12-05T22:00:00+01:00, end: 2026-12-06T02:00:00+01:00 }', `window: { start: 2026-12-05T21:00:00Z, end: ${end} }`);
    const { changeRequest: data, diagnostics } = cr(profileFrom(exact), true);
    assert.equal(data.durations.margin, 0);
    assert.deepEqual(diagnostics, []);
  });

  it('fits for every example profile', () => {
    for (const profile of examples.values()) assert.deepEqual(cr(profile, true).diagnostics, [], profile.id);
  });
});

describe('change-request.<lang>.md', () => {
  it('states the facts a board needs (atl-prod, English)', () => {
    const md = renderChangeRequestMarkdown(cr(example('atl-prod')).changeRequest, 'en');
    for (const expected of [
      '# Change request CHG0012345 — Enable IM and presence in Outlook Web App',
      '| Owner       | Messaging team',
      '2026-12-05T22:00:00+01:00 – 2026-12-06T02:00:00+01:00 (240 min)',
      '## What changes and why',
      '## Affected systems',
      'atl-cas-001.litwareinc.com, atl-cas-002.litwareinc.com',
      '## Prerequisites',
      '## Risk and user impact',
      '## Implementation plan',
      '**53 min**',
      '## Backout plan',
      'A full rollback takes 49 min.',
      '## Verification plan',
      '## Artefacts',
      '`abababababababababababababababababababababababababababababababab`',
      '`4ABF2DDBC2701F7BEE9FB444735786554A1E4E42`',
      'CN=Runbook Test Signer, O=Exemple SARL, C=FR',
      'Run and rollback (127 min) fit in the 240-min window, with 113 min to spare.',
    ]) {
      assert.ok(md.includes(expected), `missing: ${expected}`);
    }
    const tree = parse(md);
    const tables = all(tree, 'table');
    assert.ok(tables.length >= 7, 'GFM tables');
  });

  it('carries the same step ids, hashes and values in French and English', () => {
    for (const id of ['atl-prod', 'par-colo', 'dub-disable']) {
      const data = cr(example(id)).changeRequest;
      const codes = Object.fromEntries(LANGS.map((l) => [l, all(parse(renderChangeRequestMarkdown(data, l)), 'inlineCode').map((n) => toString(n)).sort()]));
      assert.deepEqual(codes.fr, codes.en, id);
      const headings = Object.fromEntries(LANGS.map((l) => [l, all(parse(renderChangeRequestMarkdown(data, l)), 'heading').length]));
      assert.equal(headings.fr, headings.en, id);
      const rows = Object.fromEntries(LANGS.map((l) => [l, all(parse(renderChangeRequestMarkdown(data, l)), 'tableRow').length]));
      assert.equal(rows.fr, rows.en, id);
    }
  });

  it('escapes profile values through the serializer', () => {
    const hostile = GOOD_PROFILE.replace('title: Test production', 'title: "Prod *bold* | pipe <b>html</b> [link](http://evil.example) `tick`"')
      .replace('owner: Team', 'owner: "Team_with_underscores_ & <script>alert(1)</script>"')
      .replace('title: Enable IM', 'title: "# not a heading | ![img](x.png)"');
    const profile = profileFrom(hostile);
    for (const lang of LANGS) {
      const md = renderChangeRequestMarkdown(cr(profile).changeRequest, lang);
      const tree = parse(md);
      assert.equal(all(tree, 'html').length, 0, 'no raw HTML');
      // GFM turns a bare URL into a link showing that same URL (a visible address, never a hidden target).
      for (const link of all(tree, 'link') as { url: string }[]) assert.equal(toString(link as RootContent), link.url, 'no link with hidden target');
      assert.equal(all(tree, 'image').length, 0, 'no image');
      assert.equal(all(tree, 'emphasis').length, 0, 'no emphasis from a value');
      const textContent = toString(tree);
      assert.ok(textContent.includes('Prod *bold* | pipe <b>html</b> [link](http://evil.example) `tick`'), 'the title reads back as text');
      assert.ok(textContent.includes('Team_with_underscores_ & <script>alert(1)</script>'), 'the owner reads back as text');
      assert.ok(textContent.includes('# not a heading | ![img](x.png)'), 'the change title reads back as text');
      assert.equal(all(tree, 'heading').filter((h) => toString(h) === 'not a heading | ![img](x.png)').length, 0);
    }
  });

  it('is rendered from the data alone: the same JSON gives the same Markdown', () => {
    const data = cr(example('ber-prod')).changeRequest;
    const copy = JSON.parse(formatChangeRequest(data)) as ChangeRequest;
    for (const lang of LANGS) assert.equal(renderChangeRequestMarkdown(copy, lang), renderChangeRequestMarkdown(data, lang));
  });
});

describe('labels', () => {
  it('French and English have the same labels, none empty', () => {
    assert.deepEqual(labelShape(CAB_LABELS.fr), labelShape(CAB_LABELS.en));
    for (const lang of LANGS) for (const s of labelStrings(CAB_LABELS[lang])) assert.ok(s.trim().length > 0, lang);
  });

  it('the board paragraph exists in both languages for every branch', () => {
    for (const action of ['enable', 'disable'] as const)
      for (const version of ['2016', '2013', '2010'] as const)
        for (const placement of ['colocated', 'separate'] as const)
          for (const policies of ['all', ['Default', 'Sales'], null] as const) {
            const facts: SummaryFacts = { environment: 'Env', action, version, placement, policies, pool: 'pool.example.com', exchangeServers: 2, clientAccessServers: 1, frontEndServers: 1, impactServers: 2, publishesTopology: placement === 'separate' };
            for (const lang of LANGS) {
              const text = CAB_LABELS[lang].summary(facts);
              assert.ok(text.length > 100, `${lang} ${action} ${version} ${placement}`);
              if (action === 'enable') assert.ok(text.includes('pool.example.com'), 'the pool');
              if (action === 'enable' && Array.isArray(policies)) assert.ok(text.includes('Default') && text.includes('Sales'), 'the policies');
            }
          }
  });
});
