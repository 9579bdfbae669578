import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SourceRecord } from '@tsconnect/api';
import { KafkaBroker } from '@tsconnect/testinfra';
import { KafkaAdmin } from '../../src/kafka/kafka-admin.js';
import { KafkaConsumer, OFFSET_BEGINNING } from '../../src/kafka/kafka-consumer.js';
import { KafkaProducer } from '../../src/kafka/kafka-producer.js';
import { taskProducerProperties } from '../../src/kafka/task-client-configs.js';
import { ConnectorOffsetReader, KafkaOffsetBackingStore, type OffsetStorageWriter } from '../../src/storage/offset-backing-store.js';
import { createSourceErrorHandling } from '../../src/worker/errors/error-handling.js';
import { ExactlyOnceWorkerSourceTask, type TransactionBoundary } from '../../src/worker/exactly-once-worker-source-task.js';
import { TransformationChain } from '../../src/worker/transformation-chain.js';
import { FILE, LineSourceTask } from './line-source-task.js';
import { RecordingStatusListener, quietLog, textConverters, waitFor } from './test-support.js';


describe('ExactlyOnceWorkerSourceTask on a real broker', () => {
  let broker: KafkaBroker;
  let admin: KafkaAdmin;
  let store: KafkaOffsetBackingStore;
  const running: ExactlyOnceWorkerSourceTask[] = [];

  before(async () => {
    broker = await KafkaBroker.start();
    admin = new KafkaAdmin({ 'bootstrap.servers': broker.bootstrapServers });
    await admin.createTopics([{ name: 'eos-lines', partitions: 1, replicationFactor: 1 }]);
  });

  after(async () => {
    for (const task of running) await task.stopAndAwait(30_000);
    await store?.stop();
    await admin?.close();
    await broker?.stop();
  });

  /** A fresh offsets topic per test, read committed as the worker reads it with exactly-once support. */
  async function offsetStore(topic: string): Promise<KafkaOffsetBackingStore> {
    await store?.stop();
    store = new KafkaOffsetBackingStore({
      worker: {
        'bootstrap.servers': broker.bootstrapServers,
        'offset.storage.topic': topic,
        'offset.storage.replication.factor': '1',
        'exactly.once.source.support': 'enabled',
      },
      admin,
      log: quietLog,
    });
    await store.start();
    return store;
  }

  function start(task: LineSourceTask, taskConfig: Record<string, string>, boundary: TransactionBoundary, intervalMs = 60_000) {
    const id = { connector: 'lines', task: 0 };
    const { operator } = createSourceErrorHandling(id, { retryTimeoutMs: 0, retryDelayMaxMs: 60_000, tolerance: 'none', log: { enabled: false, includeMessages: false } });
    const statusListener = new RecordingStatusListener();
    const producer = KafkaProducer.fromProperties({
      ...taskProducerProperties('connector-producer-lines-0', { 'bootstrap.servers': broker.bootstrapServers }, {}, 'All'),
      'enable.idempotence': 'true',
      'transactional.id': 'test-group-lines-0',
      'delivery.timeout.ms': '60000',
    });
    const workerTask = new ExactlyOnceWorkerSourceTask(
      id,
      { taskConfig: { topic: 'eos-lines', ...taskConfig }, transactionBoundary: boundary, transactionIntervalMs: intervalMs },
      {
        task,
        producer,
        converters: textConverters(),
        transformationChain: new TransformationChain<SourceRecord>([], operator),
        operator,
        offsetReader: new ConnectorOffsetReader('lines', store, quietLog),
        offsetWriter: null as unknown as OffsetStorageWriter, // offsets go with the transactions
        transactionalOffsets: store.transactionalOffsets('lines'),
        statusListener,
        log: quietLog,
      },
    );
    running.push(workerTask);
    const done = workerTask.run();
    return { workerTask, statusListener, done, failure: () => statusListener.failure };
  }

  async function endOffset(topic: string): Promise<number> {
    const reader = KafkaConsumer.fromProperties({ 'bootstrap.servers': broker.bootstrapServers });
    await reader.connect();
    try {
      return (await reader.watermarks(topic, 0)).high;
    } finally {
      await reader.disconnect();
    }
  }

  /** Values of the topic from offset `from` to its end as of now. */
  async function read(topic: string, isolation: 'read_committed' | 'read_uncommitted', from = 0): Promise<string[]> {
    const reader = KafkaConsumer.fromProperties({ 'bootstrap.servers': broker.bootstrapServers, 'isolation.level': isolation });
    await reader.connect();
    try {
      const { high } = await reader.watermarks(topic, 0);
      if (high <= from) return [];
      reader.assign([{ topic, partition: 0, offset: from === 0 ? OFFSET_BEGINNING : from }]);
      const values: string[] = [];
      await waitFor(`the end of ${topic} (${isolation})`, async () => {
        values.push(...(await reader.consume(300)).map((r) => r.value?.toString() ?? 'null'));
        return (reader.position()[0]?.offset ?? 0) >= high;
      });
      return values;
    } finally {
      await reader.disconnect();
    }
  }

  const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `line-${from + i}`);
  const storedPosition = async () =>
    ((await new ConnectorOffsetReader('lines', store, quietLog).offset(FILE)) as { pos: number } | null)?.pos;

  it('commits a transaction per poll holding its records and their offsets; commitRecord follows the commit', async () => {
    await offsetStore('eos-offsets-poll');
    const task = new LineSourceTask();
    const run = start(task, { limit: '100' }, 'poll');
    await waitFor('100 committed records', () => task.committedRecords.length >= 100, run.failure);
    assert.equal(await storedPosition(), 99);
    assert.deepEqual(task.committedRecords.map(([pos]) => pos), Array.from({ length: 100 }, (_, i) => i));
    assert.ok(task.commits >= 10, `one task.commit() per transaction (${task.commits})`);
    await run.workerTask.stopAndAwait(30_000);
    await run.done;
    assert.deepEqual(await read('eos-lines', 'read_committed'), lines(0, 100));
  });

  it('a task that replaces another with the same transactional id fences it; what the old one had open never shows', async () => {
    await offsetStore('eos-offsets-fence');
    const before = await endOffset('eos-lines');
    // An interval longer than the test: the first task's transaction stays open, as at a crash.
    const zombie = new LineSourceTask();
    const first = start(zombie, { limit: '30' }, 'interval', 600_000);
    await waitFor('30 records sent', async () => (await read('eos-lines', 'read_uncommitted', before)).length >= 30, first.failure);
    const successor = new LineSourceTask();
    const second = start(successor, { limit: '50' }, 'poll');
    await waitFor('the successor delivered 50', () => successor.committedRecords.length >= 50, second.failure);
    assert.equal(successor.committedRecords[0]![0], 0, 'the successor started from the last committed offset: none');
    assert.equal(zombie.committedRecords.length, 0, 'nothing of the fenced task counts as committed');
    await second.workerTask.stopAndAwait(30_000);
    await second.done;
    await first.workerTask.stopAndAwait(30_000);
    await first.done;
    const committed = await read('eos-lines', 'read_committed', before);
    assert.deepEqual(committed, lines(0, 50), 'read committed: every line once');
    assert.ok((await read('eos-lines', 'read_uncommitted', before)).length >= 80, 'the aborted records are in the log');
    assert.equal(await storedPosition(), 49);
  });

  it('transaction.boundary=connector: the task commits after the records it names and an abort drops its transaction', async () => {
    await offsetStore('eos-offsets-connector');
    const before = await endOffset('eos-lines');
    const task = new LineSourceTask();
    // commits after lines 24, 49 and 74; the transaction holding line 85 (75..85) is aborted
    const run = start(task, { limit: '90', 'commit.every': '25', 'abort.at': '85' }, 'connector');
    await waitFor('75 committed records', () => task.committedRecords.length >= 75, run.failure);
    await waitFor('the abort', async () => (await read('eos-lines', 'read_uncommitted', before)).length >= 86, run.failure);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await storedPosition(), 74, 'no offset from the aborted transaction');
    assert.deepEqual(task.committedRecords.map(([pos]) => pos), Array.from({ length: 75 }, (_, i) => i));
    await run.workerTask.stopAndAwait(30_000);
    await run.done;
    // lines 86..89 went into a transaction of their own, committed at the stop
    assert.deepEqual(await read('eos-lines', 'read_committed', before), [...lines(0, 75), ...lines(86, 90)]);
  });
});
