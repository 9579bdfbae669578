// Issue 7's pipeline in our users' shape, through the worker: several PostgreSQL tables polled by
// the JDBC source into Kafka and written by the JDBC sink into MariaDB, with inserts and updates
// made while it runs and a SIGKILL of the worker in the middle; the databases are equal at the end.
import { createMariaDbDatabase, createPostgresDatabase, KafkaBroker, type ThrowawayDatabase } from '@tsconnect/testinfra';
import mysql from 'mysql2/promise';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { eventually, rest, WorkerProcess } from '../support/worker-process.js';
import { consumeAll, createConnector, createTopics, eventuallyWhileRunning, kafkaClient, waitForTasks } from './jdbc-pipeline-support.js';

let broker: KafkaBroker;
let worker: WorkerProcess;
let source: ThrowawayDatabase;
let target: ThrowawayDatabase;
let pgClient: pg.Client;
let maria: mysql.Connection;

const TABLES = ['customers', 'orders', 'shipments'] as const;
const PREFIX = 'pg_';

before(async () => {
  broker = await KafkaBroker.start();
  source = await createPostgresDatabase('tsc_jdbc_src');
  target = await createMariaDbDatabase('tsc_jdbc_dst');
  pgClient = new pg.Client({ host: source.host, port: source.port, user: source.user, password: source.password, database: source.database });
  await pgClient.connect();
  maria = await mysql.createConnection({ host: target.host, port: target.port, user: target.user, password: target.password, database: target.database });
  worker = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers });
  await worker.start();
});

after(async () => {
  await worker?.stop();
  await broker?.stop();
  await pgClient?.end();
  await maria?.end();
  await source?.drop();
  await target?.drop();
  if (worker) await rm(worker.workDir, { recursive: true, force: true });
});

/** Each table as sorted text lines, formatted by the database itself so both sides compare exactly. */
async function postgresRows(table: string): Promise<string[]> {
  const columns: Record<string, string> = {
    customers: `id || '|' || name || '|' || coalesce(email, '∅') || '|' || to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS.MS')`,
    orders: `id || '|' || customer_id || '|' || amount::text || '|' || coalesce(status, '∅') || '|' || to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS.MS')`,
    shipments: `id || '|' || order_id || '|' || delivered::text || '|' || to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS.MS')`,
  };
  const result = await pgClient.query(`SELECT ${columns[table]} AS line FROM ${table} ORDER BY id`);
  return result.rows.map((r: { line: string }) => r.line);
}

async function mariaRows(table: string): Promise<string[]> {
  const ts = `DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s.%f')`;
  const columns: Record<string, string> = {
    customers: `CONCAT(id, '|', name, '|', coalesce(email, '∅'), '|', LEFT(${ts}, 23))`,
    orders: `CONCAT(id, '|', customer_id, '|', amount, '|', coalesce(status, '∅'), '|', LEFT(${ts}, 23))`,
    shipments: `CONCAT(id, '|', order_id, '|', IF(delivered, 'true', 'false'), '|', LEFT(${ts}, 23))`,
  };
  try {
    const [rows] = await maria.query(`SELECT ${columns[table]} AS line FROM \`${PREFIX}${table}\` ORDER BY id`);
    return (rows as { line: string }[]).map((r) => r.line);
  } catch {
    return [];
  }
}

async function topicEndOffsets(topics: string[]): Promise<number> {
  const admin = kafkaClient(broker.bootstrapServers).admin();
  await admin.connect();
  try {
    let total = 0;
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) total += Number(p.high);
    }
    return total;
  } finally {
    await admin.disconnect();
  }
}

