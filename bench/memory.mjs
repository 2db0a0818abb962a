/**
 * Where a build's memory goes: runs `node bin/runbook.js <arguments>` and samples the PSS of its
 * process tree (runbook and the browser's processes) from /proc every 250 ms (Linux). Prints the
 * total every 2 s, then the wall time, the peak, and at the peak each kind of process (Chromium's
 * `--type`) with its share, and the renderers one by one.
 *   node bench/memory.mjs build --profiles <dir> --format pdf --unsigned --out <dir> --quiet
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/runbook.js', import.meta.url));

/** [kind, PSS in KB] for `root` and its descendants. */
function tree(root) {
  const children = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(pid)]);
    } catch {
      // gone
    }
  }
  const out = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop();
    stack.push(...(children.get(pid) ?? []));
    try {
      const pss = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))[1]);
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      const type = /--type=(\S+)/.exec(command)?.[1] ?? (pid === root ? 'runbook' : 'browser');
      const sub = /--utility-sub-type=(\S+)/.exec(command)?.[1];
      out.push([sub ? `${type} ${sub}` : type, pss]);
    } catch {
      // gone
    }
  }
  return out;
}

const started = Date.now();
const child = spawn(process.execPath, [bin, ...process.argv.slice(2)], { stdio: ['ignore', 'ignore', 'inherit'] });
let peak = 0;
let atPeak = [];
let ticks = 0;
const timer = setInterval(() => {
  const sample = tree(child.pid);
  const total = sample.reduce((sum, [, kb]) => sum + kb, 0);
  if (total > peak) [peak, atPeak] = [total, sample];
  if (++ticks % 8 === 0) process.stdout.write(`${(total / 1024).toFixed(0)} `);
}, 250);
child.on('exit', (code) => {
  clearInterval(timer);
  const mb = (kb) => (kb / 1024).toFixed(0);
  console.log(`\nexit ${code}, ${((Date.now() - started) / 1000).toFixed(1)} s, peak ${mb(peak)} MB`);
  const byKind = new Map();
  for (const [kind, kb] of atPeak) byKind.set(kind, [(byKind.get(kind)?.[0] ?? 0) + kb, (byKind.get(kind)?.[1] ?? 0) + 1]);
  for (const [kind, [kb, count]] of [...byKind].sort((a, b) => b[1][0] - a[1][0])) console.log(`  ${kind}: ${mb(kb)} MB${count > 1 ? ` (${count} processes)` : ''}`);
  console.log(`  renderers: ${atPeak.filter(([kind]) => kind === 'renderer').map(([, kb]) => `${mb(kb)} MB`).join(', ')}`);
});
