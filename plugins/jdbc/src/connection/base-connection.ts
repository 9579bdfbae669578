/**
 * What every driver's connection shares: transaction bookkeeping and turning driver errors into
 * DatabaseErrors. Subclasses implement the `raw*` calls against their driver.
 */
import type { ConnectionUrl, DriverKind } from './connection-url.js';
import type { DatabaseConnection, ParamStyle, QueryResult, Row } from './database-connection.js';
import { toDatabaseError } from './database-error.js';
import type { ParameterHint } from './odbc-parameter-arrays.js';

export abstract class BaseConnection implements DatabaseConnection {
  abstract readonly driver: DriverKind;
  abstract readonly paramStyle: ParamStyle;
  #inTransaction = false;

  protected constructor(readonly url: ConnectionUrl) {}

  get inTransaction(): boolean {
    return this.#inTransaction;
  }

  protected abstract rawQuery(sql: string, params: readonly unknown[]): Promise<QueryResult<Row>>;
  protected abstract rawExecuteBatch(sql: string, paramSets: readonly (readonly unknown[])[],
    columns: readonly (ParameterHint | undefined)[]): Promise<number[]>;
  protected abstract rawChunks(sql: string, params: readonly unknown[], fetchSize: number): AsyncIterable<Row[]>;
  protected abstract rawBegin(): Promise<void>;
  protected abstract rawCommit(): Promise<void>;
  protected abstract rawRollback(): Promise<void>;
  protected abstract rawClose(): Promise<void>;
  abstract serverVersion(): Promise<string>;

  protected async guard<T>(call: () => Promise<T> | T): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw toDatabaseError(err);
    }
  }

  query<R = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    return this.guard(() => this.rawQuery(sql, params)) as Promise<QueryResult<R>>;
  }

  async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount;
  }

  executeBatch(sql: string, paramSets: readonly (readonly unknown[])[], columns: readonly (ParameterHint | undefined)[] = []): Promise<number[]> {
    if (paramSets.length === 0) return Promise.resolve([]);
    return this.guard(() => this.rawExecuteBatch(sql, paramSets, columns));
  }

  async *queryInChunks<R = Row>(sql: string, params: readonly unknown[], fetchSize: number): AsyncIterable<R[]> {
    const iterator = this.rawChunks(sql, params, Math.max(1, fetchSize))[Symbol.asyncIterator]();
    try {
      for (;;) {
        let next: IteratorResult<Row[]>;
        try {
          next = await iterator.next();
        } catch (err) {
          throw toDatabaseError(err);
        }
        if (next.done) return;
        yield next.value as R[];
      }
    } finally {
      await iterator.return?.();
    }
  }

  async begin(): Promise<void> {
    await this.guard(() => this.rawBegin());
    this.#inTransaction = true;
  }

  async commit(): Promise<void> {
    try {
      await this.guard(() => this.rawCommit());
    } finally {
      this.#inTransaction = false;
    }
  }

  async rollback(): Promise<void> {
    try {
      await this.guard(() => this.rawRollback());
    } finally {
      this.#inTransaction = false;
    }
  }

  async transaction<T>(work: () => Promise<T>, whileBeginning?: () => void): Promise<T> {
    const begun = this.begin();
    let result: T;
    try {
      whileBeginning?.();
      await begun;
      result = await work();
    } catch (err) {
      // the rollback follows the begin's answer, whatever it was; a rollback on a dead
      // connection fails too; the first error is the one that matters
      await begun.catch(() => undefined);
      await this.rollback().catch(() => undefined);
      throw err;
    }
    await this.commit();
    return result;
  }

  async isValid(): Promise<boolean> {
    try {
      await this.rawQuery('SELECT 1', []);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.#inTransaction = false;
    await this.guard(() => this.rawClose());
  }
}
