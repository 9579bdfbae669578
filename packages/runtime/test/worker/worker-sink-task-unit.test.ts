import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OffsetAndMetadata, RetriableException, SinkTask, TopicPartition, type Converter, type PartitionOffsets, type SinkRecord } from '@tsconnect/api';
import type { ConsumerRecord, RebalanceListener, TopicPartition as KafkaTp, TopicPartitionOffset } from '../../src/kafka/kafka-consumer.js';
import { RetryWithToleranceOperator } from '../../src/worker/errors/retry-with-tolerance-operator.js';
import { TransformationChain } from '../../src/worker/transformation-chain.js';
import { WorkerSinkTask, type SinkTaskConsumer } from '../../src/worker/worker-sink-task.js';
import { RecordingStatusListener, TextConverter, quietLog, textConverters, waitFor } from './test-support.js';

const TP0 = TopicPartition.of('t', 0);

/** A consumer fake for the worker's control flow; the Kafka behaviour itself is tested on a real broker. */
class FakeConsumer implements SinkTaskConsumer {
  readonly calls: string[] = [];
  readonly queue: ConsumerRecord[] = [];
  readonly commits: TopicPartitionOffset[][] = [];
  listener: RebalanceListener = {};
  /** Connect attempts that fail as with the broker away. */
  unreachableFor = 0;
  /** The most records one consume returns. */
  batchSize = Number.POSITIVE_INFINITY;
  async connect(): Promise<void> {
    if (this.unreachableFor > 0) {
      this.unreachableFor--;
      throw new RetriableException('Failed to connect the consumer: broker transport failure');
    }
  }
  subscribe(_topics: string[], listener: RebalanceListener): void {
    this.listener = listener;
    void listener.onPartitionsAssigned?.([{ topic: 't', partition: 0 }]);
  }
  async consume(maxWaitMs: number): Promise<ConsumerRecord[]> {
    if (this.queue.length === 0) await new Promise((resolve) => setTimeout(resolve, Math.min(maxWaitMs, 5)));
    return this.queue.splice(0, this.batchSize);
  }
  async seek(p: TopicPartitionOffset): Promise<void> {
    this.calls.push(`seek ${p.topic}-${p.partition}@${p.offset}`);
  }
  pause(ps: readonly KafkaTp[]): void {
    this.calls.push(`pause ${ps.map((p) => `${p.topic}-${p.partition}`).join(',')}`);
  }
  resume(ps: readonly KafkaTp[]): void {
    this.calls.push(`resume ${ps.map((p) => `${p.topic}-${p.partition}`).join(',')}`);
  }
  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    this.commits.push([...offsets]);
  }
  async committed(ps: readonly KafkaTp[]): Promise<TopicPartitionOffset[]> {
    return ps.map((p) => ({ ...p, offset: 0 }));
  }
  async disconnect(): Promise<void> {}
  add(offset: number): void {
    this.queue.push({ topic: 't', partition: 0, offset, key: null, value: Buffer.from(`v${offset}`), headers: [], timestamp: 1, timestampType: 'CreateTime' });
  }
}

class Task extends SinkTask {
  readonly received: number[] = [];
  provide: ((current: PartitionOffsets) => PartitionOffsets) | null = null;
  preCommits = 0;
  version(): string {
    return '1';
  }
  start(): void {}
  stop(): void {}
  put(records: SinkRecord[]): void {
    this.received.push(...records.map((r) => r.kafkaOffset));
  }
  override preCommit(current: PartitionOffsets): PartitionOffsets {
    this.preCommits++;
    return this.provide ? this.provide(current) : current;
  }
}

/** A task whose puts stay under way until the test settles them, one at a time. */
class SlowTask extends Task {
  readonly puts: { offsets: number[]; settle: (error?: Error) => void }[] = [];
  override put(records: SinkRecord[]): Promise<void> | void {
    if (records.length === 0) return;
    return new Promise((resolve, reject) => {
      this.puts.push({ offsets: records.map((r) => r.kafkaOffset), settle: (error) => (error ? reject(error) : resolve()) });
    });
  }
}

function setup(unreachableFor = 0, task: Task = new Task(), value?: Converter) {
  const consumer = new FakeConsumer();
  consumer.unreachableFor = unreachableFor;
  const listener = new RecordingStatusListener();
  const operator = new RetryWithToleranceOperator({ retryTimeoutMs: 0, retryDelayMaxMs: 1, tolerance: 'none' });
  const worker = new WorkerSinkTask({ connector: 'c', task: 0 }, { taskConfig: { topics: 't' }, offsetFlushIntervalMs: 60_000, maxPollWaitMs: 5 }, {
    task, consumer, converters: textConverters(value), transformationChain: new TransformationChain<SinkRecord>([], operator), operator,
    statusListener: listener, log: quietLog,
  });
  const done = worker.run();
  return { consumer, task, listener, worker, done, failure: () => listener.failure };
}

