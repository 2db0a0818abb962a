// Preloaded with --import into a benchmarked CLI process: at exit, writes its peak memory (KB) to
// the file named by RUNBOOK_BENCH_RSS.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.RUNBOOK_BENCH_RSS) writeFileSync(process.env.RUNBOOK_BENCH_RSS, String(process.resourceUsage().maxRSS));
});
