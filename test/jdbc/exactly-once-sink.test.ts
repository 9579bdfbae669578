// Issue 6: the JDBC sink's exactly-once option (exactly.once.offsets.table: offsets stored with
// the rows, in one transaction) across a SIGKILL of the worker, in insert mode. A second sink on
// the same topic without the option shows what the kill does otherwise: rows written twice.
import { createPostgresDatabase, KafkaBroker, type ThrowawayDatabase } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { WorkerProcess } from '../support/worker-process.js';
import { createConnector, createTopics, eventuallyWhileRunning, field, produce, struct, waitForTasks, withSchema, type Message } from './jdbc-pipeline-support.js';

const TOTAL = 20_000;
const TOPIC = 'eos-rows';

let broker: KafkaBroker;
let worker: WorkerProcess;
let db: ThrowawayDatabase;
let client: pg.Client;

before(async () => {
  broker = await KafkaBroker.start();
  db = await createPostgresDatabase('tsc_eos_sink');
  client = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database });
  await client.connect();
  // Consumer offsets are committed rarely, so a killed worker re-reads what it had written.
  worker = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers, properties: { 'offset.flush.interval.ms': '600000' } });
  await worker.start();
});

after(async () => {
  await worker?.stop();
  await broker?.stop();
  await client?.end();
  await db?.drop();
  if (worker) await rm(worker.workDir, { recursive: true, force: true });
});

async function counts(table: string): Promise<{ rows: number; ids: number }> {
  try {
    const { rows } = await client.query(`SELECT count(*)::int AS rows, count(DISTINCT id)::int AS ids FROM "${table}"`);
    return rows[0] as { rows: number; ids: number };
  } catch {
    return { rows: 0, ids: 0 };
  }
}

/** The next offsets the exactly-once sink stored with its rows, over the topic's partitions. */
async function storedNextOffsets(): Promise<number> {
  try {
    const { rows } = await client.query('SELECT COALESCE(SUM(next_offset), 0)::int AS next FROM "eos_sink_offsets"');
    return (rows[0] as { next: number }).next;
  } catch {
    return 0;
  }
}

function sink(table: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
    topics: TOPIC,
    'connection.url': db.jdbcUrl,
    'connection.user': db.user,
    'connection.password': db.password,
    'auto.create': 'true',
    'insert.mode': 'insert',
    'pk.mode': 'none',
    'table.name.format': table,
    'consumer.override.max.poll.records': '200',
    ...extra,
  };
}

test('with exactly.once.offsets.table, a SIGKILLed worker leaves no duplicate rows in insert mode', async () => {
  await createTopics(broker.bootstrapServers, [TOPIC]);
  const schema = struct('row', [field('id', 'int32'), field('label', 'string')]);
  const messages: Message[] = Array.from({ length: TOTAL }, (_, id) => ({ value: withSchema(schema, { id, label: `row-${id}` }) }));
  await createConnector(worker.url, 'eos-sink', sink('eos_rows', { 'exactly.once.offsets.table': 'eos_sink_offsets' }));
  await createConnector(worker.url, 'plain-sink', sink('plain_rows'));
  await waitForTasks(worker.url, 'eos-sink', 'RUNNING');
  await waitForTasks(worker.url, 'plain-sink', 'RUNNING');
  await produce(broker.bootstrapServers, TOPIC, messages);

  await eventuallyWhileRunning(worker.url, ['eos-sink', 'plain-sink'], 'both sinks part-way', async () => {
    const [eos, plain] = [await counts('eos_rows'), await counts('plain_rows')];
    return eos.rows > 1000 && plain.rows > 1000 ? true : undefined;
  });
  await worker.kill();
  await worker.start();

  // Both sinks may have written every row before the kill: done means the exactly-once sink's
  // stored offsets cover the topic and the plain sink, whose consumer offsets were never
  // committed, has written again what it had written before (not merely that every id is there).
  await eventuallyWhileRunning(worker.url, ['eos-sink', 'plain-sink'], 'every row in both tables, the plain sink\'s redelivery included', async () => {
    const [eos, plain] = [await counts('eos_rows'), await counts('plain_rows')];
    return eos.ids === TOTAL && (await storedNextOffsets()) === TOTAL && plain.ids === TOTAL && plain.rows > TOTAL ? true : undefined;
  });
  const eos = await counts('eos_rows');
  assert.deepEqual(eos, { rows: TOTAL, ids: TOTAL }, 'exactly once: every row, none twice');
  // Without the option the same kill re-delivers what was written before it (at least once).
  const plain = await counts('plain_rows');
  assert.equal(plain.ids, TOTAL);
  assert.ok(plain.rows > TOTAL, `the plain sink should have written some rows twice (rows ${plain.rows})`);
});
