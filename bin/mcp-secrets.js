#!/usr/bin/env node
// Thin launcher: the command lives in dist/lib/cli (built by `npm run build`).
import { main } from '../dist/lib/cli/index.js';

process.exitCode = await main(process.argv.slice(2));
