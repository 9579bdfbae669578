import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectException, Schemas } from '@tsconnect/api';
import { GenericDatabaseDialect } from '../../src/dialect/generic-dialect.js';
import { column, RecordingConnection, sinkColumn, table } from './dialect-fixtures.js';

const orders = table('orders', [column('id', 'integer', 'INTEGER', { isPrimaryKey: true }), column('name', 'varchar', 'VARCHAR')]);
const dialect = new GenericDatabaseDialect();

describe('GenericDatabaseDialect', () => {
  it('writes one row per statement and has no upsert statement', () => {
    assert.equal(dialect.buildInsert(orders, ['id', 'name'], 1), 'INSERT INTO "orders"("id","name") VALUES (?,?)');
    assert.throws(() => dialect.buildInsert(orders, ['id', 'name'], 2), ConnectException);
    assert.throws(() => dialect.buildUpsert(orders, ['id'], ['name'], 1), /DELETE then INSERT/);
  });

  it('upserts by deleting the keys then inserting the rows', async () => {
    const connection = new RecordingConnection();
    await dialect.upsertRows(connection, orders, ['id'], ['name'], [[1, 'a'], [2, 'b']]);
    assert.deepEqual(connection.statements, [
      { sql: 'DELETE FROM "orders" WHERE "id" IN (?,?)', params: [1, 2] },
      { sql: 'INSERT INTO "orders"("id","name") VALUES (?,?)', params: [1, 'a'] },
      { sql: 'INSERT INTO "orders"("id","name") VALUES (?,?)', params: [2, 'b'] },
    ]);
  });

  it('inserts through multi-row statements where the connection asks for them (psqlODBC), with the text for each chunk size', async () => {
    const connection = new (class extends RecordingConnection {
      readonly multiRowWrites = true;
      readonly chunks: { sql: string; rows: readonly (readonly unknown[])[] }[] = [];
      async executeMultiRow(statementFor: (rowCount: number) => string, rows: readonly (readonly unknown[])[]): Promise<number> {
        this.chunks.push({ sql: statementFor(2), rows: rows.slice(0, 2) }, { sql: statementFor(1), rows: rows.slice(2) });
        return rows.length;
      }
    })();
    const rows = [[1, 'a'], [2, 'b'], [3, 'c']];
    assert.equal(await dialect.insertRows(connection, orders, ['id', 'name'], rows), 3);
    assert.deepEqual(connection.statements, []);
    assert.deepEqual(connection.chunks, [
      { sql: 'INSERT INTO "orders"("id","name") VALUES (?,?),(?,?)', rows: [[1, 'a'], [2, 'b']] },
      { sql: 'INSERT INTO "orders"("id","name") VALUES (?,?)', rows: [[3, 'c']] },
    ]);
  });

  it('updates with values first, then keys', async () => {
    const connection = new RecordingConnection();
    await dialect.updateRows(connection, orders, ['id'], ['name'], [[1, 'a']]);
    assert.deepEqual(connection.statements, [{ sql: 'UPDATE "orders" SET "name" = ? WHERE "id" = ?', params: ['a', 1] }]);
  });

  it('uses ANSI types and bounded strings for keys', () => {
    assert.equal(dialect.sqlType(sinkColumn('k', Schemas.STRING, true)), 'VARCHAR(255)');
    assert.equal(dialect.sqlType(sinkColumn('v', Schemas.STRING)), 'VARCHAR(4000)');
    assert.equal(dialect.sqlType(sinkColumn('f', Schemas.FLOAT64)), 'DOUBLE PRECISION');
  });
});
