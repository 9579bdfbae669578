// Issue 6's pipeline through the worker: Debezium- and Qlik Replicate-shaped change events on a
// topic, unwrapped by the CDC transforms on the JDBC sink, applied to PostgreSQL; bad records with
// and without a dead letter queue; the sink's database connections killed mid-stream.
import { createPostgresDatabase, KafkaBroker, type ThrowawayDatabase } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { WorkerProcess } from '../support/worker-process.js';
import {
  consumeAll,
  createConnector,
  createTopics,
  deleteConnector,
  eventuallyWhileRunning,
  field,
  jdbcSinkConfig,
  produce,
  struct,
  waitForTasks,
  withSchema,
  type Message,
} from './jdbc-pipeline-support.js';

let broker: KafkaBroker;
let worker: WorkerProcess;
let db: ThrowawayDatabase;
let client: pg.Client;

before(async () => {
  broker = await KafkaBroker.start();
  db = await createPostgresDatabase('tsc_cdc_sink');
  client = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database });
  await client.connect();
  worker = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers });
  await worker.start();
});

after(async () => {
  await worker?.stop();
  await broker?.stop();
  await client?.end();
  await db?.drop();
  if (worker) await rm(worker.workDir, { recursive: true, force: true });
});

function sinkConfig(topic: string, extra: Record<string, string>): Record<string, string> {
  return jdbcSinkConfig(db, topic, { 'auto.create': 'true', ...extra });
}

async function rows<T>(sql: string): Promise<T[]> {
  return (await client.query(sql)).rows as T[];
}

describe('Debezium change events', () => {
  const prefix = 'dbserver1.inventory.orders';
  const row = struct(`${prefix}.Value`, [field('id', 'int32'), field('customer', 'string', true), field('qty', 'int64'), field('status', 'string', true)], true);
  const envelope = struct(`${prefix}.Envelope`, [
    { ...row, field: 'before' },
    { ...row, field: 'after' },
    struct('io.debezium.connector.postgresql.Source', [field('version', 'string'), field('connector', 'string'), field('name', 'string'), field('ts_ms', 'int64'), field('db', 'string'), field('table', 'string')], false, 'source'),
    field('op', 'string'),
    field('ts_ms', 'int64', true),
  ]);
  const keySchema = struct(`${prefix}.Key`, [field('id', 'int32')]);
  const source = { version: '2.7.0.Final', connector: 'postgresql', name: 'dbserver1', ts_ms: 1700000000000, db: 'inventory', table: 'orders' };
  const order = (id: number, status: string) => ({ id, customer: `customer-${id}`, qty: id * 10, status });
  const event = (op: string, before: unknown, afterRow: unknown): Message => {
    const id = ((afterRow ?? before) as { id: number }).id;
    return { key: withSchema(keySchema, { id }), value: withSchema(envelope, { before, after: afterRow, source, op, ts_ms: 1700000000000 + id }) };
  };

  test('creates, updates and deletes (with their tombstones) are applied to the table', async () => {
    const topic = prefix;
    await createTopics(broker.bootstrapServers, [topic]);
    const messages: Message[] = [];
    for (let id = 1; id <= 20; id++) messages.push(event(id <= 10 ? 'r' : 'c', null, order(id, 'new')));
    for (let id = 1; id <= 10; id++) messages.push(event('u', order(id, 'new'), order(id, 'shipped')));
    for (const id of [15, 16, 17]) {
      messages.push(event('d', order(id, 'new'), null));
      messages.push({ key: withSchema(keySchema, { id }), value: null });
    }
    // A row deleted and created again keeps its last state.
    messages.push(event('d', order(3, 'shipped'), null), event('c', null, order(3, 'recreated')));
    await produce(broker.bootstrapServers, topic, messages);

    await createConnector(worker.url, 'dbz-sink', sinkConfig(topic, {
      'table.name.format': 'orders_dbz',
      'insert.mode': 'upsert',
      'pk.mode': 'record_key',
      'pk.fields': 'id',
      'delete.enabled': 'true',
      transforms: 'unwrap',
      'transforms.unwrap.type': 'io.debezium.transforms.ExtractNewRecordState',
      'transforms.unwrap.delete.tombstone.handling.mode': 'tombstone',
    }));
    const expected = new Map<number, string>();
    for (let id = 1; id <= 20; id++) if (![15, 16, 17].includes(id)) expected.set(id, id <= 10 ? 'shipped' : 'new');
    expected.set(3, 'recreated');
    const table = await eventuallyWhileRunning(worker.url, ['dbz-sink'], 'orders_dbz to hold the final state', async () => {
      const found = await rows<{ id: number; customer: string; qty: string; status: string }>('SELECT * FROM orders_dbz ORDER BY id').catch(() => []);
      return found.length === expected.size && found.every((r) => expected.get(r.id) === r.status) ? found : undefined;
    });
    assert.deepEqual(table.map((r) => r.id), [...expected.keys()].sort((a, b) => a - b));
    for (const r of table) {
      assert.equal(r.customer, `customer-${r.id}`);
      assert.equal(Number(r.qty), r.id * 10);
    }
    await deleteConnector(worker.url, 'dbz-sink');
  });
});

