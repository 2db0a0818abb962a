import { list } from '../pipeline.js';
import { EXIT, type Io } from './io.js';
import { printDiagnostics, printJson } from './report.js';

export async function listCommand(flags: { profiles: string[]; content?: string; json?: boolean }, io: Io): Promise<number> {
  const result = await list({ cwd: io.cwd, profiles: flags.profiles, ...(flags.content ? { content: flags.content } : {}) });
  if (flags.json) {
    printJson({ ok: result.ok, profiles: result.profiles, diagnostics: result.diagnostics }, io);
  } else {
    printDiagnostics(result, io);
    for (const p of result.profiles) {
      const b = p.branches;
      io.stdout.write(`${p.id}\t${p.file}\texchange=${b['exchange.version']} um=${b['um.placement']} im=${b['im.action']} policies=${b['im.policyScope']}\t${p.title}\n`);
    }
  }
  return result.ok ? EXIT.ok : EXIT.errors;
}
