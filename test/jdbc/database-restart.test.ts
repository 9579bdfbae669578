// Issue 6: the JDBC sink with PostgreSQL restarted mid-stream (a real server of the test's own, on
// its own port and data directory, never the machine's shared one, stopped and started again): in
// upsert mode every row arrives, none twice, and the task carries on by itself through the
// retriable errors.
import { KafkaBroker, PrivatePostgres } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { eventually, WorkerProcess } from '../support/worker-process.js';
import { createConnector, createTopics, field, produce, statusOf, struct, waitForTasks, withSchema, type Message } from './jdbc-pipeline-support.js';

const TOTAL = 30_000;
const TOPIC = 'restart-rows';

let broker: KafkaBroker;
let worker: WorkerProcess;
const DATABASE = 'tsc_restart';
let db: PrivatePostgres;

async function restartPostgres(): Promise<void> {
  await db.stop();
  await db.start();
}

async function counts(): Promise<{ rows: number; ids: number } | undefined> {
  const client = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: DATABASE });
  try {
    await client.connect();
    const { rows } = await client.query('SELECT count(*)::int AS rows, count(DISTINCT id)::int AS ids FROM restart_rows');
    return rows[0] as { rows: number; ids: number };
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

before(async () => {
  broker = await KafkaBroker.start();
  db = await PrivatePostgres.create();
  const admin = new pg.Client({ host: db.host, port: db.port, user: db.user, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  worker = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers });
  await worker.start();
});

after(async () => {
  await worker?.stop();
  await broker?.stop();
  await db?.destroy();
  if (worker) await rm(worker.workDir, { recursive: true, force: true });
});

test('PostgreSQL restarted mid-stream: every row arrives, none twice, the task recovers by itself', async () => {
  await createTopics(broker.bootstrapServers, [TOPIC]);
  await createConnector(worker.url, 'restart-sink', {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
    topics: TOPIC,
    'connection.url': db.jdbcUrl(DATABASE),
    'connection.user': db.user,
    'connection.password': db.password,
    'auto.create': 'true',
    'insert.mode': 'upsert',
    'pk.mode': 'record_value',
    'pk.fields': 'id',
    'table.name.format': 'restart_rows',
    'max.retries': '30',
    'retry.backoff.ms': '500',
    'consumer.override.max.poll.records': '500',
  });
  await waitForTasks(worker.url, 'restart-sink', 'RUNNING');
  const schema = struct('row', [field('id', 'int32'), field('label', 'string')]);
  const messages: Message[] = Array.from({ length: TOTAL }, (_, id) => ({ value: withSchema(schema, { id, label: `row-${id}` }) }));
  await produce(broker.bootstrapServers, TOPIC, messages);

  await eventually('part of the rows written', async () => ((await counts())?.rows ?? 0) > 2000 ? true : undefined);
  await restartPostgres();
  const final = await eventually('every row after the restart', async () => {
    const c = await counts();
    const s = await statusOf(worker.url, 'restart-sink');
    if (s?.tasks[0]?.state === 'FAILED') throw new Error(`the task failed: ${s.tasks[0].trace}`);
    return c && c.ids === TOTAL ? c : undefined;
  }, 900);
  assert.deepEqual(final, { rows: TOTAL, ids: TOTAL });
  const status = await statusOf(worker.url, 'restart-sink');
  assert.equal(status?.tasks[0]?.state, 'RUNNING');
});
