/**
 * Polls one table (or the custom query) in its mode, one page of at most batch.max.rows rows at a
 * time, and turns the rows into SourceRecords carrying Confluent-shaped partitions and offsets.
 */
import { ConnectException, SourceRecord } from '@tsconnect/api';
import type { Row } from '../connection/database-connection.js';
import type { ColumnDefinition } from './column-definition.js';
import { addMillis, toDbTimestamp } from './db-time.js';
import { LagWindow } from './lag-window.js';
import { QueryBuilder, suffixLimit, TRACKED_TIMESTAMP_COLUMN, type Statement } from './query-builder.js';
import { RowMapper } from './schema-mapping.js';
import { SourceCatalog } from './source-catalog.js';
import { SourceMode, TIMESTAMP_INITIAL_CURRENT, type JdbcSourceConfig, type TimestampGranularity } from './source-config.js';
import type { SourceSession } from './source-session.js';
import {
  compareTimestamps,
  EMPTY_OFFSET,
  legacyTablePartition,
  QUERY_PARTITION,
  serializeOffset,
  tablePartition,
  type DbTimestamp,
  type RowKey,
  type TableOffset,
} from './source-offset.js';
import type { TableId } from '../dialect/table-id.js';
import { tableFullName } from './table-full-name.js';

export type QuerySource = { readonly table: TableId } | { readonly query: string };

interface PollResult {
  readonly records: SourceRecord[];
  /** The page was full: poll this table again at once. */
  readonly more: boolean;
}

function toLong(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(Math.trunc(value));
  return BigInt(String(value).trim());
}

/** The partition a source's records carry (bulk tables: Confluent's {"table": name}). */
export function sourcePartition(source: QuerySource, mode: SourceMode): Record<string, string> {
  if ('query' in source) return { ...QUERY_PARTITION } as Record<string, string>;
  return mode === SourceMode.BULK ? legacyTablePartition(source.table) : tablePartition(source.table);
}

export class TableQuerier {
  readonly partition: Record<string, string>;
  readonly topic: string;
  /** When this table is due (epoch ms). */
  nextPollAt = 0;
  readonly #config: JdbcSourceConfig;
  readonly #source: QuerySource;
  readonly #mode: SourceMode;
  readonly #pageSize: number;
  readonly #zone: string;
  #builder: QueryBuilder | null = null;
  #mapper: RowMapper | null = null;
  #columnNames: string[] = [];
  #incrementingColumn: string | null = null;
  #storedOffset: TableOffset;
  #progress: LagWindow | null = null;
  /** Timestamp mode: the last timestamp whose every row was emitted. */
  #timestampPosition: DbTimestamp | null = null;
  #bulkRowsRead = 0;

  constructor(config: JdbcSourceConfig, source: QuerySource, storedOffset: TableOffset | null) {
    this.#config = config;
    this.#source = source;
    this.#mode = config.mode();
    this.partition = sourcePartition(source, this.#mode);
    this.topic = 'query' in source ? config.topicPrefix() : config.topicPrefix() + source.table.table;
    const cap = suffixLimit(config.requireString('query.suffix'));
    this.#pageSize = Math.min(config.getInt('batch.max.rows'), cap ?? Number.MAX_SAFE_INTEGER);
    this.#zone = config.timeZone();
    this.#storedOffset = storedOffset ?? EMPTY_OFFSET;
  }

  async #describe(session: SourceSession): Promise<ColumnDefinition[]> {
    const catalog = new SourceCatalog(session.connection, session.dialect);
    return 'query' in this.#source ? catalog.describeQuery(this.#source.query) : catalog.describeTable(this.#source.table);
  }

