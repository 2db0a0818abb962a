/**
 * Golden runbooks for a few profiles: any change in what an operator reads shows up as a diff
 * in review. Regenerate with UPDATE_GOLDEN=1 after checking the change; runbook.test.ts checks the
 * facts inside them.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, run, tempDir } from './helpers.js';

const GOLDEN = join(ROOT, 'test', 'golden');
const CASES = [
  ['atl-prod', 'fr'],
  ['atl-prod', 'en'],
  ['ber-prod', 'en'],
  ['par-colo', 'fr'],
  ['dub-disable', 'en'],
] as const;

describe('golden runbooks', () => {
  for (const [id, lang] of CASES) {
    it(`${id} in ${lang} matches test/golden/${id}.${lang}.md`, async () => {
      const out = await tempDir();
      const result = await run(['build', '--profiles', `content/profiles/${id}.yaml`, '--lang', lang, '--format', 'md', '--out', out]);
      assert.equal(result.code, 0, result.stderr);
      const actual = await readFile(join(out, id, `runbook.${lang}.md`), 'utf8');
      const file = join(GOLDEN, `${id}.${lang}.md`);
      if (process.env.UPDATE_GOLDEN) {
        await mkdir(GOLDEN, { recursive: true });
        await writeFile(file, actual);
      }
      assert.equal(actual, await readFile(file, 'utf8'), `differs from ${file}; run UPDATE_GOLDEN=1 npm test after checking the change`);
    });
  }
});
