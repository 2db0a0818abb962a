/** Text that reaches a PowerShell script: single-quoted literals and neutralised comments. */
export { powerShellLiteral as literal } from '../../resolve/fill.js';

/** Free text for a comment line: one line, no comment terminators. */
export function commentText(value: string): string {
  return value.replace(/[\r\n\u2028\u2029\u0085]+/g, ' ').replace(/#>/g, '# >').replace(/<#/g, '< #');
}

/** Indents every line of a block (LF in, LF out: CRLF is applied once, at the end). */
export function indent(block: string, by: string): string {
  return block
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : by + line))
    .join('\n');
}
