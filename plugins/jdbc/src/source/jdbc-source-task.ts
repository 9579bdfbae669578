/**
 * Polls the tables the connector assigned (or the custom query): each table is polled every
 * poll.interval.ms, or again at once while its pages come back full; one poll() returns one page
 * of one table (at most batch.max.rows records). Offsets stored by an earlier run, ours or
 * Confluent's (protocol v1, else legacy v0 partitions), are read at start and continued.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectException, RetriableException, SourceTask, type SourceRecord } from '@tsconnect/api';
import { DatabaseError } from '../connection/database-error.js';
import { JdbcSourceConfig, SourceMode, TASK_TABLES_CONFIG, taskConfigDef } from './source-config.js';
import { legacyTablePartition, parseOffset, QUERY_PARTITION, tablePartition, type TableOffset } from './source-offset.js';
import { openSourceSession, type SourceSession } from './source-session.js';
import type { TableId } from '../dialect/table-id.js';
import { TableQuerier, type QuerySource } from './table-querier.js';
import { JDBC_SOURCE_VERSION } from './version.js';

/** The longest a poll() waits for a table to be due before returning no records. */
const MAX_IDLE_WAIT_MS = 1000;

export class JdbcSourceTask extends SourceTask {
  static readonly className = 'io.confluent.connect.jdbc.source.JdbcSourceTask';

  #config: JdbcSourceConfig | null = null;
  #session: SourceSession | null = null;
  #queriers: TableQuerier[] = [];
  #stopping = new AbortController();
  /** Failed polls in a row, per table, for query.retry.attempts. */
  readonly #failures = new Map<TableQuerier, number>();

  version(): string {
    return JDBC_SOURCE_VERSION;
  }

  async start(props: Readonly<Record<string, string>>): Promise<void> {
    this.#stopping = new AbortController();
    const config = new JdbcSourceConfig(props, taskConfigDef());
    this.#config = config;
    const query = config.query();
    const sources: QuerySource[] = query !== ''
      ? [{ query }]
      : (JSON.parse(config.requireString(TASK_TABLES_CONFIG)) as TableId[]).map((table) => ({ table }));
    if (sources.length === 0) throw new ConnectException('No tables were assigned to this task');
    const offsets = await this.#storedOffsets(config, sources);
    this.#queriers = sources.map((source, i) => new TableQuerier(config, source, offsets[i]!));
    this.#session = await openSourceSession(config, this.#stopping.signal);
  }

  /** Offsets by source; bulk mode keeps none, so every run reads whole tables. */
  async #storedOffsets(config: JdbcSourceConfig, sources: QuerySource[]): Promise<(TableOffset | null)[]> {
    if (config.mode() === SourceMode.BULK) return sources.map(() => null);
    const reader = this.context.offsetStorageReader();
    const wanted = sources.map((s) => ('query' in s
      ? { current: QUERY_PARTITION, legacy: null }
      : { current: tablePartition(s.table), legacy: legacyTablePartition(s.table) }));
    const all = wanted.flatMap((w) => (w.legacy ? [w.current, w.legacy] : [w.current]));
    const stored = await reader.offsets(all);
    return wanted.map((w) => {
      const found = stored.get(w.current) ?? (w.legacy ? stored.get(w.legacy) : null) ?? null;
      return found ? parseOffset(found) : null;
    });
  }

  async poll(): Promise<SourceRecord[] | null> {
    const config = this.#config;
    if (!config) return null;
    const signal = this.#stopping.signal;
    const deadline = Date.now() + MAX_IDLE_WAIT_MS;
    while (!signal.aborted) {
      const querier = this.#queriers.reduce((a, b) => (b.nextPollAt < a.nextPollAt ? b : a));
      const wait = querier.nextPollAt - Date.now();
      if (wait > 0) {
        if (Date.now() >= deadline) return null;
        await sleep(Math.min(wait, deadline - Date.now()), undefined, { signal }).catch(() => undefined);
        continue;
      }
      let records: SourceRecord[];
      let more: boolean;
      try {
        const session = this.#session ?? (this.#session = await openSourceSession(config, signal));
        ({ records, more } = await querier.poll(session));
      } catch (err) {
        if (signal.aborted) return null;
        throw await this.#pollFailure(querier, err);
      }
      this.#failures.delete(querier);
      querier.nextPollAt = more ? Date.now() : Date.now() + config.getInt('poll.interval.ms');
      if (records.length > 0) return records;
    }
    return null;
  }

  /**
   * What a failed poll throws. A lost connection (or deadlock) is retriable: the connection is
   * dropped and the next poll() reconnects. Another SQL error is retried query.retry.attempts
   * times (-1: always), as Confluent does; then the task fails.
   */
  async #pollFailure(querier: TableQuerier, err: unknown): Promise<Error> {
    const message = `Polling ${JSON.stringify(querier.partition)} failed: ${(err as Error).message}`;
    if ((err as { retriable?: boolean }).retriable) {
      const lost = this.#session;
      this.#session = null;
      await lost?.connection.close().catch(() => undefined);
      return new RetriableException(message, { cause: err });
    }
    if (err instanceof DatabaseError) {
      const failures = (this.#failures.get(querier) ?? 0) + 1;
      this.#failures.set(querier, failures);
      const attempts = this.#config!.getInt('query.retry.attempts');
      if (attempts < 0 || failures <= attempts) return new RetriableException(message, { cause: err });
    }
    return err as Error;
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    const session = this.#session;
    this.#session = null;
    await session?.connection.close().catch(() => undefined);
  }
}
