/**
 * The facts inside the rendered runbooks of the bundled content: each branch gets its commands
 * with the profile's values, and nothing of the branches it does not take.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../src/diagnostics.js';
import { parseProfile } from '../src/load/profile.js';
import { matches } from '../src/model/condition.js';
import type { Profile } from '../src/model/profile.js';
import type { Lang } from '../src/model/types.js';
import { renderMarkdown } from '../src/render/markdown/runbook.js';
import { resolve } from '../src/resolve/resolve.js';
import { combinationText, loadExamples } from './helpers.js';

const { procedure, examples, validateProfile: validate } = await loadExamples();


function render(profile: Profile, lang: Lang = 'en'): string {
  const { runbook, diagnostics } = resolve(procedure, profile);
  assert.deepEqual(diagnostics, [], `${profile.id} resolves`);
  return renderMarkdown(runbook!, lang);
}

function example(id: string, lang: Lang = 'en'): string {
  const p = examples.get(id);
  assert.ok(p, `example profile ${id}`);
  return render(p, lang);
}

/** The fenced code blocks of a Markdown text, in order. */
function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^(`{3,})[^\n]*\n([\s\S]*?)\n\1$/gm)].map((m) => m[2]!);
}

function commands(markdown: string): string {
  return codeBlocks(markdown).join('\n');
}

/** A synthetic profile for any combination of branches. */
function combination(version: 2016 | 2013 | 2010, placement: 'colocated' | 'separate', action: 'enable' | 'disable', policies: 'all' | 'named'): Profile {
  const text = combinationText(version, placement, action, policies);
  const diagnostics: Diagnostic[] = [];
  const p = parseProfile({ file: `combo-${version}-${placement}-${action}-${policies}.yaml`, text }, validate, diagnostics);
  assert.deepEqual(diagnostics, []);
  return p!;
}

const COMBINATIONS = ([2016, 2013, 2010] as const).flatMap((v) =>
  (['colocated', 'separate'] as const).flatMap((u) => (['enable', 'disable'] as const).flatMap((a) => (['all', 'named'] as const).map((p) => [v, u, a, p] as const))),
);

describe('every branch combination', () => {
  for (const [v, u, a, p] of COMBINATIONS) {
    it(`Exchange ${v}, UM ${u}, IM ${a}, policies ${p}: exactly the steps of its branches, in both languages`, () => {
      const profile = combination(v, u, a, p);
      for (const lang of ['fr', 'en'] as const) {
        const md = render(profile, lang);
        for (const step of procedure.steps) {
          const shown = md.includes(`\`${step.id}\``);
          assert.equal(shown, matches(step.when, profile.branches), `${lang}: step ${step.id} ${shown ? 'leaks into' : 'is missing from'} ${profile.file}`);
        }
        assert.doesNotMatch(md, /\{\{/, 'no placeholder is left unfilled');
      }
    });
  }

  it('every step belongs to at least one combination', () => {
    for (const step of procedure.steps) {
      assert.ok(COMBINATIONS.some(([v, u, a, p]) => matches(step.when, combination(v, u, a, p).branches)), step.id);
    }
  });
});

