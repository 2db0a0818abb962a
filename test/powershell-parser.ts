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
