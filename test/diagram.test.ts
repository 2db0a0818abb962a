/**
 * The decision diagram: generated from the model (every question, every answer and every step),
 * well-formed XML with no external reference, labels in the requested language, deterministic,
 * and the path of a profile highlighted exactly along its branches.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readContent } from '../src/load/files.js';
import { parseContent } from '../src/model/parse-content.js';
import { DIMENSIONS, LANGS, type Branches, type Dimension } from '../src/model/types.js';
import { combinations, decisionDiagram, decisionGraph, DIAGRAM_LABELS, pathOf, renderDiagram, stepsFor } from '../src/render/diagram/index.js';
import { FIXTURE_CONTENT, ROOT, loadExamples } from './helpers.js';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A strict little XML parser, enough to prove well-formedness: one root, every tag closed in
 * order, attributes quoted and unique, only the five named entities and numeric references.
 */
function parseXml(source: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`Not well-formed XML at ${i}: ${why}: ${JSON.stringify(source.slice(i, i + 40))}`);
  };
  const decode = (raw: string) => {
    if (/[<]/.test(raw)) fail('raw <');
    return raw.replace(/&([^;]*);?/g, (m, name: string) => {
      if (!m.endsWith(';')) fail('unterminated entity');
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (name in named) return named[name]!;
      if (/^#\d+$/.test(name)) return String.fromCodePoint(Number(name.slice(1)));
      if (/^#x[0-9a-fA-F]+$/.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16));
      return fail(`unknown entity &${name};`);
    });
  };
  const skipSpace = () => {
    while (/\s/.test(source[i] ?? '')) i++;
  };
  if (source.startsWith('<?xml')) i = source.indexOf('?>') + 2;
  skipSpace();
  const element = (): XmlElement => {
    if (source[i] !== '<') fail('expected <');
    i++;
    const name = /^[A-Za-z_][\w.:-]*/.exec(source.slice(i))?.[0] ?? fail('element name');
    i += name.length;
    const attributes: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (source.startsWith('/>', i)) {
        i += 2;
        return { name, attributes, children: [], text: '' };
      }
      if (source[i] === '>') {
        i++;
        break;
      }
      const attr = /^([A-Za-z_][\w.:-]*)="([^"]*)"/.exec(source.slice(i)) ?? fail('attribute');
      if (attr[1]! in attributes) fail(`duplicate attribute ${attr[1]}`);
      attributes[attr[1]!] = decode(attr[2]!);
      i += attr[0].length;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (i >= source.length) fail(`unclosed <${name}>`);
      if (source.startsWith('</', i)) {
        const close = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(source.slice(i)) ?? fail('closing tag');
        if (close[1] !== name) fail(`</${close[1]}> closes <${name}>`);
        i += close[0].length;
        return { name, attributes, children, text };
      }
      if (source[i] === '<') children.push(element());
      else {
        const end = source.indexOf('<', i);
        text += decode(source.slice(i, end === -1 ? source.length : end));
        i = end === -1 ? source.length : end;
      }
    }
  };
  const root = element();
  skipSpace();
  if (i !== source.length) fail('content after the root element');
  return root;
}

function descendants(e: XmlElement): XmlElement[] {
  return [e, ...e.children.flatMap(descendants)];
}

function textOf(e: XmlElement): string {
  return e.text + e.children.map(textOf).join('');
}

const { procedure, examples } = await loadExamples();


const DIMENSION_NAMES = Object.keys(DIMENSIONS) as Dimension[];

describe('the decision graph', () => {
  it('on every combination, the steps added along its path are disjoint and are exactly its steps', () => {
    const graph = decisionGraph(procedure);
    for (const c of combinations()) {
      const added = [...graph.always, ...pathOf(graph, c).flatMap((p) => p.choice.adds)];
      assert.equal(new Set(added).size, added.length, `disjoint for ${Object.values(c).join(' ')}`);
      assert.deepEqual([...added].sort(), stepsFor(procedure, c).sort(), Object.values(c).join(' '));
    }
  });

  it('asks a question only where its answer changes the steps or their commands', () => {
    const graph = decisionGraph(procedure);
    const disable = pathOf(graph, { 'exchange.version': '2013', 'um.placement': 'separate', 'im.action': 'disable', 'im.policyScope': 'all' });
    assert.deepEqual(disable.map((p) => p.question.dimension), ['im.action'], 'disabling does not depend on the other answers');
    const e2010 = pathOf(graph, { 'exchange.version': '2010', 'um.placement': 'colocated', 'im.action': 'enable', 'im.policyScope': 'named' });
    assert.ok(!e2010.some((p) => p.question.dimension === 'im.policyScope'), 'Exchange 2010 has no mailbox policy step');
    const e2013 = pathOf(graph, { 'exchange.version': '2013', 'um.placement': 'colocated', 'im.action': 'enable', 'im.policyScope': 'named' });
    assert.deepEqual(e2013.map((p) => p.question.dimension).sort(), [...DIMENSION_NAMES].sort());
    assert.deepEqual(e2013.find((p) => p.question.dimension === 'im.policyScope')!.choice.variants, ['owa-policy-im']);
  });

  it('works on another content (the test fixture)', async () => {
    const fixture = parseContent(await readContent(FIXTURE_CONTENT, ROOT)).procedure!;
    const graph = decisionGraph(fixture);
    for (const c of combinations()) {
      const added = [...graph.always, ...pathOf(graph, c).flatMap((p) => p.choice.adds)];
      assert.deepEqual(added.sort(), stepsFor(fixture, c).sort());
    }
    assert.doesNotThrow(() => parseXml(decisionDiagram(fixture, { lang: 'fr' })));
  });
});

