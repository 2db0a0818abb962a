/**
 * YAML with positions: parse a document, validate it against a JSON Schema (ajv), and turn every
 * problem into a diagnostic at the exact line and column of the offending key or value, taken
 * from the YAML parser's nodes. Pure: text in, data and diagnostics out.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document, type Node } from 'yaml';
import { diagnostic, didYouMean, type Diagnostic } from '../diagnostics.js';
import type { Position } from '../model/types.js';

export interface YamlSource {
  file: string;
  text: string;
  /** Where the text starts in its file (for frontmatter inside Markdown): 1-based line and column. */
  origin?: { line: number; column: number };
}

export interface ParsedYaml {
  data: unknown;
  /** Position of the node at a key path (or of the closest existing parent). */
  positionOf(path: readonly (string | number)[], which?: 'key' | 'value'): Position;
  ok: boolean;
}

const MAX_ALIAS_COUNT = 64;

/**
 * Compiles a schema once; the validator keeps its `x-hint` words for messages. The schemas are the
 * tool's own (profile, frontmatter, questions, change request): the tests check each against the
 * JSON Schema 2020-12 meta-schema, so compiling one does not (that compiled the meta-schema for
 * every schema, more time than the schema itself). Strict mode still refuses unknown keywords.
 */
export function compileSchema(schema: object): ValidateFunction {
  return schemaValidator().compile(schema);
}

/** The validator the tool compiles its schemas with (its tests check the schemas with the same one). */
export function schemaValidator(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true, logger: false, validateSchema: false });
  ajv.addVocabulary(['x-hint', 'x-expected']);
  return ajv;
}

export function parseYaml(source: YamlSource, diagnostics: Diagnostic[], rulePrefix: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(source.text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const origin = source.origin ?? { line: 1, column: 1 };
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: source.file, line: line + origin.line - 1, column: line === 1 ? col + origin.column - 1 : col };
  };
  const failed: ParsedYaml = { data: undefined, ok: false, positionOf: () => at(0) };

  if (!Array.isArray(docs)) {
    // An empty stream.
    return { data: null, ok: true, positionOf: () => at(0) };
  }
  if (docs.length > 1) {
    diagnostics.push(
      diagnostic(`${rulePrefix}/multiple-documents`, at(docs[1]!.range[0]), 'This file holds more than one YAML document.', {
        hint: 'keep one document per file (remove the `---` separator)',
      }),
    );
    return failed;
  }
  const doc = docs[0];
  if (!doc) return { data: null, ok: true, positionOf: () => at(0) };

  let ok = true;
  for (const error of [...doc.errors, ...doc.warnings]) {
    const isDuplicate = error.code === 'DUPLICATE_KEY';
    const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    diagnostics.push(
      diagnostic(isDuplicate ? `${rulePrefix}/duplicate-key` : `${rulePrefix}/malformed-yaml`, at(error.pos[0]), isDuplicate ? `Duplicate key: ${message}.` : `Malformed YAML: ${message}.`, {
        hint: isDuplicate ? 'each key may appear once in a map: remove or merge the repeated one' : 'check indentation, quotes and `key: value` syntax on this line',
        severity: error.name === 'YAMLWarning' ? 'warning' : 'error',
      }),
    );
    if (error.name !== 'YAMLWarning') ok = false;
  }
  if (!ok) return failed;

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    let aliasOffset = 0;
    visit(doc, {
      Alias(_, node) {
        aliasOffset = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    diagnostics.push(
      diagnostic(`${rulePrefix}/alias-expansion`, at(aliasOffset), `YAML aliases expand too far (${(error as Error).message}).`, {
        hint: `a profile needs no aliases; write the values out (at most ${MAX_ALIAS_COUNT} alias expansions are accepted)`,
      }),
    );
    return failed;
  }

  return { data, ok: true, positionOf: (path, which = 'value') => at(offsetOf(doc, path, which)) };
}

function offsetOf(doc: Document, path: readonly (string | number)[], which: 'key' | 'value'): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const [index, segment] of path.entries()) {
    if (isAlias(node)) break;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      const last = index === path.length - 1;
      const keyNode = pair.key as Node;
      if (last && which === 'key') return keyNode.range?.[0] ?? offset;
      node = pair.value;
      offset = (pair.value as Node | null)?.range?.[0] ?? keyNode.range?.[0] ?? offset;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item) break;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

/** Runs the schema and reports each problem as `key path: expected X, found Y` at its node. */
export function validateAgainstSchema(
  validate: ValidateFunction,
  parsed: ParsedYaml,
  diagnostics: Diagnostic[],
  rulePrefix: string,
): boolean {
  if (validate(parsed.data)) return true;
  for (const error of relevantErrors(validate.errors ?? [])) {
    diagnostics.push(schemaDiagnostic(error, parsed, rulePrefix));
  }
  return false;
}

