import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigException } from '@tsconnect/api';
import { chooseSharedHost, hostRequirements, type SharedHostView } from '../../src/task-hosts/host-placement.js';

/** Hosts described by the connector of each instance they run: `@c` is connector c's instance, `c` a task of it. */
function hosts(...instances: string[][]): SharedHostView[] {
  return instances.map((names) => ({
    load: names.length,
    loadOf: (c: string) => names.filter((n) => n === c || n === `@${c}`).length,
    runsConnector: (c: string) => names.includes(`@${c}`),
  }));
}

test('the first instance gets a new host', () => {
  assert.equal(chooseSharedHost([], 'a', false, 2), 'new');
});

test('a new host is started while fewer than task.hosts.max run and every host has work', () => {
  assert.equal(chooseSharedHost(hosts(['a']), 'a', true, 2), 'new');
  assert.equal(chooseSharedHost(hosts(['@b']), 'a', false, 2), 'new');
});

test('an idle host is used before a new one is started', () => {
  assert.equal(chooseSharedHost(hosts(['a'], []), 'a', true, 3), 1);
});

test('at task.hosts.max, the host with the fewest instances of the connector wins, then the least loaded', () => {
  // tasks.max=N spreads over N hosts even when another host has less work in all.
  assert.equal(chooseSharedHost(hosts(['a', 'b', 'c'], ['a'], ['b', 'c', 'd', 'e']), 'a', true, 3), 2);
  assert.equal(chooseSharedHost(hosts(['x', 'y'], ['z']), 'a', false, 2), 1);
  assert.equal(chooseSharedHost(hosts(['a'], ['a']), 'a', true, 2), 0);
});

test("a connector's first task joins the host of its connector instance", () => {
  assert.equal(chooseSharedHost(hosts(['@a']), 'a', true, 2), 0);
  // Even where a new host could start, or another host has less work.
  assert.equal(chooseSharedHost(hosts(['x'], ['@a', 'y', 'z']), 'a', true, 3), 1);
  // The connector instance itself goes by the usual rule.
  assert.equal(chooseSharedHost(hosts(['x']), 'a', false, 2), 'new');
});

test('tasks.max=N still spreads over N hosts: further tasks leave the connector instance\'s host', () => {
  assert.equal(chooseSharedHost(hosts(['@a', 'a']), 'a', true, 2), 'new');
  assert.equal(chooseSharedHost(hosts(['@a', 'a'], ['a']), 'a', true, 3), 'new');
  assert.equal(chooseSharedHost(hosts(['@a', 'a'], ['a']), 'a', true, 2), 1);
});

test('task.host.max.heap.mb implies a host of its own; task.host.dedicated asks for one', () => {
  assert.deepEqual(hostRequirements({}), { dedicated: false, maxHeapMb: null });
  assert.deepEqual(hostRequirements({ 'task.host.dedicated': 'true' }), { dedicated: true, maxHeapMb: null });
  assert.deepEqual(hostRequirements({ 'task.host.max.heap.mb': '256' }), { dedicated: true, maxHeapMb: 256 });
});

test('bad task host keys are refused, naming the key', () => {
  assert.throws(() => hostRequirements({ 'task.host.max.heap.mb': '8' }), (e: unknown) => e instanceof ConfigException && /task\.host\.max\.heap\.mb/.test(e.message));
  assert.throws(() => hostRequirements({ 'task.host.dedicated': 'perhaps' }), (e: unknown) => e instanceof ConfigException && /task\.host\.dedicated/.test(e.message));
});
