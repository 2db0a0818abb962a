/** tree-sitter-powershell, loaded once through web-tree-sitter, to prove generated scripts parse. */
import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
let parser: Parser | undefined;

export async function powerShellParser(): Promise<Parser> {
  if (!parser) {
    await Parser.init();
    const language = await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
    parser = new Parser();
    parser.setLanguage(language);
  }
  return parser;
}

/** Every ERROR or MISSING node, with its 1-based line and the text around it. */
export async function syntaxErrors(source: string): Promise<string[]> {
  const tree = (await powerShellParser()).parse(source);
  if (!tree) return ['no tree'];
  const errors: string[] = [];
  const walk = (node: Node) => {
    if (node.isError || node.isMissing) {
      const line = node.startPosition.row + 1;
      errors.push(`${node.isMissing ? 'MISSING' : 'ERROR'} at line ${line}: ${source.split(/\r?\n/)[line - 1]?.trim()}`);
    }
    for (const child of node.children) if (child) walk(child);
  };
  walk(tree.rootNode);
  return errors;
}

/** Cmdlets and programs that change a server, by name. */
const CHANGING_COMMAND = /^(Add|Clear|Copy|Disable|Enable|Grant|Install|Move|New|Publish|Register|Remove|Rename|Reset|Restart|Revoke|Set|Start|Stop|Uninstall|Unregister|Update)-|^(iisreset|appcmd)(\.exe)?$/i;
/** Methods that change a server when called on a live object. */
const CHANGING_METHOD = /^(Save|Recycle|Start|Stop|Delete|Commit|CommitChanges)$/i;
/** Session plumbing that changes no server (objects, snap-ins, the transcript); other calls that must run under -WhatIf say -WhatIf:$false. */
const PLUMBING = /^(Start-Transcript|Stop-Transcript|Set-StrictMode|New-Object|Add-PSSnapin)$/i;

export interface StateChange {
  /** The command or `$object.Method`. */
  what: string;
  line: number;
  /** The step id from the nearest enclosing ShouldProcess message ('Step N <id>: …'), if any. */
  shouldProcessStep?: string;
  /** Whether that ShouldProcess is the `elseif` of an `if` that runs the step's check first. */
  behindCheck: boolean;
  /** Whether the change sits inside a Test-RunbookStep block (a check or verification). */
  insideCheck: boolean;
}

/** Every state-changing call of a script, found on its syntax tree, with what guards it. */
export async function stateChanges(source: string): Promise<StateChange[]> {
  const tree = (await powerShellParser()).parse(source);
  if (!tree) throw new Error('no tree');
  const changes: StateChange[] = [];
  const visit = (node: Node) => {
    const what = changingCall(node);
    if (what) {
      const guard = shouldProcessGuard(node);
      changes.push({
        what,
        line: node.startPosition.row + 1,
        ...(guard ? { shouldProcessStep: guard.step } : {}),
        behindCheck: guard?.behindCheck ?? false,
        insideCheck: ancestors(node).some((a) => a.type === 'command' && commandName(a) === 'Test-RunbookStep'),
      });
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(tree.rootNode);
  return changes;
}

function changingCall(node: Node): string | undefined {
  if (node.type === 'command') {
    const name = commandName(node)?.split(/[\\/]/).pop();
    if (!name || PLUMBING.test(name) || !CHANGING_COMMAND.test(name)) return undefined;
    if (/-WhatIf:\$false/i.test(node.text)) return undefined;
    return name;
  }
  if (node.type === 'invokation_expression') {
    const member = node.namedChildren.find((c) => c?.type === 'member_name')?.text ?? '';
    const target = node.namedChildren[0]?.text ?? '';
    if (CHANGING_METHOD.test(member) && !/^\$(Changed|Failed)$/i.test(target)) return `${target}.${member}`;
  }
  return undefined;
}

function commandName(node: Node): string | undefined {
  return node.namedChildren.find((c) => c?.type === 'command_name')?.text;
}

function ancestors(node: Node): Node[] {
  const out: Node[] = [];
  for (let p = node.parent; p; p = p.parent) out.push(p);
  return out;
}

/** The `if`/`elseif` clause whose condition calls $PSCmdlet.ShouldProcess and whose body holds `node`. */
function shouldProcessGuard(node: Node): { step: string; behindCheck: boolean } | undefined {
  let child = node;
  for (const parent of ancestors(node)) {
    if (parent.type === 'if_statement' || parent.type === 'elseif_clause') {
      const condition = parent.namedChildren[0];
      if (condition && condition.id !== child.id && /\$PSCmdlet\.ShouldProcess\(/.test(condition.text)) {
        const step = /'(?:Undo step|Step) \d+ ([a-z0-9-]+):/.exec(condition.text)?.[1] ?? '?';
        const ifStatement = parent.type === 'elseif_clause' ? parent.parent?.parent : undefined;
        const check = ifStatement?.namedChildren[0]?.text ?? '';
        return { step, behindCheck: /^(-not \()?\(?Test-RunbookStep -Block/.test(check.trim()) };
      }
    }
    child = parent;
  }
  return undefined;
}