describe('WorkerSinkTask control flow', () => {
  it('pauses every partition while the target state is PAUSED and resumes those the task did not pause', async () => {
    const { consumer, worker, listener, done, failure } = setup();
    await waitFor('assignment', () => worker.context.assignment().has(TP0), failure);
    worker.pause();
    await waitFor('paused', () => consumer.calls.includes('pause t-0'), failure);
    worker.resume();
    await waitFor('resumed', () => consumer.calls.includes('resume t-0'), failure);
    worker.stop();
    await done;
    assert.deepEqual(listener.events.map((e) => e[0]), ['startup', 'pause', 'resume', 'shutdown']);
  });

  it('started while the broker is away, connects once it is back instead of failing', async () => {
    const { consumer, worker, listener, done, failure } = setup(2);
    await waitFor('assignment', () => worker.context.assignment().has(TP0), failure);
    assert.equal(consumer.unreachableFor, 0);
    consumer.add(0);
    await waitFor('the record put', () => worker.context.assignment().has(TP0) && consumer.queue.length === 0, failure);
    worker.stop();
    await done;
    assert.deepEqual(listener.events.map((e) => e[0]), ['startup', 'shutdown']);
  });

  it('seeks to offsets the task asks for through context.offset', async () => {
    const { consumer, worker, done, failure } = setup();
    await waitFor('assignment', () => worker.context.assignment().has(TP0), failure);
    worker.context.offset(TP0, 42);
    await waitFor('seek', () => consumer.calls.includes('seek t-0@42'), failure);
    worker.stop();
    await done;
  });

  it('commits on requestCommit, ignoring task offsets beyond what was put', async () => {
    const { consumer, task, worker, done, failure } = setup();
    await waitFor('assignment', () => worker.context.assignment().has(TP0), failure);
    for (let i = 0; i < 5; i++) consumer.add(i);
    await waitFor('5 records put', () => task.received.length === 5, failure);
    task.provide = () => new Map([[TP0, new OffsetAndMetadata(99)]]);
    const before = task.preCommits;
    worker.context.requestCommit();
    await waitFor('preCommit', () => task.preCommits > before, failure);
    assert.deepEqual(consumer.commits, [], 'offset 99 was never consumed');
    task.provide = () => new Map([[TP0, new OffsetAndMetadata(3)]]);
    worker.context.requestCommit();
    await waitFor('a commit', () => consumer.commits.length === 1, failure);
    assert.deepEqual(consumer.commits[0], [{ topic: 't', partition: 0, offset: 3, metadata: '' }]);
    task.provide = null;
    worker.stop();
    await done;
    assert.deepEqual(consumer.commits.at(-1), [{ topic: 't', partition: 0, offset: 5, metadata: '' }], 'the stop commits all that was put');
  });

  it('consumes the next batch while a put is under way; the next put and preCommit wait for it to return', async () => {
    const task = new SlowTask();
    const { consumer, worker, done, failure } = setup(0, task);
    await waitFor('assignment', () => worker.context.assignment().has(TP0), failure);
    consumer.batchSize = 3;
    for (let i = 0; i < 5; i++) consumer.add(i);
    await waitFor('the first put', () => task.puts.length === 1, failure);
    await waitFor('the next records consumed during the put', () => consumer.queue.length === 0, failure);
    const before = task.preCommits;
    worker.context.requestCommit();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(task.puts.length, 1, 'no second put before the first returned');
    task.puts[0]!.settle();
    await waitFor('the second put', () => task.puts.length === 2, failure);
    assert.deepEqual(task.puts[1]!.offsets, [3, 4]);
    assert.equal(task.preCommits, before, 'no preCommit while a put is under way');
    task.puts[1]!.settle();
    await waitFor('the commit', () => consumer.commits.length === 1, failure);
    assert.deepEqual(consumer.commits[0], [{ topic: 't', partition: 0, offset: 5, metadata: '' }]);
    worker.stop();
    await done;
  });

  it('gives a put under way turns of the event loop while it converts the next poll', async () => {
    let converted = 0;
    class CountingConverter extends TextConverter {
      override toConnectData(...args: Parameters<TextConverter['toConnectData']>): ReturnType<TextConverter['toConnectData']> {
        converted++;
        return super.toConnectData(...args);
      }
    }
    const stepsAt: number[] = [];
    class SteppingTask extends Task {
      override async put(records: SinkRecord[]): Promise<void> {
        super.put(records);
        if (records.length === 0 || this.received.length > records.length) return;
        // The first put takes three turns of the event loop, as round trips to a database do.
        for (let step = 0; step < 3; step++) {
          await new Promise((resolve) => setImmediate(resolve));
          stepsAt.push(converted);
        }
      }
    }
    const task = new SteppingTask();
    const { consumer, worker, done, failure } = setup(0, task, new CountingConverter());
    try {
      await waitFor('assignment', () => worker.context.assignment().has(TP0), failure);
      consumer.batchSize = 2000;
      for (let i = 0; i < 4000; i++) consumer.add(i);
      await waitFor('every record put', () => task.received.length === 4000, failure);
      // Without the turns, every step of the first put would wait for the whole second poll (4,000 converted).
      assert.deepEqual(stepsAt, [2100, 2200, 2300]);
    } finally {
      worker.stop();
      await done;
    }
  });

  it('after a retriable failure of a put under way, redelivers its records ahead of those consumed meanwhile', async () => {
    const task = new SlowTask();
    const { consumer, worker, done, failure } = setup(0, task);
    await waitFor('assignment', () => worker.context.assignment().has(TP0), failure);
    consumer.batchSize = 2;
    for (let i = 0; i < 4; i++) consumer.add(i);
    await waitFor('the first put', () => task.puts.length === 1, failure);
    await waitFor('the next records consumed during the put', () => consumer.queue.length === 0, failure);
    worker.context.timeout(1);
    task.puts[0]!.settle(new RetriableException('the database is away'));
    await waitFor('the redelivery', () => task.puts.length === 2, failure);
    assert.deepEqual(task.puts[1]!.offsets, [0, 1, 2, 3]);
    assert.ok(consumer.calls.includes('pause t-0'), 'paused while waiting to redeliver');
    task.puts[1]!.settle();
    worker.stop();
    await done;
    assert.deepEqual(consumer.commits.at(-1), [{ topic: 't', partition: 0, offset: 4, metadata: '' }]);
  });
});
