/** Mistakes in the command line itself (exit code 2), and the list flags that can make them. */
export class UsageError extends Error {}

export function parseList<T extends string>(value: string, allowed: readonly T[], what: string): T[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) throw new UsageError(`Unknown ${what} \`${item}\`: use ${allowed.join(', ')}`);
  }
  if (items.length === 0) throw new UsageError(`No ${what} given: use ${allowed.join(', ')}`);
  return [...new Set(items)] as T[];
}

export function parsePositive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`${flag} takes a whole number from 1 to 64, not \`${value}\``);
  return n;
}

/** SOURCE_DATE_EPOCH (seconds since 1970), as reproducible-builds.org defines it. */
export function parseSourceDateEpoch(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,12}$/.test(value)) throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not \`${value}\``);
  return Number(value);
}
