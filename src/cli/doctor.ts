/**
 * `runbook doctor`: what this machine offers the build, each prerequisite with what was found or
 * how to get it. Exit 0 when everything a full build needs is there.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { COMPILED_CONTENT, contentModel } from '../load/content-model.js';
import { BUNDLED_CONTENT, displayPath, readContent } from '../load/files.js';
import { loadTemplates } from '../load/templates.js';
import { browserVersion, findBrowser } from '../print/index.js';
import { TOOL } from '../version.js';
import { EXIT, type Io } from './io.js';
import { printJson } from './report.js';
import { PASSWORD_VARIABLE } from './signing.js';

interface Check {
  name: string;
  ok: boolean;
  /** What was found, or what to do. */
  detail: string;
  /** Not needed for a default build. */
  optional?: boolean;
}

export async function doctorCommand(flags: { browser?: string; json?: boolean }, io: Io): Promise<number> {
  const checks: Check[] = [];
  const major = Number(process.versions.node.split('.')[0]);
  checks.push({ name: 'node', ok: major >= 20, detail: `${process.version}${major >= 20 ? '' : ': runbook needs Node.js 20 or later'}` });
  checks.push({ name: 'runbook', ok: true, detail: `${TOOL.name} ${TOOL.version}` });

  try {
    const path = findBrowser({ ...(flags.browser ? { flag: resolve(io.cwd, flags.browser) } : {}), env: (io.env ?? {}) as NodeJS.ProcessEnv, platform: process.platform, exists: existsSync });
    try {
      checks.push({ name: 'browser', ok: true, detail: `${path} (${await browserVersion(path)})` });
    } catch (error) {
      checks.push({ name: 'browser', ok: false, detail: `${path} was found but does not start: ${(error as Error).message}` });
    }
  } catch (error) {
    checks.push({ name: 'browser', ok: false, detail: (error as Error).message });
  }

  try {
    const { templates, roots } = await loadTemplates({ cwd: io.cwd });
    checks.push({ name: 'templates', ok: true, detail: `${templates.partials.length} partials, the runbook and document layouts and the stylesheet (${templates.layout.file})` });
    checks.push({ name: 'fonts', ok: true, detail: `${templates.fonts.length} bundled font files (${roots.slice(1).join(', ')})` });
  } catch (error) {
    checks.push({ name: 'templates', ok: false, detail: (error as Error).message });
  }

  try {
    const { procedure, from } = await contentModel(await readContent(BUNDLED_CONTENT, io.cwd));
    const steps = procedure ? `${procedure.steps.length} steps` : 'no procedure';
    checks.push({
      name: 'content',
      ok: procedure !== undefined,
      detail:
        from === 'compiled'
          ? `${steps}, loaded from the model compiled at build time (${displayPath(io.cwd, COMPILED_CONTENT)})`
          : `${steps}, parsed on every run: \`npm run build\` compiles its model and makes runs faster`,
    });
  } catch (error) {
    checks.push({ name: 'content', ok: false, detail: (error as Error).message });
  }

  const password = io.env?.[PASSWORD_VARIABLE] !== undefined;
  checks.push({
    name: 'signing',
    ok: true,
    optional: true,
    detail: password ? `${PASSWORD_VARIABLE} is set (for --sign-pfx)` : `no key configured: builds sign with the untrusted development signer unless given --sign-pfx or --sign-cert/--sign-key`,
  });

  const ok = checks.every((c) => c.ok || c.optional);
  if (flags.json) printJson({ ok, checks }, io);
  else {
    for (const c of checks) io.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.name.padEnd(9)}  ${c.detail}\n`);
    io.stdout.write(ok ? 'ready: runbook build can write every format\n' : 'not ready: see FAIL above\n');
  }
  return ok ? EXIT.ok : EXIT.errors;
}
