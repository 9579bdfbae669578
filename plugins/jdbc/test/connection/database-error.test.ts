import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRetriable } from '@tsconnect/api';
import { toDatabaseError } from '../../src/connection/database-error.js';

function withProps(message: string, props: Record<string, unknown>): Error {
  return Object.assign(new Error(message), props);
}

describe('toDatabaseError', () => {
  it('reads pg SQLSTATEs: constraint violations are not retriable, connection failures and deadlocks are', () => {
    const unique = toDatabaseError(withProps('duplicate key', { code: '23505' }));
    assert.deepEqual([unique.sqlState, unique.retriable], ['23505', false]);
    assert.equal(toDatabaseError(withProps('terminating connection', { code: '57P01' })).retriable, true);
    assert.equal(toDatabaseError(withProps('deadlock detected', { code: '40P01' })).retriable, true);
    assert.equal(toDatabaseError(withProps('connection failure', { code: '08006' })).retriable, true);
  });

  it('reads mysql2 errors by SQLSTATE and errno', () => {
    const dup = toDatabaseError(withProps('Duplicate entry', { code: 'ER_DUP_ENTRY', errno: 1062, sqlState: '23000' }));
    assert.deepEqual([dup.sqlState, dup.vendorCode, dup.retriable], ['23000', 'ER_DUP_ENTRY', false]);
    const deadlock = toDatabaseError(withProps('Deadlock', { code: 'ER_LOCK_DEADLOCK', errno: 1213, sqlState: '40001' }));
    assert.equal(deadlock.retriable, true);
  });

  it('reads odbc errors from their odbcErrors list', () => {
    const err = toDatabaseError(withProps('[odbc] Error executing the sql statement', {
      odbcErrors: [{ state: '23505', code: 1, message: 'duplicate key value' }],
    }));
    assert.equal(err.sqlState, '23505');
    assert.match(err.message, /duplicate key value/);
    assert.equal(err.retriable, false);
    assert.equal(toDatabaseError(withProps('x', { odbcErrors: [{ state: '08S01', code: 0, message: 'link failure' }] })).retriable, true);
    // MariaDB Connector/ODBC while the server restarts
    const down = { odbcErrors: [{ state: 'HY000', code: 2002, message: "[ma-3.1.15]Can't connect to server on '127.0.0.1' (115)" }] };
    assert.equal(toDatabaseError(withProps('x', down)).retriable, true);
  });

  it('treats socket errors and a busy SQLite file as retriable and other SQLite errors as not', () => {
    assert.equal(toDatabaseError(withProps('connect ECONNREFUSED', { code: 'ECONNREFUSED' })).retriable, true);
    assert.equal(toDatabaseError(withProps('database is locked', { code: 'SQLITE_BUSY' })).retriable, true);
    assert.equal(toDatabaseError(withProps('NOT NULL constraint failed', { code: 'SQLITE_CONSTRAINT_NOTNULL' })).retriable, false);
  });

  it('is read by the runtime retry flag', () => {
    assert.equal(isRetriable(toDatabaseError(withProps('x', { code: 'ECONNRESET' }))), true);
    assert.equal(isRetriable(toDatabaseError(withProps('x', { code: '22001' }))), false);
  });
});
