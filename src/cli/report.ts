/** The human view of a pipeline result (the `--json` view is the result itself). */
import { formatDiagnostic } from '../diagnostics.js';
import type { Result } from '../pipeline.js';
import type { SignerIdentity } from '../load/signer.js';
import type { Io } from './io.js';

export function printDiagnostics(result: Result, io: Io): void {
  for (const d of result.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.length - errors;
  if (errors || warnings) io.stderr.write(`${errors} error(s), ${warnings} warning(s)\n`);
}

export function printJson(result: unknown, io: Io): void {
  io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

export function printSigner(signer: SignerIdentity, scripts: number, io: Io): void {
  io.stdout.write(`signed ${scripts} script(s) as "${signer.subject}" (thumbprint ${signer.thumbprint})\n`);
  const dev = signer.development;
  if (dev) {
    io.stdout.write(
      `note: that is the untrusted development signer (${dev.created ? 'created' : 'kept'} in ${dev.certificate}): ` +
        'servers with the AllSigned policy will refuse these scripts. For production, sign with --sign-pfx, or --sign-cert and --sign-key.\n',
    );
  }
}