/** Keeps inserting and updating rows, each change its own transaction, until stopped. */
function startChanges(): { stop(): Promise<number> } {
  let running = true;
  let changes = 0;
  const loop = (async () => {
    let round = 0;
    while (running) {
      round++;
      await pgClient.query(`INSERT INTO customers (name, email) VALUES ('live-${round}', NULL)`);
      await pgClient.query(`INSERT INTO orders (customer_id, amount, status) SELECT ${1 + (round % 100)}, ${round}.25, 'new' FROM generate_series(1, 5)`);
      await pgClient.query(`UPDATE customers SET name = name || '+', updated_at = now() WHERE id = ${1 + ((round * 37) % 2000)}`);
      await pgClient.query(`UPDATE orders SET status = 'paid', amount = amount + 1, updated_at = now() WHERE id IN (${1 + ((round * 53) % 5000)}, ${1 + ((round * 71) % 5000)})`);
      await pgClient.query(`UPDATE shipments SET delivered = true, updated_at = now() WHERE id = ${1 + ((round * 13) % 1000)}`);
      changes += 5;
      await new Promise((r) => setTimeout(r, 40));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return changes;
    },
  };
}

test('three PostgreSQL tables reach MariaDB equal, with live changes and a SIGKILLed worker', async (t) => {
  await pgClient.query(`
    CREATE TABLE customers (id SERIAL PRIMARY KEY, name TEXT NOT NULL, email VARCHAR(200), updated_at TIMESTAMP(3) NOT NULL DEFAULT now());
    CREATE TABLE orders (id BIGSERIAL PRIMARY KEY, customer_id INTEGER NOT NULL, amount NUMERIC(12,2) NOT NULL, status VARCHAR(20), updated_at TIMESTAMP(3) NOT NULL DEFAULT now());
    CREATE TABLE shipments (id SERIAL PRIMARY KEY, order_id BIGINT NOT NULL, delivered BOOLEAN NOT NULL, updated_at TIMESTAMP(3) NOT NULL DEFAULT now());
    INSERT INTO customers (name, email) SELECT 'customer-' || i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'c' || i || '@example.com' END FROM generate_series(1, 2000) i;
    INSERT INTO orders (customer_id, amount, status) SELECT 1 + i % 2000, i * 1.5, CASE WHEN i % 4 = 0 THEN NULL ELSE 'new' END FROM generate_series(1, 5000) i;
    INSERT INTO shipments (order_id, delivered) SELECT i, false FROM generate_series(1, 1000) i;
  `);
  // Created up front: the sink's consumer (librdkafka) would otherwise only see topics the source
  // creates at its next metadata refresh, minutes later.
  await createTopics(broker.bootstrapServers, TABLES.map((t) => PREFIX + t));

  await createConnector(worker.url, 'pg-source', {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
    'tasks.max': '2',
    'connection.url': source.jdbcUrl,
    'connection.user': source.user,
    'connection.password': source.password,
    mode: 'timestamp+incrementing',
    'incrementing.column.name': 'id',
    'timestamp.column.name': 'updated_at',
    'table.whitelist': TABLES.join(','),
    'topic.prefix': PREFIX,
    // A change committed a moment after its now() is not passed by: only older rows are read.
    'timestamp.delay.interval.ms': '500',
    'numeric.mapping': 'none',
    'poll.interval.ms': '300',
    'batch.max.rows': '200',
  });
  await createConnector(worker.url, 'maria-sink', {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
    'tasks.max': '1',
    topics: TABLES.map((t) => PREFIX + t).join(','),
    'connection.url': target.jdbcUrl,
    'connection.user': target.user,
    'connection.password': target.password,
    'insert.mode': 'upsert',
    'pk.mode': 'record_value',
    'pk.fields': 'id',
    'auto.create': 'true',
    'retry.backoff.ms': '200',
  });
  // Three tables spread over two tasks.
  const sourceStatus = await waitForTasks(worker.url, 'pg-source', 'RUNNING', 2);
  assert.equal(sourceStatus.tasks.length, 2);

  const changes = startChanges();
  try {
    await eventuallyWhileRunning(worker.url, ['pg-source', 'maria-sink'], 'part of the tables in MariaDB', async () => {
      const n = (await mariaRows('orders')).length;
      return n >= 1000 ? n : undefined;
    });
    // Stored source offsets for every table: a restart must continue from them, not from the start.
    await eventually('source offsets of the three tables', async () => {
      const answer = await rest<{ offsets: unknown[] }>(worker.url, 'GET', '/connectors/pg-source/offsets');
      return answer.status === 200 && answer.body.offsets.length === TABLES.length ? true : undefined;
    });
    const atKill = await topicEndOffsets(TABLES.map((t) => PREFIX + t));
    await worker.kill();
    await new Promise((r) => setTimeout(r, 1000));
    await worker.start();
    await new Promise((r) => setTimeout(r, 3000));
    const made = await changes.stop();
    assert.ok(made > 0);

    for (const table of TABLES) {
      const expected = await postgresRows(table);
      await eventuallyWhileRunning(worker.url, ['pg-source', 'maria-sink'], `${table} equal in MariaDB`, async () => {
        const actual = await mariaRows(table);
        return actual.length === expected.length && actual.every((line, i) => line === expected[i]) ? true : undefined;
      });
      assert.deepEqual(await mariaRows(table), expected);
    }

    // At least once, not from the start: every row version in the topics is unique except those
    // re-read after the crash (produced after the last offset commit), fewer than all produced before it.
    const total = await topicEndOffsets(TABLES.map((t) => PREFIX + t));
    assert.ok(atKill > 0 && total > atKill);
    let duplicates = 0;
    const perTable: string[] = [];
    for (const table of TABLES) {
      const before = duplicates;
      const topic = PREFIX + table;
      const count = await topicEndOffsets([topic]);
      const messages = await consumeAll(broker.bootstrapServers, topic, count);
      const versions = new Set<string>();
      for (const m of messages) {
        const payload = (JSON.parse(m.value!.toString()) as { payload: { id: number; updated_at: number } }).payload;
        const version = `${payload.id}@${payload.updated_at}`;
        if (versions.has(version)) duplicates++;
        versions.add(version);
      }
      perTable.push(`${table} ${messages.length} records, ${duplicates - before} repeated`);
      const ids = new Set([...versions].map((v) => v.split('@')[0]));
      assert.equal(ids.size, (await postgresRows(table)).length, `every ${table} row reached ${topic}`);
    }
    assert.ok(duplicates < atKill, `${duplicates} row versions repeated (${atKill} records before the kill)`);
    t.diagnostic(`${made} live changes, ${atKill} records before the kill, ${total} in all, ${duplicates} repeated (${perTable.join('; ')})`);
  } finally {
    await changes.stop();
  }
});

test('a table created while the source runs is picked up and appears on its topic', async () => {
  const topic = 'late_late_table';
  await createTopics(broker.bootstrapServers, [topic]);
  await createConnector(worker.url, 'late-source', {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
    'connection.url': source.jdbcUrl,
    'connection.user': source.user,
    'connection.password': source.password,
    mode: 'incrementing',
    'incrementing.column.name': 'id',
    'table.whitelist': 'late_table',
    'topic.prefix': 'late_',
    'table.poll.interval.ms': '1000',
    'poll.interval.ms': '300',
  });
  // No such table yet: the connector runs with no tasks.
  await eventually('late-source RUNNING', async () => {
    const s = await rest<{ connector: { state: string } }>(worker.url, 'GET', '/connectors/late-source/status');
    return s.status === 200 && s.body.connector.state === 'RUNNING' ? true : undefined;
  });
  await pgClient.query('CREATE TABLE late_table (id SERIAL PRIMARY KEY, note TEXT NOT NULL)');
  await pgClient.query("INSERT INTO late_table (note) SELECT 'note-' || g FROM generate_series(1, 25) g");
  const messages = await consumeAll(broker.bootstrapServers, topic, 25);
  const ids = messages.map((m) => (JSON.parse(m.value!.toString()) as { payload: { id: number } }).payload.id).sort((a, b) => a - b);
  assert.deepEqual(ids, Array.from({ length: 25 }, (_, i) => i + 1));
  const status = await waitForTasks(worker.url, 'late-source', 'RUNNING', 1);
  assert.equal(status.tasks.length, 1);
});
