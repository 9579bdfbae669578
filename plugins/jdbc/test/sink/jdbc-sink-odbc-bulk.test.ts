/**
 * The generic (ANSI) dialect through Debian's ODBC drivers (psqlODBC "PostgreSQL Unicode" and
 * "MariaDB Unicode") on the addon's path: 20,000 rows against one execution per row, writes while
 * every libuv pool thread is held (what the worker's waiting Kafka consumers do), upsert and
 * delete, every type, and a bad row among good ones. Through psqlODBC the default (odbc.bulk.mode
 * auto) writes multi-row statements; its parameter arrays are checked too, on the type and bad-row cases.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, open as openAsync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  BigDecimal, ConnectDate, Decimal, SchemaBuilder, Schemas, SinkRecord, Struct, Time, Timestamp, type Schema,
} from '@tsconnect/api';
import { createMariaDbDatabase, createPostgresDatabase, type ThrowawayDatabase } from '@tsconnect/testinfra';
import type { DatabaseConnection } from '../../src/connection/database-connection.js';
import { openConnection } from '../../src/connection/open-connection.js';
import { SQL_STATE_HEADER } from '../../src/sink/errant-records.js';
import { startTask } from './sink-harness.js';

const ROWS = 20_000;
const BATCH = 5_000;

const KEY = SchemaBuilder.struct().withName('Key').addField('id', Schemas.INT64).build();
const VALUE = SchemaBuilder.struct().withName('Row')
  .addField('id', Schemas.INT64)
  .addField('name', Schemas.STRING)
  .addField('amount', Schemas.FLOAT64)
  .addField('qty', Schemas.INT32)
  .addField('created', Timestamp.builder().build())
  .addField('active', Schemas.BOOLEAN)
  .build();

let offset = 0;

function row(topic: string, id: number, qty = id % 1000): SinkRecord {
  const value = new Struct(VALUE).put('id', BigInt(id)).put('name', `customer-${id}`).put('amount', (id % 100_000) / 100)
    .put('qty', qty).put('created', new Date(1_700_000_000_000 + id * 1000)).put('active', id % 3 === 0);
  return new SinkRecord({
    topic, kafkaPartition: 0, kafkaOffset: offset++, keySchema: KEY, key: new Struct(KEY).put('id', BigInt(id)), valueSchema: VALUE, value,
  });
}

function tombstone(topic: string, id: number): SinkRecord {
  return new SinkRecord({ topic, kafkaPartition: 0, kafkaOffset: offset++, keySchema: KEY, key: new Struct(KEY).put('id', BigInt(id)), valueSchema: null, value: null });
}

/** Holds every libuv pool thread in a blocking open() of a FIFO until released, as waiting consume calls do. */
function holdThreadPool(threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4)): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'pool-'));
  const fifos = Array.from({ length: threads }, (_v, i) => join(dir, `fifo${i}`));
  for (const fifo of fifos) {
    execFileSync('mkfifo', [fifo]);
    openAsync(fifo, 'r', (err, fd) => { if (!err) closeSync(fd); });
  }
  return () => {
    for (const fifo of fifos) closeSync(openSync(fifo, 'w'));
    rmSync(dir, { recursive: true, force: true });
  };
}

interface Target {
  name: string;
  /** Connector settings of each bulk mode the type and bad-row cases run with, by name. */
  modes: Record<string, Record<string, string>>;
  create(prefix: string): Promise<ThrowawayDatabase>;
  odbcUrl(db: ThrowawayDatabase): string;
  tableDdl(table: string): string;
  allTypesDdl(table: string): string;
  text(column: string): string;
  hex(column: string): string;
}

const targets: Target[] = [
  {
    name: 'PostgreSQL through psqlODBC',
    modes: { 'multi-row statements': {}, 'parameter arrays': { 'odbc.bulk.mode': 'arrays' } },
    create: (prefix) => createPostgresDatabase(prefix),
    odbcUrl: (db) => `Driver={PostgreSQL Unicode};Server=${db.host};Port=${db.port};Database=${db.database}`,
    tableDdl: (t) => `CREATE TABLE ${t} (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(100), amount DOUBLE PRECISION, ` +
      `qty INTEGER CHECK (qty >= 0), created TIMESTAMP(3), active BOOLEAN)`,
    allTypesDdl: (t) => `CREATE TABLE ${t} (id INTEGER NOT NULL PRIMARY KEY, i8 SMALLINT, i16 SMALLINT, i64 BIGINT, f32 REAL, ` +
      `f64 DOUBLE PRECISION, flag BOOLEAN, str TEXT, bin BYTEA, num NUMERIC(20,3), day DATE, tod TIME(3), ts TIMESTAMP(6), missing TEXT)`,
    text: (c) => `CAST(${c} AS TEXT)`,
    hex: (c) => `encode(${c}, 'hex')`,
  },
  {
    name: 'MariaDB through MariaDB Connector/ODBC',
    modes: { 'parameter arrays': {} },
    create: (prefix) => createMariaDbDatabase(prefix),
    odbcUrl: (db) => `Driver={MariaDB Unicode};Server=${db.host};Port=${db.port};Database=${db.database}`,
    tableDdl: (t) => `CREATE TABLE ${t} (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(100), amount DOUBLE, ` +
      `qty INT CHECK (qty >= 0), created DATETIME(3), active BOOLEAN)`,
    allTypesDdl: (t) => `CREATE TABLE ${t} (id INT NOT NULL PRIMARY KEY, i8 TINYINT, i16 SMALLINT, i64 BIGINT, f32 FLOAT, ` +
      `f64 DOUBLE, flag BOOLEAN, str TEXT, bin VARBINARY(100), num DECIMAL(20,3), day DATE, tod TIME(3), ts DATETIME(6), missing TEXT)`,
    text: (c) => `CAST(${c} AS CHAR)`,
    hex: (c) => `LOWER(HEX(${c}))`,
  },
];