describe('Exchange 2013, UM on separate computers (atl-prod)', () => {
  it('creates the trusted application pool with its FQDN, registrar and site', () => {
    assert.ok(commands(example('atl-prod')).includes("New-CsTrustedApplicationPool -Identity 'atl-owa-001.litwareinc.com' -Registrar 'atl-cs-001.litwareinc.com' -Site 'Redmond' -RequiresReplication $False"));
  });
  it('creates the trusted application with its id and port, then publishes the topology', () => {
    const c = commands(example('atl-prod'));
    assert.ok(c.includes("New-CsTrustedApplication -ApplicationId 'OutlookWebApp' -TrustedApplicationPoolFqdn 'atl-owa-001.litwareinc.com' -Port 5199"), c);
    assert.match(c, /^Enable-CsTopology/m);
    assert.ok(c.indexOf('New-CsTrustedApplicationPool') < c.indexOf('Enable-CsTopology'));
  });
  it('writes the web.config keys with its thumbprint and pool', () => {
    const c = commands(example('atl-prod'));
    assert.ok(c.includes('<add key="IMCertificateThumbprint" value="EA5A332496CC05DA69B75B66111C0F78A110D22D"/>'), 'web.config lines shown');
    assert.ok(c.includes('<add key="IMServerName" value="atl-cs-001.litwareinc.com"/>'));
    assert.ok(c.includes("'EA5A332496CC05DA69B75B66111C0F78A110D22D'") && c.includes('IMCertificateThumbprint'), 'the edit uses the thumbprint as a literal');
    assert.ok(c.includes('C:\\Program Files\\Microsoft\\Exchange Server\\V15') || c.includes('ClientAccess\\Owa'), 'the OWA web.config path');
  });
  it('recycles the OWA application pool and shows the expected output', () => {
    const md = example('atl-prod');
    assert.ok(md.includes('C:\\Windows\\System32\\Inetsrv\\Appcmd.exe recycle apppool /apppool.name:"MSExchangeOWAAppPool"'));
    assert.ok(md.includes('"MSExchangeOWAAppPool" successfully recycled'));
  });
  it('enables IM on the virtual directories of each Client Access server and on all mailbox policies', () => {
    const c = commands(example('atl-prod'));
    for (const cas of ['atl-cas-001.litwareinc.com', 'atl-cas-002.litwareinc.com']) assert.ok(c.includes(`Get-OwaVirtualDirectory -Server '${cas}'`), cas);
    assert.match(c, /-InstantMessagingEnabled \$True -InstantMessagingType OCS/);
    assert.match(c, /Get-OwaMailboxPolicy \| Set-OwaMailboxPolicy -InstantMessagingEnabled \$True -InstantMessagingType 'OCS'/);
  });
  it('runs the Mailbox steps on each Mailbox server', () => {
    const md = example('atl-prod');
    for (const mbx of ['atl-mbx-001.litwareinc.com', 'atl-mbx-002.litwareinc.com']) assert.match(md, new RegExp(`^### ${mbx.replace(/\./g, '\\.')} — Exchange Mailbox`, 'm'));
  });
  it('rolls back in reverse order, the pool last', () => {
    const md = example('atl-prod');
    const rollback = md.slice(md.indexOf('## Rollback'));
    assert.ok(rollback.indexOf('Remove-CsTrustedApplication ') < rollback.indexOf('Remove-CsTrustedApplicationPool') || rollback.indexOf('Remove-CsTrustedApplication -') < rollback.indexOf('Remove-CsTrustedApplicationPool'));
    const undo = [...rollback.matchAll(/^#### Undo step (\d+)/gm)].map((m) => Number(m[1]));
    assert.ok(undo.length >= 4);
    assert.deepEqual(undo, [...undo].sort((x, y) => y - x));
  });
  it('names the branch choices and the profile lines that chose them', () => {
    const md = example('atl-prod');
    assert.match(md, /\| Unified Messaging +\| call router and UM service on separate computers +\| `content\/profiles\/atl-prod\.yaml:\d+:14` +\|/);
  });
});

describe('UM colocated (atl-colo)', () => {
  it('never creates a trusted application pool, and explains why', () => {
    const { runbook } = resolve(procedure, examples.get('atl-colo')!);
    const run = runbook!.phases.flatMap((p) => p.groups.flatMap((g) => g.steps.flatMap((s) => s.code.filter((c) => c.role === 'apply').map((c) => c.value))));
    assert.ok(run.length > 0);
    for (const command of run) {
      assert.doesNotMatch(command, /New-CsTrustedApplication/);
      assert.doesNotMatch(command, /Enable-CsTopology/);
    }
    for (const lang of ['en', 'fr'] as const) {
      const md = example('atl-colo', lang);
      assert.doesNotMatch(commands(md), /New-CsTrustedApplication/);
      assert.match(md, /SipName/);
      assert.match(md, /Remove-CsTrustedApplicationPool/, 'the fix for a manually created pool');
    }
  });
  it('fills its named policy and its own install path', () => {
    const c = commands(example('atl-colo'));
    assert.ok(c.includes("@('Default')"), 'named policies as a PowerShell array');
    assert.ok(c.includes('D:\\Exchange Server\\V15'));
  });
});

describe('Exchange 2016 (ber-prod)', () => {
  it('uses the Setting Override procedure with its pool and thumbprint', () => {
    const c = commands(example('ber-prod'));
    assert.match(c, /New-SettingOverride/);
    assert.ok(c.includes('IMServerName=ber-sfb-pool.contoso.com'));
    assert.ok(c.includes('IMCertificateThumbprint=8B1E2F3A4C5D6E7F8091A2B3C4D5E6F708192A3B'));
    assert.match(c, /Remove-SettingOverride/);
  });
  it('never edits web.config', () => {
    for (const lang of ['en', 'fr'] as const) {
      const c = commands(example('ber-prod', lang));
      assert.doesNotMatch(c, /web\.config/i);
      assert.doesNotMatch(c, /IMCertificateThumbprint" value=/);
    }
  });
  it('enables its named policies', () => {
    assert.ok(commands(example('ber-prod')).includes("@('Default', 'Executives')"));
  });
});

describe('Exchange 2010 (par-prod)', () => {
  it('names the features it lacks', () => {
    assert.match(example('par-prod', 'en'), /unified contact store/i);
    assert.match(example('par-prod', 'fr'), /magasin de contacts? unifié/i);
  });
  it('sets the IM certificate and server on the OWA virtual directories', () => {
    const c = commands(example('par-prod'));
    assert.ok(c.includes("-InstantMessagingCertificateThumbprint 'C0FFEE0123456789ABCDEF0123456789ABCDEF01'"), c);
    assert.ok(c.includes("-InstantMessagingServerName 'par-sfb-pool.fabrikam.com'"));
  });
  it('says that its procedure is not confirmed by Microsoft', () => {
    assert.match(example('par-prod', 'en'), /Verify in your environment/);
    assert.match(example('par-prod', 'fr'), /À vérifier dans votre environnement/);
  });
});

describe('disable IM (dub-disable)', () => {
  it('carries the disable command and its check, and nothing of the enable path', () => {
    const md = example('dub-disable');
    const c = commands(md);
    assert.ok(c.includes("Get-OwaVirtualDirectory -Server 'dub-cas-01.litwareinc.com' | Set-OwaVirtualDirectory -InstantMessagingEnabled $False"));
    assert.match(md, /\*\*Already done\?/);
    for (const enableOnly of [/InstantMessagingType OCS/, /New-CsTrusted/, /Set-OwaMailboxPolicy/, /New-SettingOverride/, /IMServerName/, /Enable-CsTopology/]) assert.doesNotMatch(c, enableOnly);
  });
});

describe('French and English', () => {
  it('carry the same steps and the same commands for every example profile', () => {
    for (const profile of examples.values()) {
      const fr = render(profile, 'fr');
      const en = render(profile, 'en');
      assert.deepEqual(codeBlocks(fr), codeBlocks(en), `${profile.id}: commands differ`);
      const ids = (md: string) => [...md.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]).filter((id) => procedure.steps.some((s) => s.id === id));
      assert.deepEqual(ids(fr), ids(en), `${profile.id}: steps differ`);
      assert.ok(fr.includes('Fait') && en.includes('Done'));
    }
  });
  it('give every step and section a title in each language', () => {
    for (const item of [...procedure.steps, ...procedure.sections]) {
      assert.ok(item.text.fr.title.length > 3 && item.text.en.title.length > 3, item.id);
      if (!['Introduction'].includes(item.text.en.title)) assert.notEqual(item.text.fr.title, item.text.en.title, `${item.id}: the French title is not translated`);
    }
  });
});

describe('values from a profile in Markdown', () => {
  it('are escaped by the serializer and cannot inject markup', () => {
    const profile = { ...examples.get('atl-prod')!, title: 'Atlanta <script>alert(1)</script> *prod* | x' };
    const md = render(profile);
    assert.doesNotMatch(md, /(^|[^\\])<script>/m, 'raw HTML is escaped');
    assert.ok(md.includes('\\<script>'));
    assert.ok(md.includes('\\*prod\\*'), 'emphasis markers are escaped');
  });
});

