import { ConnectRecord, type ConnectRecordFields, type RecordChanges } from './connect-record.js';
import type { TimestampType } from './timestamp-type.js';

export interface SinkRecordFields extends ConnectRecordFields {
  /** The record's offset; a number, since offsets stay below 2^53. */
  kafkaOffset: number;
  timestampType?: TimestampType;
  /** Before any transform changed them (KIP-793); default to the topic, partition and offset. */
  originalTopic?: string;
  originalKafkaPartition?: number | null;
  originalKafkaOffset?: number;
}

/** A record read from Kafka for a sink task, as Kafka's `SinkRecord`. */
export class SinkRecord extends ConnectRecord<SinkRecord> {
  readonly kafkaOffset: number;
  readonly timestampType: TimestampType;
  readonly originalTopic: string;
  readonly originalKafkaPartition: number | null;
  readonly originalKafkaOffset: number;

  constructor(fields: SinkRecordFields) {
    super(fields);
    this.kafkaOffset = fields.kafkaOffset;
    this.timestampType = fields.timestampType ?? 'NoTimestampType';
    this.originalTopic = fields.originalTopic ?? this.topic;
    this.originalKafkaPartition = fields.originalKafkaPartition !== undefined
      ? fields.originalKafkaPartition
      : this.kafkaPartition;
    this.originalKafkaOffset = fields.originalKafkaOffset ?? this.kafkaOffset;
  }

  /** Keeps the offset, timestamp type and original coordinates. */
  newRecord(changes: RecordChanges = {}): SinkRecord {
    return new SinkRecord({
      ...this.changedFields(changes),
      kafkaOffset: this.kafkaOffset,
      timestampType: this.timestampType,
      originalTopic: this.originalTopic,
      originalKafkaPartition: this.originalKafkaPartition,
      originalKafkaOffset: this.originalKafkaOffset,
    });
  }

  override equals(other: unknown): boolean {
    if (!super.equals(other)) return false;
    const o = other as SinkRecord;
    return this.kafkaOffset === o.kafkaOffset &&
      this.timestampType === o.timestampType &&
      this.originalTopic === o.originalTopic &&
      this.originalKafkaPartition === o.originalKafkaPartition &&
      this.originalKafkaOffset === o.originalKafkaOffset;
  }

  override toString(): string {
    return `SinkRecord{kafkaOffset=${this.kafkaOffset}, timestampType=${this.timestampType}, originalTopic=${
      this.originalTopic}, originalKafkaPartition=${this.originalKafkaPartition}, originalKafkaOffset=${
      this.originalKafkaOffset}} ${super.toString()}`;
  }
}
