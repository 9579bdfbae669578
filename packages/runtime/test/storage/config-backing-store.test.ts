import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KafkaBroker } from '@tsconnect/testinfra';
import type { ConnectorTaskId } from '../../src/connector-task-id.js';
import { KafkaAdmin } from '../../src/kafka/kafka-admin.js';
import { KafkaProducer } from '../../src/kafka/kafka-producer.js';
import type { ConfigUpdateListener } from '../../src/herder/herder-ports.js';
import { ConfigState, KafkaConfigBackingStore } from '../../src/storage/config-backing-store.js';
import {
  encodeConnectorConfig,
  encodeTargetState,
  encodeTaskConfig,
  encodeTasksCommit,
} from '../../src/storage/config-records.js';

describe('ConfigState', () => {
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };

  it('falls back to STARTED when the target state of an existing connector is deleted', () => {
    const state = new ConfigState(quiet);
    state.apply('connector-c', encodeConnectorConfig({ name: 'c' }), 0, null);
    state.apply('target-state-c', encodeTargetState('STOPPED'), 1, null);
    assert.equal(state.snapshot().targetStates.get('c'), 'STOPPED');
    state.apply('target-state-c', null, 2, null);
    assert.equal(state.snapshot().targetStates.get('c'), 'STARTED');
    state.apply('connector-c', null, 3, null);
    state.apply('target-state-c', null, 4, null);
    assert.equal(state.snapshot().targetStates.has('c'), false);
  });

  it('hands out one snapshot until the next record is applied, and a new one showing that record after it', () => {
    const state = new ConfigState(quiet);
    state.apply('connector-a', encodeConnectorConfig({ name: 'a' }), 0, null);
    const first = state.snapshot();
    assert.equal(state.snapshot(), first);
    state.apply('connector-b', encodeConnectorConfig({ name: 'b' }), 1, null);
    const second = state.snapshot();
    assert.notEqual(second, first);
    assert.deepEqual([...first.connectorConfigs.keys()], ['a']);
    assert.deepEqual([...second.connectorConfigs.keys()], ['a', 'b']);
    assert.equal(second.offset, 2n);
  });

  it('announces an initial target state only with its connector config', () => {
    const state = new ConfigState(quiet);
    const events: string[] = [];
    const listener: ConfigUpdateListener = {
      onConnectorTargetStateChange: (c) => events.push(`state ${c}`),
      onConnectorConfigUpdate: (c) => events.push(`config ${c}`),
    };
    state.apply('target-state-c', encodeTargetState('PAUSED'), 0, listener);
    state.apply('connector-c', encodeConnectorConfig({ name: 'c' }), 1, listener);
    state.apply('target-state-c', encodeTargetState('STARTED'), 2, listener);
    assert.deepEqual(events, ['config c', 'state c']);
    assert.equal(state.snapshot().targetStates.get('c'), 'STARTED');
  });

  it('does not move the offset past a value that is not JSON, and does past an unknown key', () => {
    const state = new ConfigState(quiet);
    state.apply('connector-c', Buffer.from('{not json'), 0, null);
    assert.equal(state.snapshot().offset, -1n);
    state.apply('something-else', Buffer.from('{}'), 1, null);
    assert.equal(state.snapshot().offset, 2n);
  });

  it('replaces a complete task set and drops task configs beyond the committed count', () => {
    const state = new ConfigState(quiet);
    state.apply('connector-c', encodeConnectorConfig({ name: 'c' }), 0, null);
    state.apply('task-c-0', encodeTaskConfig({ n: 'a0' }), 1, null);
    state.apply('task-c-1', encodeTaskConfig({ n: 'a1' }), 2, null);
    state.apply('commit-c', encodeTasksCommit(2), 3, null);
    state.apply('task-c-0', encodeTaskConfig({ n: 'b0' }), 4, null);
    state.apply('commit-c', encodeTasksCommit(1), 5, null);
    assert.deepEqual(state.snapshot().taskConfigs.get('c')!.map((c) => c.get('n')), ['b0']);
    state.apply('commit-c', encodeTasksCommit(0), 6, null);
    assert.deepEqual(state.snapshot().taskConfigs.get('c'), []);
    assert.equal(state.snapshot().inconsistent.size, 0);
  });
});

