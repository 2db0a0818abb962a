/** Prose from the model → mdast for one profile: placeholders become inline code with the value. */
import type { BlockContent, Blockquote, Paragraph, PhrasingContent, RootContent } from 'mdast';
import type { ProseItem } from '../../model/types.js';
import { splitProse, type Values } from '../../resolve/fill.js';
import type { Labels } from '../labels.js';

type AnyNode = { type: string; value?: string; children?: AnyNode[] };

/** A deep copy of `node` with `{{placeholders}}` filled in. The model is never mutated. */
export function fillNode<T extends RootContent>(node: T, values: Values): T {
  return fill(structuredClone(node) as AnyNode, values) as unknown as T;
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

export function proseToMdast(items: readonly ProseItem[], values: Values, labels: Labels): RootContent[] {
  return items.map((item) =>
    item.type === 'content' ? fillNode(item.node, values) : callout(labels.callouts[item.kind], item.children.map((c) => fillNode(c, values))),
  );
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
