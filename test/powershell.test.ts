import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../src/diagnostics.js';
import { parseProfile } from '../src/load/profile.js';
import type { Profile } from '../src/model/profile.js';
import { renderScripts, type Script } from '../src/render/powershell/scripts.js';
import { resolve } from '../src/resolve/resolve.js';
import { combinationText, loadExamples } from './helpers.js';
import { stateChanges, syntaxErrors } from './powershell-parser.js';

const { procedure, examples, validateProfile: validate } = await loadExamples();
const TOOL = { tool: { name: 'runbook', version: 'test' }, lang: 'en' as const };


function scriptsOf(profile: Profile): Script[] {
  const { runbook } = resolve(procedure, profile);
  assert.ok(runbook);
  return renderScripts(runbook, TOOL);
}

function byName(scripts: Script[], name: string): string {
  const s = scripts.find((x) => x.name === name);
  assert.ok(s, `${name} in ${scripts.map((x) => x.name).join(', ')}`);
  return s.text;
}

function combination(version: number, placement: string, action: string, policies: 'all' | 'named'): Profile {
  // A change title that tries to close the help comment.
  const text = combinationText(version, placement, action, policies)
    .replace('title: Enable IM', "title: 'Enable IM #> Remove-Item C:\\ <# it''s $(Stop-Computer) `whoami`'")
    .replace('"O\'Brien team"', '"O\'Brien $(Stop-Computer) `whoami` team"');
  const diagnostics: Diagnostic[] = [];
  const p = parseProfile({ file: 'combo.yaml', text }, validate, diagnostics);
  assert.deepEqual(diagnostics, []);
  return p!;
}

describe('generated PowerShell', () => {
  it('puts every state change under ShouldProcess, behind its check, never inside a check (on the syntax tree)', async () => {
    const hasCheck = new Map(procedure.steps.map((s) => [s.id, s.code.some((c) => c.role === 'check')]));
    const seen = new Set<string>();
    for (const v of [2016, 2013, 2010]) {
      for (const u of ['colocated', 'separate']) {
        for (const a of ['enable', 'disable']) {
          for (const script of scriptsOf(combination(v, u, a, 'named'))) {
            for (const change of await stateChanges(script.text)) {
              seen.add(change.what.split(/[\\/]/).pop()!);
              const where = `${v}/${u}/${a} ${script.name}:${change.line} ${change.what}`;
              assert.equal(change.insideCheck, false, `${where}: a check or verification changes state`);
              assert.ok(change.shouldProcessStep && hasCheck.has(change.shouldProcessStep), `${where}: not under $PSCmdlet.ShouldProcess('Step N <id>: …')`);
              if (hasCheck.get(change.shouldProcessStep)) assert.ok(change.behindCheck, `${where}: runs without its check (not idempotent)`);
            }
            if (/^(00|99)-/.test(script.name)) assert.deepEqual(await stateChanges(script.text), [], `${v}/${u}/${a} ${script.name} only reads`);
          }
        }
      }
    }
    // The detector sees every kind of change the procedure makes: cmdlets, a program, a method.
    for (const kind of ['New-CsTrustedApplicationPool', 'Enable-CsTopology', 'Set-OwaVirtualDirectory', 'Set-OwaMailboxPolicy', 'New-SettingOverride', 'Copy-Item', '$config.Save', 'Appcmd.exe', 'iisreset']) {
      assert.ok(seen.has(kind), `${kind} in ${[...seen].join(', ')}`);
    }
  });

  for (const v of [2016, 2013, 2010]) {
    for (const u of ['colocated', 'separate']) {
      for (const a of ['enable', 'disable']) {
        for (const p of ['all', 'named'] as const) {
          it(`parses with tree-sitter-powershell: Exchange ${v}, UM ${u}, IM ${a}, policies ${p}`, async () => {
            const profile = combination(v, u, a, p);
            assert.match(profile.change.title, /#> Remove-Item/, 'the hostile title is in place');
            for (const script of scriptsOf(profile)) {
              assert.deepEqual(await syntaxErrors(script.text), [], script.name);
              assert.doesNotMatch(script.text, /[^\r]\n/, `${script.name}: CRLF line endings only`);
              assert.ok(!script.text.includes('Remove-Item C:\\ <#'), `${script.name}: free text cannot close the help comment`);
              const injected = (await stateChanges(script.text)).filter((c) => /Stop-Computer|Remove-Item/i.test(c.what));
              assert.deepEqual(injected, [], `${script.name}: a profile value became a command`);
            }
          });
        }
      }
    }
  }

  it('gives one script per place it runs, with preflight, verify and rollback (atl-prod)', () => {
    const names = scriptsOf(examples.get('atl-prod')!).map((s) => s.name);
    assert.deepEqual(names, [
      '00-preflight.ps1',
      '01-skype-frontend.ps1',
      'rollback/03-skype-frontend.ps1',
      '02-exchange-client-access.ps1',
      'rollback/02-exchange-client-access.ps1',
      '03-exchange-mailbox.ps1',
      'rollback/01-exchange-mailbox.ps1',
      '99-verify.ps1',
    ]);
  });

  it('carries the runbook commands with the profile values as literals, under ShouldProcess', () => {
    const scripts = scriptsOf(examples.get('atl-prod')!);
    const fe = byName(scripts, '01-skype-frontend.ps1');
    assert.ok(fe.includes("New-CsTrustedApplicationPool -Identity 'atl-owa-001.litwareinc.com' -Registrar 'atl-cs-001.litwareinc.com' -Site 'Redmond' -RequiresReplication $False"));
    assert.match(fe, /\[CmdletBinding\(SupportsShouldProcess, ConfirmImpact = 'High'\)\]/);
    assert.match(fe, /#Requires -RunAsAdministrator/);
    assert.match(fe, /Set-StrictMode -Version Latest/);
    assert.match(fe, /\$ErrorActionPreference = 'Stop'/);
    assert.match(fe, /Start-Transcript/);
    assert.match(fe, /\$PSCmdlet\.ShouldProcess\(\$ThisServer, 'Step \d+ sfb-trusted-app-pool: /);
    assert.match(fe, /\.SYNOPSIS[\s\S]*\.DESCRIPTION[\s\S]*\.PARAMETER LogFolder[\s\S]*\.EXAMPLE[\s\S]*\.NOTES[\s\S]*CHG0012345[\s\S]*sha256:[0-9a-f]{64}/);
    const preflight = byName(scripts, '00-preflight.ps1');
    assert.doesNotMatch(preflight, /ShouldProcess|RunAsAdministrator/, 'preflight only reads');
    assert.match(byName(scripts, '03-exchange-mailbox.ps1'), /StartsWith\('Version 15\.0'\)/, 'checks the Exchange version');
  });

  it('rolls back in reverse order', () => {
    const rollback = byName(scriptsOf(examples.get('atl-prod')!), 'rollback/03-skype-frontend.ps1');
    const order = ['sfb-enable-topology', 'sfb-trusted-application', 'sfb-trusted-app-pool'].map((id) => rollback.indexOf(`$CurrentStep = '${id}'`));
    assert.ok(order.every((i) => i > 0), String(order));
    assert.deepEqual(order, [...order].sort((x, y) => x - y));
  });

  it('never puts a profile value in a double-quoted string', () => {
    for (const profile of examples.values()) {
      for (const script of scriptsOf(profile)) {
        for (const fqdn of [...profile.exchange.mailboxServers, profile.skype.poolFqdn]) {
          assert.ok(!script.text.includes(`"${fqdn}`), `${profile.id} ${script.name}: ${fqdn} in double quotes`);
        }
      }
    }
  });
});
