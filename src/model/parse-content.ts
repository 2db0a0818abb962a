/**
 * Content → model. Each Markdown file of `content/` is parsed with unified + remark-parse
 * (frontmatter, GFM, directives) and turned into a typed step, section or procedure. Every
 * author mistake becomes a positioned diagnostic; all are collected, none stops the others.
 * Pure: files in, model and diagnostics out.
 */
import { contentHashOf } from './content-hash.js';
import type { Code, Heading, Root, RootContent, Text as MdText } from 'mdast';
import type { ContainerDirective } from 'mdast-util-directive';
import { toString } from 'mdast-util-to-string';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { diagnostic, didYouMean, type Diagnostic } from '../diagnostics.js';
import { compileSchema, parseYaml, validateAgainstSchema } from '../load/yaml.js';
import { conditionFromData, conditionFromString } from './condition.js';
import { procedureFrontmatterSchema, sectionFrontmatterSchema, stepFrontmatterSchema } from './frontmatter-schema.js';
import { findPlaceholders, PLACEHOLDERS, powerShellContexts } from './placeholders.js';
import {
  BLOCK_KINDS,
  CODE_ROLES,
  LANGS,
  type BlockKind,
  type CodeBlock,
  type CodeRole,
  type Lang,
  type Position,
  type Procedure,
  type ProseItem,
  type Section,
  type Step,
  type Text,
} from './types.js';

export interface ContentFile {
  /** Path relative to the working folder, e.g. `content/steps/030-sfb-trusted-app-pool.md`: for diagnostics. */
  file: string;
  /** Path inside the content folder, e.g. `steps/030-sfb-trusted-app-pool.md`: for the content hash. */
  name: string;
  text: string;
}

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective);

let validators: { step: ReturnType<typeof compileSchema>; section: ReturnType<typeof compileSchema>; procedure: ReturnType<typeof compileSchema> } | undefined;
function getValidators() {
  validators ??= {
    step: compileSchema(stepFrontmatterSchema),
    section: compileSchema(sectionFrontmatterSchema),
    procedure: compileSchema(procedureFrontmatterSchema),
  };
  return validators;
}

type FileKind = 'step' | 'section' | 'procedure';

function kindOf(file: string): FileKind | undefined {
  if (/(^|\/)steps\/[^/]+\.md$/.test(file)) return 'step';
  if (/(^|\/)sections\/[^/]+\.md$/.test(file)) return 'section';
  if (/(^|\/)procedure\.md$/.test(file)) return 'procedure';
  return undefined;
}

export interface ParsedContent {
  procedure: Procedure | undefined;
  diagnostics: Diagnostic[];
}

export function parseContent(files: readonly ContentFile[]): ParsedContent {
  const diagnostics: Diagnostic[] = [];
  // By the name inside the content folder: the model does not depend on where the build runs from.
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const steps: Step[] = [];
  const sections: Section[] = [];
  let head: { id: string; version: string; source: string; text: Record<Lang, Text>; position: Position } | undefined;

  for (const f of sorted) {
    const kind = kindOf(f.name);
    if (!kind) continue;
    const parsed = parseFile(f, kind, diagnostics);
    if (!parsed) continue;
    if (parsed.kind === 'step') steps.push(parsed);
    else if (parsed.kind === 'section') sections.push(parsed);
    else head = parsed;
  }

  const firstById = new Map<string, Position>();
  for (const item of [...steps, ...sections]) {
    const first = firstById.get(item.id);
    if (first) {
      diagnostics.push(
        diagnostic('content/duplicate-id', item.position, `The id \`${item.id}\` is already used.`, {
          hint: 'step and section ids must be unique: rename one of them',
          related: first,
        }),
      );
    } else firstById.set(item.id, item.position);
  }

  if (!head) {
    diagnostics.push(
      diagnostic('content/missing-procedure', { file: 'content/procedure.md', line: 1, column: 1 }, 'No procedure.md: the procedure has no title or version.', {
        hint: 'add content/procedure.md with `kind: procedure`, `id`, `version` and `source` in its frontmatter',
      }),
    );
  }
  if (steps.length === 0) {
    diagnostics.push(diagnostic('content/no-steps', { file: 'content/steps', line: 1, column: 1 }, 'The content has no steps.', { hint: 'add files under content/steps/' }));
  }
  if (!head) return { procedure: undefined, diagnostics };
  return {
    procedure: {
      id: head.id,
      version: head.version,
      source: head.source,
      text: head.text,
      sections: sections.sort(byOrder),
      steps: steps.sort(byOrder),
      contentHash: contentHashOf(files),
    },
    diagnostics,
  };
}

