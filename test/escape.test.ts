import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { powerShellContexts, findPlaceholders } from '../src/model/placeholders.js';
import { fillCode, powerShellLiteral, escapeXmlAttribute } from '../src/resolve/fill.js';
import { commentText } from '../src/render/powershell/literal.js';
import type { RootContent } from 'mdast';
import { markdownCache } from '../src/render/markdown/block-cache.js';
import { heading, list, serializeMarkdown, table } from '../src/render/markdown/mdast.js';
import { callout, code, paragraph, strong, text } from '../src/render/markdown/prose.js';

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

describe('Markdown written with a cache', () => {
  // The same nodes in other places: escaping depends on the neighbours and the construct, a
  // list's bullet on the list before it (even for a list inside the next block).
  const risky = [text('*not emphasis* _nor_ # heading | pipe 1. item'), strong('bold'), text('x'), code('a|b`c')];
  const shared = paragraph(...risky);
  const listInQuote: RootContent = { type: 'blockquote', children: [list([[text('nested')]])] };
  const documents: RootContent[][] = [
    [heading(1, ...risky), shared, list([[text('- a')], [text('b')]]), list([[text('c')]]), shared],
    [list([[text('a')]]), list([[text('a')]]), listInQuote, list([[text('d')]], true), list([[text('e')]], true)],
    [shared, list([[text('a')]]), shared, listInQuote, callout('Note', [list([[text('nested')]])])],
    [table(['a', 'b|c'], [[risky, [text('1. not a list')]], [[shared.children[0]!], [code('|')]]]), shared, heading(2, text('#'))],
    [list([[text('a')]]), callout('Note', [list([[text('nested')]])]), { type: 'code', lang: 'powershell', value: 'Get-X\n```' }],
    [paragraph(text('1. starts like a list')), paragraph(text('+ and a bullet')), paragraph(strong('x'), text('_y')), paragraph(text('_y'), strong('x'))],
    [table(['| a', '+ b'], [[[text('# c')], [text('a|b')]]]), list([[text('| a')], [text('+ b')], [text('# c')]]), heading(3, text('| a')), paragraph(text('a|b'))],
  ];
  it('is the same, byte for byte, as without one, in any order', () => {
    const cache = markdownCache();
    for (const children of [...documents, ...documents.slice().reverse(), ...documents]) {
      assert.equal(serializeMarkdown(children, cache), serializeMarkdown(children));
    }
    assert.ok(cache.blocks.size > 0 && cache.phrasing.size > 0 && cache.escapes.size > 0, 'the cache was used');
  });
});
