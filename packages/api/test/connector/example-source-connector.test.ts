/**
 * A small source connector written only against the package's public exports, as a plugin
 * author would, and unit-tested with hand-made contexts: no runtime, no Kafka.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AbstractConfig,
  ConfigDef,
  ConnectException,
  NonEmptyString,
  Range,
  SourceConnector,
  SourceRecord,
  SourceTask,
  configInfos,
  type ConnectorProps,
  type OffsetStorageReader,
  type SourceConnectorContext,
  type SourceOffset,
  type SourcePartition,
  type SourceTaskContext,
} from '../../src/index.js';

const COUNTER_CONFIG = new ConfigDef()
  .define({ name: 'topic', type: 'STRING', validator: new NonEmptyString(), importance: 'HIGH', documentation: 'Topic to write to.' })
  .define({ name: 'batch.size', type: 'INT', defaultValue: 10, validator: Range.atLeast(1), importance: 'MEDIUM', documentation: 'Records per poll.' })
  .define({ name: 'max.count', type: 'LONG', defaultValue: 100, importance: 'LOW', documentation: 'Stop after this many.' });

class CounterConfig extends AbstractConfig {
  constructor(props: ConnectorProps) {
    super(COUNTER_CONFIG, props);
  }

  get topic(): string {
    return this.getString('topic')!;
  }
}

const PARTITION: SourcePartition = { counter: 'main' };

class CounterSourceTask extends SourceTask {
  private config!: CounterConfig;
  private next = 0;

  version(): string {
    return '1.0.0';
  }

  async start(props: ConnectorProps): Promise<void> {
    this.config = new CounterConfig(props);
    const offset = await this.context.offsetStorageReader().offset(PARTITION);
    this.next = offset ? Number(offset['next']) : 0;
  }

  poll(): SourceRecord[] | null {
    const max = this.config.getLong('max.count');
    if (this.next >= max) return null;
    const records: SourceRecord[] = [];
    for (let i = 0; i < this.config.getInt('batch.size') && this.next < max; i++, this.next++) {
      records.push(new SourceRecord({
        topic: this.config.topic,
        value: this.next,
        sourcePartition: PARTITION,
        sourceOffset: { next: this.next + 1 },
      }));
    }
    return records;
  }

  stop(): void {}
}

class CounterSourceConnector extends SourceConnector {
  readonly events: string[] = [];
  private props: ConnectorProps = {};

  version(): string {
    return '1.0.0';
  }

  start(props: ConnectorProps): void {
    new CounterConfig(props);
    this.props = props;
    this.events.push(`start ${props['topic']}`);
  }

  taskClass(): typeof CounterSourceTask {
    return CounterSourceTask;
  }

  taskConfigs(_maxTasks: number): Record<string, string>[] {
    return [{ ...this.props }];
  }

  stop(): void {
    this.events.push('stop');
  }

  config(): ConfigDef {
    return COUNTER_CONFIG;
  }

  requestReconfiguration(): void {
    this.context.requestTaskReconfiguration();
  }
}

function readerWith(stored: SourceOffset | null): OffsetStorageReader {
  return {
    offset: async () => stored,
    offsets: async (partitions) => new Map(partitions.map((p) => [p, stored])),
  };
}

function taskContext(props: Record<string, string>, stored: SourceOffset | null): SourceTaskContext {
  return { configs: () => props, offsetStorageReader: () => readerWith(stored), transactionContext: () => null };
}

describe('an example source connector', () => {
  it('validates its configuration through config(), as the REST validate endpoint shows it', async () => {
    const connector = new CounterSourceConnector();
    const result = await connector.validate({ 'batch.size': '0' });
    const infos = configInfos(CounterSourceConnector.name, COUNTER_CONFIG.configKeys, result.configValues, COUNTER_CONFIG.groups);
    assert.equal(infos.error_count, 2);
    assert.deepEqual(infos.configs.map((c) => c.value!.errors), [
      ['Missing required configuration "topic" which has no default value.'],
      ['Invalid value 0 for configuration batch.size: Value must be at least 1'],
      [],
    ]);
  });

  it('fails validation with ConnectException when config() gives no ConfigDef', () => {
    class Broken extends CounterSourceConnector {
      override config(): ConfigDef {
        return null as unknown as ConfigDef;
      }
    }
    assert.throws(() => new Broken().validate({}), (e: unknown) =>
      e instanceof ConnectException && e.message === 'Broken.config() must return a ConfigDef that is not null.');
  });

  it('hands its configuration to one task, which resumes from the stored offset', async () => {
    const connector = new CounterSourceConnector();
    await connector.start({ topic: 'numbers', 'batch.size': '3', 'max.count': '100' });
    const [taskProps] = await connector.taskConfigs(4);
    const TaskType = connector.taskClass();
    const task = new TaskType();
    task.initialize(taskContext(taskProps!, { next: 98 }));
    await task.start(taskProps!);

    const batch = await task.poll();
    assert.deepEqual(batch!.map((r) => [r.topic, r.value, r.sourceOffset]), [
      ['numbers', 98, { next: 99 }],
      ['numbers', 99, { next: 100 }],
    ]);
    assert.equal(await task.poll(), null);
  });

  it('can ask the runtime for new task configurations through its context', () => {
    const connector = new CounterSourceConnector();
    let requested = 0;
    const context: SourceConnectorContext = {
      requestTaskReconfiguration: () => void requested++,
      raiseError: () => assert.fail('no error expected'),
      offsetStorageReader: () => readerWith(null),
    };
    connector.initialize(context);
    connector.requestReconfiguration();
    assert.equal(requested, 1);
  });

  it('inherits Kafka defaults: reconfigure restarts, no exactly-once claims, offsets not managed', async () => {
    const connector = new CounterSourceConnector();
    await connector.start({ topic: 'a' });
    await connector.reconfigure({ topic: 'b' });
    assert.deepEqual(connector.events, ['start a', 'stop', 'start b']);
    assert.equal(await connector.exactlyOnceSupport({}), null);
    assert.equal(await connector.canDefineTransactionBoundaries({}), 'UNSUPPORTED');
    assert.equal(await connector.alterOffsets({}, new Map([[PARTITION, null]])), false);
  });
});
