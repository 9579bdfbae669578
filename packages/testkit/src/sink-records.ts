/** Builds SinkRecords the way the worker hands them to a sink task, with consecutive offsets. */
import { SinkRecord, type Schema } from '@tsconnect/api';

export interface SinkRecordsOptions {
  partition?: number;
  /** The Kafka offset of the first record; 0 by default. */
  firstOffset?: number;
  keySchema?: Schema | null;
  valueSchema?: Schema | null;
  /** The key of each record, by index; null keys by default. */
  key?: (index: number) => unknown;
  /** Milliseconds since the epoch, by index; none by default. */
  timestamp?: (index: number) => number;
}

export function sinkRecords(topic: string, values: readonly unknown[], options: SinkRecordsOptions = {}): SinkRecord[] {
  const first = options.firstOffset ?? 0;
  return values.map(
    (value, i) =>
      new SinkRecord({
        topic,
        kafkaPartition: options.partition ?? 0,
        keySchema: options.keySchema ?? null,
        key: options.key ? options.key(i) : null,
        valueSchema: options.valueSchema ?? null,
        value,
        kafkaOffset: first + i,
        timestamp: options.timestamp ? options.timestamp(i) : null,
        timestampType: options.timestamp ? 'CreateTime' : 'NoTimestampType',
      }),
  );
}
