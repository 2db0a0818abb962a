/** The memory of a process and its descendants (the browser's processes too), from /proc (Linux; empty elsewhere). */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessMemory {
  /** `runbook` for the root, Chromium's `--type` (with its utility sub-type) for the others, else `browser`. */
  kind: string;
  /** PSS where Linux gives it, else RSS. */
  kb: number;
}

function processTree(root: number): ProcessMemory[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(pid)]);
    } catch {
      // gone
    }
  }
  const out: ProcessMemory[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    stack.push(...(children.get(pid) ?? []));
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kb = Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? /^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      const type = /--type=(\S+)/.exec(command)?.[1] ?? (pid === root ? 'runbook' : 'browser');
      const sub = /--utility-sub-type=(\S+)/.exec(command)?.[1];
      out.push({ kind: sub ? `${type} ${sub}` : type, kb });
    } catch {
      // gone, or not Linux
    }
  }
  return out;
}

/**
 * Samples the tree under `root` every 250 ms, calling `onSample` with each total (KB), until
 * stopped: then the peak total and the tree at that moment.
 */
export function watchTree(root: number, onSample: (totalKb: number) => void = () => undefined): { stop(): { peakKb: number; atPeak: ProcessMemory[] } } {
  let peakKb = 0;
  let atPeak: ProcessMemory[] = [];
  const timer = setInterval(() => {
    const sample = processTree(root);
    const total = sample.reduce((sum, p) => sum + p.kb, 0);
    if (total > peakKb) [peakKb, atPeak] = [total, sample];
    onSample(total);
  }, 250);
  return {
    stop() {
      clearInterval(timer);
      return { peakKb, atPeak };
    },
  };
}
