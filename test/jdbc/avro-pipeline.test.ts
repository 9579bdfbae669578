// Issue 8's pipeline through the worker, with Apicurio as the Schema Registry and
// io.confluent.connect.avro.AvroConverter as the worker's value converter: the JDBC source writes
// Avro, the JDBC sink reads it into PostgreSQL; a new optional column flows through to auto.evolve;
// a record whose schema id the registry does not know fails the task or goes to the DLQ.
import { ApicurioRegistry, createPostgresDatabase, KafkaBroker, type ThrowawayDatabase } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { WorkerProcess } from '../support/worker-process.js';
import {
  consumeAll,
  createConnector,
  createTopics,
  eventuallyWhileRunning,
  type ConsumedMessage,
  produce,
  waitForTasks,
} from './jdbc-pipeline-support.js';

let broker: KafkaBroker;
let registry: ApicurioRegistry;
let worker: WorkerProcess;
let db: ThrowawayDatabase;
let client: pg.Client;

before(async () => {
  broker = await KafkaBroker.start();
  registry = await ApicurioRegistry.start();
  db = await createPostgresDatabase('tsc_avro');
  client = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database });
  await client.connect();
  worker = await WorkerProcess.create({
    bootstrapServers: broker.bootstrapServers,
    properties: {
      'value.converter': 'io.confluent.connect.avro.AvroConverter',
      'value.converter.schema.registry.url': registry.url,
    },
  });
  await worker.start();
});

after(async () => {
  await worker?.stop();
  await registry?.stop();
  await broker?.stop();
  await client?.end();
  await db?.drop();
  if (worker) await rm(worker.workDir, { recursive: true, force: true });
});

const connection = () => ({
  'connection.url': db.jdbcUrl,
  'connection.user': db.user,
  'connection.password': db.password,
});

function sinkConfig(topic: string, table: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
    'tasks.max': '1',
    topics: topic,
    ...connection(),
    'table.name.format': table,
    'insert.mode': 'upsert',
    'pk.mode': 'record_value',
    'pk.fields': 'id',
    'auto.create': 'true',
    'auto.evolve': 'true',
    'retry.backoff.ms': '200',
    ...extra,
  };
}

/** The table as sorted text lines, so source and copy compare exactly. */
async function lines(table: string, columns: string): Promise<string[]> {
  try {
    const result = await client.query(`SELECT concat_ws('|', ${columns}) AS line FROM ${table} ORDER BY id`);
    return result.rows.map((r: { line: string }) => r.line);
  } catch {
    return [];
  }
}

async function equalTables(connectors: string[], columns: string): Promise<string[]> {
  const expected = await lines('items', columns);
  return eventuallyWhileRunning(worker.url, connectors, `items_copy equal to items (${columns})`, async () => {
    const actual = await lines('items_copy', columns);
    return actual.length === expected.length && actual.every((l, i) => l === expected[i]) ? actual : undefined;
  });
}

/**
 * A sink of `topic` (two good records around a bad one) with errors.tolerance=all and a DLQ: waits
 * for the two good rows and returns the one DLQ record.
 */
async function tolerantCopy(name: string, topic: string, table: string, dlq: string): Promise<ConsumedMessage> {
  await createConnector(worker.url, name, sinkConfig(topic, table, {
    'errors.tolerance': 'all',
    'errors.deadletterqueue.topic.name': dlq,
    'errors.deadletterqueue.topic.replication.factor': '1',
    'errors.deadletterqueue.context.headers.enable': 'true',
  }));
  const written = await eventuallyWhileRunning(worker.url, [name], `the two good records in ${table}`, async () => {
    const rows = (await client.query(`SELECT id FROM ${table} ORDER BY id`).catch(() => ({ rows: [] }))).rows as { id: number }[];
    return rows.length === 2 ? rows.map((r) => r.id) : undefined;
  });
  assert.equal(written.length, 2);
  const dead = await consumeAll(broker.bootstrapServers, dlq, 1);
  return dead[0]!;
}

async function subjectVersions(subject: string): Promise<number[]> {
  const response = await fetch(`${registry.url}/subjects/${subject}/versions`);
  return response.ok ? ((await response.json()) as number[]) : [];
}

