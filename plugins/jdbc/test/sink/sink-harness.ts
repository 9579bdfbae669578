/**
 * Drives JdbcSinkTask the way the worker will: initialize with a small SinkTaskContext, start, put
 * batches of SinkRecords, preCommit. Also the per-database bits the shared scenarios need.
 */
import {
  OffsetAndMetadata, TopicPartition, type ErrantRecordReporter, type SinkRecord, type SinkTaskContext,
} from '@tsconnect/api';
import type { DatabaseConnection } from '../../src/connection/database-connection.js';
import { JdbcSinkTask } from '../../src/sink/jdbc-sink-task.js';

export class FakeSinkTaskContext implements SinkTaskContext {
  timeouts: number[] = [];
  /** Offsets the task asked the consumer to resume from. */
  readonly seeks = new Map<TopicPartition, number>();
  reported: { record: SinkRecord; error: Error }[] = [];
  #reporter: ErrantRecordReporter | null;

  constructor(private readonly props: Record<string, string>, withReporter = false) {
    this.#reporter = withReporter
      ? { report: async (record, error) => { this.reported.push({ record, error }); } }
      : null;
  }

  configs(): Readonly<Record<string, string>> { return this.props; }
  offset(offsets: ReadonlyMap<TopicPartition, number> | TopicPartition, offset?: number): void {
    if (offsets instanceof TopicPartition) this.seeks.set(offsets, offset!);
    else for (const [tp, o] of offsets) this.seeks.set(tp, o);
  }
  timeout(timeoutMs: number): void { this.timeouts.push(timeoutMs); }
  assignment(): ReadonlySet<TopicPartition> { return new Set(); }
  pause(): void {}
  resume(): void {}
  requestCommit(): void {}
  errantRecordReporter(): ErrantRecordReporter | null { return this.#reporter; }
}

export async function startTask(props: Record<string, string>, withReporter = false): Promise<{ task: JdbcSinkTask; context: FakeSinkTaskContext }> {
  const task = new JdbcSinkTask();
  const context = new FakeSinkTaskContext(props, withReporter);
  task.initialize(context);
  await task.start(props);
  return { task, context };
}

/** The offsets the runtime would offer preCommit after delivering these records. */
export function consumedOffsets(records: readonly SinkRecord[]): Map<TopicPartition, OffsetAndMetadata> {
  const offsets = new Map<TopicPartition, OffsetAndMetadata>();
  for (const r of records) offsets.set(TopicPartition.of(r.topic, r.kafkaPartition ?? 0), new OffsetAndMetadata(r.kafkaOffset + 1));
  return offsets;
}

/** What the scenarios need to know about one database and driver. */
export interface SinkTarget {
  readonly name: string;
  /** connection.url / user / password (and dialect.name when needed). */
  connectionProps(): Record<string, string>;
  /** A separate connection for setting up and checking tables. */
  open(): Promise<DatabaseConnection>;
  /** An SQL expression giving the column's value as text. */
  text(column: string): string;
  /** An SQL expression giving a binary column as hex digits. */
  hex(column: string): string;
  quote(name: string): string;
  /** SQL type names for hand-made tables. */
  readonly types: { int: string; text: string };
  /** Drops the connections of everyone else to this database (a restarted server, as the task sees it). */
  killOtherConnections?(admin: DatabaseConnection): Promise<void>;
}
