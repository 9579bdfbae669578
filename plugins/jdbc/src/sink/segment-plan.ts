/**
 * How one table's operations from a batch are written so that the result equals applying them one
 * by one, with as few statements as possible. Operations are cut into segments; inside a segment
 * every key appears once, so its rows can go in one multi-row statement:
 * - upsert and update: the last write of a key wins (PostgreSQL and MERGE reject a key twice in
 *   one statement anyway); a delete before it is kept and runs first, so columns the record does
 *   not carry do not survive from the old row, and a delete after it cancels it.
 * - insert: a second insert of a key starts a new segment, so the database sees both, as it would
 *   have one by one; a delete followed by an insert of a key stays delete-then-insert.
 * Each segment runs its deletes first, then its writes. A segment also ends where the columns of
 * the records change (a new schema), as Confluent's buffer does.
 */
import type { InsertMode } from './sink-config.js';
import type { SinkOperation } from './sink-operation.js';

export interface Segment {
  /** Deletes, one per key, run first. */
  readonly deletes: readonly SinkOperation[];
  /** Rows to write after the deletes, one per key (in insert mode without keys, one per record). */
  readonly writes: readonly SinkOperation[];
  /** Every operation the segment stands for, including those a later one replaced. */
  readonly operations: readonly SinkOperation[];
}

interface KeyEntry {
  delete: SinkOperation | null;
  write: SinkOperation | null;
}

class SegmentBuilder {
  readonly keySignature: string;
  writeSignature: string | null = null;
  readonly entries = new Map<string, KeyEntry>();
  readonly keyless: SinkOperation[] = [];
  readonly operations: SinkOperation[] = [];

  readonly #mode: InsertMode;

  constructor(first: SinkOperation, mode: InsertMode) {
    this.#mode = mode;
    this.keySignature = first.layout.keySignature;
  }

  accepts(op: SinkOperation): boolean {
    if (op.layout.keySignature !== this.keySignature) return false;
    if (op.isDelete) return true;
    if (this.writeSignature !== null && this.writeSignature !== op.layout.signature) return false;
    if (this.#mode === 'insert' && op.keyIdentity !== null && this.entries.get(op.keyIdentity)?.write) return false;
    return true;
  }

  add(op: SinkOperation): void {
    this.operations.push(op);
    if (!op.isDelete) this.writeSignature ??= op.layout.signature;
    if (op.keyIdentity === null) {
      this.keyless.push(op);
      return;
    }
    const entry = this.entries.get(op.keyIdentity);
    if (!entry) {
      this.entries.set(op.keyIdentity, op.isDelete ? { delete: op, write: null } : { delete: null, write: op });
    } else if (op.isDelete) {
      entry.delete = op;
      entry.write = null;
    } else {
      entry.write = op;
    }
  }

  build(): Segment {
    const deletes: SinkOperation[] = [];
    const writes: SinkOperation[] = [...this.keyless];
    for (const entry of this.entries.values()) {
      if (entry.delete) deletes.push(entry.delete);
      if (entry.write) writes.push(entry.write);
    }
    return { deletes, writes, operations: this.operations };
  }
}

export function planSegments(operations: readonly SinkOperation[], mode: InsertMode): Segment[] {
  const builders: SegmentBuilder[] = [];
  let current: SegmentBuilder | null = null;
  for (const op of operations) {
    if (!current || !current.accepts(op)) {
      current = new SegmentBuilder(op, mode);
      builders.push(current);
    }
    current.add(op);
  }
  return builders.map((b) => b.build());
}
