/**
 * Offline by construction, first line of defence: content and templates that would make the
 * browser fetch something from the network are diagnostics, found before anything is printed.
 * Images (and raw HTML or CSS naming a remote URL) are fetched; a link is only printed as text, so
 * a URL in prose is fine. The printer's request filter is the second line. Pure.
 */
import type { Node } from 'unist';
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import { LANGS, type Position, type Procedure, type ProseItem } from '../../model/types.js';
import { templateSources, type TemplateSource, type Templates } from './templates.js';
import { isRemoteUrl } from './url.js';

export const REMOTE_CONTENT_RULE = 'content/remote-resource';
export const REMOTE_TEMPLATE_RULE = 'template/remote-resource';
export const UNESCAPED_TEMPLATE_RULE = 'template/unescaped-output';

/** URLs a piece of HTML or CSS would load: src, href, srcset, poster, data, url(…), @import. */
export function urlsInMarkup(text: string): { url: string; offset: number }[] {
  const found: { url: string; offset: number }[] = [];
  const patterns = [
    /\b(?:src|href|poster|data|action|background|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi,
    /\bsrcset\s*=\s*(?:"([^"]*)"|'([^']*)')/gi,
    /\burl\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/gi,
    /@import\s+(?:"([^"]*)"|'([^']*)')/gi,
  ];
  for (const pattern of patterns) {
    for (const m of text.matchAll(pattern)) {
      const value = m[1] ?? m[2] ?? m[3] ?? '';
      const start = m.index + m[0].indexOf(value);
      // srcset lists "url 2x, url 3x".
      const candidates = pattern.source.startsWith('\\bsrcset') ? value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '') : [value];
      for (const url of candidates) if (url) found.push({ url, offset: start + Math.max(0, value.indexOf(url)) });
    }
  }
  // Any absolute remote URL anywhere else (a comment, an inline style…) counts too.
  for (const m of text.matchAll(/\b(?:https?|ftps?|wss?):\/\/[^\s"'<>()]+/gi)) {
    if (!found.some((f) => f.offset <= m.index && m.index < f.offset + f.url.length)) found.push({ url: m[0], offset: m.index });
  }
  return found.filter((f) => isRemoteUrl(f.url)).sort((a, b) => a.offset - b.offset);
}

function positionAt(file: string, text: string, offset: number, origin: { line: number; column: number } = { line: 1, column: 1 }): Position {
  const before = text.slice(0, offset).split('\n');
  const line = origin.line + before.length - 1;
  const column = before.length === 1 ? origin.column + before[0]!.length : before[before.length - 1]!.length + 1;
  return { file, line, column };
}

type AnyNode = Node & { type: string; url?: string; value?: string; identifier?: string; children?: AnyNode[] };

function nodeStart(node: AnyNode): { line: number; column: number } {
  return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
}

function remoteInProse(items: readonly ProseItem[], file: string, out: Diagnostic[]): void {
  const nodes: AnyNode[] = items.flatMap((i) => (i.type === 'content' ? [i.node as AnyNode] : (i.children as AnyNode[])));
  const imageRefs = new Set<string>();
  const definitions: AnyNode[] = [];
  const visit = (node: AnyNode) => {
    if (node.type === 'image' && node.url !== undefined && isRemoteUrl(node.url)) {
      out.push(
        diagnostic(REMOTE_CONTENT_RULE, { file, ...nodeStart(node) }, `The image \`${node.url}\` would be fetched from the network: printed runbooks are built offline.`, {
          hint: 'save the image next to the content and reference it by a relative path, or describe it in words',
        }),
      );
    }
    if (node.type === 'imageReference' && node.identifier) imageRefs.add(node.identifier.toLowerCase());
    if (node.type === 'definition') definitions.push(node);
    if (node.type === 'html' && node.value) {
      for (const found of urlsInMarkup(node.value)) {
        out.push(
          diagnostic(REMOTE_CONTENT_RULE, positionAt(file, node.value, found.offset, nodeStart(node)), `Raw HTML references \`${found.url}\`, which would be fetched from the network.`, {
            hint: 'remove the HTML: printed runbooks are built offline and content HTML is printed as text',
          }),
        );
      }
    }
    node.children?.forEach(visit);
  };
  nodes.forEach(visit);
  for (const def of definitions) {
    if (def.identifier && imageRefs.has(def.identifier.toLowerCase()) && def.url !== undefined && isRemoteUrl(def.url)) {
      out.push(
        diagnostic(REMOTE_CONTENT_RULE, { file, ...nodeStart(def) }, `The image \`${def.url}\` would be fetched from the network: printed runbooks are built offline.`, {
          hint: 'save the image next to the content and reference it by a relative path, or describe it in words',
        }),
      );
    }
  }
}

/** Every remote image or resource in the content, in every language and every branch. */
export function remoteReferencesInContent(procedure: Procedure): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const owner of [procedure, ...procedure.sections, ...procedure.steps]) {
    for (const lang of LANGS) remoteInProse(owner.text[lang].body, owner.text[lang].position.file, out);
  }
  return out;
}

function checkTemplate(source: TemplateSource, out: Diagnostic[]): void {
  for (const found of urlsInMarkup(source.text)) {
    out.push(
      diagnostic(REMOTE_TEMPLATE_RULE, positionAt(source.file, source.text, found.offset), `The template references \`${found.url}\`, which would be fetched from the network.`, {
        hint: 'printed runbooks are built offline: bundle the file with the templates and reference it by a relative path',
      }),
    );
  }
  for (const m of source.text.matchAll(/\{\{\{|\{\{~?\s*&/g)) {
    out.push(
      diagnostic(UNESCAPED_TEMPLATE_RULE, positionAt(source.file, source.text, m.index), 'Unescaped output (`{{{…}}}` or `{{&…}}`) in a template.', {
        hint: 'use `{{…}}`: every value, profile values first, must reach the page HTML-escaped',
      }),
    );
  }
}

/** Remote references and unescaped output in the layouts, the partials and the stylesheet. */
export function remoteReferencesInTemplates(templates: Templates): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const source of templateSources(templates)) checkTemplate(source, out);
  return out;
}

/** Both checks: call before printing; any diagnostic is an error. */
export function checkRemoteReferences(procedure: Procedure, templates: Templates): Diagnostic[] {
  return [...remoteReferencesInContent(procedure), ...remoteReferencesInTemplates(templates)];
}