  #name(): string {
    return 'query' in this.#source ? 'the query' : `table ${tableFullName(this.#source.table)}`;
  }

  /** The column tracked in `role`; with validate.non.null it must be NOT NULL (tables only: query columns say nothing). */
  #requireColumn(byName: ReadonlyMap<string, ColumnDefinition>, name: string, role: 'incrementing' | 'timestamp'): void {
    const column = byName.get(name);
    if (!column) throw new ConnectException(`${role === 'incrementing' ? 'Incrementing' : 'Timestamp'} column ${name} not found in ${this.#name()}`);
    if (this.#config.getBoolean('validate.non.null') && column.nullable && !('query' in this.#source)) {
      throw new ConnectException(`Cannot make incremental queries using ${role} column ${name} on ${this.#name()} ` +
        'because this column is nullable.');
    }
  }

  async #prepare(session: SourceSession): Promise<void> {
    const columns = await this.#describe(session);
    if (columns.length === 0) throw new ConnectException(`No columns found for ${this.#name()}`);
    const byName = new Map(columns.map((c) => [c.name, c]));
    const incrementing = this.#mode === SourceMode.INCREMENTING || this.#mode === SourceMode.TIMESTAMP_INCREMENTING;
    if (incrementing) {
      let name = this.#config.incrementingColumn();
      if (name === '') {
        const auto = columns.find((c) => c.autoIncrement);
        if (!auto) throw new ConnectException(`No auto-increment column in ${this.#name()}; set incrementing.column.name`);
        name = auto.name;
      }
      this.#requireColumn(byName, name, 'incrementing');
      this.#incrementingColumn = name;
    }
    const timestampColumns = this.#mode === SourceMode.TIMESTAMP || this.#mode === SourceMode.TIMESTAMP_INCREMENTING
      ? this.#config.timestampColumns() : [];
    for (const name of timestampColumns) this.#requireColumn(byName, name, 'timestamp');
    const query = 'query' in this.#source ? this.#source.query : null;
    this.#builder = new QueryBuilder(session.dialect, {
      mode: this.#mode,
      table: 'table' in this.#source ? session.dialect.table(this.#source.table) : null,
      query,
      timestampColumns,
      incrementingColumn: this.#incrementingColumn,
      keyColumns: columns.filter((c) => c.primaryKey).map((c) => c.name),
      suffix: this.#config.requireString('query.suffix'),
    }, this.#zone);
    this.#mapper = new RowMapper('table' in this.#source ? this.#source.table.table : null, columns, {
      numericMapping: this.#config.numericMapping(),
      timestampGranularity: this.#config.getString('timestamp.granularity') as TimestampGranularity,
      timeZone: this.#zone,
    });
    this.#columnNames = columns.map((c) => c.name);
    if (!this.#progress) await this.#initProgress(session);
  }

  async #initProgress(session: SourceSession): Promise<void> {
    let offset = this.#storedOffset;
    const initial = this.#config.get('timestamp.initial') as number | null;
    const usesTimestamp = this.#mode === SourceMode.TIMESTAMP || this.#mode === SourceMode.TIMESTAMP_INCREMENTING;
    if (usesTimestamp && offset.position.timestamp === null && initial !== null) {
      const start = initial === TIMESTAMP_INITIAL_CURRENT
        ? await this.#databaseNow(session)
        : { millis: initial, nanos: (((initial % 1000) + 1000) % 1000) * 1_000_000 };
      offset = { position: { timestamp: start, incrementing: offset.position.incrementing }, window: [] };
    }
    this.#progress = new LagWindow(offset);
    this.#timestampPosition = offset.position.timestamp;
  }

  async #databaseNow(session: SourceSession): Promise<DbTimestamp> {
    const r = await session.connection.query(session.dialect.currentTimestampSql);
    return toDbTimestamp(r.rows[0]!.now, this.#zone);
  }

  async #run(session: SourceSession, statement: Statement): Promise<Row[]> {
    const result = await session.connection.query(statement.sql, statement.params);
    const names = result.columns.filter((c) => c !== TRACKED_TIMESTAMP_COLUMN);
    if (names.length !== this.#columnNames.length || names.some((n, i) => n !== this.#columnNames[i])) {
      // the table changed shape since it was described: describe it again before mapping
      await this.#prepare(session);
    }
    return result.rows;
  }

  #record(row: Row, offset: TableOffset | null): SourceRecord {
    return new SourceRecord({
      sourcePartition: this.partition,
      sourceOffset: offset ? serializeOffset(offset) : null,
      topic: this.topic,
      valueSchema: this.#mapper!.schema,
      value: this.#mapper!.toStruct(row),
    });
  }

  #rowTimestamp(row: Row): DbTimestamp {
    return toDbTimestamp(row[TRACKED_TIMESTAMP_COLUMN], this.#zone);
  }

  async poll(session: SourceSession): Promise<PollResult> {
    if (!this.#builder) await this.#prepare(session);
    switch (this.#mode) {
      case SourceMode.BULK:
        return this.#pollBulk(session);
      case SourceMode.TIMESTAMP:
        return this.#pollTimestamp(session);
      default:
        return this.#pollKeyset(session);
    }
  }

  async #pollBulk(session: SourceSession): Promise<PollResult> {
    const statement = this.#builder!.bulkPage(this.#bulkRowsRead, this.#pageSize);
    const rows = await this.#run(session, statement);
    const paged = this.#builder!.bulkPaged();
    const more = paged && rows.length === this.#pageSize;
    this.#bulkRowsRead = more ? this.#bulkRowsRead + rows.length : 0;
    return { records: rows.map((row) => this.#record(row, null)), more };
  }

  /** incrementing and timestamp+incrementing: keyset pages through (timestamp, id). */
  async #pollKeyset(session: SourceSession): Promise<PollResult> {
    const withTimestamp = this.#mode === SourceMode.TIMESTAMP_INCREMENTING;
    let upper: DbTimestamp | null = null;
    let horizon: DbTimestamp | null = null;
    if (withTimestamp) {
      upper = addMillis(await this.#databaseNow(session), -this.#config.getLong('timestamp.delay.interval.ms'));
      const lag = this.#config.getLong('timestamp.lag.window.ms');
      if (lag > 0) horizon = addMillis(upper, -lag);
    }
    const rows = await this.#run(session, this.#builder!.poll(this.#progress!.start, upper, this.#pageSize));
    const keys: RowKey[] = rows.map((row) => ({
      timestamp: withTimestamp ? this.#rowTimestamp(row) : null,
      incrementing: toLong(row[this.#incrementingColumn!]),
    }));
    const full = rows.length >= this.#pageSize;
    const emitted = this.#progress!.acceptPage(keys, full, horizon);
    return { records: emitted.map((e) => this.#record(rows[e.index]!, e.offset)), more: full };
  }

  /**
   * timestamp: rows sharing a timestamp are emitted together (a group the LIMIT cut is completed
   * with one more query), and the offset moves to a timestamp only with the group's last row, so
   * a restart re-reads an unfinished group rather than skipping it (Confluent PR #1093).
   */
  async #pollTimestamp(session: SourceSession): Promise<PollResult> {
    const upper = addMillis(await this.#databaseNow(session), -this.#config.getLong('timestamp.delay.interval.ms'));
    const position: RowKey = { timestamp: this.#timestampPosition, incrementing: null };
    let rows = await this.#run(session, this.#builder!.poll(position, upper, this.#pageSize));
    const full = rows.length >= this.#pageSize;
    if (full) {
      const last = this.#rowTimestamp(rows[rows.length - 1]!);
      const before = rows.filter((row) => compareTimestamps(this.#rowTimestamp(row), last) < 0);
      rows = [...before, ...(await this.#run(session, this.#builder!.timestampGroup(last)))];
    }
    const timestamps = rows.map((row) => this.#rowTimestamp(row));
    const records = rows.map((row, i) => {
      const ts = timestamps[i]!;
      const next = timestamps[i + 1];
      if (next === undefined || compareTimestamps(next, ts) !== 0) this.#timestampPosition = ts;
      return this.#record(row, { position: { timestamp: this.#timestampPosition, incrementing: null }, window: [] });
    });
    return { records, more: full };
  }
}

