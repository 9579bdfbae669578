/**
 * The SELECT statements of each mode, with keyset pagination: rows come ordered by (timestamp,
 * id) and at most `limit` at a time, each query continuing after the last key read, so a table of
 * any size is read in bounded memory and a restart resumes where the stored offset points.
 *
 *   incrementing:            WHERE inc > ? ORDER BY inc LIMIT n
 *   timestamp:               WHERE ts > ? AND ts < ? ORDER BY ts LIMIT n   (+ "ts = ?" for a cut group)
 *   timestamp+incrementing:  WHERE ts < ? AND ((ts = ? AND inc > ?) OR ts > ?) ORDER BY ts, inc LIMIT n
 *   bulk:                    the whole table, ordered by its primary key, LIMIT n OFFSET k
 * The upper bound is the database clock minus timestamp.delay.interval.ms. A custom query is
 * wrapped as a subquery, so unlike Confluent's it may have its own WHERE.
 */
import { formatDbTimestamp } from './db-time.js';
import { SourceMode } from './source-config.js';
import type { DbTimestamp, RowKey } from './source-offset.js';
import type { SourceDialect } from './source-dialect.js';

/** The alias of the tracked timestamp, selected next to the row's own columns. */
export const TRACKED_TIMESTAMP_COLUMN = 'tsconnect_tracked_ts';
const ROWS_ALIAS = 'tsconnect_rows';

export interface SourceQueryShape {
  mode: SourceMode;
  /** The table as written in FROM, or null with `query`. */
  table: string | null;
  query: string | null;
  timestampColumns: readonly string[];
  incrementingColumn: string | null;
  /** Primary key columns, for a stable bulk order. */
  keyColumns: readonly string[];
  suffix: string;
}

export interface Statement {
  readonly sql: string;
  readonly params: unknown[];
}

/** A query.suffix of just `LIMIT n` caps the page size instead of being appended. */
export function suffixLimit(suffix: string): number | null {
  const m = /^\s*LIMIT\s+(\d+)\s*;?\s*$/i.exec(suffix);
  return m ? Number(m[1]) : null;
}

export class QueryBuilder {
  readonly #dialect: SourceDialect;
  readonly #shape: SourceQueryShape;
  readonly #zone: string;

  constructor(dialect: SourceDialect, shape: SourceQueryShape, zone: string) {
    this.#dialect = dialect;
    this.#shape = shape;
    this.#zone = zone;
  }

  /** The tracked timestamp expression: the column, or COALESCE of the columns. */
  timestampExpression(): string {
    const columns = this.#shape.timestampColumns.map((c) => this.#dialect.quote(c));
    const raw = columns.length === 1 ? columns[0]! : `COALESCE(${columns.join(', ')})`;
    return this.#dialect.trackedTimestamp(raw);
  }

  #usesTimestamp(): boolean {
    return this.#shape.mode === SourceMode.TIMESTAMP || this.#shape.mode === SourceMode.TIMESTAMP_INCREMENTING;
  }

  #select(): string {
    const from = this.#shape.query !== null ? `(${this.#shape.query}) ${ROWS_ALIAS}` : this.#shape.table!;
    const rowAlias = this.#shape.query !== null ? ROWS_ALIAS : null;
    const star = rowAlias ? `${rowAlias}.*` : '*';
    if (!this.#usesTimestamp()) return `SELECT ${star} FROM ${from}`;
    if (rowAlias) return `SELECT ${star}, ${this.timestampExpression()} AS ${TRACKED_TIMESTAMP_COLUMN} FROM ${from}`;
    // `*` cannot be combined with another column everywhere: name the table
    return `SELECT ${ROWS_ALIAS}.*, ${this.timestampExpression()} AS ${TRACKED_TIMESTAMP_COLUMN} FROM ${from} ${ROWS_ALIAS}`;
  }

  #tail(orderBy: string[], limit: number | null, offset = 0): string {
    const suffix = suffixLimit(this.#shape.suffix) === null ? this.#shape.suffix.trim() : '';
    const parts = [];
    if (orderBy.length > 0) parts.push(`ORDER BY ${orderBy.map((c) => `${c} ASC`).join(', ')}`);
    if (limit !== null) parts.push(this.#dialect.limit(limit, offset));
    if (suffix !== '') parts.push(suffix);
    return parts.length ? ` ${parts.join(' ')}` : '';
  }

  #timestampParam(params: unknown[], ts: DbTimestamp): string {
    params.push(formatDbTimestamp(ts, this.#zone, this.#dialect.timestampFractionDigits));
    return this.#dialect.timestampParam(this.#dialect.placeholder(params.length));
  }

  #incrementingParam(params: unknown[], value: bigint): string {
    const safe = value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
    params.push(safe ? Number(value) : value.toString());
    return this.#dialect.placeholder(params.length);
  }

  /**
   * The next page after `position`, up to `upperBound` (timestamp modes), at most `limit` rows.
   * A position without a timestamp (nothing read yet, no timestamp.initial) has no lower bound.
   */
  poll(position: RowKey, upperBound: DbTimestamp | null, limit: number): Statement {
    const params: unknown[] = [];
    const inc = this.#shape.incrementingColumn ? this.#dialect.quote(this.#shape.incrementingColumn) : null;
    const ts = this.#usesTimestamp() ? this.timestampExpression() : null;
    const where: string[] = [];
    let orderBy: string[] = [];
    switch (this.#shape.mode) {
      case SourceMode.BULK:
        throw new Error('bulk mode reads with bulkPage()');
      case SourceMode.INCREMENTING:
        where.push(`${inc} > ${this.#incrementingParam(params, position.incrementing ?? -1n)}`);
        orderBy = [inc!];
        break;
      case SourceMode.TIMESTAMP:
        if (upperBound) where.push(`${ts} < ${this.#timestampParam(params, upperBound)}`);
        if (position.timestamp) where.push(`${ts} > ${this.#timestampParam(params, position.timestamp)}`);
        orderBy = [ts!];
        break;
      case SourceMode.TIMESTAMP_INCREMENTING:
        if (upperBound) where.push(`${ts} < ${this.#timestampParam(params, upperBound)}`);
        if (position.timestamp) {
          const same = this.#timestampParam(params, position.timestamp);
          const after = this.#incrementingParam(params, position.incrementing ?? -1n);
          const later = this.#timestampParam(params, position.timestamp);
          where.push(`((${ts} = ${same} AND ${inc} > ${after}) OR ${ts} > ${later})`);
        }
        orderBy = [ts!, inc!];
        break;
    }
    const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    return { sql: this.#select() + whereSql + this.#tail(orderBy, limit), params };
  }

  /** Timestamp mode: every row of one timestamp, to finish a group a LIMIT cut through. */
  timestampGroup(timestamp: DbTimestamp): Statement {
    const params: unknown[] = [];
    const where = ` WHERE ${this.timestampExpression()} = ${this.#timestampParam(params, timestamp)}`;
    return { sql: this.#select() + where + this.#tail([], null), params };
  }

  /** Bulk mode reads in pages when the table has a primary key to order by, else whole. */
  bulkPaged(): boolean {
    return this.#shape.keyColumns.length > 0;
  }

  /** Bulk mode: one page of the whole table. */
  bulkPage(offset: number, limit: number): Statement {
    const orderBy = this.#shape.keyColumns.map((c) => this.#dialect.quote(c));
    return { sql: this.#select() + this.#tail(orderBy, orderBy.length ? limit : null, orderBy.length ? offset : 0), params: [] };
  }
}
