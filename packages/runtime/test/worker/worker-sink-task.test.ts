import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  RetriableException,
  SinkTask,
  TopicPartition,
  type PartitionOffsets,
  type SinkRecord,
} from '@tsconnect/api';
import { KafkaBroker } from '@tsconnect/testinfra';
import { KafkaAdmin } from '../../src/kafka/kafka-admin.js';
import { KafkaConsumer, OFFSET_BEGINNING } from '../../src/kafka/kafka-consumer.js';
import { KafkaProducer } from '../../src/kafka/kafka-producer.js';
import { taskConsumerProperties, taskProducerProperties } from '../../src/kafka/task-client-configs.js';
import { createSinkErrorHandling, type ErrorHandlingOptions } from '../../src/worker/errors/error-handling.js';
import { adminTopicAdmin, producerRecordSender } from '../../src/worker/kafka-adapters.js';
import { TransformationChain } from '../../src/worker/transformation-chain.js';
import { WorkerSinkTask } from '../../src/worker/worker-sink-task.js';
import { RecordingStatusListener, StrictJsonConverter, quietLog, textConverters, waitFor } from './test-support.js';

/** Keeps what it is given; commits only what it has "flushed", and nothing while `hold` is set. */
class CollectingSinkTask extends SinkTask {
  static instances: CollectingSinkTask[] = [];
  readonly puts: SinkRecord[][] = [];
  readonly preCommits: Map<TopicPartition, number>[] = [];
  readonly closed: TopicPartition[][] = [];
  readonly opened: TopicPartition[][] = [];
  /** Highest offset + 1 put so far, per partition. */
  readonly putOffsets = new Map<TopicPartition, number>();
  hold = false;
  stopped = false;
  /** Throws a RetriableException on this (1-based) non-empty put. */
  failOnPut = 0;
  #nonEmptyPuts = 0;

  constructor() {
    super();
    CollectingSinkTask.instances.push(this);
  }
  version(): string {
    return '1.0';
  }
  start(): void {}
  put(records: SinkRecord[]): void {
    if (records.length > 0 && ++this.#nonEmptyPuts === this.failOnPut) {
      this.context.timeout(200);
      this.puts.push([...records]);
      throw new RetriableException('the target is busy');
    }
    this.puts.push([...records]);
    for (const r of records) {
      const tp = TopicPartition.of(r.topic, r.kafkaPartition!);
      this.putOffsets.set(tp, Math.max(this.putOffsets.get(tp) ?? 0, r.kafkaOffset + 1));
    }
  }
  override preCommit(currentOffsets: PartitionOffsets): PartitionOffsets {
    this.preCommits.push(new Map([...currentOffsets].map(([tp, o]) => [tp, o.offset])));
    return this.hold ? new Map() : currentOffsets;
  }
  override open(partitions: TopicPartition[]): void {
    this.opened.push(partitions);
  }
  override close(partitions: TopicPartition[]): void {
    this.closed.push(partitions);
  }
  stop(): void {
    this.stopped = true;
  }
  get delivered(): SinkRecord[] {
    return this.puts.flat();
  }
}

const errorsNone: ErrorHandlingOptions = {
  retryTimeoutMs: 0,
  retryDelayMaxMs: 60_000,
  tolerance: 'none',
  log: { enabled: false, includeMessages: false },
};

