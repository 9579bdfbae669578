/**
 * Records as the Kafka clients see them: bytes plus coordinates. Task execution reads
 * `ConsumedRecord`s, hands `ProducedRecord`s to a producer and gets `RecordMetadata` back.
 */
import type { TimestampType } from '@tsconnect/api';

export interface KafkaHeader {
  readonly key: string;
  readonly value: Uint8Array | null;
}

/** A record read from Kafka, before any conversion. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: readonly KafkaHeader[];
  /** Epoch milliseconds; -1 (NO_TIMESTAMP) when the record has none. */
  readonly timestamp: number;
  readonly timestampType: TimestampType;
}

/** A record to write; a missing partition lets the producer's partitioner choose. */
export interface ProducedRecord {
  readonly topic: string;
  readonly partition?: number | null;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: readonly KafkaHeader[];
  readonly timestamp?: number | null;
}
