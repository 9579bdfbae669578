import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KafkaBroker } from '@tsconnect/testinfra';
import { connectorTaskId } from '../../src/connector-task-id.js';
import { KafkaAdmin } from '../../src/kafka/kafka-admin.js';
import { KafkaStatusBackingStore, type StatusUpdate } from '../../src/storage/status-backing-store.js';

const status = (state: StatusUpdate['state'], workerId: string, generation: number): StatusUpdate => ({
  state,
  trace: null,
  workerId,
  generation,
  version: null,
});

describe('KafkaStatusBackingStore on a real broker', () => {
  let broker: KafkaBroker;
  let admin: KafkaAdmin;
  let worker: Record<string, string>;
  const stores: KafkaStatusBackingStore[] = [];

  async function startStore(): Promise<KafkaStatusBackingStore> {
    const store = new KafkaStatusBackingStore({ worker, admin });
    stores.push(store);
    await store.start();
    return store;
  }

  before(async () => {
    broker = await KafkaBroker.start();
    admin = new KafkaAdmin({ 'bootstrap.servers': broker.bootstrapServers });
    worker = {
      'bootstrap.servers': broker.bootstrapServers,
      'group.id': 'connect-test',
      'status.storage.topic': 'connect-status',
      'status.storage.replication.factor': '1',
      'status.storage.partitions': '3',
    };
  });

  after(async () => {
    for (const store of stores) await store.stop();
    await admin?.close();
    await broker?.stop();
  });

  it('skips safe writes over a status of another worker with a higher generation', async () => {
    const w1 = await startStore();
    const w2 = await startStore();
    const readAll = () => Promise.all([w1.flush(), w2.flush()]);

    await w1.putConnector('c', status('RUNNING', 'w1', 5));
    await readAll();
    assert.equal(w2.getConnector('c')?.workerId, 'w1');

    await w2.putConnectorSafe('c', status('UNASSIGNED', 'w2', 4));
    await readAll();
    assert.deepEqual(w1.getConnector('c'), { state: 'RUNNING', trace: null, workerId: 'w1', generation: 5, version: null });

    await w2.putConnectorSafe('c', status('RUNNING', 'w2', 6));
    await readAll();
    assert.equal(w1.getConnector('c')?.workerId, 'w2');

    // The same worker may always overwrite its own status; another one with a lower generation may not.
    await w1.putConnectorSafe('c', status('FAILED', 'w1', 5));
    await w2.putConnectorSafe('c', status('PAUSED', 'w2', 5));
    await readAll();
    assert.deepEqual(w1.getConnector('c'), { state: 'PAUSED', trace: null, workerId: 'w2', generation: 5, version: null });

    // An unsafe put always writes.
    await w1.putConnector('c', status('RUNNING', 'w1', 1));
    await readAll();
    assert.equal(w2.getConnector('c')?.workerId, 'w1');
  });

  it('does not apply a safe write read after a newer generation of another worker (a writer with a stale cache)', async () => {
    const owner = await startStore();
    const leader = await startStore();
    const readAll = () => Promise.all([owner.flush(), leader.flush()]);
    const task = connectorTaskId('held-back', 0);

    // The departed worker's RUNNING, then the new owner's of generation 8. The leader's UNASSIGNED
    // for generation 7 was checked against a cache that had not read the owner's record yet: it
    // reaches the topic after it (an unsafe put stands for the write that passed the stale check).
    await owner.putTask(task, status('RUNNING', 'gone', 6));
    await owner.putTask(task, status('RUNNING', 'owner', 8));
    await leader.putTask(task, status('UNASSIGNED', 'leader', 7));
    await leader.putConnector('held-back', status('FAILED', 'leader', 7));
    await owner.putConnector('held-back', status('RUNNING', 'owner', 8));
    await leader.putConnector('held-back', status('FAILED', 'leader', 7));
    await readAll();
    for (const store of [owner, leader]) {
      assert.deepEqual(store.getTask(task), { state: 'RUNNING', trace: null, workerId: 'owner', generation: 8, version: null });
      assert.equal(store.getConnector('held-back')?.state, 'RUNNING');
    }

    // A store that reads the topic from the start drops the same records.
    const late = await startStore();
    assert.equal(late.getTask(task)?.workerId, 'owner');
    assert.equal(late.getConnector('held-back')?.state, 'RUNNING');

    // Other states, the same worker's own, and safe states of a generation no older still apply.
    await leader.putTask(task, status('PAUSED', 'leader', 7));
    await readAll();
    assert.equal(owner.getTask(task)?.state, 'PAUSED');
    await leader.putTask(task, status('UNASSIGNED', 'leader', 7));
    await readAll();
    assert.equal(owner.getTask(task)?.state, 'UNASSIGNED');
    await owner.putTask(task, status('RUNNING', 'owner', 9));
    await owner.putTask(task, status('FAILED', 'owner', 3));
    await leader.putTask(task, status('UNASSIGNED', 'leader', 9));
    await readAll();
    assert.deepEqual(leader.getTask(task), { state: 'UNASSIGNED', trace: null, workerId: 'leader', generation: 9, version: null });
  });

  it('keeps task statuses and topic tracking, and deletes them with tombstones', async () => {
    const writer = await startStore();
    await writer.putConnector('conn-a', status('RUNNING', 'w1', 1));
    await writer.putTask(connectorTaskId('conn-a', 0), { ...status('FAILED', 'w1', 1), trace: 'boom' });
    await writer.putTaskSafe(connectorTaskId('conn-a', 1), status('RUNNING', 'w1', 1));
    await writer.putTopic({ topic: 'orders', connector: 'conn-a', task: 0, discoverTimestamp: 1_700_000_000_000n });
    await writer.putTopic({ topic: 'users', connector: 'conn-a', task: 1, discoverTimestamp: 1_700_000_000_001n });
    await writer.deleteTopic('conn-a', 'users');
    await writer.putConnector('conn-b', status('RUNNING', 'w1', 1));
    await writer.putTask(connectorTaskId('conn-b', 0), status('RUNNING', 'w1', 1));
    await writer.putConnector('conn-b', status('DESTROYED', 'w1', 1));
    await writer.flush();

    const reader = await startStore();
    assert.equal(reader.getConnector('conn-a')?.state, 'RUNNING');
    assert.deepEqual(
      [...reader.getAllTasks('conn-a')].sort(([a], [b]) => a - b).map(([task, s]) => [task, s.state, s.trace]),
      [
        [0, 'FAILED', 'boom'],
        [1, 'RUNNING', null],
      ],
    );
    assert.deepEqual(reader.getAllTopics('conn-a'), [
      { topic: 'orders', connector: 'conn-a', task: 0, discoverTimestamp: 1_700_000_000_000n },
    ]);
    assert.equal(reader.getTopic('conn-a', 'users'), null);
    assert.equal(reader.getConnector('conn-b'), null);
    assert.equal(reader.getTask(connectorTaskId('conn-b', 0)), null);
    assert.ok(!reader.connectorNames().includes('conn-b'));
  });
});
