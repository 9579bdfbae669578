import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusListeners } from '../../src/worker/status-listeners.js';
import { connectorTaskId } from '../../src/connector-task-id.js';
import { StatusStoreView } from '../../src/herder/store-adapters.js';
import { Loggers } from '../../src/logging/loggers.js';
import { MemoryStatusBackingStore } from '../../src/standalone/memory-status-store.js';

test('statuses carry the plugin version of the instance reporting (Kafka 4.1)', async () => {
  const store = new MemoryStatusBackingStore();
  const writer = new StatusStoreView(store, 'w1:8083');
  const log = new Loggers('ERROR', { write: () => {} }).get('test');
  const listeners = statusListeners(() => writer, () => 3, log, (t) => t, {
    connector: (name) => (name === 'c' ? '1.2.3' : null),
    task: (id) => (id.task === 0 ? '4.5.6' : null),
  });
  listeners.connector.onStartup('c');
  listeners.connector.onStartup('unknown');
  listeners.task.onStartup(connectorTaskId('c', 0));
  listeners.task.onPause(connectorTaskId('c', 1));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(store.getConnector('c'), { state: 'RUNNING', trace: null, workerId: 'w1:8083', generation: 3, version: '1.2.3' });
  assert.equal(store.getConnector('unknown')?.version, null);
  assert.equal(store.getTask(connectorTaskId('c', 0))?.version, '4.5.6');
  assert.equal(store.getTask(connectorTaskId('c', 1))?.version, null);
});
