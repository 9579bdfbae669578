/** SQL generation only: this dialect has not run against a live Vertica server. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Decimal, SchemaBuilder, Schemas } from '@tsconnect/api';
import { VerticaDatabaseDialect } from '../../src/dialect/vertica-dialect.js';
import { column, RecordingConnection, sinkColumn, table } from './dialect-fixtures.js';

const orders = table('orders', [
  column('id', 'int', 'BIGINT', { isPrimaryKey: true }), column('name', 'varchar(65000)', 'VARCHAR'),
  column('amount', 'numeric(12,2)', 'NUMERIC'),
], 'sales');
const dialect = new VerticaDatabaseDialect();

describe('VerticaDatabaseDialect', () => {
  it('maps Connect types to Vertica types', () => {
    const type = (schema: Parameters<typeof sinkColumn>[1], key = false): string => dialect.sqlType(sinkColumn('c', schema, key));
    assert.deepEqual([Schemas.INT8, Schemas.INT64, Schemas.FLOAT32, Schemas.BOOLEAN].map((s) => type(s)), ['INTEGER', 'INTEGER', 'FLOAT', 'BOOLEAN']);
    assert.equal(type(Schemas.STRING), 'VARCHAR(65000)');
    assert.equal(type(Schemas.STRING, true), 'VARCHAR(1024)');
    assert.equal(type(Schemas.BYTES), 'VARBINARY(65000)');
    assert.equal(type(Decimal.schema(4)), 'NUMERIC(37,4)');
    assert.equal(type(SchemaBuilder.int64().withName('org.apache.kafka.connect.data.Timestamp').build()), 'TIMESTAMP');
    assert.equal(type(SchemaBuilder.string().withName('io.debezium.time.ZonedTimestamp').build()), 'TIMESTAMPTZ');
    assert.equal(type(SchemaBuilder.string().withName('io.debezium.data.Uuid').build()), 'UUID');
  });

  it('inserts many rows as INSERT ... SELECT ... UNION ALL with typed parameters', () => {
    assert.equal(dialect.buildInsert(orders, ['id', 'name'], 2),
      'INSERT INTO "sales"."orders"("id","name") SELECT CAST(? AS int) AS "id",CAST(? AS varchar(65000)) AS "name" ' +
      'UNION ALL SELECT CAST(? AS int),CAST(? AS varchar(65000))');
  });

  it('upserts with MERGE, and updates with a MERGE that only matches', () => {
    assert.equal(dialect.buildUpsert(orders, ['id'], ['amount'], 1),
      'MERGE INTO "sales"."orders" AS target USING (SELECT CAST(? AS int) AS "id",CAST(? AS numeric(12,2)) AS "amount") AS incoming ' +
      'ON (target."id"=incoming."id") WHEN MATCHED THEN UPDATE SET "amount"=incoming."amount" ' +
      'WHEN NOT MATCHED THEN INSERT ("id","amount") VALUES (incoming."id",incoming."amount")');
    assert.equal(dialect.buildMergeUpdate(orders, ['id'], ['name'], 1),
      'MERGE INTO "sales"."orders" AS target USING (SELECT CAST(? AS int) AS "id",CAST(? AS varchar(65000)) AS "name") AS incoming ' +
      'ON (target."id"=incoming."id") WHEN MATCHED THEN UPDATE SET "name"=incoming."name"');
  });

  it('adds one column per ALTER TABLE', () => {
    assert.deepEqual(dialect.buildAddColumns({ catalog: null, schema: 'sales', table: 'orders' },
      [sinkColumn('a', Schemas.OPTIONAL_STRING), sinkColumn('b', Schemas.INT32)]),
    ['ALTER TABLE "sales"."orders" ADD COLUMN "a" VARCHAR(65000) NULL', 'ALTER TABLE "sales"."orders" ADD COLUMN "b" INTEGER NULL']);
  });

  it('inserts a batch as one single-row INSERT over a parameter array where the connection has them', async () => {
    const connection = Object.assign(new RecordingConnection(), { parameterArrays: true });
    assert.equal(await dialect.insertRows(connection, orders, ['id', 'name'], [[1, 'a'], [2, 'b']]), 2);
    assert.deepEqual(connection.statements, [
      { sql: 'INSERT INTO "sales"."orders"("id","name") VALUES (?,?)', params: [1, 'a'] },
      { sql: 'INSERT INTO "sales"."orders"("id","name") VALUES (?,?)', params: [2, 'b'] },
    ]);
  });

  it('sends each chunk of an upsert as one MERGE with the rows flattened', async () => {
    const connection = new RecordingConnection();
    await dialect.upsertRows(connection, orders, ['id'], ['name'], [[1, 'a'], [2, 'b']]);
    assert.equal(connection.statements.length, 1);
    assert.deepEqual(connection.statements[0]!.params, [1, 'a', 2, 'b']);
  });
});
