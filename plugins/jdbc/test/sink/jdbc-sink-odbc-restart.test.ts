/**
 * A database restarted mid-stream under the parameter-array path: a MariaDB server of the test's
 * own (never the machine's shared one) is stopped and started again between batches and in the
 * middle of one, while the task is driven as the runtime drives it (a RetriableException means the
 * same batch is delivered again). Every row arrives once.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { RetriableException, SchemaBuilder, Schemas, SinkRecord, Struct } from '@tsconnect/api';
import { PrivateMariaDb } from '@tsconnect/testinfra';
import { openConnection } from '../../src/connection/open-connection.js';
import { startTask } from './sink-harness.js';

const ROWS = 20_000;
const BATCH = 1_000;
const KEY = SchemaBuilder.struct().withName('Key').addField('id', Schemas.INT64).build();
const VALUE = SchemaBuilder.struct().withName('Row').addField('id', Schemas.INT64).addField('label', Schemas.STRING).build();

let server: PrivateMariaDb;
const url = (database: string): string => `Driver={MariaDB Unicode};Server=127.0.0.1;Port=${server.port};Database=${database}`;

before(async () => {
  server = await PrivateMariaDb.create();
  const admin = await openConnection({ url: url('mysql'), user: 'root' });
  await admin.execute('CREATE DATABASE restart_sink');
  await admin.execute('CREATE TABLE restart_sink.restart_rows (id BIGINT NOT NULL PRIMARY KEY, label VARCHAR(40))');
  await admin.close();
});

after(async () => {
  await server?.destroy();
});

it(`writes ${ROWS} rows once each through two restarts of the database`, async () => {
  const { task, context } = await startTask({
    'connection.url': url('restart_sink'), 'connection.user': 'root', 'dialect.name': 'GenericDatabaseDialect',
    'quote.sql.identifiers': 'never', 'table.name.format': 'restart_rows', 'insert.mode': 'upsert', 'pk.mode': 'record_key',
    'max.retries': '1000', 'retry.backoff.ms': '50', 'connection.attempts': '100', 'connection.backoff.ms': '100',
  });
  let retries = 0;
  let restart: Promise<void> | null = null;
  for (let start = 0, offset = 0; start < ROWS; start += BATCH) {
    const batch = Array.from({ length: BATCH }, (_v, i) => {
      const id = BigInt(start + i);
      return new SinkRecord({ topic: 'restart_rows', kafkaPartition: 0, kafkaOffset: offset++, keySchema: KEY, key: new Struct(KEY).put('id', id),
        valueSchema: VALUE, value: new Struct(VALUE).put('id', id).put('label', `row-${id}`) });
    });
    // one restart between two batches, one while a batch is being written
    if (start === 5 * BATCH) { await server.stop(); await server.start(); }
    if (start === 12 * BATCH) restart = server.stop().then(() => server.start());
    for (;;) {
      try {
        await task.put(batch);
        break;
      } catch (err) {
        assert.ok(err instanceof RetriableException, `a restart is retriable: ${String(err)}`);
        retries++;
      }
    }
    await restart;
  }
  await task.stop();
  assert.ok(retries > 0, 'the restarts were seen by the task');
  assert.ok(context.timeouts.every((t) => t === 50));
  const check = await openConnection({ url: url('restart_sink'), user: 'root' });
  const r = await check.query<Record<string, unknown>>('SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d, MIN(id) AS lo, MAX(id) AS hi FROM restart_rows');
  await check.close();
  assert.deepEqual(Object.values(r.rows[0]!).map(Number), [ROWS, ROWS, 0, ROWS - 1]);
});
