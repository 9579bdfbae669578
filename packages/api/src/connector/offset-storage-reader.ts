/**
 * Source partitions and offsets are the connector's own small maps (e.g. `{table: 'users'}` and
 * `{id: 42}`), stored by the runtime as JSON. Values must be JSON-compatible.
 */
export type SourcePartition = Readonly<Record<string, unknown>>;
export type SourceOffset = Readonly<Record<string, unknown>>;

/** Reads the last committed offsets of source partitions, e.g. to resume where a task stopped. */
export interface OffsetStorageReader {
  /** The offset last committed for `partition` (compared by content), or null if none. */
  offset(partition: SourcePartition): Promise<SourceOffset | null>;
  /** Offsets of several partitions, keyed by the very partition objects passed in. */
  offsets(partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>>;
}
