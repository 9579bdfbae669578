import { javaToString } from '../data/java-text.js';
import { schemasEqual, type Schema } from '../data/schema.js';
import { valuesEqual } from '../data/values-equal.js';
import type { Header } from '../header/header.js';
import { ConnectHeaders } from '../header/headers.js';

/** The fields every record has; the ones left out default to null (headers to none). */
export interface ConnectRecordFields {
  topic: string;
  kafkaPartition?: number | null;
  keySchema?: Schema | null;
  key?: unknown;
  valueSchema?: Schema | null;
  value?: unknown;
  /** Milliseconds since the epoch. */
  timestamp?: number | null;
  headers?: Iterable<Header> | null;
}

/** The changes `newRecord` applies; a field left `undefined` keeps its current value. */
export type RecordChanges = Partial<ConnectRecordFields>;

/**
 * What sources produce and sinks consume, as Kafka's `ConnectRecord`. Records are immutable;
 * transforms derive new ones with `newRecord`, which keeps the subclass (a SinkRecord stays one).
 */
export abstract class ConnectRecord<R extends ConnectRecord<R>> {
  readonly topic: string;
  readonly kafkaPartition: number | null;
  readonly keySchema: Schema | null;
  readonly key: unknown;
  readonly valueSchema: Schema | null;
  readonly value: unknown;
  readonly timestamp: number | null;
  readonly headers: ConnectHeaders;

  protected constructor(fields: ConnectRecordFields) {
    this.topic = fields.topic;
    this.kafkaPartition = fields.kafkaPartition ?? null;
    this.keySchema = fields.keySchema ?? null;
    this.key = fields.key ?? null;
    this.valueSchema = fields.valueSchema ?? null;
    this.value = fields.value ?? null;
    this.timestamp = fields.timestamp ?? null;
    const headers = fields.headers;
    this.headers = headers instanceof ConnectHeaders ? headers : new ConnectHeaders(headers);
  }

  /** A record of the same class with these changes; without `headers`, a copy of the current ones. */
  abstract newRecord(changes?: RecordChanges): R;

  /** The common fields after applying changes, for subclasses' `newRecord`. */
  protected changedFields(changes: RecordChanges): Required<ConnectRecordFields> {
    const pick = <T>(change: T | undefined, current: T): T => (change === undefined ? current : change);
    return {
      topic: pick(changes.topic, this.topic),
      kafkaPartition: pick(changes.kafkaPartition, this.kafkaPartition),
      keySchema: pick(changes.keySchema, this.keySchema),
      key: pick(changes.key, this.key),
      valueSchema: pick(changes.valueSchema, this.valueSchema),
      value: pick(changes.value, this.value),
      timestamp: pick(changes.timestamp, this.timestamp),
      headers: changes.headers === undefined ? this.headers.duplicate() : changes.headers,
    };
  }

  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof ConnectRecord) || other.constructor !== this.constructor) return false;
    return this.topic === other.topic &&
      this.kafkaPartition === other.kafkaPartition &&
      schemasEqual(this.keySchema, other.keySchema) &&
      valuesEqual(this.key, other.key) &&
      schemasEqual(this.valueSchema, other.valueSchema) &&
      valuesEqual(this.value, other.value) &&
      this.timestamp === other.timestamp &&
      this.headers.equals(other.headers);
  }

  toString(): string {
    return `ConnectRecord{topic='${this.topic}', kafkaPartition=${this.kafkaPartition}, key=${
      javaToString(this.key, this.keySchema)}, keySchema=${this.keySchema?.toString() ?? 'null'}, value=${
      javaToString(this.value, this.valueSchema)}, valueSchema=${this.valueSchema?.toString() ?? 'null'}, timestamp=${
      this.timestamp}, headers=${this.headers.toString()}}`;
  }
}