describe('Qlik Replicate change events', () => {
  const row = struct('replicate.inventory.products.DataRecord', [field('id', 'int32'), field('name', 'string'), field('qty', 'int32', true)], true);
  const headers = struct('replicate.inventory.products.Headers', [
    field('operation', 'string'),
    field('changeSequence', 'string'),
    field('timestamp', 'string'),
    field('streamPosition', 'string'),
    field('transactionId', 'string'),
  ], false);
  const message = struct('replicate.inventory.products.DataMessage', [
    { ...row, field: 'data' },
    { ...row, field: 'beforeData' },
    { ...headers, field: 'headers' },
  ]);
  let sequence = 0;
  const change = (operation: string, data: unknown, beforeData: unknown = null): Message => {
    sequence++;
    const seq = String(sequence).padStart(20, '0');
    return {
      key: withSchema({ type: 'string', optional: true }, `k${sequence}`),
      value: withSchema(message, {
        data,
        beforeData,
        headers: { operation, changeSequence: seq, timestamp: '2024-03-01T12:00:00.000', streamPosition: seq, transactionId: `tx${sequence}` },
      }),
    };
  };

  test('full load, inserts, updates and deletes are applied to the table', async () => {
    const topic = 'replicate.products';
    await createTopics(broker.bootstrapServers, [topic]);
    const product = (id: number, qty: number) => ({ id, name: `product-${id}`, qty });
    const messages: Message[] = [];
    for (let id = 1; id <= 10; id++) messages.push(change('REFRESH', product(id, 1)));
    for (let id = 11; id <= 15; id++) messages.push(change('INSERT', product(id, 1)));
    for (let id = 1; id <= 5; id++) messages.push(change('UPDATE', product(id, 100 + id), product(id, 1)));
    for (const id of [11, 12]) messages.push(change('DELETE', product(id, 1)));
    await produce(broker.bootstrapServers, topic, messages);

    await createConnector(worker.url, 'qlik-sink', sinkConfig(topic, {
      'table.name.format': 'products_qlik',
      'insert.mode': 'upsert',
      'pk.mode': 'record_key',
      'pk.fields': 'id',
      'delete.enabled': 'true',
      transforms: 'unwrap',
      'transforms.unwrap.type': 'io.tsconnect.transforms.QlikReplicateUnwrap',
      'transforms.unwrap.key.fields': 'id',
      'transforms.unwrap.delete.handling.mode': 'tombstone',
      'transforms.unwrap.headers.to.fields': 'operation',
    }));
    const expected = new Map<number, { qty: number; op: string }>();
    for (let id = 1; id <= 10; id++) expected.set(id, id <= 5 ? { qty: 100 + id, op: 'UPDATE' } : { qty: 1, op: 'REFRESH' });
    for (const id of [13, 14, 15]) expected.set(id, { qty: 1, op: 'INSERT' });
    type Row = { id: number; name: string; qty: number; __operation: string };
    const table = await eventuallyWhileRunning(worker.url, ['qlik-sink'], 'products_qlik to hold the final state', async () => {
      const found = await rows<Row>('SELECT * FROM products_qlik ORDER BY id').catch(() => []);
      return found.length === expected.size && found.every((r) => expected.get(r.id)?.qty === r.qty) ? found : undefined;
    });
    assert.deepEqual(
      table.map((r) => ({ id: r.id, name: r.name, qty: r.qty, op: r.__operation })),
      [...expected].sort(([a], [b]) => a - b).map(([id, e]) => ({ id, name: `product-${id}`, qty: e.qty, op: e.op })),
    );
    await deleteConnector(worker.url, 'qlik-sink');
  });
});

