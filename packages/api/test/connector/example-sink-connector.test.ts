/**
 * A small sink task written only against the package's public exports: it buffers records in
 * put, makes them durable in flush, reports bad records, and is tested with a hand-made context.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  OffsetAndMetadata,
  SinkConnector,
  SinkRecord,
  SinkTask,
  TopicPartition,
  ConfigDef,
  type ErrantRecordReporter,
  type SinkTaskContext,
} from '../../src/index.js';

/** Writes record values to an in-memory "table"; records with a null value are errant. */
class MemorySinkTask extends SinkTask {
  readonly table: unknown[] = [];
  readonly opened: TopicPartition[] = [];
  private buffer: unknown[] = [];

  version(): string {
    return '1.0.0';
  }

  start(): void {}

  async put(records: SinkRecord[]): Promise<void> {
    for (const record of records) {
      if (record.value === null) await this.context.errantRecordReporter()?.report(record, new Error('null value'));
      else this.buffer.push(record.value);
    }
  }

  override flush(): void {
    this.table.push(...this.buffer);
    this.buffer = [];
  }

  override onPartitionsAssigned(partitions: TopicPartition[]): void {
    this.opened.push(...partitions);
  }

  stop(): void {}
}

class MemorySinkConnector extends SinkConnector {
  version(): string {
    return '1.0.0';
  }
  start(): void {}
  taskClass(): typeof MemorySinkTask {
    return MemorySinkTask;
  }
  taskConfigs(): Record<string, string>[] {
    return [{}];
  }
  stop(): void {}
  config(): ConfigDef {
    return new ConfigDef();
  }
}

function sinkContext(reported: [SinkRecord, Error][]): SinkTaskContext {
  const reporter: ErrantRecordReporter = {
    report: async (record, error) => void reported.push([record, error]),
  };
  return {
    configs: () => ({}),
    offset: () => {},
    timeout: () => {},
    assignment: () => new Set(),
    pause: () => {},
    resume: () => {},
    requestCommit: () => {},
    errantRecordReporter: () => reporter,
  };
}

const tp = TopicPartition.of('orders', 0);

describe('an example sink task', () => {
  it('makes records durable only when preCommit flushes, then returns the offsets to commit', async () => {
    const task = new (new MemorySinkConnector().taskClass())();
    task.initialize(sinkContext([]));
    await task.put([
      new SinkRecord({ topic: 'orders', kafkaPartition: 0, kafkaOffset: 0, value: 'a' }),
      new SinkRecord({ topic: 'orders', kafkaPartition: 0, kafkaOffset: 1, value: 'b' }),
    ]);
    assert.deepEqual(task.table, []);
    const offsets = new Map([[tp, new OffsetAndMetadata(2)]]);
    const committed = await task.preCommit(offsets);
    assert.deepEqual(task.table, ['a', 'b']);
    assert.equal(committed.get(TopicPartition.of('orders', 0))?.offset, 2);
  });

  it('reports errant records through the context reporter', async () => {
    const reported: [SinkRecord, Error][] = [];
    const task = new MemorySinkTask();
    task.initialize(sinkContext(reported));
    await task.put([new SinkRecord({ topic: 'orders', kafkaPartition: 0, kafkaOffset: 7, value: null })]);
    assert.equal(reported.length, 1);
    assert.equal(reported[0]![0].kafkaOffset, 7);
    assert.equal(reported[0]![1].message, 'null value');
  });

  it('routes open to the deprecated onPartitionsAssigned by default, as Kafka does', async () => {
    const task = new MemorySinkTask();
    await task.open([tp]);
    assert.deepEqual(task.opened, [tp]);
  });

  it('knows the topics keys and, by default, does not manage offsets itself', async () => {
    assert.equal(SinkTask.TOPICS_CONFIG, 'topics');
    assert.equal(SinkTask.TOPICS_REGEX_CONFIG, 'topics.regex');
    assert.equal(SinkConnector.TOPICS_CONFIG, 'topics');
    assert.equal(await new MemorySinkConnector().alterOffsets({}, new Map([[tp, 5]])), false);
  });
});

describe('TopicPartition', () => {
  it('is interned, so equal partitions are the same Map key', () => {
    assert.equal(TopicPartition.of('orders', 0), tp);
    assert.notEqual(TopicPartition.of('orders', 1), tp);
    assert.ok(new Set([tp, TopicPartition.of('orders', 0)]).size === 1);
    assert.ok(Object.isFrozen(tp));
  });

  it('prints as Kafka does', () => {
    assert.equal(String(TopicPartition.of('a-b', 3)), 'a-b-3');
  });
});
