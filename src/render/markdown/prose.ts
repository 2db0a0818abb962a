/** Prose from the model → mdast for one profile: placeholders become inline code with the value. */
import type { BlockContent, Blockquote, Paragraph, PhrasingContent, RootContent } from 'mdast';
import type { ProseItem } from '../../model/types.js';
import { splitProse, type Values } from '../../resolve/fill.js';
import { prosePlaceholders } from '../../resolve/resolve.js';
import type { Labels } from '../labels.js';

type AnyNode = { type: string; value?: string; children?: AnyNode[] };

/**
 * A deep copy of `node` with `{{placeholders}}` filled in, without the source positions (the
 * copy is no longer the source text). The model is never mutated.
 */
export function fillNode<T extends RootContent>(node: T, values: Values): T {
  return fill(copy(node) as AnyNode, values) as unknown as T;
}

/** A deep copy of a syntax tree (plain objects, arrays and primitives, as the parser makes them), positions left out. */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) if (key !== 'position') out[key] = copy((value as Record<string, unknown>)[key]);
  return out;
}

function fill(node: AnyNode, values: Values): AnyNode {
  if (node.type === 'inlineCode' && node.value !== undefined) {
    node.value = splitProse(node.value, values).map((p) => ('text' in p ? p.text : p.value)).join('');
    return node;
  }
  if (node.children) {
    const children: AnyNode[] = [];
    for (const child of node.children) {
      if (child.type === 'text' && child.value !== undefined) {
        for (const part of splitProse(child.value, values)) {
          children.push('text' in part ? { type: 'text', value: part.text } : { type: 'inlineCode', value: part.value });
        }
      } else children.push(fill(child, values));
    }
    node.children = children;
  }
  return node;
}

export function strong(text: string): PhrasingContent {
  return { type: 'strong', children: [{ type: 'text', value: text }] };
}

/** A callout as a block quote opening with its label in bold. */
export function callout(label: string, children: RootContent[]): Blockquote {
  const [first, ...rest] = children;
  const lead: PhrasingContent[] = [strong(label), { type: 'text', value: ' — ' }];
  if (first && first.type === 'paragraph') {
    return { type: 'blockquote', children: [{ type: 'paragraph', children: [...lead, ...first.children] }, ...(rest as BlockContent[])] };
  }
  return { type: 'blockquote', children: [{ type: 'paragraph', children: [strong(label)] }, ...(children as BlockContent[])] };
}

function itemToMdast(item: ProseItem, values: Values, labels: Labels): RootContent {
  return item.type === 'content' ? fillNode(item.node, values) : callout(labels.callouts[item.kind], item.children.map((c) => fillNode(c, values)));
}

/**
 * Prose without placeholders is the same mdast for every profile: made once per item and shared,
 * so that it is neither copied nor keyed again for each runbook. An item belongs to one language,
 * and so to one set of labels.
 */
const constantItems = new WeakMap<ProseItem, RootContent | null>();

function constantItem(item: ProseItem, labels: Labels): RootContent | undefined {
  let known = constantItems.get(item);
  if (known === undefined) {
    known = prosePlaceholders(item).length > 0 ? null : itemToMdast(item, {}, labels);
    constantItems.set(item, known);
  }
  return known ?? undefined;
}

/** The mdast of model prose, filled for one profile. Read-only: nodes may be shared between calls. */
export function proseToMdast(items: readonly ProseItem[], values: Values, labels: Labels): RootContent[] {
  return items.map((item) => constantItem(item, labels) ?? itemToMdast(item, values, labels));
}

export function paragraph(...children: PhrasingContent[]): Paragraph {
  return { type: 'paragraph', children };
}

export function text(value: string): PhrasingContent {
  return { type: 'text', value };
}

export function code(value: string): PhrasingContent {
  return { type: 'inlineCode', value };
}