function byOrder(a: { order: number; id: string }, b: { order: number; id: string }): number {
  return a.order - b.order || (a.id < b.id ? -1 : 1);
}

function positionOf(file: string, node: { position?: { start: { line: number; column: number } } } | undefined): Position {
  return { file, line: node?.position?.start.line ?? 1, column: node?.position?.start.column ?? 1 };
}

function parseFile(
  f: ContentFile,
  kind: FileKind,
  diagnostics: Diagnostic[],
): (Step | Section | { kind: 'procedure'; id: string; version: string; source: string; text: Record<Lang, Text>; position: Position }) | undefined {
  const tree = processor.parse(f.text) as Root;
  const filePosition: Position = { file: f.file, line: 1, column: 1 };
  const before = diagnostics.length;

  // Frontmatter.
  const yamlNode = tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined;
  if (!yamlNode) {
    diagnostics.push(diagnostic('content/missing-frontmatter', filePosition, 'This file has no frontmatter.', { hint: 'start the file with a `---` block holding at least `id:`' }));
    return undefined;
  }
  const parsed = parseYaml({ file: f.file, text: yamlNode.value, origin: { line: (yamlNode.position?.start.line ?? 1) + 1, column: 1 } }, diagnostics, 'content');
  if (!parsed.ok) return undefined;
  const validate = getValidators()[kind];
  if (!validateAgainstSchema(validate, parsed, diagnostics, 'content')) return undefined;
  const meta = parsed.data as Record<string, unknown>;
  const when = conditionFromData(meta.when, (key) => (key ? parsed.positionOf(['when', key], 'key') : parsed.positionOf(['when'])), diagnostics);

  // Body: language blocks and code blocks.
  const text: Partial<Record<Lang, Text>> = {};
  const code: CodeBlock[] = [];
  for (const node of tree.children) {
    if (node.type === 'yaml' || node.type === 'html') continue;
    if (node.type === 'containerDirective' && (LANGS as readonly string[]).includes(node.name)) {
      const lang = node.name as Lang;
      if (text[lang]) {
        diagnostics.push(diagnostic('content/duplicate-language', positionOf(f.file, node), `A second \`::::${lang}\` block.`, { hint: 'keep one block per language', related: text[lang]!.position }));
        continue;
      }
      const parsedText = parseLanguageBlock(f.file, node, diagnostics);
      if (parsedText) text[lang] = parsedText;
      continue;
    }
    if (node.type === 'code') {
      const block = parseCodeBlock(f.file, node, diagnostics);
      if (block) code.push(block);
      continue;
    }
    if (node.type === 'containerDirective' || node.type === 'leafDirective') {
      diagnostics.push(
        diagnostic('content/unknown-directive', positionOf(f.file, node), `Unknown block \`${node.name}\` at the top level.`, {
          hint: didYouMean(node.name, LANGS) ?? 'at the top level only `::::fr`, `::::en` and code blocks are allowed; callouts go inside a language block',
        }),
      );
      continue;
    }
    diagnostics.push(
      diagnostic('content/prose-outside-language', positionOf(f.file, node), 'Prose outside a language block.', {
        hint: 'put prose inside `::::fr` and `::::en`; only code blocks stand outside them',
      }),
    );
  }

  for (const lang of LANGS) {
    if (!text[lang]) {
      const other = LANGS.find((l) => text[l]);
      diagnostics.push(
        diagnostic('content/missing-translation', other ? text[other]!.position : filePosition, `No \`::::${lang}\` block: this ${kind} has no ${lang === 'fr' ? 'French' : 'English'} text.`, {
          hint: `add a \`::::${lang}\` block with a \`#\` title and the translated prose`,
        }),
      );
    }
  }
  if (text.fr && text.en) checkParity(text.fr, text.en, diagnostics);
  checkCodeBlocks(code, kind, diagnostics);

  if (diagnostics.slice(before).some((d) => d.severity === 'error')) return undefined;
  const fullText = text as Record<Lang, Text>;
  const position: Position = { file: f.file, line: 1, column: 1 };
  const order = Number(/(?:^|\/)(\d+)-[^/]*$/.exec(f.name)?.[1] ?? 0);

  if (kind === 'procedure') {
    return { kind: 'procedure', id: String(meta.id), version: String(meta.version), source: String(meta.source), text: fullText, position };
  }
  if (kind === 'section') {
    return { kind: 'section', id: String(meta.id), order, place: meta.place as Section['place'], when, text: fullText, code, position };
  }
  const step: Step = {
    kind: 'step',
    id: String(meta.id),
    order,
    phase: meta.phase as Step['phase'],
    runsOn: meta.runsOn as Step['runsOn'],
    scope: meta.scope as Step['scope'],
    shell: meta.shell as Step['shell'],
    when,
    minutes: Number(meta.minutes),
    changesState: Boolean(meta.changesState),
    holdPoint: Boolean(meta.holdPoint),
    pointOfNoReturn: Boolean(meta.pointOfNoReturn),
    risk: (meta.risk as Step['risk'] | undefined) ?? 'low',
    text: fullText,
    code,
    position,
  };
  checkStep(step, diagnostics);
  return diagnostics.slice(before).some((d) => d.severity === 'error') ? undefined : step;
}

