/** What a command may touch: where it runs and where it prints. Tests pass their own. */
export interface Io {
  cwd: string;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env?: Record<string, string | undefined>;
}

export const EXIT = { ok: 0, errors: 1, usage: 2 } as const;
