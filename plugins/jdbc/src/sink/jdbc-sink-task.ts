/**
 * The JDBC sink task (`io.confluent.connect.jdbc.sink.JdbcSinkTask`). Each `put` is written and
 * committed in one database transaction before it returns, so the offsets `preCommit` hands back
 * are those of records already in the database (or reported to the dead letter queue); nothing
 * else is acknowledged.
 *
 * Failures: a retriable one (connection lost, server restart, deadlock) closes the connection and
 * throws RetriableException after `context.timeout(retry.backoff.ms)`, so the runtime redelivers
 * the batch, up to `max.retries` times in a row. A failure of the data (constraint, type, missing
 * table) is not retried: with an errant record reporter the bad records are isolated and reported,
 * otherwise the task fails with the database's message, naming the table and records.
 *
 * With `exactly.once.offsets.table`, each transaction also stores the partitions' next offsets;
 * records below them are skipped and `open` asks the consumer to resume from them.
 */
import {
  ConnectException, OffsetAndMetadata, RetriableException, SinkTask, TopicPartition, isRetriable,
  type PartitionOffsets, type SinkRecord,
} from '@tsconnect/api';
import type { DatabaseConnection } from '../connection/database-connection.js';
import { openConnection } from '../connection/open-connection.js';
import { dialectForConnection } from '../dialect/dialect-registry.js';
import { writeIsolatingFailures } from './errant-records.js';
import { JdbcWriter } from './jdbc-writer.js';
import { OffsetStore } from './offset-store.js';
import { JdbcSinkConfig } from './sink-config.js';
import { TableStructure } from './table-structure.js';
import { JDBC_SINK_VERSION } from './version.js';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class JdbcSinkTask extends SinkTask {
  static readonly className = 'io.confluent.connect.jdbc.sink.JdbcSinkTask';

  #config: JdbcSinkConfig | null = null;
  #connection: DatabaseConnection | null = null;
  #writer: JdbcWriter | null = null;
  #remainingRetries = 0;
  /** Per partition (as consumed, before transforms), the offset after the last record made safe. */
  readonly #safeOffsets = new Map<TopicPartition, number>();
  /** With exactly.once.offsets.table: the store, and the next offsets known to be in the database. */
  #offsetStore: OffsetStore | null = null;
  readonly #storedOffsets = new Map<TopicPartition, number>();

  version(): string {
    return JDBC_SINK_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    this.#config = new JdbcSinkConfig(props);
    this.#remainingRetries = this.#config.maxRetries;
  }

  get #settings(): JdbcSinkConfig {
    if (!this.#config) throw new ConnectException('JdbcSinkTask used before start()');
    return this.#config;
  }

  async #openWriter(): Promise<JdbcWriter> {
    if (this.#writer) return this.#writer;
    const config = this.#settings;
    let lastError: unknown;
    for (let attempt = 1; attempt <= config.connectionAttempts; attempt++) {
      try {
        this.#connection = await openConnection({
          url: config.connectionUrl,
          user: config.connectionUser,
          password: config.connectionPassword,
          properties: config.connectionProperties,
          odbcParameterArrays: config.odbcParameterArrays,
          odbcBulkMode: config.odbcBulkMode,
        });
        break;
      } catch (err) {
        lastError = err;
        if (!isRetriable(err) || attempt === config.connectionAttempts) throw err;
        await sleep(config.connectionBackoffMs);
      }
    }
    if (!this.#connection) throw lastError;
    const dialect = await dialectForConnection(this.#connection, {
      dialectName: config.dialectName,
      quoteIdentifiers: config.quoteIdentifiers,
      timeZone: config.dbTimeZone,
    });
    const structure = new TableStructure(dialect, config);
    this.#writer = new JdbcWriter(this.#connection, dialect, structure, config);
    if (config.exactlyOnceOffsetsTable) {
      this.#offsetStore = new OffsetStore(this.#connection, dialect, config.exactlyOnceOffsetsTable, config.connectorName);
    }
    return this.#writer;
  }

  async #closeConnection(): Promise<void> {
    const connection = this.#connection;
    this.#connection = null;
    this.#writer = null;
    this.#offsetStore = null;
    await connection?.close().catch(() => undefined);
  }

  #markSafe(records: readonly SinkRecord[]): void {
    for (const record of records) {
      if (record.originalKafkaPartition === null) continue;
      const tp = TopicPartition.of(record.originalTopic, record.originalKafkaPartition);
      const next = record.originalKafkaOffset + 1;
      if ((this.#safeOffsets.get(tp) ?? -1) < next) this.#safeOffsets.set(tp, next);
    }
  }

  async put(records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    const config = this.#settings;
    try {
      const writer = await this.#openWriter();
      const store = this.#offsetStore;
      const fresh = store ? records.filter((r) => !this.#alreadyStored(r)) : records;
      const saved = new Map<TopicPartition, number>();
      const saveOffsets = (batch: readonly SinkRecord[]) =>
        store ? async () => { for (const [tp, next] of await store.save(batch)) saved.set(tp, next); } : undefined;
      const reporter = this.context?.errantRecordReporter() ?? null;
      if (reporter) {
        await writeIsolatingFailures(fresh, (batch) => writer.write(batch, saveOffsets(batch)), reporter);
        // reported records are done with too: store offsets past them
        if (store && fresh.length > 0) await writer.write([], saveOffsets(fresh));
      } else if (fresh.length > 0 || !store) {
        await writer.write(fresh, saveOffsets(fresh));
      }
      for (const [tp, next] of saved) this.#storedOffsets.set(tp, Math.max(this.#storedOffsets.get(tp) ?? 0, next));
      this.#markSafe(records);
      this.#remainingRetries = config.maxRetries;
    } catch (err) {
      if (!isRetriable(err)) throw err;
      await this.#closeConnection();
      const message = `Write of ${records.length} records failed, and may succeed when retried: ${(err as Error).message}`;
      if (this.#remainingRetries <= 0) {
        throw new ConnectException(`${message} (giving up after max.retries=${config.maxRetries} retries)`, { cause: err });
      }
      this.#remainingRetries--;
      this.context?.timeout(config.retryBackoffMs);
      throw new RetriableException(`${message} (${this.#remainingRetries} retries left)`, { cause: err });
    }
  }

  #alreadyStored(record: SinkRecord): boolean {
    if (record.originalKafkaPartition === null) return false;
    const stored = this.#storedOffsets.get(TopicPartition.of(record.originalTopic, record.originalKafkaPartition));
    return stored !== undefined && record.originalKafkaOffset < stored;
  }

  /** With the exactly-once option, resume the assigned partitions from the offsets stored with the rows. */
  override async open(partitions: TopicPartition[]): Promise<void> {
    if (!this.#settings.exactlyOnceOffsetsTable || partitions.length === 0) return;
    await this.#openWriter();
    const stored = await this.#offsetStore!.load(partitions);
    for (const [tp, next] of stored) this.#storedOffsets.set(tp, next);
    if (stored.size > 0) this.context.offset(stored);
  }

  /** Every put is committed before it returns: only offsets of records in the database are returned. */
  override preCommit(currentOffsets: PartitionOffsets): PartitionOffsets {
    const safe = new Map<TopicPartition, OffsetAndMetadata>();
    for (const [tp, current] of currentOffsets) {
      const written = this.#safeOffsets.get(tp);
      if (written === undefined) continue;
      safe.set(tp, new OffsetAndMetadata(Math.min(written, current.offset), current.metadata));
    }
    return safe;
  }

  override close(partitions: TopicPartition[]): void {
    for (const tp of partitions) {
      this.#safeOffsets.delete(tp);
      this.#storedOffsets.delete(tp);
    }
  }

  async stop(): Promise<void> {
    await this.#closeConnection();
  }
}
