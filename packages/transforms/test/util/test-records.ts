import { SinkRecord, SourceRecord, type Header, type Schema } from '@tsconnect/api';

export interface RecordParts {
  topic?: string;
  partition?: number | null;
  keySchema?: Schema | null;
  key?: unknown;
  valueSchema?: Schema | null;
  value?: unknown;
  timestamp?: number | null;
  headers?: Header[];
}

/** A sink record on `test` partition 0 offset 42 unless told otherwise. */
export function sinkRecord(parts: RecordParts = {}, kafkaOffset = 42): SinkRecord {
  return new SinkRecord({
    topic: parts.topic ?? 'test',
    kafkaPartition: parts.partition === undefined ? 0 : parts.partition,
    keySchema: parts.keySchema ?? null,
    key: parts.key ?? null,
    valueSchema: parts.valueSchema ?? null,
    value: parts.value ?? null,
    timestamp: parts.timestamp ?? null,
    headers: parts.headers ?? null,
    kafkaOffset,
  });
}

export function sourceRecord(parts: RecordParts = {}): SourceRecord {
  return new SourceRecord({
    topic: parts.topic ?? 'test',
    kafkaPartition: parts.partition === undefined ? 0 : parts.partition,
    keySchema: parts.keySchema ?? null,
    key: parts.key ?? null,
    valueSchema: parts.valueSchema ?? null,
    value: parts.value ?? null,
    timestamp: parts.timestamp ?? null,
    headers: parts.headers ?? null,
  });
}