/** Drops the noise ajv adds around `oneOf`/`anyOf` when a more precise error exists on the same path. */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  const out: ErrorObject[] = [];
  for (const error of errors) {
    if (error.keyword === 'if') continue; // its `then` branch reports the precise problem
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf') {
      if (errors.some((e) => e !== error && e.instancePath === error.instancePath && e.keyword !== 'oneOf' && e.keyword !== 'anyOf')) continue;
    }
    const key = `${error.instancePath}|${error.keyword}|${JSON.stringify(error.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(error);
  }
  return out;
}

function pathOf(instancePath: string): string[] {
  return instancePath === '' ? [] : instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value)}`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let node = data;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function schemaDiagnostic(error: ErrorObject, parsed: ParsedYaml, rulePrefix: string): Diagnostic {
  const path = pathOf(error.instancePath);
  const keyPath = path.join('.') || '(top level)';
  const found = valueAt(parsed.data, path);
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>;
  const expectedWords = typeof schema['x-expected'] === 'string' ? (schema['x-expected'] as string) : undefined;
  const hintWords = typeof schema['x-hint'] === 'string' ? (schema['x-hint'] as string) : undefined;
  const params = error.params as Record<string, unknown>;

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((schema.properties as object | undefined) ?? {});
      return diagnostic(`${rulePrefix}/unknown-key`, parsed.positionOf([...path, key], 'key'), `Unknown key \`${[...path, key].join('.')}\`.`, {
        hint: didYouMean(key, known) ?? `known keys here: ${known.map((k) => `\`${k}\``).join(', ')}`,
      });
    }
    case 'required': {
      const key = String(params.missingProperty);
      return diagnostic(`${rulePrefix}/missing-key`, parsed.positionOf(path, 'value'), `Missing key \`${[...path, key].join('.')}\`.`, {
        hint: hintWords ?? `add \`${key}:\` to ${path.length ? `\`${keyPath}\`` : 'the top level'}`,
      });
    }
    case 'type':
      return diagnostic(`${rulePrefix}/wrong-type`, parsed.positionOf(path), `\`${keyPath}\`: expected ${expectedWords ?? String(params.type)}, found ${describe(found)}.`, {
        hint: hintWords ?? (typeof found === 'string' && params.type === 'integer' ? 'write the number without quotes' : `write ${String(params.type)} here`),
      });
    case 'enum':
    case 'const': {
      const allowed = (params.allowedValues as unknown[] | undefined) ?? [params.allowedValue];
      const near = typeof found === 'string' || typeof found === 'number' ? didYouMean(String(found), allowed.map(String)) : undefined;
      return diagnostic(`${rulePrefix}/unsupported-value`, parsed.positionOf(path), `\`${keyPath}\`: expected ${expectedWords ?? `one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`}, found ${describe(found)}.`, {
        hint: hintWords ?? near ?? `use one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
      });
    }
    case 'pattern':
    case 'format':
    case 'maxLength':
    case 'minLength':
      return diagnostic(`${rulePrefix}/invalid-value`, parsed.positionOf(path), `\`${keyPath}\`: expected ${expectedWords ?? `a value matching ${String(params.pattern ?? error.message)}`}, found ${describe(found)}.`, {
        ...(hintWords ? { hint: hintWords } : {}),
      });
    case 'minimum':
    case 'maximum':
      return diagnostic(`${rulePrefix}/out-of-range`, parsed.positionOf(path), `\`${keyPath}\`: expected ${expectedWords ?? `a number ${error.message ?? ''}`}, found ${describe(found)}.`, {
        ...(hintWords ? { hint: hintWords } : {}),
      });
    case 'uniqueItems':
      return diagnostic(`${rulePrefix}/duplicate-item`, parsed.positionOf([...path, String(params.i)]), `\`${keyPath}\`: the same entry appears twice (items ${Number(params.j) + 1} and ${Number(params.i) + 1}).`, {
        hint: 'remove the repeated entry',
      });
    case 'minItems':
      return diagnostic(`${rulePrefix}/empty-list`, parsed.positionOf(path), `\`${keyPath}\`: expected ${expectedWords ?? `at least ${String(params.limit)} item(s)`}, found ${describe(found)}${Array.isArray(found) ? ' with no items' : ''}.`, {
        ...(hintWords ? { hint: hintWords } : {}),
      });
    default:
      return diagnostic(`${rulePrefix}/invalid-value`, parsed.positionOf(path), `\`${keyPath}\`: ${expectedWords ? `expected ${expectedWords}` : (error.message ?? 'is not valid')}, found ${describe(found)}.`, {
        ...(hintWords ? { hint: hintWords } : {}),
      });
  }
}