describe('WorkerSinkTask on a real broker', () => {
  let broker: KafkaBroker;
  let admin: KafkaAdmin;
  let producer: KafkaProducer;
  const started: WorkerSinkTask[] = [];

  before(async () => {
    broker = await KafkaBroker.start();
    admin = new KafkaAdmin({ 'bootstrap.servers': broker.bootstrapServers });
    producer = KafkaProducer.fromProperties({ 'bootstrap.servers': broker.bootstrapServers, 'linger.ms': '5' });
    await producer.connect();
  });

  after(async () => {
    for (const task of started) await task.stopAndAwait(30_000);
    await producer?.disconnect();
    await admin?.close();
    await broker?.stop();
  });

  async function produce(topic: string, count: number, value: (i: number) => string = (i) => `value-${i}`): Promise<void> {
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < count; i++) {
      sends.push(producer.send({ topic, key: Buffer.from(`key-${i}`), value: Buffer.from(value(i)), headers: [{ key: 'n', value: Buffer.from(String(i)) }] }));
    }
    await Promise.all(sends);
  }

  async function groupOffsets(connector: string): Promise<Map<string, number>> {
    const offsets = await admin.listConsumerGroupOffsets(`connect-${connector}`);
    return new Map(offsets.map((o) => [`${o.topic}-${o.partition}`, o.offset]));
  }

  async function startSinkTask(connector: string, taskConfig: Record<string, string>, errors = errorsNone) {
    const id = { connector, task: 0 };
    const worker = { 'bootstrap.servers': broker.bootstrapServers };
    const consumer = KafkaConsumer.fromProperties(
      taskConsumerProperties(connector, `connector-consumer-${connector}-0`, worker, {}, 'All'),
    );
    const converters = textConverters(errors.deadLetterQueue ? new StrictJsonConverter() : undefined);
    const errorHandling = await createSinkErrorHandling(id, errors, {
      converters,
      admin: adminTopicAdmin(admin),
      createDeadLetterQueueProducer: async () => {
        const dlqProducer = KafkaProducer.fromProperties(
          taskProducerProperties(`connector-dlq-producer-${connector}-0`, worker, {}, 'All'),
        );
        await dlqProducer.connect();
        return producerRecordSender(dlqProducer);
      },
      log: quietLog,
    });
    const task = new CollectingSinkTask();
    const statusListener = new RecordingStatusListener();
    const workerTask = new WorkerSinkTask(id, { taskConfig, offsetFlushIntervalMs: 500 }, {
      task,
      consumer,
      converters,
      transformationChain: new TransformationChain<SinkRecord>([], errorHandling.operator),
      operator: errorHandling.operator,
      errantRecordReporter: errorHandling.errantRecordReporter,
      statusListener,
      log: quietLog,
    });
    started.push(workerTask);
    const running = workerTask.run();
    const failure = () => statusListener.failure;
    return { task, workerTask, statusListener, running, failure, operator: errorHandling.operator };
  }

  it('delivers 1,000 records and commits only the offsets preCommit returns, after they were put', async () => {
    await admin.createTopics([{ name: 'sink-in', partitions: 3, replicationFactor: 1 }]);
    await produce('sink-in', 1000);
    const { task, workerTask, statusListener, running, failure } = await startSinkTask('collector', { topics: 'sink-in' });
    task.hold = true;

    await waitFor('1,000 records put', () => task.delivered.length >= 1000, failure);
    const preCommitsBefore = task.preCommits.length;
    await waitFor('two more commit rounds', () => task.preCommits.length >= preCommitsBefore + 2, failure);
    assert.deepEqual(await groupOffsets('collector'), new Map(), 'nothing committed while preCommit returns no offsets');

    // Every offset preCommit was offered was already put.
    for (const offered of task.preCommits) {
      for (const [tp, offset] of offered) assert.ok(offset <= (task.putOffsets.get(tp) ?? 0), `${tp} offered ${offset} before put`);
    }

    task.hold = false;
    const expected = new Map([...task.putOffsets].map(([tp, o]) => [String(tp), o]));
    await waitFor('offsets committed', async () => {
      const committed = await groupOffsets('collector');
      return [...expected].every(([tp, o]) => committed.get(tp) === o);
    }, failure);
    assert.equal([...expected.values()].reduce((a, b) => a + b, 0), 1000);
    assert.equal(new Set(task.delivered.map((r) => `${r.kafkaPartition}:${r.kafkaOffset}`)).size, 1000);
    const first = task.delivered.find((r) => r.kafkaOffset === 0)!;
    assert.equal(first.headers.lastWithName('n')?.schema?.type, 'STRING');
    assert.equal(first.timestampType, 'CreateTime');

    assert.equal(await workerTask.stopAndAwait(30_000), true);
    await running;
    assert.equal(task.stopped, true);
    assert.deepEqual(task.closed.flat().map(String).sort(), ['sink-in-0', 'sink-in-1', 'sink-in-2']);
    assert.deepEqual(statusListener.events, [['startup'], ['shutdown']]);
  });

  it('redelivers the same batch after a RetriableException from put, and loses nothing', async () => {
    await admin.createTopics([{ name: 'retry-in', partitions: 1, replicationFactor: 1 }]);
    await produce('retry-in', 200);
    const { task, workerTask, running, failure } = await startSinkTask('retrier', { topics: 'retry-in' });
    task.failOnPut = 1;
    await waitFor('200 records put', () => task.putOffsets.get(TopicPartition.of('retry-in', 0)) === 200, failure);
    const nonEmpty = task.puts.filter((p) => p.length > 0);
    const failed = nonEmpty[0]!.map((r) => r.kafkaOffset);
    const redelivered = nonEmpty[1]!.map((r) => r.kafkaOffset);
    assert.deepEqual(redelivered.slice(0, failed.length), failed, 'the failed batch comes again, first');
    const offsets = task.delivered.map((r) => r.kafkaOffset);
    assert.equal(new Set(offsets).size, 200);
    assert.equal(offsets.length, 200 + failed.length, 'only the failed batch is seen twice');

    assert.equal(await workerTask.stopAndAwait(30_000), true);
    await running;
    assert.equal((await groupOffsets('retrier')).get('retry-in-0'), 200, 'the stop commits what was put');
  });

  it('with errors.tolerance=all and a DLQ, a record failing conversion goes to the DLQ with context headers', async () => {
    await admin.createTopics([{ name: 'json-in', partitions: 1, replicationFactor: 1 }]);
    await produce('json-in', 10, (i) => (i === 4 ? '{not json' : JSON.stringify({ id: i })));
    const errors: ErrorHandlingOptions = {
      ...errorsNone,
      tolerance: 'all',
      deadLetterQueue: { topic: 'json-dlq', replicationFactor: 1, contextHeadersEnabled: true },
    };
    const { task, workerTask, running, failure, operator } = await startSinkTask('jsonsink', { topics: 'json-in' }, errors);
    await waitFor('9 good records put', () => task.delivered.length >= 9, failure);
    assert.deepEqual(task.delivered.map((r) => (r.value as { id: number }).id), [0, 1, 2, 3, 5, 6, 7, 8, 9]);
    await waitFor('the skipped record is committed too', async () => (await groupOffsets('jsonsink')).get('json-in-0') === 10, failure);
    assert.equal(operator.metrics.recordsSkipped, 1);

    const reader = KafkaConsumer.fromProperties({ 'bootstrap.servers': broker.bootstrapServers });
    await reader.connect();
    try {
      reader.assign([{ topic: 'json-dlq', partition: 0, offset: OFFSET_BEGINNING }]);
      const dead: Awaited<ReturnType<KafkaConsumer['consume']>> = [];
      await waitFor('the DLQ record', async () => {
        dead.push(...(await reader.consume(500)));
        return dead.length >= 1;
      });
      assert.equal(dead.length, 1);
      const [record] = dead;
      assert.equal(record!.key?.toString(), 'key-4');
      assert.equal(record!.value?.toString(), '{not json');
      const headers = new Map(record!.headers.map((h) => [h.key, h.value?.toString() ?? null]));
      assert.equal(headers.get('n'), '4', 'the original headers come first');
      assert.equal(headers.get('__connect.errors.topic'), 'json-in');
      assert.equal(headers.get('__connect.errors.partition'), '0');
      assert.equal(headers.get('__connect.errors.offset'), '4');
      assert.equal(headers.get('__connect.errors.connector.name'), 'jsonsink');
      assert.equal(headers.get('__connect.errors.task.id'), '0');
      assert.equal(headers.get('__connect.errors.stage'), 'VALUE_CONVERTER');
      assert.equal(headers.get('__connect.errors.class.name'), 'org.apache.kafka.connect.json.JsonConverter');
      assert.equal(headers.get('__connect.errors.exception.class.name'), 'org.apache.kafka.connect.errors.DataException');
      assert.equal(headers.get('__connect.errors.exception.message'), 'Converting byte[] to Kafka Connect data failed due to serialization error: ');
      assert.match(headers.get('__connect.errors.exception.stacktrace')!, /^org\.apache\.kafka\.connect\.errors\.DataException: Converting byte\[\]/);
      assert.deepEqual(await admin.describeTopics(['json-dlq']), new Map([['json-dlq', { name: 'json-dlq', partitions: 1 }]]));
    } finally {
      await reader.disconnect();
    }
    assert.equal(await workerTask.stopAndAwait(30_000), true);
    await running;
  });

  it('fails the task with a Java-style trace when put throws a non-retriable error', async () => {
    await admin.createTopics([{ name: 'fail-in', partitions: 1, replicationFactor: 1 }]);
    await produce('fail-in', 5);
    const { task, statusListener, running } = await startSinkTask('failer', { topics: 'fail-in' });
    task.put = (records) => {
      if (records.length > 0) throw new TypeError('cannot write');
    };
    await waitFor('the task fails', () => statusListener.failure !== null);
    await running;
    const trace = statusListener.failure!;
    assert.match(trace, /^org\.apache\.kafka\.connect\.errors\.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception\.\n\tat /);
    assert.match(trace, /\nCaused by: TypeError: cannot write\n/);
    assert.deepEqual(statusListener.events.map((e) => e[0]), ['startup', 'failure']);
    assert.equal(task.stopped, true);
  });
});
