import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BaseConnection } from '../../src/connection/base-connection.js';
import { parseConnectionUrl } from '../../src/connection/connection-url.js';
import type { QueryResult, Row } from '../../src/connection/database-connection.js';

/** A connection whose BEGIN is answered when the test says, and which logs what it was asked. */
class ScriptedConnection extends BaseConnection {
  readonly driver = 'postgresql' as const;
  readonly paramStyle = 'dollar' as const;
  readonly log: string[] = [];
  answerBegin: (error?: Error) => void = () => undefined;

  constructor() {
    super(parseConnectionUrl('jdbc:postgresql://127.0.0.1:5432/test'));
  }

  protected async rawQuery(sql: string): Promise<QueryResult<Row>> {
    this.log.push(sql);
    return { rows: [], rowCount: 1, columns: [] };
  }
  protected async rawExecuteBatch(): Promise<number[]> { return []; }
  protected async *rawChunks(): AsyncIterable<Row[]> {}
  protected rawBegin(): Promise<void> {
    this.log.push('BEGIN sent');
    return new Promise((resolve, reject) => {
      this.answerBegin = (error) => (error ? reject(error) : resolve());
    });
  }
  protected async rawCommit(): Promise<void> { this.log.push('COMMIT'); }
  protected async rawRollback(): Promise<void> { this.log.push('ROLLBACK'); }
  protected async rawClose(): Promise<void> {}
  async serverVersion(): Promise<string> { return 'test'; }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('BaseConnection.transaction', () => {
  it('runs whileBeginning once BEGIN is sent and before its answer, then the work, then commits', async () => {
    const connection = new ScriptedConnection();
    const done = connection.transaction(async () => {
      connection.log.push(`work, in transaction: ${connection.inTransaction}`);
      await connection.execute('INSERT');
      return 7;
    }, () => connection.log.push(`while beginning, in transaction: ${connection.inTransaction}`));
    await turn();
    assert.deepEqual(connection.log, ['BEGIN sent', 'while beginning, in transaction: false']);
    connection.answerBegin();
    assert.equal(await done, 7);
    assert.deepEqual(connection.log.slice(2), ['work, in transaction: true', 'INSERT', 'COMMIT']);
    assert.equal(connection.inTransaction, false);
  });

  it('rolls back after the BEGIN answered when whileBeginning throws, and throws its error without running the work', async () => {
    const connection = new ScriptedConnection();
    let worked = false;
    const done = connection.transaction(async () => {
      worked = true;
    }, () => {
      throw new Error('cannot bind');
    });
    await turn();
    assert.deepEqual(connection.log, ['BEGIN sent'], 'no rollback before the BEGIN answered');
    connection.answerBegin();
    await assert.rejects(done, /cannot bind/);
    assert.deepEqual(connection.log, ['BEGIN sent', 'ROLLBACK']);
    assert.equal(worked, false);
    assert.equal(connection.inTransaction, false);
  });

  it('throws a failed BEGIN\'s error without running either', async () => {
    const connection = new ScriptedConnection();
    let ran = 0;
    const done = connection.transaction(async () => {
      ran++;
    });
    await turn();
    connection.answerBegin(new Error('connection lost'));
    await assert.rejects(done, /connection lost/);
    assert.equal(ran, 0);
    assert.equal(connection.inTransaction, false);
  });
});
