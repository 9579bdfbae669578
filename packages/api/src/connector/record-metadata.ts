/** Where Kafka stored a record a source task produced (given to `SourceTask.commitRecord`). */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  /** -1 when the broker did not return one. */
  readonly offset: number;
  /** Epoch milliseconds; -1 when unknown. */
  readonly timestamp: number;
  readonly serializedKeySize: number;
  readonly serializedValueSize: number;
}
