#!/usr/bin/env node
// Entry point for `npx runbook`: the compiled CLI, bundled into dist/bundle/ (built by `npm ci` through "prepare").
import { setFlagsFromString } from 'node:v8';

// Memory: the heap grows by a fifth over what a collection leaves, not by the default factor, which
// let a 120-profile PDF build hold about 200 MB for 32 MB in use (README, performance). Set before
// anything else runs.
setFlagsFromString('--heap-growing-percent=20');
const { main } = await import('../dist/bundle/main.js');

process.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env });
