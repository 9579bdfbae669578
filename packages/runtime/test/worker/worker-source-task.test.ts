import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AbstractConfig,
  ConfigDef,
  SourceRecord,
  type OffsetStorageReader,
  type SourceOffset,
  type SourcePartition,
} from '@tsconnect/api';
import { KafkaBroker } from '@tsconnect/testinfra';
import { enrichTopicCreationConfigDef } from '../../src/config/topic-creation-config.js';
import { KafkaAdmin } from '../../src/kafka/kafka-admin.js';
import { KafkaConsumer, OFFSET_BEGINNING } from '../../src/kafka/kafka-consumer.js';
import { KafkaProducer, type ProducerRecord } from '../../src/kafka/kafka-producer.js';
import { taskProducerProperties } from '../../src/kafka/task-client-configs.js';
import { createSourceErrorHandling } from '../../src/worker/errors/error-handling.js';
import { adminTopicAdmin } from '../../src/worker/kafka-adapters.js';
import { TransformationChain } from '../../src/worker/transformation-chain.js';
import { WorkerSourceTask, type SourceOffsetWriter, type SourceTaskProducer } from '../../src/worker/worker-source-task.js';
import { FILE, LineSourceTask } from './line-source-task.js';
import { RecordingStatusListener, quietLog, textConverters, waitFor } from './test-support.js';

