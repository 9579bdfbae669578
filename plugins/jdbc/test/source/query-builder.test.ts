import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DatabaseConnection } from '../../src/connection/database-connection.js';
import { QueryBuilder, suffixLimit, type SourceQueryShape } from '../../src/source/query-builder.js';
import { SourceMode } from '../../src/source/source-config.js';
import { createSourceDialect } from '../../src/source/source-dialect.js';

function dialect(product: 'postgresql' | 'mysql' | 'sqlite', quote = true) {
  const connection = { url: { product }, paramStyle: product === 'postgresql' ? 'dollar' : 'question' } as unknown as DatabaseConnection;
  return createSourceDialect(connection, quote);
}

const shape = (over: Partial<SourceQueryShape>): SourceQueryShape => ({
  mode: SourceMode.INCREMENTING, table: '"public"."orders"', query: null, timestampColumns: [],
  incrementingColumn: 'id', keyColumns: ['id'], suffix: '', ...over,
});

const ts = (iso: string) => ({ millis: Date.parse(iso), nanos: (Date.parse(iso) % 1000) * 1_000_000 });

describe('QueryBuilder', () => {
  it('pages incrementing mode after the last id with a real LIMIT', () => {
    const q = new QueryBuilder(dialect('postgresql'), shape({}), 'UTC');
    const s = q.poll({ timestamp: null, incrementing: 41n }, null, 500);
    assert.equal(s.sql, 'SELECT * FROM "public"."orders" WHERE "id" > $1 ORDER BY "id" ASC LIMIT 500');
    assert.deepEqual(s.params, [41]);
  });

  it('starts incrementing mode at -1 as Confluent does', () => {
    const q = new QueryBuilder(dialect('mysql'), shape({ table: '`db`.`orders`' }), 'UTC');
    assert.deepEqual(q.poll({ timestamp: null, incrementing: null }, null, 10).params, [-1]);
  });

  it('binds ids beyond 2^53 as text', () => {
    const q = new QueryBuilder(dialect('postgresql'), shape({}), 'UTC');
    assert.deepEqual(q.poll({ timestamp: null, incrementing: 2n ** 62n }, null, 10).params, [(2n ** 62n).toString()]);
  });

  it('builds the timestamp+incrementing keyset clause with the delay bound', () => {
    const q = new QueryBuilder(dialect('postgresql'),
      shape({ mode: SourceMode.TIMESTAMP_INCREMENTING, timestampColumns: ['updated'] }), 'UTC');
    const s = q.poll({ timestamp: ts('2024-01-02T03:04:05.123Z'), incrementing: 7n }, ts('2024-02-01T00:00:00Z'), 100);
    assert.equal(s.sql,
      'SELECT tsconnect_rows.*, "updated" AS tsconnect_tracked_ts FROM "public"."orders" tsconnect_rows ' +
      'WHERE "updated" < CAST($1 AS TIMESTAMP) AND (("updated" = CAST($2 AS TIMESTAMP) AND "id" > $3) OR "updated" > CAST($4 AS TIMESTAMP)) ' +
      'ORDER BY "updated" ASC, "id" ASC LIMIT 100');
    assert.deepEqual(s.params, ['2024-02-01 00:00:00.000000', '2024-01-02 03:04:05.123000', 7, '2024-01-02 03:04:05.123000']);
  });

  it('has no lower bound before the first row is read', () => {
    const q = new QueryBuilder(dialect('mysql'), shape({ mode: SourceMode.TIMESTAMP, timestampColumns: ['m'], table: '`t`' }), 'UTC');
    const s = q.poll({ timestamp: null, incrementing: null }, ts('2024-02-01T00:00:00Z'), 5);
    assert.equal(s.sql, 'SELECT tsconnect_rows.*, `m` AS tsconnect_tracked_ts FROM `t` tsconnect_rows WHERE `m` < ? ORDER BY `m` ASC LIMIT 5');
  });

  it('combines several timestamp columns with COALESCE', () => {
    const q = new QueryBuilder(dialect('postgresql'), shape({ mode: SourceMode.TIMESTAMP, timestampColumns: ['modified', 'created'] }), 'UTC');
    assert.equal(q.timestampExpression(), 'COALESCE("modified", "created")');
  });

  it('writes timestamp parameters as wall-clock time in db.timezone', () => {
    const q = new QueryBuilder(dialect('mysql'), shape({ mode: SourceMode.TIMESTAMP, timestampColumns: ['m'] }), 'Europe/Paris');
    const s = q.poll({ timestamp: { millis: Date.parse('2024-07-01T10:00:00.5Z'), nanos: 500_123_456 }, incrementing: null }, null, 5);
    assert.deepEqual(s.params, ['2024-07-01 12:00:00.500123']);
  });

  it('normalizes SQLite text timestamps before comparing them', () => {
    const q = new QueryBuilder(dialect('sqlite'), shape({ mode: SourceMode.TIMESTAMP, timestampColumns: ['m'], table: '"t"' }), 'UTC');
    const s = q.timestampGroup(ts('2024-01-01T00:00:00.250Z'));
    assert.equal(s.sql, `SELECT tsconnect_rows.*, strftime('%Y-%m-%d %H:%M:%f', "m") AS tsconnect_tracked_ts FROM "t" tsconnect_rows WHERE strftime('%Y-%m-%d %H:%M:%f', "m") = ?`);
    assert.deepEqual(s.params, ['2024-01-01 00:00:00.250']);
  });

  it('wraps a custom query so it may have its own WHERE', () => {
    const q = new QueryBuilder(dialect('postgresql', false),
      shape({ table: null, query: 'SELECT o.id, o.total FROM orders o WHERE o.total > 10' }), 'UTC');
    const s = q.poll({ timestamp: null, incrementing: 3n }, null, 50);
    assert.equal(s.sql, 'SELECT tsconnect_rows.* FROM (SELECT o.id, o.total FROM orders o WHERE o.total > 10) tsconnect_rows ' +
      'WHERE id > $1 ORDER BY id ASC LIMIT 50');
  });

  it('appends query.suffix after the limit, and takes a LIMIT suffix as the page size', () => {
    const q = new QueryBuilder(dialect('mysql'), shape({ table: '`t`', suffix: 'FOR UPDATE' }), 'UTC');
    assert.match(q.poll({ timestamp: null, incrementing: 1n }, null, 5).sql, /LIMIT 5 FOR UPDATE$/);
    assert.equal(suffixLimit(' limit 250 '), 250);
    assert.equal(suffixLimit('FOR UPDATE'), null);
    const capped = new QueryBuilder(dialect('mysql'), shape({ table: '`t`', suffix: 'LIMIT 250' }), 'UTC');
    assert.match(capped.poll({ timestamp: null, incrementing: 1n }, null, 250).sql, /ASC LIMIT 250$/);
  });

  it('pages bulk mode by primary key, and reads a keyless table whole', () => {
    const keyed = new QueryBuilder(dialect('postgresql'), shape({ mode: SourceMode.BULK, incrementingColumn: null }), 'UTC');
    assert.equal(keyed.bulkPage(200, 100).sql, 'SELECT * FROM "public"."orders" ORDER BY "id" ASC LIMIT 100 OFFSET 200');
    const keyless = new QueryBuilder(dialect('postgresql'), shape({ mode: SourceMode.BULK, incrementingColumn: null, keyColumns: [] }), 'UTC');
    assert.equal(keyless.bulkPage(0, 100).sql, 'SELECT * FROM "public"."orders"');
  });

  it('uses the standard row limit on Actian Vector, picked by URL or dialect.name', () => {
    const odbc = { url: { product: null }, paramStyle: 'question' } as unknown as DatabaseConnection;
    const vector = createSourceDialect(odbc, true, 'VectorDatabaseDialect');
    const q = new QueryBuilder(vector, shape({ mode: SourceMode.BULK, table: '"t"' }), 'UTC');
    assert.equal(q.bulkPage(20, 10).sql, 'SELECT * FROM "t" ORDER BY "id" ASC OFFSET 20 FETCH FIRST 10 ROWS ONLY');
    assert.equal(createSourceDialect(odbc, true).family, 'generic');
    assert.equal(createSourceDialect(odbc, true, 'PostgreSqlDatabaseDialect').family, 'postgresql');
    assert.throws(() => createSourceDialect(odbc, true, 'OracleDatabaseDialect'), /dialect.name/);
  });

  it('escapes quotes inside identifiers', () => {
    assert.equal(dialect('postgresql').quote('we"ird'), '"we""ird"');
    assert.equal(dialect('mysql').quote('we`ird'), '`we``ird`');
    assert.equal(dialect('mysql', false).quote('plain'), 'plain');
  });
});
