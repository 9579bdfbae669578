/**
 * An OffsetStorageReader over offsets kept in memory: give a source task the offsets it would find
 * after a restart, and read back what a SourceTaskHarness committed. Partitions are matched by
 * value, as the worker matches them by their serialized form.
 */
import type { OffsetStorageReader, SourceOffset, SourcePartition } from '@tsconnect/api';

/** A key that is equal for partitions equal by value, whatever the order of their fields. */
function keyOf(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

export class InMemoryOffsetStorageReader implements OffsetStorageReader {
  readonly #offsets = new Map<string, { partition: SourcePartition; offset: SourceOffset | null }>();

  constructor(initial: Iterable<readonly [SourcePartition, SourceOffset | null]> = []) {
    for (const [partition, offset] of initial) this.set(partition, offset);
  }

  /** Stores the offset of a partition; null removes it, as a tombstone does. */
  set(partition: SourcePartition, offset: SourceOffset | null): this {
    if (offset === null) this.#offsets.delete(keyOf(partition));
    else this.#offsets.set(keyOf(partition), { partition: structuredClone(partition), offset: structuredClone(offset) });
    return this;
  }

  /** Every stored partition and its offset. */
  entries(): [SourcePartition, SourceOffset | null][] {
    return [...this.#offsets.values()].map(({ partition, offset }) => [partition, offset]);
  }

  async offset(partition: SourcePartition): Promise<SourceOffset | null> {
    const stored = this.#offsets.get(keyOf(partition));
    return stored ? structuredClone(stored.offset) : null;
  }

  async offsets(partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>> {
    const out = new Map<SourcePartition, SourceOffset | null>();
    for (const partition of partitions) out.set(partition, await this.offset(partition));
    return out;
  }
}
