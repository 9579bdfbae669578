import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostExecArgv } from '../../src/task-hosts/task-host.js';

test('a host inherits the worker flags with its own heap growing default', () => {
  assert.deepEqual(hostExecArgv(['--enable-source-maps'], null), ['--enable-source-maps', '--heap-growing-percent=100']);
});

test('a heap growing setting among the worker flags wins over the host default, in either spelling', () => {
  assert.deepEqual(hostExecArgv(['--heap-growing-percent=300'], null), ['--heap-growing-percent=300']);
  assert.deepEqual(hostExecArgv(['--heap_growing_percent=0'], null), ['--heap_growing_percent=0']);
});

test('a host gets its own heap limit instead of the worker one', () => {
  assert.deepEqual(hostExecArgv(['--max-old-space-size=4096', '--max_old_space_size=2048'], 256), ['--heap-growing-percent=100', '--max-old-space-size=256']);
  assert.deepEqual(hostExecArgv(['--max-old-space-size=4096'], null), ['--heap-growing-percent=100']);
});