function parseLanguageBlock(file: string, node: ContainerDirective, diagnostics: Diagnostic[]): Text | undefined {
  const [first, ...rest] = node.children;
  if (!first || first.type !== 'heading' || (first as Heading).depth !== 1) {
    diagnostics.push(
      diagnostic('content/missing-title', positionOf(file, first ?? node), `The \`::::${node.name}\` block does not start with a \`#\` title.`, {
        hint: 'make its first line `# Title`',
      }),
    );
    return undefined;
  }
  const title = toString(first);
  checkProsePlaceholders(file, first, diagnostics);
  const body: ProseItem[] = [];
  for (const child of rest as RootContent[]) {
    if (child.type === 'containerDirective' || child.type === 'leafDirective') {
      const at = positionOf(file, child);
      if (!(BLOCK_KINDS as readonly string[]).includes(child.name)) {
        diagnostics.push(
          diagnostic('content/unknown-directive', at, `Unknown block \`:::${child.name}\`.`, {
            hint: didYouMean(child.name, BLOCK_KINDS) ?? `use one of ${BLOCK_KINDS.map((k) => `\`:::${k}\``).join(', ')}`,
          }),
        );
        continue;
      }
      const attributes = child.attributes ?? {};
      for (const key of Object.keys(attributes)) {
        if (key !== 'when') diagnostics.push(diagnostic('content/unknown-attribute', at, `Unknown attribute \`${key}\` on \`:::${child.name}\`.`, { hint: 'the only attribute is `when="…"`' }));
      }
      const when = attributes.when ? conditionFromString(attributes.when, at, diagnostics) : {};
      const children = (child.type === 'containerDirective' ? child.children : [{ type: 'paragraph', children: child.children }]) as RootContent[];
      for (const c of children) checkProsePlaceholders(file, c, diagnostics);
      body.push({ type: 'callout', kind: child.name as BlockKind, when, children, position: at });
      continue;
    }
    checkProsePlaceholders(file, child, diagnostics);
    body.push({ type: 'content', node: child, when: {} });
  }
  return { title, body, position: positionOf(file, node) };
}

function checkProsePlaceholders(file: string, node: RootContent, diagnostics: Diagnostic[]): void {
  visit(node, (child) => {
    if (child.type === 'textDirective') {
      diagnostics.push(
        diagnostic('content/unknown-directive', positionOf(file, child), `\`:${child.name}\` reads as an inline directive.`, {
          hint: 'escape the colon (`\\:`) or put the text in backticks',
        }),
      );
      return;
    }
    if (child.type !== 'text' && child.type !== 'inlineCode') return;
    const value = (child as MdText).value;
    for (const use of findPlaceholders(value)) {
      const at = offsetPosition(file, child, value, use.offset);
      if (!PLACEHOLDERS[use.name]) unknownPlaceholder(use.name, at, diagnostics);
    }
  });
}

