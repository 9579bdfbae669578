/**
 * The records a source task sent and Kafka has not yet acknowledged, in order per source
 * partition, as Kafka's SubmittedRecords: a source offset may be committed only once every record
 * of its partition up to it was acknowledged (acks can arrive out of order across partitions).
 */
import type { SourceOffset, SourcePartition } from '@tsconnect/api';
import { offsetKeyIdentityOf, type OffsetMap } from '../storage/offset-records.js';

interface SubmittedRecord {
  /** Kafka acknowledged the record (or it was skipped): its offset may be committed in order. */
  ack(): void;
  /** The record will be sent again: forget it (only the latest submission of a partition). */
  drop(): void;
}

interface CommittableOffsets {
  /** The latest committable offset per source partition, keyed by partition identity. */
  readonly offsets: ReadonlyMap<string, { partition: SourcePartition | null; offset: SourceOffset | null }>;
  readonly numCommittableMessages: number;
  readonly numUncommittableMessages: number;
}

interface Entry {
  readonly partition: SourcePartition | null;
  readonly offset: SourceOffset | null;
  acked: boolean;
}

function identity(partition: SourcePartition | null): string {
  if (partition === null) return 'null';
  try {
    return offsetKeyIdentityOf('', partition as OffsetMap);
  } catch {
    return JSON.stringify(partition, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  }
}

/** A partition's own entries, compared by value: a partition object may change between records. */
function entriesOf(partition: SourcePartition): [unknown, unknown][] {
  return partition instanceof Map ? [...(partition as Map<unknown, unknown>)] : Object.entries(partition);
}

function sameEntries(a: readonly [unknown, unknown][], b: readonly [unknown, unknown][]): boolean {
  return a.length === b.length && a.every(([k, v], i) => k === b[i]![0] && Object.is(v, b[i]![1]));
}

export class SubmittedRecords {
  readonly #byPartition = new Map<string, Entry[]>();
  #pending = 0;
  #waiters: (() => void)[] = [];
  /**
   * The identity last computed, with the partition's entries then: tasks send one partition object
   * with many records, and its canonical JSON costs more than checking that it did not change.
   */
  #last: { partition: SourcePartition; entries: [unknown, unknown][]; key: string } | null = null;

  #identity(partition: SourcePartition | null): string {
    if (partition === null) return 'null';
    const entries = entriesOf(partition);
    const last = this.#last;
    if (last !== null && last.partition === partition && sameEntries(entries, last.entries)) return last.key;
    const key = identity(partition);
    // Only primitive values can be compared this way; a nested object could change unseen.
    const primitive = entries.every(([, v]) => v === null || typeof v !== 'object');
    this.#last = primitive ? { partition, entries, key } : null;
    return key;
  }

  submit(partition: SourcePartition | null, offset: SourceOffset | null): SubmittedRecord {
    const key = this.#identity(partition);
    let deque = this.#byPartition.get(key);
    if (!deque) this.#byPartition.set(key, (deque = []));
    const entry: Entry = { partition, offset, acked: false };
    deque.push(entry);
    this.#pending++;
    const queue = deque;
    return {
      ack: () => {
        if (entry.acked) return;
        entry.acked = true;
        this.#settled();
      },
      drop: () => {
        const index = queue.lastIndexOf(entry);
        if (index === -1 || entry.acked) return;
        queue.splice(index, 1);
        this.#settled();
      },
    };
  }

  /** Records submitted and neither acknowledged nor dropped. */
  get pending(): number {
    return this.#pending;
  }

  /** Removes the acknowledged prefix of every partition and returns its latest offsets. */
  committableOffsets(): CommittableOffsets {
    const offsets = new Map<string, { partition: SourcePartition | null; offset: SourceOffset | null }>();
    let committable = 0;
    let uncommittable = 0;
    for (const [key, deque] of this.#byPartition) {
      let acked = 0;
      while (acked < deque.length && deque[acked]!.acked) acked++;
      if (acked > 0) {
        const last = deque[acked - 1]!;
        offsets.set(key, { partition: last.partition, offset: last.offset });
        deque.splice(0, acked);
        committable += acked;
      }
      uncommittable += deque.length;
      if (deque.length === 0) this.#byPartition.delete(key);
    }
    return { offsets, numCommittableMessages: committable, numUncommittableMessages: uncommittable };
  }

  /** Waits until nothing is pending, or `timeoutMs` passed; true when nothing is pending. */
  async awaitAllMessages(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => { timedOut = true; resolve(); }, timeoutMs);
    });
    try {
      while (this.#pending > 0 && !timedOut) await Promise.race([this.#nextSettle(), timeout]);
      return this.#pending === 0;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits until fewer than `limit` records are pending. */
  async awaitBelow(limit: number): Promise<void> {
    while (this.#pending >= limit) await this.#nextSettle();
  }

  #nextSettle(): Promise<void> {
    return new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  #settled(): void {
    this.#pending--;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
