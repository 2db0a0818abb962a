/**
 * Serialised Markdown reused across documents. Runbooks of many profiles share most of their
 * blocks (the same prose, labels and commands): mdast-util-to-markdown still serialises each whole
 * tree and joins its blocks itself, but a top-level block it has already written in the same
 * serialiser state is taken from the cache, and so is the inside of a paragraph, heading or table
 * cell, or a text, it has already written in the same context. What is written stays the same,
 * byte for byte (test/escape.test.ts compares with and without a cache). Pure.
 */
import type { Root, RootContent } from 'mdast';
import type { Handle, Info, SafeConfig, State } from 'mdast-util-to-markdown';

/** What one set of serialiser settings has written so far. */
export interface MarkdownCache {
  /** Top-level blocks by the bullet of the list just before them (or ''), then by structural key. */
  blocks: Map<string, Map<string, { value: string; bulletLastUsed: string | undefined }>>;
  /** Phrasing (the inside of a paragraph, heading or table cell) by its context and its children. */
  phrasing: Map<string, string>;
  /** Escaped texts by everything `safe` looks at: constructs, characters and nodes around, text. */
  escapes: Map<string, string>;
}

export function markdownCache(): MarkdownCache {
  return { blocks: new Map(), phrasing: new Map(), escapes: new Map() };
}

/** Never let a cache outgrow this many entries (each profile also brings texts of its own). */
const MAX_ENTRIES = 50_000;

/** Keys of nodes already keyed: a node shared between documents (constant prose) is keyed once. */
const keys = new WeakMap<RootContent, string>();

/**
 * The node as JSON. Nodes that carry source positions key apart although they would be written
 * alike; the prose given here has none (fillNode leaves them out).
 */
function structuralKey(node: RootContent): string {
  let key = keys.get(node);
  if (key === undefined) keys.set(node, (key = JSON.stringify(node)));
  return key;
}

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size < MAX_ENTRIES) map.set(key, value);
  return value;
}

/**
 * A `root` handler that runs `original` with the cache in place. What each cached text depends
 * on, from mdast-util-to-markdown's code (the line and the column it tracks never change a text):
 * - a top-level block: the block, and the bullet of a list just before it (the only serialiser
 *   state a block leaves to the next, read by a list at the top or inside the block);
 * - phrasing: the container's type and children (each handler reads its node and its
 *   siblings), the characters given before and after, and the constructs it stands in;
 * - an escaped text (`safe`): the text, the characters given before and after it, the types of
 *   the nodes around it, the `encode` list and the constructs it stands in.
 */
export function cachedRoot(original: Handle, cache: MarkdownCache): Handle {
  return (node: Root, parent, state: State, info: Info) => {
    const { handle, containerPhrasing, safe } = state;
    const cachedHandle = (child: RootContent, childParent: Parameters<Handle>[1], childState: State, childInfo: Info): string => {
      if (childParent !== node || childState.stack.length > 0) return handle(child, childParent, childState, childInfo);
      const bullet = childState.bulletLastUsed ?? '';
      let blocks = cache.blocks.get(bullet);
      if (!blocks) cache.blocks.set(bullet, (blocks = new Map()));
      const key = structuralKey(child);
      const hit = blocks.get(key);
      if (hit) {
        childState.bulletLastUsed = hit.bulletLastUsed;
        return hit.value;
      }
      const value = handle(child, childParent, childState, childInfo);
      return remember(blocks, key, { value, bulletLastUsed: childState.bulletLastUsed }).value;
    };
    const cachedPhrasing = function (this: State, container: Parameters<State['containerPhrasing']>[0], containerInfo: Info): string {
      const { before, after } = containerInfo;
      const key = `${this.stack.join(',')}\0${before.length}:${before}${after.length}:${after}\0${container.type}\0${JSON.stringify(container.children)}`;
      return cache.phrasing.get(key) ?? remember(cache.phrasing, key, containerPhrasing.call(this, container, containerInfo));
    };
    const cachedSafe = function (this: State, value: string | null | undefined, config: SafeConfig): string {
      const { before = '', after = '', beforeNode, afterNode, encode } = config;
      const key = `${this.stack.join(',')}\0${before.length}:${before}${after.length}:${after}\0${beforeNode?.type ?? ''}\0${afterNode?.type ?? ''}\0${encode?.join('\u0001') ?? ''}\0${value ?? ''}`;
      return cache.escapes.get(key) ?? remember(cache.escapes, key, safe.call(this, value, config));
    };
    // mdast-util-to-markdown also reads the handlers off `state.handle` (for `peek`).
    state.handle = Object.assign(cachedHandle, handle);
    state.containerPhrasing = cachedPhrasing;
    state.safe = cachedSafe;
    try {
      return original(node, parent, state, info);
    } finally {
      state.handle = handle;
      state.containerPhrasing = containerPhrasing;
      state.safe = safe;
    }
  };
}
