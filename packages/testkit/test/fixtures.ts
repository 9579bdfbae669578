/** Small plugins the kit's tests drive: a counting source and a sink that keeps what it is given. */
import {
  ConfigDef,
  ConfigException,
  SinkConnector,
  SinkTask,
  SourceConnector,
  SourceRecord,
  SourceTask,
  type PartitionOffsets,
  type SinkRecord,
} from '@tsconnect/api';

export class CountingSourceConnector extends SourceConnector {
  props: Readonly<Record<string, string>> = {};
  version(): string {
    return '1.0.0';
  }
  start(props: Readonly<Record<string, string>>): void {
    this.props = props;
    if (props['reconfigure'] === 'true') this.context.requestTaskReconfiguration();
  }
  taskClass() {
    return CountingSourceTask;
  }
  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, (_, i) => ({ ...this.props, 'task.id': String(i) }));
  }
  stop(): void {}
  config(): ConfigDef {
    return new ConfigDef()
      .define({ name: 'topic', type: 'STRING', importance: 'HIGH', documentation: 'Topic to write to.' })
      .define({ name: 'batch', type: 'INT', importance: 'LOW', defaultValue: 2, documentation: 'Records per poll.' });
  }
}

export class CountingSourceTask extends SourceTask {
  next = 0;
  topic = '';
  committedRecords: number[] = [];
  commits = 0;
  version(): string {
    return '1.0.0';
  }
  async start(props: Readonly<Record<string, string>>): Promise<void> {
    this.topic = props['topic']!;
    const offset = await this.context.offsetStorageReader().offset({ task: props['task.id'] ?? '0' });
    this.next = offset ? Number(offset['next']) : 0;
  }
  poll(): SourceRecord[] {
    return [0, 1].map(() => {
      const n = this.next++;
      return new SourceRecord({ topic: this.topic, sourcePartition: { task: '0' }, sourceOffset: { next: n + 1 }, value: n });
    });
  }
  override commitRecord(record: SourceRecord): void {
    this.committedRecords.push(record.value as number);
  }
  override commit(): void {
    this.commits++;
  }
  stop(): void {}
}

export class KeepingSinkConnector extends SinkConnector {
  version(): string {
    return '1.0.0';
  }
  start(props: Readonly<Record<string, string>>): void {
    if (!props['topics']) throw new ConfigException('topics', null, 'needs topics');
  }
  taskClass() {
    return KeepingSinkTask;
  }
  taskConfigs(): Record<string, string>[] {
    return [{}];
  }
  stop(): void {}
  config(): ConfigDef {
    return new ConfigDef();
  }
}

/** Keeps values; reports negative ones as errant; rewinds on "rewind"; flushes only on every 3rd value. */
export class KeepingSinkTask extends SinkTask {
  kept: unknown[] = [];
  opened: string[] = [];
  closed: string[] = [];
  stopped = false;
  flushedUpTo = new Map<import('@tsconnect/api').TopicPartition, import('@tsconnect/api').OffsetAndMetadata>();
  version(): string {
    return '1.0.0';
  }
  start(): void {}
  override open(partitions: import('@tsconnect/api').TopicPartition[]): void {
    this.opened.push(...partitions.map(String));
  }
  override close(partitions: import('@tsconnect/api').TopicPartition[]): void {
    this.closed.push(...partitions.map(String));
  }
  async put(records: SinkRecord[]): Promise<void> {
    for (const record of records) {
      if (typeof record.value === 'number' && record.value < 0) await this.context.errantRecordReporter()?.report(record, new Error('negative'));
      else if (record.value === 'rewind') this.context.offset(new Map([[[...this.context.assignment()][0]!, 0]]));
      else this.kept.push(record.value);
    }
  }
  override preCommit(current: PartitionOffsets): PartitionOffsets {
    return this.kept.length >= 3 ? current : new Map();
  }
  stop(): void {
    this.stopped = true;
  }
}