test('Avro from the JDBC source reaches PostgreSQL through the JDBC sink, and a new column reaches auto.evolve', async () => {
  const topic = 'avro_items';
  await createTopics(broker.bootstrapServers, [topic]);
  await client.query(`
    CREATE TABLE items (id SERIAL PRIMARY KEY, name TEXT NOT NULL, price NUMERIC(10,2) NOT NULL, in_stock BOOLEAN,
                        added DATE, updated_at TIMESTAMP(3) NOT NULL DEFAULT now(), payload BYTEA);
    INSERT INTO items (name, price, in_stock, added, payload)
      SELECT 'item-' || i, i * 0.25, i % 2 = 0, DATE '2024-01-01' + i, CASE WHEN i % 5 = 0 THEN NULL ELSE decode(lpad(to_hex(i), 4, '0'), 'hex') END
      FROM generate_series(1, 500) i;
  `);
  await createConnector(worker.url, 'avro-source', {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
    'tasks.max': '1',
    ...connection(),
    mode: 'timestamp+incrementing',
    'incrementing.column.name': 'id',
    'timestamp.column.name': 'updated_at',
    'table.whitelist': 'items',
    'topic.prefix': 'avro_',
    'timestamp.delay.interval.ms': '500',
    'poll.interval.ms': '300',
  });
  await createConnector(worker.url, 'avro-sink', sinkConfig(topic, 'items_copy'));
  const columns = `id, name, price, in_stock, added, to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS.MS'), encode(payload, 'hex')`;
  await equalTables(['avro-source', 'avro-sink'], columns);

  // The topic holds Confluent's wire format, with the schema the registry gave for the subject.
  const [first] = await consumeAll(broker.bootstrapServers, topic, 1);
  assert.equal(first!.value![0], 0, 'magic byte');
  const id = first!.value!.readInt32BE(1);
  const schema = (await (await fetch(`${registry.url}/schemas/ids/${id}`)).json()) as { schema: string };
  const fields = (JSON.parse(schema.schema) as { fields: { name: string }[] }).fields.map((f) => f.name);
  assert.deepEqual(fields, ['id', 'name', 'price', 'in_stock', 'added', 'updated_at', 'payload']);
  assert.deepEqual(await subjectVersions(`${topic}-value`), [1]);

  // A new nullable column: a new optional field, a second schema version, a new column in the copy.
  await client.query(`ALTER TABLE items ADD COLUMN note TEXT`);
  await client.query(`INSERT INTO items (name, price, note) SELECT 'late-' || i, 1.5, 'note ' || i FROM generate_series(1, 20) i`);
  await client.query(`UPDATE items SET note = 'updated', updated_at = now() WHERE id <= 10`);
  const copied = await equalTables(['avro-source', 'avro-sink'], `${columns}, note`);
  assert.equal(copied.length, 520);
  assert.deepEqual(await subjectVersions(`${topic}-value`), [1, 2]);
  const note = await client.query(
    `SELECT is_nullable FROM information_schema.columns WHERE table_name = 'items_copy' AND column_name = 'note'`,
  );
  assert.deepEqual(note.rows, [{ is_nullable: 'YES' }]);
});

test('a record whose schema id the registry does not know fails the task, or goes to the DLQ with tolerance all', async (t) => {
  // Real Avro records from the first test, with one record of an unknown schema id among them.
  const good = await consumeAll(broker.bootstrapServers, 'avro_items', 3);
  const unknownId = 987_654;
  const bad = Buffer.concat([Buffer.from([0]), Buffer.alloc(4), good[1]!.value!.subarray(5)]);
  bad.writeInt32BE(unknownId, 1);
  await createTopics(broker.bootstrapServers, ['avro_mixed']);
  await produce(broker.bootstrapServers, 'avro_mixed', [{ value: good[0]!.value! }, { value: bad }, { value: good[2]!.value! }]);

  await createConnector(worker.url, 'avro-strict', sinkConfig('avro_mixed', 'mixed_strict'));
  const failed = await waitForTasks(worker.url, 'avro-strict', 'FAILED');
  const trace = failed.tasks[0]!.trace ?? '';
  assert.match(trace, new RegExp(`${unknownId}`), trace);
  assert.match(trace, /schema/i);
  assert.match(trace, /consumed record is \{topic='avro_mixed', partition=0, offset=1,/, 'the trace names the record');
  t.diagnostic(trace.split('\n').filter((line) => line.includes(`${unknownId}`)).join(' / '));

  const dead = await tolerantCopy('avro-tolerant', 'avro_mixed', 'mixed_tolerant', 'avro_dlq');
  assert.deepEqual(dead.value, bad, 'the DLQ holds the record as it was');
  assert.equal(dead.headers['__connect.errors.stage'], 'VALUE_CONVERTER');
  assert.match(`${dead.headers['__connect.errors.exception.message']} ${dead.headers['__connect.errors.exception.stacktrace'] ?? ''}`, new RegExp(`${unknownId}`));
});

test('a truncated Avro record fails the task naming it, or goes alone to the DLQ with tolerance all; the worker keeps serving', async () => {
  const good = await consumeAll(broker.bootstrapServers, 'avro_items', 3);
  // The Confluent header and the first bytes of a real record: the registry knows the schema, the body ends early.
  const truncated = good[1]!.value!.subarray(0, 8);
  await createTopics(broker.bootstrapServers, ['avro_truncated']);
  await produce(broker.bootstrapServers, 'avro_truncated', [{ value: good[0]!.value! }, { value: truncated }, { value: good[2]!.value! }]);

  await createConnector(worker.url, 'truncated-strict', sinkConfig('avro_truncated', 'truncated_strict'));
  const failed = await waitForTasks(worker.url, 'truncated-strict', 'FAILED');
  const trace = failed.tasks[0]!.trace ?? '';
  assert.match(trace, /consumed record is \{topic='avro_truncated', partition=0, offset=1,/, trace);
  assert.match(trace.split('\n').find((l) => l.startsWith('Caused by')) ?? '', /DataException/, trace);
  const root = await fetch(`${worker.url}/`);
  assert.equal(root.status, 200);

  const dead = await tolerantCopy('truncated-tolerant', 'avro_truncated', 'truncated_tolerant', 'avro_truncated_dlq');
  assert.deepEqual(dead.value, truncated, 'the DLQ holds the record as it was');
  assert.equal(dead.headers['__connect.errors.stage'], 'VALUE_CONVERTER');
  assert.equal(dead.headers['__connect.errors.offset'], '1');
});