describe('bad records', () => {
  const paymentSchema = struct('shop.Payment', [field('id', 'int32'), field('amount', 'int32')]);
  const payment = (id: number, amount: number): Message => ({ key: null, value: withSchema(paymentSchema, { id, amount }) });
  const paymentsTable = (name: string) =>
    client.query(`CREATE TABLE ${name} (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL CONSTRAINT ${name}_amount_positive CHECK (amount >= 0))`);

  test('with errors.tolerance=all, a row the database refuses and an unreadable record go to the DLQ and the sink keeps going', async () => {
    const topic = 'payments-tolerant';
    await createTopics(broker.bootstrapServers, [topic]);
    await paymentsTable('payments_tolerant');
    const messages: Message[] = [];
    for (let id = 1; id <= 50; id++) {
      messages.push(payment(id, id === 25 ? -1 : id));
      if (id === 10) messages.push({ key: null, value: '{"schema": not json' });
    }
    await produce(broker.bootstrapServers, topic, messages);
    await createConnector(worker.url, 'payments-tolerant', sinkConfig(topic, {
      'table.name.format': 'payments_tolerant',
      'insert.mode': 'insert',
      'pk.mode': 'record_value',
      'pk.fields': 'id',
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'payments-dlq',
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
    }));
    const count = async (n: number) => {
      const [r] = await rows<{ n: string }>('SELECT count(*) AS n FROM payments_tolerant');
      return Number(r!.n) === n ? n : undefined;
    };
    await eventuallyWhileRunning(worker.url, ['payments-tolerant'], '49 good payments', () => count(49));

    const dlq = await consumeAll(broker.bootstrapServers, 'payments-dlq', 2);
    const refused = dlq.find((m) => m.value?.toString().includes('"amount":-1'));
    assert.ok(refused, `the refused row is in the DLQ: ${dlq.map((m) => m.value?.toString()).join(' | ')}`);
    assert.equal(refused.headers['jdbc.sql.state'], '23514', 'check_violation SQLSTATE in a header');
    assert.equal(refused.headers['__connect.errors.topic'], topic);
    assert.match(refused.headers['__connect.errors.exception.message'] ?? '', /payments_tolerant_amount_positive/);
    const unreadable = dlq.find((m) => m.value?.toString() === '{"schema": not json');
    assert.ok(unreadable, 'the unreadable record is in the DLQ as it was');
    assert.equal(unreadable.headers['__connect.errors.stage'], 'VALUE_CONVERTER');

    // The connector is still running: later records are written.
    await produce(broker.bootstrapServers, topic, Array.from({ length: 10 }, (_, i) => payment(51 + i, 1)));
    await eventuallyWhileRunning(worker.url, ['payments-tolerant'], '59 payments', () => count(59));
    const ids = await rows<{ id: number }>('SELECT id FROM payments_tolerant ORDER BY id');
    assert.deepEqual(ids.map((r) => r.id), Array.from({ length: 60 }, (_, i) => i + 1).filter((id) => id !== 25));
    await deleteConnector(worker.url, 'payments-tolerant');
  });

  test('with errors.tolerance=none, a row the database refuses fails the task with the SQL error', async () => {
    const topic = 'payments-strict';
    await createTopics(broker.bootstrapServers, [topic]);
    await paymentsTable('payments_strict');
    await produce(broker.bootstrapServers, topic, Array.from({ length: 50 }, (_, i) => payment(i + 1, i + 1 === 25 ? -1 : 1)));
    await createConnector(worker.url, 'payments-strict', sinkConfig(topic, {
      'table.name.format': 'payments_strict',
      'insert.mode': 'insert',
      'pk.mode': 'record_value',
      'pk.fields': 'id',
    }));
    const status = await waitForTasks(worker.url, 'payments-strict', 'FAILED');
    const trace = status.tasks[0]!.trace ?? '';
    assert.match(trace, /payments_strict_amount_positive/);
    assert.match(trace, /23514/);
    assert.equal(status.connector.state, 'RUNNING');
    // The refused batch is one transaction: row 25 is not there, and neither is anything after it.
    const [r] = await rows<{ n: string; bad: string }>('SELECT count(*) AS n, count(*) FILTER (WHERE id >= 25) AS bad FROM payments_strict');
    assert.equal(Number(r!.bad), 0);
    await deleteConnector(worker.url, 'payments-strict');
  });
});

