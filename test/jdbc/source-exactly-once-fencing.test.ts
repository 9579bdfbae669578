// Exactly-once source support: when a source connector's task count shrinks, the leader fences the
// producers of the task ids that go away before writing the new task configs, and writes Kafka's
// task-count record. A "zombie" producer holding task 1's transactional id cannot commit afterwards
// and what it wrote is never read committed. (JDBC source on SQLite: two tables, then one task.)
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openConnection, type DatabaseConnection } from '@tsconnect/plugin-jdbc';
import { KafkaBroker } from '@tsconnect/testinfra';
import { eventually, rest, WorkerProcess } from '../support/worker-process.js';
import { consumeAll, createConnector, createTopics, kafkaClient, waitForTasks } from './jdbc-pipeline-support.js';

let broker: KafkaBroker;
let worker: WorkerProcess;
let dir: string;
let db: DatabaseConnection;

const GROUP = 'eos-fencing-cluster';
const CONFIG_TOPIC = 'eos-fencing-configs';

before(async () => {
  broker = await KafkaBroker.start();
  dir = await mkdtemp(join(tmpdir(), 'tsc-eos-fencing-'));
  db = await openConnection({ url: `jdbc:sqlite:${join(dir, 'source.db')}?journal_mode=WAL` });
  worker = await WorkerProcess.create({
    bootstrapServers: broker.bootstrapServers,
    properties: { 'exactly.once.source.support': 'enabled', 'group.id': GROUP, 'config.storage.topic': CONFIG_TOPIC },
  });
  await worker.start();
});

after(async () => {
  await worker?.stop();
  await broker?.stop();
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  if (worker && !process.env.KEEP_WORKER_LOGS) await rm(worker.workDir, { recursive: true, force: true });
});

test('shrinking tasks.max fences the producers of the dropped task ids and records the task count', async () => {
  for (const table of ['t1', 't2']) {
    await db.execute(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(20) NOT NULL)`);
    await db.execute(`INSERT INTO ${table} (name) VALUES ('a'), ('b')`);
  }
  await createTopics(broker.bootstrapServers, ['fence_t1', 'fence_t2']);
  const config = {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
    'connection.url': `jdbc:sqlite:${join(dir, 'source.db')}?journal_mode=WAL`,
    mode: 'incrementing',
    'incrementing.column.name': 'id',
    'table.whitelist': 't1,t2',
    'topic.prefix': 'fence_',
    'poll.interval.ms': '200',
    'tasks.max': '2',
  };
  await createConnector(worker.url, 'fenced', config);
  await waitForTasks(worker.url, 'fenced', 'RUNNING', 2);
  await consumeAll(broker.bootstrapServers, 'fence_t2', 2);

  // A zombie of task 1, as a worker cut off from the cluster would be: an open transaction.
  const zombie = kafkaClient(broker.bootstrapServers).producer({
    kafkaJS: { transactionalId: `${GROUP}-fenced-1`, idempotent: true, maxInFlightRequests: 1 },
  });
  await zombie.connect();
  try {
    const transaction = await zombie.transaction();
    await transaction.send({ topic: 'fence_t2', messages: [{ value: 'written by the zombie' }] });

    const answer = await rest(worker.url, 'PUT', '/connectors/fenced/config', { ...config, 'tasks.max': '1' });
    assert.equal(answer.status, 200);
    await eventually('one task config', async () => {
      const tasks = await rest<unknown[]>(worker.url, 'GET', '/connectors/fenced/tasks');
      return tasks.status === 200 && tasks.body.length === 1 ? true : undefined;
    });
    await eventually('task 0 restarted', async () => {
      const status = await rest<{ tasks: { id: number; state: string }[] }>(worker.url, 'GET', '/connectors/fenced/status');
      return status.body.tasks?.find((t) => t.id === 0)?.state === 'RUNNING' ? true : undefined;
    });
    await assert.rejects(transaction.commit(), 'the fenced producer cannot commit');
  } finally {
    await zombie.disconnect().catch(() => undefined);
  }

  await db.execute(`INSERT INTO t2 (name) VALUES ('c')`);
  const values = (await consumeAll(broker.bootstrapServers, 'fence_t2', 3)).map((m) => m.value!.toString());
  assert.ok(values.every((v) => !v.includes('zombie')), 'nothing of the zombie is read committed');
  assert.deepEqual(values.map((v) => (JSON.parse(v) as { payload: { name: string } }).payload.name), ['a', 'b', 'c']);

  const admin = kafkaClient(broker.bootstrapServers).admin();
  await admin.connect();
  const [end] = await admin.fetchTopicOffsets(CONFIG_TOPIC).finally(() => admin.disconnect());
  const records = await consumeAll(broker.bootstrapServers, CONFIG_TOPIC, Number(end!.high));
  const counts = records.filter((r) => r.key?.toString() === 'tasks-fencing-fenced').map((r) => JSON.parse(r.value!.toString()));
  assert.deepEqual(counts, [{ 'task-count': 2 }, { 'task-count': 1 }]);
});
