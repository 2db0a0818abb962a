import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { QUESTIONS_SCHEMA } from '../src/load/training.js';
import { procedureFrontmatterSchema, sectionFrontmatterSchema, stepFrontmatterSchema } from '../src/model/frontmatter-schema.js';
import { formatDiagnostic, type Diagnostic } from '../src/diagnostics.js';
import { parseProfile } from '../src/load/profile.js';
import { compileSchema, schemaValidator } from '../src/load/yaml.js';
import { CHANGE_REQUEST_SCHEMA } from '../src/diff/read.js';
import { PROFILE_SCHEMA } from '../src/load/files.js';
import { GOOD_PROFILE } from './helpers.js';

const validate = compileSchema(JSON.parse(await readFile(PROFILE_SCHEMA, 'utf8')));

function check(text: string, file = 'profiles/t.yaml') {
  const diagnostics: Diagnostic[] = [];
  const profile = parseProfile({ file, text }, validate, diagnostics);
  return { profile, diagnostics, printed: diagnostics.map(formatDiagnostic).join('\n') };
}

/** Replaces one line of the good profile (found by its start) with another. */
function withLine(start: string, replacement: string): string {
  const lines = GOOD_PROFILE.split('\n');
  const index = lines.findIndex((l) => l.startsWith(start));
  assert.notEqual(index, -1, `no line starts with ${start}`);
  lines[index] = replacement;
  return lines.join('\n');
}

function lineOf(text: string, start: string): number {
  return text.split('\n').findIndex((l) => l.startsWith(start)) + 1;
}

describe('a valid profile', () => {
  it('gives typed values and the line that chose each branch', () => {
    const { profile, diagnostics } = check(GOOD_PROFILE);
    assert.deepEqual(diagnostics, []);
    assert.ok(profile);
    assert.equal(profile.id, 't-prod');
    assert.equal(profile.owa?.port, 5199);
    assert.deepEqual(profile.branches, { 'exchange.version': '2013', 'um.placement': 'separate', 'im.action': 'enable', 'im.policyScope': 'all' });
    assert.deepEqual(profile.origins['um.placement'], { file: 'profiles/t.yaml', line: lineOf(GOOD_PROFILE, '  placement'), column: 14 });
    assert.deepEqual(profile.origins['exchange.version'], { file: 'profiles/t.yaml', line: 4, column: 12 });
  });

  it('takes its id from the file name when it has none', () => {
    const { profile } = check(GOOD_PROFILE.replace('id: t-prod\n', ''), 'content/profiles/lab-east.yaml');
    assert.equal(profile?.id, 'lab-east');
  });

  it('reads a list of named mailbox policies as the `named` branch', () => {
    const { profile } = check(withLine('  mailboxPolicies', '  mailboxPolicies: [Default, "Sales EMEA"]'));
    assert.equal(profile?.branches['im.policyScope'], 'named');
    assert.deepEqual(profile?.im.mailboxPolicies, ['Default', 'Sales EMEA']);
  });
});