for (const target of targets) {
  describe(`JDBC sink, generic dialect, ${target.name}, through the addon`, () => {
    let db: ThrowawayDatabase;
    let admin: DatabaseConnection;
    const tasks: { stop(): Promise<void> }[] = [];
    let tables = 0;

    const props = (table: string, extra: Record<string, string> = {}): Record<string, string> => ({
      'connection.url': target.odbcUrl(db), 'connection.user': db.user, 'connection.password': db.password,
      'dialect.name': 'GenericDatabaseDialect', 'quote.sql.identifiers': 'never', 'table.name.format': table, ...extra,
    });

    async function newTable(ddl = target.tableDdl): Promise<string> {
      const table = `bulk_${tables++}`;
      await admin.execute(ddl(table));
      return table;
    }

    async function start(table: string, extra: Record<string, string> = {}, withReporter = false) {
      const started = await startTask(props(table, extra), withReporter);
      tasks.push(started.task);
      return started;
    }

    async function count(table: string): Promise<number> {
      const r = await admin.query<Record<string, unknown>>(`SELECT COUNT(*) AS n FROM ${table}`);
      return Number(Object.values(r.rows[0]!)[0]);
    }

    /**
     * Rows per second and this process's CPU µs per row (every thread: JavaScript, the addon's, the
     * odbc package's pool) of putting `total` records in batches of BATCH (the first batch, which
     * opens and describes, is left out).
     */
    async function rate(table: string, extra: Record<string, string>, total = ROWS): Promise<{ rowsPerSecond: number; cpuUs: number }> {
      const { task } = await start(table, extra);
      await task.put([row(table, -1, 0)]);
      const started = performance.now();
      const cpu = process.cpuUsage();
      for (let i = 0; i < total; i += BATCH) {
        await task.put(Array.from({ length: Math.min(BATCH, total - i) }, (_v, j) => row(table, i + j)));
      }
      const used = process.cpuUsage(cpu);
      const seconds = (performance.now() - started) / 1000;
      assert.equal(await count(table), total + 1);
      return { rowsPerSecond: total / seconds, cpuUs: (used.user + used.system) / total };
    }

    before(async () => {
      db = await target.create('jdbc_odbc_bulk');
      admin = await openConnection({ url: target.odbcUrl(db), user: db.user, password: db.password });
    });

    after(async () => {
      for (const task of tasks) await task.stop();
      await admin?.close();
      await db?.drop();
    });

    it(`writes ${ROWS} rows through the addon with at most half the CPU per row of one execution per row`, async () => {
      const perRow = await rate(await newTable(), { 'odbc.parameter.arrays': 'false' });
      const arrays = await rate(await newTable(), {});
      const shown = (r: { rowsPerSecond: number; cpuUs: number }) => `${Math.round(r.rowsPerSecond)} rows/s, ${r.cpuUs.toFixed(1)} CPU µs per row`;
      console.log(`${target.name}: ${Object.keys(target.modes)[0]} ${shown(arrays)}; per row ${shown(perRow)}`);
      // Compared by CPU: on 2 shared cores at load 30-45 the rates follow the load (psqlODBC's
      // arrays went from 1.75x to 2.7x its per-row rate between two runs), the CPU per row much less.
      assert.ok(arrays.cpuUs * 2 <= perRow.cpuUs, `parameter arrays ${shown(arrays)}; per row ${shown(perRow)}`);
    });

    // the timeout only turns a stall (what the odbc package's per-row path does here) into a failure
    it(`writes ${ROWS} rows while every libuv pool thread is held`, { timeout: 600_000 }, async () => {
      const table = await newTable();
      const { task } = await start(table);
      await task.put([row(table, -1, 0)]);
      const release = holdThreadPool();
      try {
        for (let i = 0; i < ROWS; i += BATCH) await task.put(Array.from({ length: BATCH }, (_v, j) => row(table, i + j)));
      } finally {
        release();
      }
      assert.equal(await count(table), ROWS + 1);
    });

    it('upserts by DELETE and an array INSERT in one transaction, and deletes by tombstone', async () => {
      const table = await newTable();
      const { task } = await start(table, { 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'delete.enabled': 'true' });
      await task.put([row(table, 1), row(table, 2), row(table, 3)]);
      await task.put([row(table, 2, 22), tombstone(table, 3), row(table, 4, 44), row(table, 1, 11), row(table, 1, 111)]);
      const r = await admin.query<Record<string, unknown>>(`SELECT id, qty FROM ${table} ORDER BY id`);
      assert.deepEqual(r.rows.map((x) => Object.values(x).map(Number)), [[1, 111], [2, 22], [4, 44]]);
    });

    for (const [mode, modeProps] of Object.entries(target.modes)) {
      it(`${mode}: sends a bad row among good ones, alone, to the errant record reporter with its SQLSTATE`, async () => {
        const table = await newTable();
        const { task, context } = await start(table, modeProps, true);
        const batch = Array.from({ length: 1000 }, (_v, i) => row(table, i, i === 617 ? -1 : 1));
        await task.put(batch);
        assert.equal(await count(table), 999);
        assert.deepEqual(context.reported.map((r) => (r.record.key as Struct).get('id')), [617n]);
        const state = context.reported[0]!.record.headers.lastWithName(SQL_STATE_HEADER)?.value;
        assert.match(String(state), /^(23|HY)/, `SQLSTATE ${state}`);
      });

      it(`${mode}: binds every type the dialect maps`, async () => {
        const table = await newTable(target.allTypesDdl);
        const decimal: Schema = Decimal.builder(3).parameter('connect.decimal.precision', '20').optional().build();
        const schema = SchemaBuilder.struct().withName('AllTypes')
          .addField('id', Schemas.INT32).addField('i8', Schemas.INT8).addField('i16', Schemas.INT16).addField('i64', Schemas.INT64)
          .addField('f32', Schemas.FLOAT32).addField('f64', Schemas.FLOAT64).addField('flag', Schemas.BOOLEAN)
          .addField('str', Schemas.STRING).addField('bin', Schemas.BYTES).addField('num', decimal)
          .addField('day', ConnectDate.builder().optional().build()).addField('tod', Time.builder().optional().build())
          .addField('ts', Timestamp.builder().optional().build()).addField('missing', Schemas.OPTIONAL_STRING)
          .build();
        const text = "héllo 'quoted' ünïcödé ✓";
        const values = [
          new Struct(schema).put('id', 1).put('i8', -12).put('i16', 1234).put('i64', 9007199254740993n).put('f32', 1.5)
            .put('f64', -2.25).put('flag', true).put('str', text).put('bin', new Uint8Array([0, 1, 254, 255]))
            .put('num', BigDecimal.fromString('12345678901234567.891')).put('day', new Date(Date.UTC(2024, 1, 29)))
            .put('tod', new Date(Date.UTC(1970, 0, 1, 13, 45, 30, 123))).put('ts', new Date(Date.UTC(2024, 2, 1, 12, 34, 56, 789))),
          new Struct(schema).put('id', 2).put('i8', 0).put('i16', 0).put('i64', 0n).put('f32', 0).put('f64', 0).put('flag', false)
            .put('str', 'plain').put('bin', new Uint8Array([])),
        ];
        const { task } = await start(table, { 'pk.mode': 'record_value', 'pk.fields': 'id', ...modeProps });
        await task.put(values.map((value) => new SinkRecord({ topic: table, kafkaPartition: 0, kafkaOffset: offset++, valueSchema: schema, value })));
        const columns = ['i8', 'i16', 'i64', 'f32', 'f64', 'flag', 'str', 'num', 'day', 'tod', 'ts', 'missing'];
        const r = await admin.query<Record<string, unknown>>(
          `SELECT ${columns.map((c) => `${target.text(c)} AS ${c}`).join(', ')} FROM ${table} ORDER BY id`);
        const got = r.rows.map((x) => columns.map((c) => (x[c] === null ? null : String(x[c]))));
        const noZeros = (s: string | null): string | null => s?.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '') ?? null;
        const [first, second] = got;
        assert.deepEqual(first!.slice(0, 3), ['-12', '1234', '9007199254740993']);
        assert.deepEqual([Number(first![3]), Number(first![4])], [1.5, -2.25]);
        assert.ok(['1', 'true'].includes(first![5]!), `flag ${first![5]}`);
        assert.equal(first![6], text);
        assert.equal(first![7], '12345678901234567.891');
        assert.equal(first![8], '2024-02-29');
        assert.equal(noZeros(first![9]!), '13:45:30.123');
        assert.equal(noZeros(first![10]!), '2024-03-01 12:34:56.789');
        assert.equal(first![11], null);
        assert.ok(['0', 'false'].includes(second![5]!), `flag ${second![5]}`);
        assert.deepEqual(second!.slice(7, 11), [null, null, null, null]);
        const bin = await admin.query<Record<string, unknown>>(`SELECT ${target.hex('bin')} AS b FROM ${table} ORDER BY id`);
        assert.deepEqual(bin.rows.map((x) => String(Object.values(x)[0])), ['0001feff', '']);
      });
    }
  });
}
