import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Decimal, Schemas } from '@tsconnect/api';
import { SqliteDatabaseDialect, sqliteJdbcType } from '../../src/dialect/sqlite-dialect.js';
import { column, sinkColumn, table } from './dialect-fixtures.js';

const orders = table('orders', [column('id', 'integer', 'INTEGER', { isPrimaryKey: true }), column('name', 'text', 'VARCHAR')]);
const dialect = new SqliteDatabaseDialect();

describe('SqliteDatabaseDialect', () => {
  it('upserts with ON CONFLICT ... DO UPDATE SET excluded', () => {
    assert.equal(dialect.buildUpsert(orders, ['id'], ['name'], 1),
      'INSERT INTO "orders"("id","name") VALUES (?,?) ON CONFLICT ("id") DO UPDATE SET "name"=excluded."name"');
    assert.equal(dialect.buildUpsert(orders, ['id'], [], 1), 'INSERT INTO "orders"("id") VALUES (?) ON CONFLICT ("id") DO NOTHING');
  });

  it('stores decimals as TEXT so no digit is lost, and adds one column per ALTER', () => {
    assert.equal(dialect.sqlType(sinkColumn('d', Decimal.schema(2))), 'TEXT');
    assert.deepEqual(dialect.buildAddColumns({ catalog: null, schema: null, table: 't' },
      [sinkColumn('a', Schemas.OPTIONAL_INT32), sinkColumn('b', Schemas.OPTIONAL_FLOAT64)]),
    ['ALTER TABLE "t" ADD COLUMN "a" INTEGER NULL', 'ALTER TABLE "t" ADD COLUMN "b" REAL NULL']);
  });

  it('reads JDBC types from declared types by affinity', () => {
    assert.deepEqual(['BIGINT', 'int', 'VARCHAR(10)', '', 'DOUBLE', 'DATETIME', 'DATE', 'NUMERIC(10,2)', 'BOOLEAN'].map(sqliteJdbcType),
      ['BIGINT', 'INTEGER', 'VARCHAR', 'BLOB', 'DOUBLE', 'TIMESTAMP', 'DATE', 'NUMERIC', 'BOOLEAN']);
  });
});