/** Offsets kept in memory, behind the writer/reader interfaces the worker uses. */
class MemoryOffsetStore implements SourceOffsetWriter, OffsetStorageReader {
  readonly stored = new Map<string, SourceOffset | null>();
  #staged = new Map<string, SourceOffset | null>();
  #flushing: Map<string, SourceOffset | null> | null = null;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one stub answers both overloads of offset()
  offset(partition: SourcePartition, offset?: SourceOffset | null): any {
    if (arguments.length === 1) return Promise.resolve(this.stored.get(JSON.stringify(partition)) ?? null);
    this.#staged.set(JSON.stringify(partition), offset ?? null);
  }
  async offsets(partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>> {
    return new Map(partitions.map((p) => [p, this.stored.get(JSON.stringify(p)) ?? null]));
  }
  beginFlush(): boolean {
    if (this.#staged.size === 0) return false;
    this.#flushing = this.#staged;
    this.#staged = new Map();
    return true;
  }
  async doFlush(): Promise<void> {
    for (const [k, v] of this.#flushing!) this.stored.set(k, v);
    this.#flushing = null;
  }
  cancelFlush(): void {
    for (const [k, v] of this.#flushing ?? []) if (!this.#staged.has(k)) this.#staged.set(k, v);
    this.#flushing = null;
  }
  position(): number | undefined {
    return (this.stored.get(JSON.stringify(FILE)) as { pos: number } | undefined)?.pos;
  }
}


/** A real producer whose acknowledgements of `line-<n>` records with n >= `holdFrom` wait for `release()`. */
class GatedProducer implements SourceTaskProducer {
  holdFrom = Number.POSITIVE_INFINITY;
  #release!: () => void;
  readonly #released = new Promise<void>((resolve) => { this.#release = resolve; });
  constructor(private readonly producer: KafkaProducer) {}
  connect(): Promise<void> {
    return this.producer.connect();
  }
  async send(record: ProducerRecord) {
    const metadata = await this.producer.send(record);
    const n = Number(record.value?.toString().replace('line-', ''));
    if (n >= this.holdFrom) await this.#released;
    return metadata;
  }
  flush(): Promise<void> {
    return this.producer.flush();
  }
  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
  release(): void {
    this.#release();
  }
}

describe('WorkerSourceTask on a real broker', () => {
  let broker: KafkaBroker;
  let admin: KafkaAdmin;
  const running: WorkerSourceTask[] = [];

  before(async () => {
    broker = await KafkaBroker.start();
    admin = new KafkaAdmin({ 'bootstrap.servers': broker.bootstrapServers });
  });

  after(async () => {
    for (const task of running) await task.stopAndAwait(30_000);
    await admin?.close();
    await broker?.stop();
  });

  function startSourceTask(
    task: LineSourceTask,
    store: MemoryOffsetStore,
    taskConfig: Record<string, string>,
    producer: SourceTaskProducer,
    topicCreation: AbstractConfig | null = null,
  ) {
    const id = { connector: 'lines-source', task: 0 };
    const { operator } = createSourceErrorHandling(id, { retryTimeoutMs: 0, retryDelayMaxMs: 60_000, tolerance: 'none', log: { enabled: false, includeMessages: false } });
    const statusListener = new RecordingStatusListener();
    const workerTask = new WorkerSourceTask(id, { taskConfig, offsetFlushIntervalMs: 300, topicCreation }, {
      task,
      producer,
      admin: adminTopicAdmin(admin),
      converters: textConverters(),
      transformationChain: new TransformationChain<SourceRecord>([], operator),
      operator,
      offsetReader: store,
      offsetWriter: store,
      statusListener,
      log: quietLog,
    });
    running.push(workerTask);
    const done = workerTask.run();
    return { workerTask, statusListener, done, failure: () => statusListener.failure };
  }

  function realProducer(): KafkaProducer {
    return KafkaProducer.fromProperties(taskProducerProperties('connector-producer-lines-source-0', { 'bootstrap.servers': broker.bootstrapServers }, {}, 'All'));
  }

  async function readValues(topic: string, count: number): Promise<string[]> {
    const reader = KafkaConsumer.fromProperties({ 'bootstrap.servers': broker.bootstrapServers });
    await reader.connect();
    try {
      reader.assign([{ topic, partition: 0, offset: OFFSET_BEGINNING }]);
      const values: string[] = [];
      await waitFor(`${count} records in ${topic}`, async () => {
        values.push(...(await reader.consume(500)).map((r) => r.value!.toString()));
        return values.length >= count;
      });
      return values;
    } finally {
      await reader.disconnect();
    }
  }

  it('stores source offsets only for acknowledged records, and a restarted task resumes from them', async () => {
    await admin.createTopics([{ name: 'lines', partitions: 1, replicationFactor: 1 }]);
    const store = new MemoryOffsetStore();
    const gated = new GatedProducer(realProducer());
    gated.holdFrom = 50;
    const first = new LineSourceTask();
    const run1 = startSourceTask(first, store, { topic: 'lines', limit: '100' }, gated);

    await waitFor('50 acknowledged records', () => first.committedRecords.length >= 50, run1.failure);
    // Not "wait for one more flush": a flush skips when nothing new was acknowledged, so once the
    // flush holding all 50 has run (which under load can be before this line) no other comes.
    await waitFor('the acknowledged offsets stored', () => store.position() === 49, run1.failure);
    const commitsNow = first.commits;
    await waitFor('two more commit rounds with acks held back', () => first.commits >= commitsNow + 2, run1.failure);
    assert.equal(store.position(), 49, 'offsets of records still waiting for their ack are not stored');
    assert.equal(first.committedRecords.length, 50);
    assert.ok(first.commits > 0, 'task.commit() follows the flush');

    gated.release();
    await waitFor('all offsets stored', () => store.position() === 99, run1.failure);
    assert.deepEqual(first.committedRecords.map(([pos]) => pos), Array.from({ length: 100 }, (_, i) => i));
    const metadata = first.committedRecords[0]![1]!;
    assert.equal(metadata.topic, 'lines');
    assert.equal(metadata.offset, 0);
    assert.equal(await run1.workerTask.stopAndAwait(30_000), true);
    await run1.done;
    assert.deepEqual(run1.statusListener.events, [['startup'], ['shutdown']]);

    const second = new LineSourceTask();
    const run2 = startSourceTask(second, store, { topic: 'lines', limit: '120' }, realProducer());
    await waitFor('the restarted task resumes', () => second.committedRecords.length >= 20, run2.failure);
    assert.equal(second.committedRecords[0]![0], 100);
    await run2.workerTask.stopAndAwait(30_000);
    await run2.done;
    assert.equal(store.position(), 119, 'the stop commits the acknowledged offsets');

    const values = await readValues('lines', 120);
    assert.deepEqual(values, Array.from({ length: 120 }, (_, i) => `line-${i}`), 'nothing lost, nothing twice');
  });

  it('creates a missing topic with the matching topic.creation group before the first record', async () => {
    const props = {
      'topic.creation.groups': 'wide',
      'topic.creation.default.replication.factor': '1',
      'topic.creation.default.partitions': '1',
      'topic.creation.wide.include': 'wide-.*',
      'topic.creation.wide.partitions': '3',
      'topic.creation.wide.cleanup.policy': 'compact',
    };
    const base = new ConfigDef().define({ name: 'topic.creation.groups', type: 'LIST', defaultValue: [], importance: 'LOW', documentation: null });
    const config = new AbstractConfig(enrichTopicCreationConfigDef(base, props), props);
    const task = new LineSourceTask();
    const run = startSourceTask(task, new MemoryOffsetStore(), { topic: 'wide-lines', limit: '10' }, realProducer(), config);
    await waitFor('10 acknowledged records', () => task.committedRecords.length >= 10, run.failure);
    assert.deepEqual(await admin.describeTopics(['wide-lines']), new Map([['wide-lines', { name: 'wide-lines', partitions: 3 }]]));
    assert.equal((await admin.describeTopicConfigs(['wide-lines'])).get('wide-lines')?.get('cleanup.policy'), 'compact');
    await run.workerTask.stopAndAwait(30_000);
    await run.done;
  });
});
