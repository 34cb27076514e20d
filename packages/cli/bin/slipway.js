#!/usr/bin/env node
// The published entry point: the compiled CLI in dist/ (run `npx nx build slipway` in a checkout).
import { runCli } from '../dist/index.js';

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, environment: process.env });
