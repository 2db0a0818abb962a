/** Reading PDFs back in tests with poppler-utils: the text of each page, as a reader would see it. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export const exec = promisify(execFile);

/** pdftotext -layout, one entry per page, whitespace collapsed. */
export async function pdftotext(file: string): Promise<string[]> {
  const { stdout } = await exec('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']);
  return stdout
    .split('\f')
    .slice(0, -1)
    .map((p) => p.replace(/\s+/g, ' ').trim());
}
