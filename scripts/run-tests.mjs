#!/usr/bin/env node
// Runs every compiled test file with node's test runner: the unit tests of each package and
// plugin, then the integration tests under test/ (real broker, real databases).
//
//   node scripts/run-tests.mjs [--unit] [filter...]
//
// A filter keeps only files whose path contains it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filters = args.filter((a) => !a.startsWith('--'));

function walk(dir, found = []) {
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, found);
    else if (name.endsWith('.test.js')) found.push(path);
  }
  return found;
}

/** dist/test/a/b.test.js comes from test/a/b.test.ts; outputs of deleted sources are skipped. */
function hasSource(projectDir, compiled) {
  const source = relative(join(projectDir, 'dist'), compiled).replace(/\.js$/, '.ts');
  return existsSync(join(projectDir, source));
}

const projects = [];
for (const group of ['packages', 'plugins']) {
  const dir = join(root, group);
  if (existsSync(dir)) for (const name of readdirSync(dir).sort()) projects.push(join(dir, name));
}
if (!unitOnly) projects.push(join(root, 'test'));

const files = projects
  .flatMap((project) => walk(join(project, 'dist')).filter((f) => hasSource(project, f)))
  .filter((f) => filters.length === 0 || filters.some((filter) => f.includes(filter)));

if (files.length === 0) {
  console.error('run-tests: no test files found (did the build run?)');
  process.exit(1);
}

// The console gets node's own default report (spec on a terminal, TAP otherwise); each file's
// duration goes to var/test-durations.txt, slowest first.
mkdirSync(join(root, 'var'), { recursive: true });
const reporters = [
  '--test-reporter', process.stdout.isTTY ? 'spec' : 'tap', '--test-reporter-destination', 'stdout',
  '--test-reporter', './scripts/durations-reporter.mjs', '--test-reporter-destination', 'var/test-durations.txt',
];

// One file at a time: integration files each start their own broker, and the machine has 2 cores.
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...reporters, ...files], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
