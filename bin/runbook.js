#!/usr/bin/env node
// Entry point for `npx runbook`: the compiled CLI lives in dist/ (built by `npm ci` through "prepare").
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env });