function offsetPosition(file: string, node: { position?: { start: { line: number; column: number } } }, value: string, offset: number): Position {
  const start = positionOf(file, node);
  const before = value.slice(0, offset);
  const lines = before.split('\n');
  return lines.length === 1 ? { file, line: start.line, column: start.column + offset } : { file, line: start.line + lines.length - 1, column: lines.at(-1)!.length + 1 };
}

function unknownPlaceholder(name: string, at: Position, diagnostics: Diagnostic[]): void {
  diagnostics.push(
    diagnostic('content/unknown-placeholder', at, `Unknown placeholder \`{{${name}}}\`.`, {
      hint: didYouMean(name, Object.keys(PLACEHOLDERS)) ?? 'see the placeholder catalogue in content/README.md',
    }),
  );
}

function parseCodeBlock(file: string, node: Code, diagnostics: Diagnostic[]): CodeBlock | undefined {
  const at = positionOf(file, node);
  const meta = /^(\S+)(?:\s+when="([^"]*)")?\s*$/.exec(node.meta ?? '');
  if (!node.lang || !meta) {
    diagnostics.push(
      diagnostic('content/code-without-role', at, 'A code block without a role.', {
        hint: `write the info string as \`<language> <role>\`, role one of ${CODE_ROLES.join(', ')} (e.g. \`\`\`powershell apply)`,
      }),
    );
    return undefined;
  }
  const role = meta[1]!;
  if (!(CODE_ROLES as readonly string[]).includes(role)) {
    diagnostics.push(
      diagnostic('content/unknown-code-role', at, `Unknown code role \`${role}\`.`, { hint: didYouMean(role, CODE_ROLES) ?? `use one of ${CODE_ROLES.join(', ')}` }),
    );
    return undefined;
  }
  const when = meta[2] !== undefined ? conditionFromString(meta[2], at, diagnostics) : {};
  const lang = node.lang.toLowerCase();
  const block: CodeBlock = { role: role as CodeRole, lang, value: node.value, when, position: at };
  checkCodePlaceholders(block, diagnostics);
  return block;
}

function codeOffsetPosition(block: CodeBlock, offset: number): Position {
  const lines = block.value.slice(0, offset).split('\n');
  // The fence is on the block's first line; the code starts on the next.
  return { file: block.position.file, line: block.position.line + lines.length, column: lines.at(-1)!.length + 1 };
}

function checkCodePlaceholders(block: CodeBlock, diagnostics: Diagnostic[]): void {
  const uses = findPlaceholders(block.value);
  const contexts = block.lang === 'powershell' ? powerShellContexts(block.value, uses.map((u) => u.offset)) : [];
  uses.forEach((use, index) => {
    const at = codeOffsetPosition(block, use.offset);
    const spec = PLACEHOLDERS[use.name];
    if (!spec) return unknownPlaceholder(use.name, at, diagnostics);
    if (spec.proseOnly) {
      diagnostics.push(
        diagnostic('content/prose-only-placeholder', at, `\`{{${use.name}}}\` is free text and may appear in prose only, never in a command.`, {
          hint: 'move it to the prose of the language blocks',
        }),
      );
    }
    const context = contexts[index];
    if (context === 'double-quoted') {
      diagnostics.push(
        diagnostic('content/placeholder-in-double-quotes', at, `\`{{${use.name}}}\` stands inside a double-quoted PowerShell string, where PowerShell would expand \`$\` and backticks in it.`, {
          hint: "use single quotes around the string, or pass the placeholder on its own as an argument",
        }),
      );
    }
    if (context === 'comment') {
      diagnostics.push(diagnostic('content/placeholder-in-comment', at, `\`{{${use.name}}}\` stands in a PowerShell comment.`, { hint: 'describe values in the prose instead' }));
    }
    if (context === 'single-quoted' && spec.kind === 'list') {
      diagnostics.push(
        diagnostic('content/list-in-quotes', at, `The list \`{{${use.name}}}\` stands inside a quoted string.`, { hint: 'write it outside quotes: it becomes an array `@(...)`' }),
      );
    }
  });
}

