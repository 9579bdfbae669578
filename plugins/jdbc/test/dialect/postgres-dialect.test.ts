import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Decimal, SchemaBuilder, Schemas } from '@tsconnect/api';
import { PostgreSqlDatabaseDialect } from '../../src/dialect/postgres-dialect.js';
import { column, everyKindColumns, sinkColumn, table } from './dialect-fixtures.js';

const orders = table('orders', [
  column('id', 'bigint', 'BIGINT', { isPrimaryKey: true }), column('doc', 'jsonb', 'JSON'), column('name', 'text', 'VARCHAR'),
  column('tags', 'text[]', 'ARRAY'),
], 'sales');
const native = new PostgreSqlDatabaseDialect({ paramStyle: 'dollar' });
const odbc = new PostgreSqlDatabaseDialect({ paramStyle: 'question' });

describe('PostgreSqlDatabaseDialect', () => {
  it('creates tables with PostgreSQL types, defaults and the primary key', () => {
    const decimal = Decimal.builder(2).parameter('connect.decimal.precision', '10').build();
    assert.equal(native.buildCreateTable({ catalog: null, schema: null, table: 't' }, everyKindColumns(decimal)), [
      'CREATE TABLE "t" (', '"id" BIGINT NOT NULL,', '"code" TEXT NOT NULL,', '"i8" SMALLINT NOT NULL,', '"i16" SMALLINT NULL,',
      '"i32" INTEGER NOT NULL,', '"f32" REAL NOT NULL,', '"f64" DOUBLE PRECISION NOT NULL,', '"flag" BOOLEAN DEFAULT TRUE NOT NULL,',
      '"note" TEXT DEFAULT \'it\'\'s\' NULL,', '"bin" BYTEA NULL,', '"amount" NUMERIC(10,2) NOT NULL,', 'PRIMARY KEY("id","code"))',
    ].join('\n'));
  });

  it('maps logical, Debezium and nested types', () => {
    const type = (schema: Parameters<typeof sinkColumn>[1]): string => native.sqlType(sinkColumn('c', schema));
    assert.equal(type(Decimal.schema(3)), 'NUMERIC');
    assert.equal(type(SchemaBuilder.int32().withName('org.apache.kafka.connect.data.Date').build()), 'DATE');
    assert.equal(type(SchemaBuilder.int64().withName('org.apache.kafka.connect.data.Timestamp').build()), 'TIMESTAMP');
    assert.equal(type(SchemaBuilder.int64().withName('io.debezium.time.MicroTimestamp').build()), 'TIMESTAMP');
    assert.equal(type(SchemaBuilder.string().withName('io.debezium.time.ZonedTimestamp').build()), 'TIMESTAMPTZ');
    assert.equal(type(SchemaBuilder.string().withName('io.debezium.data.Uuid').build()), 'UUID');
    assert.equal(type(SchemaBuilder.string().withName('io.debezium.data.Json').build()), 'JSONB');
    assert.equal(type(SchemaBuilder.array(Schemas.INT32).build()), 'INTEGER[]');
    assert.equal(type(SchemaBuilder.array(SchemaBuilder.array(Schemas.INT32).build()).build()), 'JSONB');
    assert.equal(type(SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build()), 'JSONB');
    assert.equal(type(SchemaBuilder.struct().addField('a', Schemas.INT32).build()), 'JSONB');
  });

  it('adds columns in one ALTER TABLE, nullable when the field is required without a default', () => {
    assert.deepEqual(native.buildAddColumns({ catalog: null, schema: 's', table: 't' },
      [sinkColumn('a', Schemas.OPTIONAL_STRING), sinkColumn('b', Schemas.INT32)]),
    ['ALTER TABLE "s"."t" ADD COLUMN "a" TEXT NULL, ADD COLUMN "b" INTEGER NULL']);
  });

  it('builds multi-row INSERT and ON CONFLICT upserts, casting json, uuid and array parameters', () => {
    assert.equal(native.buildInsert(orders, ['id', 'doc', 'name'], 2),
      'INSERT INTO "sales"."orders"("id","doc","name") VALUES ($1,$2::jsonb,$3),($4,$5::jsonb,$6)');
    assert.equal(odbc.buildUpsert(orders, ['id'], ['doc', 'tags'], 1),
      'INSERT INTO "sales"."orders"("id","doc","tags") VALUES (?,?::jsonb,?::text[]) ON CONFLICT ("id") DO UPDATE SET "doc"=EXCLUDED."doc","tags"=EXCLUDED."tags"');
    assert.equal(native.buildUpsert(orders, ['id'], [], 1), 'INSERT INTO "sales"."orders"("id") VALUES ($1) ON CONFLICT ("id") DO NOTHING');
  });

  it('builds the UNNEST statements and COPY of the bulk paths, typed by the table', () => {
    assert.equal(native.buildUnnestInsert(orders, ['id'], ['doc', 'name'], true),
      'INSERT INTO "sales"."orders"("id","doc","name") SELECT * FROM UNNEST($1::bigint[],$2::jsonb[],$3::text[]) ' +
      'ON CONFLICT ("id") DO UPDATE SET "doc"=EXCLUDED."doc","name"=EXCLUDED."name"');
    assert.equal(native.buildUnnestUpdate(orders, ['id'], ['name']),
      'UPDATE "sales"."orders" AS t SET "name"=d.c1 FROM UNNEST($1::bigint[],$2::text[]) AS d(c0,c1) WHERE t."id"=d.c0');
    assert.equal(native.buildUnnestDelete(orders, ['id']), 'DELETE FROM "sales"."orders" WHERE ("id") IN (SELECT * FROM UNNEST($1::bigint[]))');
    assert.equal(native.buildCopy(orders, ['id', 'doc']), 'COPY "sales"."orders"("id","doc") FROM STDIN');
  });

  it('builds UPDATE and DELETE by key', () => {
    assert.equal(native.buildUpdate(orders, ['id'], ['doc', 'name']), 'UPDATE "sales"."orders" SET "doc" = $1::jsonb, "name" = $2 WHERE "id" = $3');
    assert.equal(odbc.buildDelete(orders, ['id', 'name'], 2),
      'DELETE FROM "sales"."orders" WHERE ("id" = ? AND "name" = ?) OR ("id" = ? AND "name" = ?)');
  });

  it('leaves identifiers unquoted with quote.sql.identifiers=never', () => {
    const plain = new PostgreSqlDatabaseDialect({ paramStyle: 'dollar', quoteIdentifiers: false });
    assert.equal(plain.buildDelete(orders, ['id'], 1), 'DELETE FROM sales.orders WHERE id IN ($1)');
    assert.equal(plain.quoteIdentifier('a"b'), '"a""b"');
  });

  it('binds arrays as JS arrays for pg and as array literals for ODBC', () => {
    const tags = column('tags', 'text[]', 'ARRAY');
    const schema = SchemaBuilder.array(Schemas.STRING).build();
    assert.deepEqual(native.bindValue(['a', 'b c'], schema, tags), ['a', 'b c']);
    assert.equal(odbc.bindValue(['a', 'b c'], schema, tags), '{"a","b c"}');
    assert.equal(native.bindValue(['a'], schema, column('j', 'jsonb', 'JSON')), '["a"]');
  });
});
