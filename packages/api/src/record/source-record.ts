import { javaToString } from '../data/java-text.js';
import { valuesEqual } from '../data/values-equal.js';
import { ConnectRecord, type ConnectRecordFields, type RecordChanges } from './connect-record.js';

export interface SourceRecordFields extends ConnectRecordFields {
  /** Where the data came from (e.g. a table), the key under which offsets are stored. */
  sourcePartition?: Record<string, unknown> | null;
  /** The position in that source, stored once Kafka acknowledged the record. */
  sourceOffset?: Record<string, unknown> | null;
}

/** A record produced by a source task, as Kafka's `SourceRecord`. */
export class SourceRecord extends ConnectRecord<SourceRecord> {
  readonly sourcePartition: Record<string, unknown> | null;
  readonly sourceOffset: Record<string, unknown> | null;

  constructor(fields: SourceRecordFields) {
    super(fields);
    this.sourcePartition = fields.sourcePartition ?? null;
    this.sourceOffset = fields.sourceOffset ?? null;
  }

  /** Keeps the source partition and offset. */
  newRecord(changes: RecordChanges = {}): SourceRecord {
    return new SourceRecord({
      ...this.changedFields(changes),
      sourcePartition: this.sourcePartition,
      sourceOffset: this.sourceOffset,
    });
  }

  override equals(other: unknown): boolean {
    if (!super.equals(other)) return false;
    const o = other as SourceRecord;
    return valuesEqual(this.sourcePartition, o.sourcePartition) && valuesEqual(this.sourceOffset, o.sourceOffset);
  }

  override toString(): string {
    return `SourceRecord{sourcePartition=${javaToString(this.sourcePartition)}, sourceOffset=${
      javaToString(this.sourceOffset)}} ${super.toString()}`;
  }
}
