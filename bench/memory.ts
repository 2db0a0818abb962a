/**
 * Where a build's memory goes: runs `node bin/runbook.js <arguments>` and samples the PSS of its
 * process tree (runbook and the browser's processes) every 250 ms (Linux). Prints the total every
 * 2 s, then the wall time, the peak, and at the peak each kind of process (Chromium's `--type`)
 * with its share, and the renderers one by one.
 *   node --import tsx bench/memory.ts build --profiles <dir> --format pdf --unsigned --out <dir> --quiet
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { watchTree } from './process-tree.js';

const bin = fileURLToPath(new URL('../bin/runbook.js', import.meta.url));
const mb = (kb: number) => (kb / 1024).toFixed(0);

const started = Date.now();
const child = spawn(process.execPath, [bin, ...process.argv.slice(2)], { stdio: ['ignore', 'ignore', 'inherit'] });
let ticks = 0;
const watch = watchTree(child.pid!, (total) => {
  if (++ticks % 8 === 0) process.stdout.write(`${mb(total)} `);
});
child.on('exit', (code) => {
  const { peakKb: peak, atPeak } = watch.stop();
  console.log(`\nexit ${code}, ${((Date.now() - started) / 1000).toFixed(1)} s, peak ${mb(peak)} MB`);
  const byKind = new Map<string, { kb: number; count: number }>();
  for (const p of atPeak) {
    const known = byKind.get(p.kind) ?? { kb: 0, count: 0 };
    byKind.set(p.kind, { kb: known.kb + p.kb, count: known.count + 1 });
  }
  for (const [kind, { kb, count }] of [...byKind].sort((a, b) => b[1].kb - a[1].kb)) console.log(`  ${kind}: ${mb(kb)} MB${count > 1 ? ` (${count} processes)` : ''}`);
  console.log(`  renderers: ${atPeak.filter((p) => p.kind === 'renderer').map((p) => `${mb(p.kb)} MB`).join(', ')}`);
});
