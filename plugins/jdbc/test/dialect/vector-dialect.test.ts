/** SQL generation only: this dialect has not run against a live Actian Vector server. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Decimal, SchemaBuilder, Schemas } from '@tsconnect/api';
import { VectorDatabaseDialect } from '../../src/dialect/vector-dialect.js';
import { column, RecordingConnection, sinkColumn, table } from './dialect-fixtures.js';

const orders = table('orders', [column('id', 'integer', 'INTEGER', { isPrimaryKey: true }), column('name', 'nvarchar', 'NVARCHAR')]);
const dialect = new VectorDatabaseDialect();

describe('VectorDatabaseDialect', () => {
  it('maps Connect types to Vector types', () => {
    const type = (schema: Parameters<typeof sinkColumn>[1], key = false): string => dialect.sqlType(sinkColumn('c', schema, key));
    assert.deepEqual([Schemas.INT8, Schemas.INT16, Schemas.INT32, Schemas.INT64, Schemas.FLOAT32, Schemas.FLOAT64].map((s) => type(s)),
      ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'FLOAT4', 'FLOAT8']);
    assert.equal(type(Schemas.STRING), 'NVARCHAR(16000)');
    assert.equal(type(Schemas.STRING, true), 'NVARCHAR(255)');
    assert.equal(type(Decimal.builder(2).parameter('connect.decimal.precision', '50').build()), 'DECIMAL(38,2)');
    assert.equal(type(SchemaBuilder.int32().withName('org.apache.kafka.connect.data.Date').build()), 'ANSIDATE');
    assert.equal(type(SchemaBuilder.int64().withName('org.apache.kafka.connect.data.Timestamp').build()), 'TIMESTAMP(6) WITHOUT TIME ZONE');
    assert.equal(type(SchemaBuilder.struct().addField('a', Schemas.INT32).build()), 'NVARCHAR(16000)');
  });

  it('spells nullability Ingres-style and folds names to lower case for lookups', () => {
    assert.equal(dialect.identifierCase, 'lower');
    assert.equal(dialect.buildCreateTable({ catalog: null, schema: null, table: 'orders' },
      [sinkColumn('id', Schemas.INT32, true), sinkColumn('name', Schemas.OPTIONAL_STRING)]),
    'CREATE TABLE "orders" (\n"id" INTEGER NOT NULL,\n"name" NVARCHAR(16000) WITH NULL,\nPRIMARY KEY("id"))');
  });

  it('upserts by DELETE of the keys then single-row INSERTs', async () => {
    const connection = new RecordingConnection();
    await dialect.upsertRows(connection, orders, ['id'], ['name'], [[1, 'a'], [2, 'b']]);
    assert.deepEqual(connection.statements.map((s) => s.sql), [
      'DELETE FROM "orders" WHERE "id" IN (?,?)',
      'INSERT INTO "orders"("id","name") VALUES (?,?)',
      'INSERT INTO "orders"("id","name") VALUES (?,?)',
    ]);
  });
});