describe('database connections killed mid-stream', () => {
  test('upserts survive pg_terminate_backend of the sink connections with no loss and no duplicate rows', async (t) => {
    const topic = 'accounts';
    const INSERTS = 20_000;
    const UPDATES = 5_000;
    await createTopics(broker.bootstrapServers, [topic]);
    const keySchema = struct('bank.AccountKey', [field('id', 'int32')]);
    const valueSchema = struct('bank.Account', [field('id', 'int32'), field('version', 'int32'), field('balance', 'int64')]);
    const account = (id: number, version: number): Message => ({
      key: withSchema(keySchema, { id }),
      value: withSchema(valueSchema, { id, version, balance: id * version }),
    });
    await createConnector(worker.url, 'accounts-sink', sinkConfig(topic, {
      'table.name.format': 'accounts',
      'insert.mode': 'upsert',
      'pk.mode': 'record_key',
      'pk.fields': 'id',
      'batch.size': '500',
      'max.retries': '100',
      'consumer.override.max.poll.records': '500',
    }));
    await waitForTasks(worker.url, 'accounts-sink', 'RUNNING');

    const all: Message[] = [];
    for (let id = 0; id < INSERTS; id++) all.push(account(id, 1));
    for (let id = 0; id < UPDATES; id++) all.push(account(id, 2));
    let killedWhileIncomplete = 0;
    const terminate = async () => {
      const killed = await client.query(
        'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      return killed.rows.filter((r: { ok: boolean }) => r.ok).length;
    };
    const complete = async () => {
      const [r] = await rows<{ n: string; v2: string }>('SELECT count(*) AS n, count(*) FILTER (WHERE version = 2) AS v2 FROM accounts').catch(() => [{ n: '0', v2: '0' }]);
      return Number(r!.n) === INSERTS && Number(r!.v2) === UPDATES;
    };
    const CHUNK = 1000;
    for (let i = 0; i < all.length; i += CHUNK) {
      await produce(broker.bootstrapServers, topic, all.slice(i, i + CHUNK));
      await new Promise((r) => setTimeout(r, 150));
      if (!(await complete())) killedWhileIncomplete += await terminate();
    }
    await eventuallyWhileRunning(worker.url, ['accounts-sink'], 'all accounts at their last version', async () => ((await complete()) ? true : undefined));
    assert.ok(killedWhileIncomplete >= 3, `the sink's connections were killed mid-stream (${killedWhileIncomplete} times)`);
    t.diagnostic(`${killedWhileIncomplete} sink connections terminated mid-stream`);

    const [check] = await rows<{ n: string; distinct_ids: string; wrong: string }>(
      `SELECT count(*) AS n, count(DISTINCT id) AS distinct_ids,
              count(*) FILTER (WHERE version <> CASE WHEN id < ${UPDATES} THEN 2 ELSE 1 END OR balance <> id * version) AS wrong
         FROM accounts`,
    );
    assert.deepEqual(check, { n: String(INSERTS), distinct_ids: String(INSERTS), wrong: '0' });
    const status = await waitForTasks(worker.url, 'accounts-sink', 'RUNNING');
    assert.equal(status.connector.state, 'RUNNING');
    await deleteConnector(worker.url, 'accounts-sink');
  });
});