function checkCodeBlocks(code: CodeBlock[], kind: FileKind, diagnostics: Diagnostic[]): void {
  const seen = new Map<string, CodeBlock>();
  for (const block of code) {
    if (kind !== 'step' && block.role !== 'show') {
      diagnostics.push(diagnostic('content/code-role-in-section', block.position, `A \`${block.role}\` block in a ${kind}: only steps run commands.`, { hint: 'use the role `show` for code a section displays' }));
    }
    if (['check', 'apply', 'verify', 'rollback'].includes(block.role) && block.lang !== 'powershell') {
      diagnostics.push(diagnostic('content/code-language', block.position, `A \`${block.role}\` block must be \`powershell\`, not \`${block.lang}\`.`, { hint: `write \`\`\`powershell ${block.role}` }));
    }
    const key = `${block.role}|${JSON.stringify(block.when)}`;
    const first = seen.get(key);
    if (first && block.role !== 'show') {
      diagnostics.push(
        diagnostic('content/duplicate-code-role', block.position, `A second \`${block.role}\` block for the same branches.`, {
          hint: 'merge them into one block, or give each a different `when="…"`',
          related: first.position,
        }),
      );
    } else seen.set(key, block);
  }
}

/** The two languages must carry the same callouts, for the same branches. */
function checkParity(fr: Text, en: Text, diagnostics: Diagnostic[]): void {
  const signature = (t: Text) => t.body.filter((i) => i.type === 'callout').map((i) => `${(i as { kind: string }).kind}${JSON.stringify(i.when)}`);
  const a = signature(fr);
  const b = signature(en);
  if (a.join(',') !== b.join(',')) {
    const missingInEn = a.filter((s) => !b.includes(s));
    const missingInFr = b.filter((s) => !a.includes(s));
    const where = missingInEn.length ? en.position : fr.position;
    diagnostics.push(
      diagnostic('content/missing-translation', where, `The French and English blocks do not carry the same callouts (fr: ${a.join(', ') || 'none'}; en: ${b.join(', ') || 'none'}).`, {
        hint: `translate ${[...missingInEn.map((s) => `${s} into English`), ...missingInFr.map((s) => `${s} into French`)].join(', ') || 'the callouts in the same order'}`,
        related: missingInEn.length ? fr.position : en.position,
      }),
    );
  }
}

function checkStep(step: Step, diagnostics: Diagnostic[]): void {
  const hasCode = (role: CodeRole) => step.code.some((c) => c.role === role);
  const hasProse = (lang: Lang, kind: BlockKind) => step.text[lang].body.some((i) => i.type === 'callout' && i.kind === kind);
  if (step.changesState && !hasCode('rollback') && !LANGS.every((l) => hasProse(l, 'rollback'))) {
    diagnostics.push(
      diagnostic('content/missing-rollback', step.position, `Step \`${step.id}\` changes state but has no rollback.`, {
        hint: 'add a ```powershell rollback block, or a `:::rollback` block in each language for a manual step',
      }),
    );
  }
  if (step.shell !== 'manual' && !hasCode('apply') && step.phase === 'change') {
    diagnostics.push(
      diagnostic('content/missing-apply', step.position, `Step \`${step.id}\` runs in a shell but has no \`apply\` block.`, { hint: 'add a ```powershell apply block, or set `shell: manual`' }),
    );
  }
  if (step.phase !== 'change' && step.changesState) {
    diagnostics.push(
      diagnostic('content/read-only-phase', step.position, `Step \`${step.id}\` is in the ${step.phase} phase but changes state.`, { hint: 'preflight and verify steps only read; move it to `phase: change`' }),
    );
  }
  const slug = /(?:^|\/)\d+-([^/]+)\.md$/.exec(step.position.file)?.[1];
  if (slug && slug !== step.id) {
    diagnostics.push(
      diagnostic('content/file-name', step.position, `The file name says \`${slug}\` but the step id is \`${step.id}\`.`, { hint: `rename the file to NNN-${step.id}.md`, severity: 'warning' }),
    );
  }
}