describe('KafkaConfigBackingStore on a real broker', () => {
  let broker: KafkaBroker;
  let admin: KafkaAdmin;
  let worker: Record<string, string>;

  before(async () => {
    broker = await KafkaBroker.start();
    admin = new KafkaAdmin({ 'bootstrap.servers': broker.bootstrapServers });
    worker = {
      'bootstrap.servers': broker.bootstrapServers,
      'group.id': 'connect-test',
      'config.storage.topic': 'connect-configs',
      'config.storage.replication.factor': '1',
    };
  });

  after(async () => {
    await admin?.close();
    await broker?.stop();
  });

  it('is fully recovered by a new instance, with commit semantics and inconsistent connectors', async () => {
    const writer = new KafkaConfigBackingStore({ worker, admin });
    const events: string[] = [];
    const listener: ConfigUpdateListener = {
      onConnectorConfigUpdate: (c) => events.push(`config ${c}`),
      onConnectorConfigRemove: (c) => events.push(`remove ${c}`),
      onTaskConfigUpdate: (tasks: ConnectorTaskId[]) => events.push(`tasks ${tasks.map((t) => `${t.connector}-${t.task}`).join(',')}`),
      onConnectorTargetStateChange: (c) => events.push(`state ${c}`),
      onSessionKeyUpdate: (k) => events.push(`session ${k.algorithm}`),
      onRestartRequest: (r) => events.push(`restart ${r.connector} ${r.includeTasks} ${r.onlyFailed}`),
      onLoggingLevelUpdate: (ns, level) => events.push(`logger ${ns} ${level}`),
    };
    writer.setUpdateListener(listener);
    await writer.start();
    assert.equal(writer.snapshot().offset, -1n);

    const srcConfig = { name: 'src', 'connector.class': 'FileStreamSource', 'tasks.max': '2' };
    await writer.putConnectorConfig('src', srcConfig, 'PAUSED');
    await writer.putConnectorConfig('sink', { name: 'sink', 'connector.class': 'FileStreamSink' });
    await writer.putTaskConfigs('src', [{ 'task.class': 'T', n: '0' }, { 'task.class': 'T', n: '1' }]);
    await writer.putTargetState('sink', 'STOPPED');
    await writer.putConnectorConfig('gone', { name: 'gone' });
    await writer.putTaskConfigs('gone', [{ 'task.class': 'G' }]);
    await writer.removeConnectorConfig('gone');
    await writer.putSessionKey({ key: Buffer.from('secret'), algorithm: 'HmacSHA256', creationTimestamp: 1_700_000_000_000n });
    await writer.putRestartRequest({ connector: 'src', includeTasks: true, onlyFailed: false });
    await writer.putLoggerLevel('org.example', 'DEBUG');

    // A connector whose commit names a task record that is missing, and a task record that was
    // never committed: as left behind by compaction or a leader that failed mid-way.
    const producer = KafkaProducer.fromProperties({ 'bootstrap.servers': broker.bootstrapServers });
    await producer.connect();
    const send = (key: string, value: Buffer) => producer.send({ topic: 'connect-configs', key: Buffer.from(key), value });
    await send('connector-bad', encodeConnectorConfig({ name: 'bad' }));
    await send('task-bad-1', encodeTaskConfig({ 'task.class': 'B' }));
    await send('commit-bad', encodeTasksCommit(2));
    await send('task-src-0', encodeTaskConfig({ 'task.class': 'T', n: 'uncommitted' }));
    await producer.disconnect();
    await writer.refresh();

    assert.deepEqual(events, [
      'config src',
      'config sink',
      'tasks src-0,src-1',
      'state sink',
      'config gone',
      'tasks gone-0',
      'remove gone',
      'session HmacSHA256',
      'restart src true false',
      'logger org.example DEBUG',
      'config bad',
      'tasks ',
    ]);

    const written = writer.snapshot();
    await writer.stop();

    const reader = new KafkaConfigBackingStore({ worker, admin });
    const readerEvents: string[] = [];
    reader.setUpdateListener({ onConnectorConfigUpdate: (c) => readerEvents.push(c) });
    await reader.start();
    const recovered = reader.snapshot();
    await reader.stop();

    assert.deepEqual(recovered, written);
    assert.deepEqual(readerEvents, [], 'records read during start-up are not announced');
    assert.equal(recovered.offset, 19n);
    assert.deepEqual([...recovered.connectorConfigs.keys()].sort(), ['bad', 'sink', 'src']);
    assert.deepEqual(Object.fromEntries(recovered.connectorConfigs.get('src')!), srcConfig);
    assert.deepEqual(Object.fromEntries(recovered.targetStates), { src: 'PAUSED', sink: 'STOPPED', bad: 'STARTED' });
    assert.deepEqual(
      recovered.taskConfigs.get('src')!.map((c) => c.get('n')),
      ['0', '1'],
    );
    assert.equal(recovered.taskCounts.get('src'), 2);
    assert.deepEqual([...recovered.inconsistent], ['bad']);
    assert.deepEqual(recovered.taskConfigs.get('bad'), []);
    assert.equal(recovered.taskCounts.get('gone'), undefined);
    assert.equal(recovered.sessionKey?.key.toString(), 'secret');
    assert.equal(recovered.sessionKey?.creationTimestamp, 1_700_000_000_000n);
    assert.deepEqual(recovered.restartRequests.get('src'), { connector: 'src', includeTasks: true, onlyFailed: false });
    assert.equal(recovered.loggerLevels.get('org.example'), 'DEBUG');
  });

  it('writes the task configs of several connectors in one batch, each taking effect at its own commit', async () => {
    const store = new KafkaConfigBackingStore({ worker: { ...worker, 'config.storage.topic': 'connect-configs-batch' }, admin });
    const events: string[] = [];
    store.setUpdateListener({ onTaskConfigUpdate: (tasks) => events.push(tasks.map((t) => `${t.connector}-${t.task}`).join(',')) });
    await store.start();
    try {
      for (const name of ['a', 'b']) await store.putConnectorConfig(name, { name, 'connector.class': 'FileStreamSource' });
      await store.putManyTaskConfigs(new Map([
        ['a', [{ 'task.class': 'T', n: 'a0' }, { 'task.class': 'T', n: 'a1' }]],
        ['b', [{ 'task.class': 'T', n: 'b0' }]],
      ]));
      // The snapshot is what was read back from the topic: three task records, then two commits.
      const state = store.snapshot();
      assert.equal(state.offset, 7n);
      assert.deepEqual(state.tasks('a').map((id) => state.taskConfig(id)?.['n']), ['a0', 'a1']);
      assert.deepEqual(state.tasks('b').map((id) => state.taskConfig(id)?.['n']), ['b0']);
      assert.deepEqual([...state.inconsistent], []);
      // Records sent together may land in any order among themselves; each commit announces its connector.
      assert.deepEqual(events.sort(), ['a-0,a-1', 'b-0']);
    } finally {
      await store.stop();
    }
  });

  it("refuses a config too large for the topic in Kafka's words, and stays usable", async () => {
    const store = new KafkaConfigBackingStore({ worker: { ...worker, 'config.storage.topic': 'connect-configs-large' }, admin });
    await store.start();
    try {
      // Over the broker's default message.max.bytes (1 MB).
      const huge = { name: 'huge', 'connector.class': 'FileStreamSink', pad: 'x'.repeat(2_000_000) };
      await assert.rejects(store.putConnectorConfig('huge', huge), { message: 'Error writing connector configuration to Kafka' });
      await store.putConnectorConfig('small', { name: 'small', 'connector.class': 'FileStreamSink' });
      assert.deepEqual([...store.snapshot().connectorConfigs.keys()], ['small']);
    } finally {
      await store.stop();
    }
  });
});
