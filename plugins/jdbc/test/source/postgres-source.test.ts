import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BigDecimal, Decimal, RetriableException, Timestamp } from '@tsconnect/api';
import { createPostgresDatabase, type ThrowawayDatabase } from '@tsconnect/testinfra';
import { openConnection } from '../../src/connection/open-connection.js';
import { field, ids, MemoryOffsets, pollRecords, startTask } from './source-harness.js';
import { defineSourceScenarios } from './source-scenarios.js';

describe('JDBC source on PostgreSQL', () => {
  let db: ThrowawayDatabase;
  before(async () => {
    db = await createPostgresDatabase('jdbc_source');
  });
  after(async () => {
    await db.drop();
  });
  const connectionProps = () => ({ 'connection.url': db.jdbcUrl, 'connection.user': db.user, 'connection.password': db.password });
  const open = () => openConnection({ url: db.jdbcUrl, user: db.user, password: db.password });

  defineSourceScenarios(() => ({
    connectionProps,
    open,
    idColumn: 'id SERIAL PRIMARY KEY',
    timestampColumn: 'TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP',
    nullableTimestamp: 'TIMESTAMP(6) WITH TIME ZONE',
    now: 'clock_timestamp()',
    decimalType: 'NUMERIC(10,2)',
    partitionTable: (table) => `${db.database}.public.${table}`,
    concurrentWriters: true,
  }));

  describe('PostgreSQL specifics', () => {
    it('maps column types to Connect types, with numeric.mapping=best_fit and db.timezone', async () => {
      const setup = await open();
      await setup.execute(`CREATE TABLE t_types (id BIGSERIAL PRIMARY KEY, s SMALLINT, i INTEGER, r REAL, d DOUBLE PRECISION,
        price NUMERIC(10,2), qty NUMERIC(5,0), big NUMERIC(30,4), b BOOLEAN, v VARCHAR(10), bin BYTEA, day DATE, at TIME,
        local_ts TIMESTAMP, zoned_ts TIMESTAMPTZ, doc JSONB, u UUID)`);
      await setup.execute(`INSERT INTO t_types (s, i, r, d, price, qty, big, b, v, bin, day, at, local_ts, zoned_ts, doc, u) VALUES
        (1, 2, 1.5, 2.25, 12.34, 7, 123456789012345678901234.5678, true, 'x', '\\x0102', '2024-02-29', '10:11:12.5',
         '2024-07-01 12:00:00.123', '2024-07-01 12:00:00.123+00', '{"a": 1}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')`);
      await setup.close();
      const offsets = new MemoryOffsets();
      const props = {
        ...connectionProps(), 'topic.prefix': 'src_', mode: 'incrementing', 'numeric.mapping': 'best_fit', 'db.timezone': 'Europe/Paris',
        'transaction.isolation.mode': 'READ_COMMITTED', tables: JSON.stringify([{ catalog: db.database, schema: 'public', table: 't_types' }]),
      };
      const task = await startTask(props, offsets);
      try {
        const [r] = await pollRecords(task, offsets, 1);
        const types = Object.fromEntries(r!.valueSchema!.fields.map((f) => [f.name, f.schema.name ?? f.schema.type]));
        assert.deepEqual(types, {
          id: 'INT64', s: 'INT16', i: 'INT32', r: 'FLOAT32', d: 'FLOAT64', price: 'FLOAT64', qty: 'INT32',
          big: Decimal.LOGICAL_NAME, b: 'BOOLEAN', v: 'STRING', bin: 'BYTES', day: 'org.apache.kafka.connect.data.Date',
          at: 'org.apache.kafka.connect.data.Time', local_ts: Timestamp.LOGICAL_NAME, zoned_ts: Timestamp.LOGICAL_NAME,
          doc: 'STRING', u: 'STRING',
        });
        assert.equal(field(r!, 'price'), 12.34);
        assert.equal(field(r!, 'qty'), 7);
        assert.ok((field(r!, 'big') as BigDecimal).equals(BigDecimal.fromString('123456789012345678901234.5678')));
        assert.deepEqual([...(field(r!, 'bin') as Uint8Array)], [1, 2]);
        // a TIMESTAMP without zone is wall-clock time in db.timezone (Paris is UTC+2 in July)
        assert.deepEqual(field(r!, 'local_ts'), new Date('2024-07-01T10:00:00.123Z'));
        assert.deepEqual(field(r!, 'zoned_ts'), new Date('2024-07-01T12:00:00.123Z'));
        assert.equal(field(r!, 'u'), 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
        assert.deepEqual(JSON.parse(field(r!, 'doc') as string), { a: 1 });
      } finally {
        await task.stop();
      }
    });

    it('reports a lost connection as retriable and continues on a new one', async () => {
      const setup = await open();
      await setup.execute('CREATE TABLE t_lost (id SERIAL PRIMARY KEY, name TEXT NOT NULL)');
      await setup.execute(`INSERT INTO t_lost (name) VALUES ('a')`);
      const offsets = new MemoryOffsets();
      const props = {
        ...connectionProps(), 'topic.prefix': 'src_', mode: 'incrementing', 'poll.interval.ms': '50',
        tables: JSON.stringify([{ catalog: db.database, schema: 'public', table: 't_lost' }]),
      };
      const task = await startTask(props, offsets);
      try {
        assert.deepEqual(ids(await pollRecords(task, offsets, 1)), [1]);
        await setup.execute(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()`);
        await setup.execute(`INSERT INTO t_lost (name) VALUES ('b')`);
        await assert.rejects(async () => {
          for (;;) await task.poll();
        }, RetriableException);
        assert.deepEqual(ids(await pollRecords(task, offsets, 1)), [2]);
      } finally {
        await task.stop();
        await setup.close();
      }
    });

    it('retries a failing query query.retry.attempts times, then fails the task', async () => {
      const setup = await open();
      await setup.execute('CREATE TABLE t_gone (id SERIAL PRIMARY KEY, name TEXT NOT NULL)');
      const offsets = new MemoryOffsets();
      const task = await startTask({
        ...connectionProps(), 'topic.prefix': 'src_', mode: 'incrementing', 'poll.interval.ms': '50', 'query.retry.attempts': '1',
        tables: JSON.stringify([{ catalog: db.database, schema: 'public', table: 't_gone' }]),
      }, offsets);
      try {
        assert.equal((await task.poll()) ?? null, null);
        await setup.execute('DROP TABLE t_gone');
        await assert.rejects(async () => task.poll(), RetriableException);
        await assert.rejects(async () => task.poll(), (err: Error) => !(err instanceof RetriableException) && /t_gone/.test(err.message));
      } finally {
        await task.stop();
        await setup.close();
      }
    });
  });
});
