#!/usr/bin/env node
// tsconnect: the operator's command-line client of the REST API (docs/cli.md).
import { runTsconnect } from './run.js';

process.exitCode = await runTsconnect(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
