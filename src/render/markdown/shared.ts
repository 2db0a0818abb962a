/**
 * Nodes made once and shared, read-only, by every document that needs the same one: the
 * serialiser's cache (block-cache.ts) knows a shared node by identity instead of keying it again
 * for each document. Pure.
 */
import type { Code, RootContent } from 'mdast';

/** Never keep more than this many nodes per builder (profiles bring values of their own). */
const MAX_NODES = 10_000;

/** A builder whose node depends on its arguments alone, made to return one node per set of arguments. */
export function shared<A extends (string | number | boolean)[], N extends RootContent>(build: (...args: A) => N): (...args: A) => N {
  const nodes = new Map<string, N>();
  return (...args: A) => {
    const key = JSON.stringify(args);
    let node = nodes.get(key);
    if (!node) {
      node = build(...args);
      if (nodes.size < MAX_NODES) nodes.set(key, node);
    }
    return node;
  };
}

/** A fenced code block, one node per language and text. */
export const sharedCode = shared((lang: string, value: string): Code => ({ type: 'code', lang, value }));
