import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { powerShellContexts, findPlaceholders } from '../src/model/placeholders.js';
import { fillCode, powerShellLiteral, escapeXmlAttribute } from '../src/resolve/fill.js';
import { commentText } from '../src/render/powershell/literal.js';

function contextsOf(code: string) {
  return powerShellContexts(code, findPlaceholders(code).map((u) => u.offset));
}

describe('the quoting context of a placeholder in PowerShell', () => {
  it('tells bare, single-quoted, double-quoted and comment apart', () => {
    assert.deepEqual(contextsOf(`Set-X -A {{a}} -B '{{b}}' -C "{{c}}" # {{d}}`), ['bare', 'single-quoted', 'double-quoted', 'comment']);
  });
  it('follows doubled quotes and backtick escapes', () => {
    assert.deepEqual(contextsOf(`'it''s {{a}}' "say ""{{b}}"" and \`"{{c}}" {{d}}`), ['single-quoted', 'double-quoted', 'double-quoted', 'bare']);
  });
  it('knows here-strings and block comments', () => {
    assert.deepEqual(contextsOf(`@'\n{{a}}\n'@\n@"\n{{b}}\n"@\n<# {{c}} #> {{d}}`), ['single-quoted', 'double-quoted', 'comment', 'bare']);
  });
  it('does not take a # inside a word for a comment', () => {
    assert.deepEqual(contextsOf(`Get-Item a#b {{a}}`), ['bare']);
  });
});

describe('values reach PowerShell only as literals', () => {
  it('quotes a string and doubles its single quotes, typographic ones included', () => {
    assert.equal(powerShellLiteral(`O'Brien`), `'O''Brien'`);
    assert.equal(powerShellLiteral(`O’Brien`), `'O’’Brien'`);
    assert.equal(powerShellLiteral(`$(Remove-Item C:\\ -Recurse)`), `'$(Remove-Item C:\\ -Recurse)'`);
  });
  it('fills bare, single-quoted, number and list placeholders', () => {
    const code = `Set-X -Name {{n}} -Path '{{p}}\\web.config' -Port {{port}} -List {{list}}`;
    const filled = fillCode(code, 'powershell', { n: `a'b`, p: `C:\\it's`, port: 5199, list: ['x', `y'z`] });
    assert.equal(filled, `Set-X -Name 'a''b' -Path 'C:\\it''s\\web.config' -Port 5199 -List @('x', 'y''z')`);
  });
  it('refuses to put a value in a double-quoted string', () => {
    assert.throws(() => fillCode(`Write-Host "{{n}}"`, 'powershell', { n: 'x' }), /double-quoted/);
  });
  it('escapes XML attribute values', () => {
    assert.equal(escapeXmlAttribute(`a"b<c>&'d`), 'a&quot;b&lt;c&gt;&amp;&apos;d');
    assert.equal(fillCode(`<add key="k" value="{{v}}"/>`, 'xml', { v: '"/><evil/>' }), `<add key="k" value="&quot;/&gt;&lt;evil/&gt;"/>`);
  });
});

describe('free text in a PowerShell comment', () => {
  it('stays on one line and cannot close or open a block comment', () => {
    assert.equal(commentText('a\r\nb\nc\u2028d\u0085e'), 'a b c d e');
    assert.equal(commentText('x #> Remove-Item C:\\ <# y'), 'x # > Remove-Item C:\\ < # y');
  });
});