describe('the SVG', () => {
  it('is well-formed XML with an accessible title and description', () => {
    for (const lang of LANGS) {
      const svg = parseXml(decisionDiagram(procedure, { lang, highlight: examples.get('atl-prod')!.branches, caption: 'Atlanta production' }));
      assert.equal(svg.name, 'svg');
      assert.equal(svg.attributes.xmlns, 'http://www.w3.org/2000/svg');
      assert.equal(svg.attributes.role, 'img');
      assert.match(svg.attributes.viewBox!, /^0 0 \d+ \d+$/);
      assert.equal(svg.children[0]!.name, 'title');
      assert.equal(svg.children[1]!.name, 'desc');
      assert.ok(textOf(svg.children[0]!).includes('Atlanta production'), 'the caption in the title');
    }
  });

  it('has no external reference, no script, no style sheet and no id', () => {
    for (const lang of LANGS) {
      const text = decisionDiagram(procedure, { lang, highlight: examples.get('par-colo')!.branches });
      const svg = parseXml(text);
      for (const e of descendants(svg)) {
        assert.ok(!['script', 'style', 'image', 'foreignObject', 'use', 'a', 'link'].includes(e.name), `<${e.name}>`);
        for (const [name, value] of Object.entries(e.attributes)) {
          assert.ok(!/href$/i.test(name) && name !== 'id', `${name} on <${e.name}>`);
          if (!(e.name === 'svg' && name === 'xmlns')) assert.doesNotMatch(value, /https?:|url\(|@import|\/\//i, `${name}="${value}"`);
        }
      }
      assert.match(svg.attributes['font-family']!, /sans-serif$/, 'a generic font family stack');
      assert.doesNotMatch(text, /@font-face|googleapis|cdn/i);
    }
  });

  it('contains every decision, every answer, every step and the outcome', () => {
    const graph = decisionGraph(procedure);
    for (const lang of LANGS) {
      const labels = DIAGRAM_LABELS[lang];
      const svg = parseXml(decisionDiagram(procedure, { lang }));
      const nodes = descendants(svg).filter((e) => e.attributes['data-node']);
      const questions = nodes.filter((e) => e.attributes['data-node'] === 'question');
      assert.equal(questions.length, graph.questions.length);
      for (const d of DIMENSION_NAMES) {
        const asked = questions.filter((q) => q.attributes['data-dimension'] === d);
        assert.ok(asked.length > 0, `question ${d}`);
        for (const q of asked) assert.ok(textOf(q).replace(/\s+/g, ' ').includes(labels.questions[d].split(' ')[0]!), `${lang} ${d} label`);
        const choices = nodes.filter((n) => n.attributes['data-node'] === 'choice' && n.attributes['data-dimension'] === d);
        assert.deepEqual([...new Set(choices.map((c) => c.attributes['data-value']))].sort(), [...DIMENSIONS[d]].sort(), `every answer to ${d}`);
        for (const c of choices) assert.ok(textOf(c).includes(labels.answers[d][c.attributes['data-value']!]!), `${lang} answer label`);
      }
      assert.equal(nodes.filter((e) => e.attributes['data-node'] === 'end').length, 1, 'the outcome');
      assert.equal(nodes.filter((e) => e.attributes['data-node'] === 'start').length, 1);
      const lines = nodes.flatMap((n) => n.children.filter((c) => c.name === 'text').map(textOf));
      for (const step of procedure.steps) assert.ok(lines.includes(`+ ${step.id}`), `${lang}: step ${step.id}`);
      // Every edge joins two drawn nodes.
      const ids = new Set(nodes.map((n) => n.attributes['data-id']));
      for (const edge of descendants(svg).filter((e) => e.attributes['data-edge'])) {
        const [from, to] = edge.attributes['data-edge']!.split(' ');
        assert.ok(ids.has(from) && ids.has(to), edge.attributes['data-edge']);
      }
    }
  });

  it('has the same structure and step ids in French and English, with translated labels', () => {
    const structure = (lang: 'fr' | 'en') =>
      descendants(parseXml(decisionDiagram(procedure, { lang })))
        .filter((e) => e.attributes['data-node'])
        .map((e) => [e.attributes['data-id'], e.children.filter((c) => c.attributes['font-family']).map(textOf)]);
    assert.deepEqual(structure('fr'), structure('en'));
    // Question labels wrap over several lines: compare the words.
    const words = (lang: 'fr' | 'en') => descendants(parseXml(decisionDiagram(procedure, { lang }))).filter((e) => e.name === 'text').map(textOf).join(' ');
    const fr = words('fr');
    const en = words('en');
    assert.ok(fr.includes('Quelle version d’Exchange') && !fr.includes('Which Exchange'), 'French labels');
    assert.ok(en.includes('Which Exchange Server') && !en.includes('Quelle version'), 'English labels');
  });

  it('is deterministic', () => {
    const b = examples.get('ber-prod')!.branches;
    assert.equal(decisionDiagram(procedure, { lang: 'en', highlight: b }), decisionDiagram(procedure, { lang: 'en', highlight: b }));
  });

  it('is the same from a graph that has drawn other profiles before (its layout and drawings are reused)', () => {
    const graph = decisionGraph(procedure);
    const cases = [...combinations().map((highlight, i) => ({ highlight, caption: `profile ${i}` })), { highlight: undefined, caption: undefined }];
    for (const lang of LANGS) {
      for (const { highlight, caption } of [...cases, ...cases.reverse()]) {
        const options = { lang, ...(highlight ? { highlight } : {}), ...(caption ? { caption } : {}) };
        assert.equal(renderDiagram(graph, procedure, options), decisionDiagram(procedure, options), `${lang} ${caption ?? 'no path'}`);
      }
    }
  });

  it('draws no box over another', () => {
    const svg = parseXml(decisionDiagram(procedure, { lang: 'fr' }));
    const boxes = descendants(svg)
      .filter((e) => e.attributes['data-node'])
      .map((g) => {
        const r = g.children.find((c) => c.name === 'rect')!.attributes;
        return { id: g.attributes['data-id'], x: Number(r.x), y: Number(r.y), w: Number(r.width), h: Number(r.height) };
      });
    const width = Number(svg.attributes.width);
    for (const a of boxes) {
      assert.ok(a.x >= 0 && a.x + a.w <= width, `${a.id} inside`);
      for (const b of boxes) {
        if (a === b) continue;
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        assert.ok(!overlap, `${a.id} overlaps ${b.id}`);
      }
    }
  });
});

describe('the highlighted path', () => {
  function check(branches: Branches, lang: 'fr' | 'en' = 'en') {
    const graph = decisionGraph(procedure);
    const svg = parseXml(decisionDiagram(procedure, { lang, highlight: branches }));
    const all = descendants(svg);
    const on = all.filter((e) => e.attributes['data-node'] && e.attributes['data-path'] === 'true');
    const choices = on.filter((e) => e.attributes['data-node'] === 'choice');
    // Every highlighted answer is the profile's, and every question on its path is answered.
    for (const c of choices) assert.equal(c.attributes['data-value'], branches[c.attributes['data-dimension'] as Dimension]);
    const expected = pathOf(graph, branches);
    assert.deepEqual(
      choices.map((c) => `${c.attributes['data-dimension']}=${c.attributes['data-value']}`).sort(),
      expected.map((p) => `${p.question.dimension}=${p.choice.value}`).sort(),
    );
    assert.equal(on.filter((e) => e.attributes['data-node'] === 'question').length, expected.length);
    assert.equal(on.filter((e) => e.attributes['data-node'] === 'start').length, 1);
    assert.equal(on.filter((e) => e.attributes['data-node'] === 'end').length, 1);
    // The highlighted edges chain start → question → answer → … → end.
    const edges = all.filter((e) => e.attributes['data-edge'] && e.attributes['data-path'] === 'true').map((e) => e.attributes['data-edge']!.split(' ') as [string, string]);
    assert.equal(edges.length, 1 + 2 * expected.length);
    let at = 'start';
    for (let k = 0; k < edges.length; k++) {
      const next = edges.find(([from]) => from === at);
      assert.ok(next, `an edge leaves ${at}`);
      at = next[1];
    }
    assert.equal(at, 'end');
    // The highlighted boxes are drawn differently (stroke and width), not only by colour.
    const rect = (e: { children: XmlElement[] }) => e.children.find((c) => c.name === 'rect')!.attributes;
    const off = all.find((e) => e.attributes['data-node'] === 'choice' && e.attributes['data-path'] === 'false')!;
    assert.notEqual(rect(choices[0]!).stroke, rect(off).stroke);
    assert.ok(Number(rect(choices[0]!)['stroke-width']) > Number(rect(off)['stroke-width']), 'a thicker stroke on the path');
    // The description says it in words.
    const desc = textOf(svg.children[1]!);
    for (const p of expected) assert.ok(desc.includes(DIAGRAM_LABELS[lang].answers[p.question.dimension][p.choice.value]!), desc);
  }

  for (const id of ['atl-prod', 'atl-colo', 'ber-prod', 'par-colo', 'dub-disable', 'tor-disable']) {
    it(`follows the branches of ${id}`, () => {
      const profile = examples.get(id);
      assert.ok(profile, id);
      check(profile.branches);
      check(profile.branches, 'fr');
    });
  }

  it('follows every combination', () => {
    for (const c of combinations()) check(c);
  });

  it('is absent without a profile', () => {
    const svg = decisionDiagram(procedure, { lang: 'en' });
    assert.doesNotMatch(svg, /data-path="true"/);
    assert.match(svg, /No path is highlighted\./);
  });
});
