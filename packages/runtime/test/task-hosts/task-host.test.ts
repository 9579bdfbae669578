import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostExecArgv } from '../../src/task-hosts/task-host.js';

const DEFAULTS = ['--heap-growing-percent=100', '--max-semi-space-size=32'];

test('a host inherits the worker flags with its own heap growing and semi-space defaults', () => {
  assert.deepEqual(hostExecArgv(['--enable-source-maps'], null, ''), ['--enable-source-maps', ...DEFAULTS]);
});

test('a heap growing setting among the worker flags wins over the host default, in either spelling', () => {
  assert.deepEqual(hostExecArgv(['--heap-growing-percent=300'], null, ''), ['--heap-growing-percent=300', '--max-semi-space-size=32']);
  assert.deepEqual(hostExecArgv(['--heap_growing_percent=0'], null, ''), ['--heap_growing_percent=0', '--max-semi-space-size=32']);
});

test('a semi-space size among the worker flags or in NODE_OPTIONS wins over the host default', () => {
  assert.deepEqual(hostExecArgv(['--max_semi_space_size=8'], null, ''), ['--max_semi_space_size=8', '--heap-growing-percent=100']);
  assert.deepEqual(hostExecArgv([], null, '--enable-source-maps --max-semi-space-size=64'), ['--heap-growing-percent=100']);
  assert.deepEqual(hostExecArgv([], null, '--max-semi-space-size 64'), ['--heap-growing-percent=100']);
  assert.deepEqual(hostExecArgv([], null, '--max-old-space-size=512'), DEFAULTS);
});

test('a host gets its own heap limit instead of the worker one', () => {
  assert.deepEqual(hostExecArgv(['--max-old-space-size=4096', '--max_old_space_size=2048'], 256, ''), [...DEFAULTS, '--max-old-space-size=256']);
  assert.deepEqual(hostExecArgv(['--max-old-space-size=4096'], null, ''), DEFAULTS);
});
