/**
 * Drives the source connector and task without a worker: an in-memory offset store that keeps
 * what a runtime would commit (JSON, as the offsets topic does), fake contexts, and a poll loop.
 */
import type {
  ConnectorContext,
  OffsetStorageReader,
  SourceOffset,
  SourcePartition,
  SourceRecord,
  SourceTaskContext,
  Struct,
} from '@tsconnect/api';
import { JdbcSourceConnector } from '../../src/source/jdbc-source-connector.js';
import { JdbcSourceTask } from '../../src/source/jdbc-source-task.js';

const keyOf = (partition: SourcePartition): string =>
  JSON.stringify(Object.keys(partition).sort().map((k) => [k, partition[k]]));

export class MemoryOffsets implements OffsetStorageReader {
  readonly #store = new Map<string, SourceOffset>();

  async offset(partition: SourcePartition): Promise<SourceOffset | null> {
    return this.#store.get(keyOf(partition)) ?? null;
  }

  async offsets(partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>> {
    return new Map(partitions.map((p) => [p, this.#store.get(keyOf(p)) ?? null]));
  }

  /** Stores as the worker would: JSON, and only primitive values, as Kafka's offset store allows. */
  set(partition: SourcePartition, offset: SourceOffset): void {
    for (const [field, value] of Object.entries(offset)) {
      if (value !== null && typeof value === 'object') throw new Error(`offset field ${field} is not a primitive`);
    }
    this.#store.set(keyOf(partition), JSON.parse(JSON.stringify(offset)));
  }

  /** What the runtime does once Kafka acknowledged the records: keep each partition's last offset. */
  commit(records: readonly SourceRecord[]): void {
    for (const r of records) if (r.sourcePartition && r.sourceOffset) this.set(r.sourcePartition, r.sourceOffset);
  }
}

export class FakeConnectorContext implements ConnectorContext {
  reconfigurations = 0;
  readonly errors: Error[] = [];
  #waiters: (() => void)[] = [];

  constructor(readonly offsets: MemoryOffsets) {}

  requestTaskReconfiguration(): void {
    this.reconfigurations++;
    for (const w of this.#waiters.splice(0)) w();
  }

  raiseError(error: Error): void {
    this.errors.push(error);
  }

  offsetStorageReader(): OffsetStorageReader {
    return this.offsets;
  }

  /** Resolves at the next reconfiguration request. */
  nextReconfiguration(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}

export async function startConnector(props: Record<string, string>, offsets = new MemoryOffsets()) {
  const connector = new JdbcSourceConnector();
  const context = new FakeConnectorContext(offsets);
  connector.initialize(context);
  await connector.start(props);
  return { connector, context };
}

export async function startTask(props: Record<string, string>, offsets: MemoryOffsets): Promise<JdbcSourceTask> {
  const task = new JdbcSourceTask();
  const context: SourceTaskContext = {
    configs: () => props,
    offsetStorageReader: () => offsets,
    transactionContext: () => null,
  };
  task.initialize(context);
  await task.start(props);
  return task;
}

/**
 * Polls until `want` records arrived or `idlePolls` polls in a row returned none; commits the
 * offsets of what it returns unless `commit` is false (a crash before Kafka acknowledged them).
 */
export async function pollRecords(
  task: JdbcSourceTask,
  offsets: MemoryOffsets,
  want: number,
  { idlePolls = 3, commit = true }: { idlePolls?: number; commit?: boolean } = {},
): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  let idle = 0;
  while (records.length < want && idle < idlePolls) {
    const batch = await task.poll();
    if (!batch || batch.length === 0) {
      idle++;
      continue;
    }
    idle = 0;
    if (commit) offsets.commit(batch);
    records.push(...batch);
  }
  return records;
}

export const field = (record: SourceRecord, name: string): unknown => (record.value as Struct).get(name);

/** The `id` field of each record, as numbers. */
export const ids = (records: readonly SourceRecord[]): number[] => records.map((r) => Number(field(r, 'id')));