describe('a bad profile is rejected with file:line:column, key path, expectation and hint', () => {
  const cases: { name: string; text: string; rule: string; line: number; column: number; includes: string[] }[] = [
    {
      name: 'malformed YAML',
      text: withLine('  placement', '  placement: [separate'),
      rule: 'profile/malformed-yaml',
      line: lineOf(GOOD_PROFILE, '  placement'),
      column: 0,
      includes: ['Malformed YAML'],
    },
    {
      name: 'a typo in a key',
      text: GOOD_PROFILE.replace('exchange:', 'exchnage:'),
      rule: 'profile/unknown-key',
      line: 3,
      column: 1,
      includes: ['Unknown key `exchnage`', 'did you mean `exchange`?'],
    },
    {
      name: 'a duplicate key',
      text: withLine('  siteId', '  siteId: Redmond\n  siteId: Paris'),
      rule: 'profile/duplicate-key',
      line: lineOf(GOOD_PROFILE, '  siteId') + 1,
      column: 3,
      includes: ['Duplicate key'],
    },
    {
      name: 'a wrong type',
      text: withLine('  port', '  port: "fifty"'),
      rule: 'profile/wrong-type',
      line: lineOf(GOOD_PROFILE, '  port'),
      column: 9,
      includes: ['`owa.port`: expected a port number from 1 to 65535, found the string "fifty"'],
    },
    {
      name: 'a port out of range',
      text: withLine('  port', '  port: 70000'),
      rule: 'profile/out-of-range',
      line: lineOf(GOOD_PROFILE, '  port'),
      column: 9,
      includes: ['`owa.port`', '1 to 65535', 'found number 70000'],
    },
    {
      name: 'an invalid FQDN',
      text: withLine('  poolFqdn', '  poolFqdn: "atl-cs-001.litwareinc.com; Remove-Item C:\\\\"'),
      rule: 'profile/invalid-value',
      line: lineOf(GOOD_PROFILE, '  poolFqdn'),
      column: 13,
      includes: ['`skype.poolFqdn`: expected a fully qualified domain name'],
    },
    {
      name: 'a thumbprint that is not 40 hex digits',
      text: withLine('  certificateThumbprint', '  certificateThumbprint: EA5A3324 96CC05DA'),
      rule: 'profile/invalid-value',
      line: lineOf(GOOD_PROFILE, '  certificateThumbprint'),
      column: 26,
      includes: ['40 hexadecimal digits', 'without spaces'],
    },
    {
      name: 'an application id with other characters than letters and digits',
      text: withLine('  applicationId', "  applicationId: Outlook Web'App"),
      rule: 'profile/invalid-value',
      line: lineOf(GOOD_PROFILE, '  applicationId'),
      column: 18,
      includes: ['letters and digits only'],
    },
    {
      name: 'an unsupported Exchange version',
      text: withLine('  version', '  version: 2019'),
      rule: 'profile/unsupported-value',
      line: 4,
      column: 12,
      includes: ['`exchange.version`: expected one of 2016, 2013, 2010', 'found number 2019', 'Exchange 2019 is not covered'],
    },
    {
      name: 'a branch value with a typo',
      text: withLine('  placement', '  placement: seperate'),
      rule: 'profile/unsupported-value',
      line: lineOf(GOOD_PROFILE, '  placement'),
      column: 14,
      includes: ['did you mean `separate`?'],
    },
    {
      name: 'a missing section',
      text: GOOD_PROFILE.replace(/owa:\n(  .*\n)+/, ''),
      rule: 'profile/missing-key',
      line: 1,
      column: 1,
      includes: ['Missing key `owa`'],
    },
    {
      name: 'an alias bomb',
      text: `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
      rule: 'profile/alias-expansion',
      line: 2,
      column: 8,
      includes: ['aliases expand too far'],
    },
    {
      name: 'a window that ends before it starts',
      text: GOOD_PROFILE.replace('end: 2026-12-06T02:00:00+01:00', 'end: 2026-12-05T21:00:00+01:00'),
      rule: 'profile/invalid-window',
      line: lineOf(GOOD_PROFILE, '  window'),
      column: 52,
      includes: ['is not after'],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const { profile, diagnostics, printed } = check(c.text);
      assert.equal(profile, undefined, 'no profile comes out of a bad file');
      const d = diagnostics.find((x) => x.rule === c.rule);
      assert.ok(d, `expected ${c.rule} in:\n${printed}`);
      assert.equal(d.file, 'profiles/t.yaml');
      // The YAML parser reports a broken flow sequence where it gives up: the line itself or the next.
      if (c.rule === 'profile/malformed-yaml') assert.ok(d.line === c.line || d.line === c.line + 1, printed);
      else assert.equal(d.line, c.line, printed);
      if (c.column) assert.equal(d.column, c.column, printed);
      assert.ok(d.hint, 'every diagnostic carries a hint');
      for (const words of c.includes) assert.ok(formatDiagnostic(d).includes(words), `"${words}" not in:\n${formatDiagnostic(d)}`);
      assert.match(formatDiagnostic(d), /^profiles\/t\.yaml:\d+:\d+: error: /);
    });
  }

  it('collects every problem of a file, not just the first', () => {
    const text = withLine('  port', '  port: 0').replace('applicationId: OutlookWebApp', 'applicationId: Outlook-Web').replace('exchange:', 'exchange:\n  versoin: 2013');
    const { diagnostics } = check(text);
    const rules = diagnostics.map((d) => d.rule).sort();
    assert.deepEqual(rules, ['profile/invalid-value', 'profile/out-of-range', 'profile/unknown-key']);
  });

  it('requires the trusted application pool only where the branch needs it', () => {
    const colocated = GOOD_PROFILE.replace('placement: separate', 'placement: colocated').replace(/owa:\n(  .*\n)+/, '');
    assert.deepEqual(check(colocated).diagnostics, []);
    const disable = GOOD_PROFILE.replace('action: enable', 'action: disable').replace(/owa:\n(  .*\n)+/, '').replace(/  mailboxPolicies.*\n/, '');
    assert.deepEqual(check(disable).diagnostics, []);
  });
});

describe("the tool's schemas", () => {
  // compileSchema trusts them (it does not check them against the meta-schema): this test does.
  const files = { profile: PROFILE_SCHEMA, 'change request': CHANGE_REQUEST_SCHEMA, questions: QUESTIONS_SCHEMA };
  const modules = { 'step frontmatter': stepFrontmatterSchema, 'section frontmatter': sectionFrontmatterSchema, 'procedure frontmatter': procedureFrontmatterSchema };
  it('are valid JSON Schema 2020-12', async () => {
    const ajv = schemaValidator();
    const schemas: [string, object][] = [...Object.entries(modules), ...(await Promise.all(Object.entries(files).map(async ([name, file]) => [name, JSON.parse(await readFile(file, 'utf8'))] as [string, object])))];
    for (const [name, schema] of schemas) assert.ok(ajv.validateSchema(schema), `${name}: ${ajv.errorsText(ajv.errors)}`);
    // A schema that breaks the meta-schema is caught here.
    assert.equal(ajv.validateSchema({ type: 'object', properties: { a: { minLength: -1 } } }), false);
  });
});
