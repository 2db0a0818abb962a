#!/usr/bin/env node
// Entry point for `npx runbook`: the compiled CLI, bundled into dist/bundle/ (built by `npm ci` through "prepare").
import { main } from '../dist/bundle/main.js';

process.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env });
