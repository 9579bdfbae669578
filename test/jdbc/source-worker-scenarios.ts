/**
 * The JDBC source through our worker, the same scenarios for every database (issue 7): each mode
 * with inserts and updates made while it runs and a SIGKILL of the worker in the middle, a custom
 * query, a table created while the connector runs, and a row whose transaction commits after
 * later rows were polled. The worker runs with exactly-once source support, so the topics, read
 * committed, must hold every row version exactly once: nothing missed, nothing repeated.
 *
 * Each database's test file starts one broker and one worker and supplies a SourceDatabase.
 */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { KafkaBroker } from '@tsconnect/testinfra';
import type { DatabaseConnection } from '@tsconnect/plugin-jdbc';
import { eventually, rest, WorkerProcess } from '../support/worker-process.js';
import { createConnector, createTopics, eventuallyWhileRunning, kafkaClient, waitForTasks } from './jdbc-pipeline-support.js';

export interface SourceDatabase {
  /** connection.url, connection.user, connection.password as the connector gets them. */
  connectorProps(): Record<string, string>;
  /** A connection of the test's own, to make changes. */
  open(): Promise<DatabaseConnection>;
  /** DDL of an auto-increment primary key column named id. */
  readonly idColumn: string;
  /** DDL type of `updated_at`, NOT NULL with the current time as default. */
  readonly timestampColumn: string;
  /** The current time, for UPDATE ... SET updated_at. */
  readonly now: string;
  drop(): Promise<void>;
}

interface RowVersion {
  id: number;
  name: string;
}

/** Every committed record of a topic, collected in the background by a read_committed consumer. */
class TopicCollector {
  readonly versions: RowVersion[] = [];
  private constructor(private readonly stopConsumer: () => Promise<void>) {}

  static async start(bootstrapServers: string, topic: string): Promise<TopicCollector> {
    const consumer = kafkaClient(bootstrapServers).consumer({
      kafkaJS: { groupId: `collect-${topic}-${Date.now()}`, fromBeginning: true },
      'isolation.level': 'read_committed',
    });
    await consumer.connect();
    await consumer.subscribe({ topic });
    const collector = new TopicCollector(() => consumer.disconnect());
    void consumer.run({
      eachMessage: async ({ message }) => {
        const payload = (JSON.parse(message.value!.toString()) as { payload: { id: number | string; name: string } }).payload;
        collector.versions.push({ id: Number(payload.id), name: payload.name });
      },
    });
    return collector;
  }

  /** The last version of each row. */
  latest(): Map<number, string> {
    const latest = new Map<number, string>();
    for (const v of this.versions) latest.set(v.id, v.name);
    return latest;
  }

  /** Versions (id and name) that arrived more than once. */
  repeated(): string[] {
    const seen = new Set<string>();
    const repeats: string[] = [];
    for (const v of this.versions) {
      const key = `${v.id}:${v.name}`;
      if (seen.has(key)) repeats.push(key);
      seen.add(key);
    }
    return repeats;
  }

  stop(): Promise<void> {
    return this.stopConsumer();
  }
}

/**
 * `concurrentWriters`: whether a transaction can stay open while other writers commit (not
 * SQLite, where the late-commit case cannot happen).
 */
export function defineWorkerSourceScenarios(
  label: string,
  concurrentWriters: boolean,
  createDatabase: () => Promise<SourceDatabase>,
): void {
  let broker: KafkaBroker;
  let worker: WorkerProcess;
  let db: SourceDatabase;
  let conn: DatabaseConnection;
  const collectors: TopicCollector[] = [];
  const prefix = `${label}_`;

  before(async () => {
    broker = await KafkaBroker.start();
    db = await createDatabase();
    conn = await db.open();
    worker = await WorkerProcess.create({
      bootstrapServers: broker.bootstrapServers,
      properties: { 'exactly.once.source.support': 'enabled' },
    });
    await worker.start();
  });

  after(async () => {
    for (const c of collectors) await c.stop().catch(() => undefined);
    await worker?.stop();
    await broker?.stop();
    await conn?.close();
    await db?.drop();
    if (worker && !process.env.KEEP_WORKER_LOGS) await rm(worker.workDir, { recursive: true, force: true });
  });

  const collect = async (table: string): Promise<TopicCollector> => {
    await createTopics(broker.bootstrapServers, [prefix + table]);
    const collector = await TopicCollector.start(broker.bootstrapServers, prefix + table);
    collectors.push(collector);
    return collector;
  };
  const createTable = (table: string) =>
    conn.execute(`CREATE TABLE ${table} (${db.idColumn}, name VARCHAR(100) NOT NULL, amount INTEGER, updated_at ${db.timestampColumn})`);
  const rowsOf = async (table: string): Promise<Map<number, string>> => {
    const result = await conn.query<{ id: unknown; name: string }>(`SELECT id, name FROM ${table} ORDER BY id`);
    return new Map(result.rows.map((r) => [Number(r.id), r.name]));
  };
  const source = (name: string, config: Record<string, string>) =>
    createConnector(worker.url, name, {
      'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
      ...db.connectorProps(),
      'topic.prefix': prefix,
      'poll.interval.ms': '200',
      'exactly.once.support': 'required',
      ...config,
    });

  test(`${label}: every mode delivers inserts and updates, each row version once, across a SIGKILL of the worker`, async (t) => {
    const modes = {
      src_inc: { mode: 'incrementing', 'incrementing.column.name': 'id' },
      src_ts: { mode: 'timestamp', 'timestamp.column.name': 'updated_at', 'timestamp.delay.interval.ms': '1000' },
      src_tsi: {
        mode: 'timestamp+incrementing', 'incrementing.column.name': 'id', 'timestamp.column.name': 'updated_at',
        ...(concurrentWriters ? { 'timestamp.lag.window.ms': '30000' } : { 'timestamp.delay.interval.ms': '500' }),
      },
    } as const;
    const tables = Object.keys(modes) as (keyof typeof modes)[];
    const seeded = 1500;
    const byTable = new Map<string, TopicCollector>();
    for (const table of tables) {
      await createTable(table);
      const values = Array.from({ length: seeded }, (_, i) => `('seed-${i + 1}')`).join(', ');
      await conn.execute(`INSERT INTO ${table} (name) VALUES ${values}`);
      byTable.set(table, await collect(table));
    }
    // Small pages, so that the first load is still under way when the worker is killed.
    for (const table of tables) await source(`${label}-${table}`, { ...modes[table], 'table.whitelist': table, 'batch.max.rows': '50' });
    const connectors = tables.map((table) => `${label}-${table}`);
    for (const name of connectors) await waitForTasks(worker.url, name, 'RUNNING', 1);

    let running = true;
    let rounds = 0;
    const changes = (async () => {
      const writer = await db.open();
      try {
        while (running) {
          rounds++;
          for (const table of tables) await writer.execute(`INSERT INTO ${table} (name) VALUES ('live-${rounds}')`);
          const id = 1 + ((rounds * 37) % seeded);
          for (const table of ['src_ts', 'src_tsi']) {
            await writer.execute(`UPDATE ${table} SET name = 'update-${rounds}', updated_at = ${db.now} WHERE id = ${id}`);
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        await writer.close();
      }
    })();
    try {
      await eventuallyWhileRunning(worker.url, connectors, 'part of every table in Kafka', async () =>
        tables.every((table) => byTable.get(table)!.versions.length >= 200) ? true : undefined);
      const atKill = tables.map((table) => byTable.get(table)!.versions.length);
      await worker.kill();
      await new Promise((r) => setTimeout(r, 1000));
      await worker.start();
      await new Promise((r) => setTimeout(r, 3000));
      running = false;
      await changes;

      for (const table of tables) {
        const expected = await rowsOf(table);
        const collector = byTable.get(table)!;
        await eventuallyWhileRunning(worker.url, connectors, `${table} complete in Kafka`, async () => {
          const latest = collector.latest();
          return latest.size === expected.size && [...expected].every(([id, name]) => latest.get(id) === name) ? true : undefined;
        });
        assert.deepEqual(collector.repeated(), [], `no version of a ${table} row arrives twice`);
      }
      const inc = byTable.get('src_inc')!.versions.map((v) => v.id);
      assert.deepEqual(inc, Array.from({ length: inc.length }, (_, i) => i + 1), 'incrementing mode: every id once, in order');
      assert.ok(atKill.every((n, i) => n < byTable.get(tables[i]!)!.versions.length), 'the kill came before the end of each table');
      t.diagnostic(`${rounds} rounds of changes; records before the kill ${atKill.join('/')}, in all ` +
        tables.map((table) => byTable.get(table)!.versions.length).join('/'));
    } finally {
      running = false;
      await changes;
    }
  });

  test(`${label}: a custom query is polled into its topic`, async () => {
    await createTable('src_q');
    const collector = await collect('amounts');
    await conn.execute(`INSERT INTO src_q (name, amount) VALUES ('a', 1), ('b', 5), ('c', 7), ('d', 2)`);
    await source(`${label}-query`, {
      mode: 'incrementing', 'incrementing.column.name': 'id', 'topic.prefix': `${prefix}amounts`,
      query: 'SELECT id, name, amount FROM src_q WHERE amount > 3',
    });
    await eventually('b and c', async () => (collector.versions.length >= 2 ? true : undefined));
    await conn.execute(`INSERT INTO src_q (name, amount) VALUES ('e', 9), ('f', 0), ('g', 4)`);
    await eventually('e and g', async () => (collector.versions.length >= 4 ? true : undefined));
    assert.deepEqual(collector.versions.map((v) => v.name), ['b', 'c', 'e', 'g']);
  });

  test(`${label}: a table created while the connector runs appears on its topic`, async () => {
    const fresh = await collect('watch_new');
    const old = await collect('watch_old');
    await createTable('watch_old');
    await conn.execute(`INSERT INTO watch_old (name) VALUES ('o1')`);
    // One task: the new table joins the tables of the running task, which restarts with its new config.
    await source(`${label}-watch`, {
      mode: 'incrementing', 'incrementing.column.name': 'id', 'table.include.list': '.*watch_.*',
      'table.poll.interval.ms': '1000', 'tasks.max': '1',
    });
    await eventuallyWhileRunning(worker.url, [`${label}-watch`], 'watch_old rows in Kafka', async () => (old.versions.length >= 1 ? true : undefined));
    await createTable('watch_new');
    await conn.execute(`INSERT INTO watch_new (name) VALUES ('n1'), ('n2'), ('n3')`);
    await eventuallyWhileRunning(worker.url, [`${label}-watch`], 'watch_new rows in Kafka', async () =>
      fresh.versions.length >= 3 ? true : undefined);
    await conn.execute(`INSERT INTO watch_old (name) VALUES ('o2')`);
    await eventuallyWhileRunning(worker.url, [`${label}-watch`], 'the old table still polled', async () =>
      old.versions.length >= 2 ? true : undefined);
    assert.deepEqual(fresh.versions.map((v) => v.name), ['n1', 'n2', 'n3']);
    assert.deepEqual(old.versions.map((v) => v.name), ['o1', 'o2']);
    const status = await rest<{ tasks: unknown[] }>(worker.url, 'GET', `/connectors/${label}-watch/status`);
    assert.equal(status.body.tasks.length, 1);
  });

  test(`${label}: a row whose transaction commits after later rows were polled still arrives, once`, { skip: !concurrentWriters && 'SQLite has one writer at a time' }, async () => {
    await createTable('src_late');
    const collector = await collect('src_late');
    await source(`${label}-late`, {
      mode: 'timestamp+incrementing', 'incrementing.column.name': 'id', 'timestamp.column.name': 'updated_at',
      'table.whitelist': 'src_late', 'timestamp.lag.window.ms': '60000',
    });
    await waitForTasks(worker.url, `${label}-late`, 'RUNNING', 1);
    const slow = await db.open();
    try {
      await slow.begin();
      await slow.execute(`INSERT INTO src_late (name, updated_at) VALUES ('late', ${db.now})`);
      await conn.execute(`INSERT INTO src_late (name) VALUES ('early1')`);
      await conn.execute(`INSERT INTO src_late (name) VALUES ('early2')`);
      await eventually('the later rows polled', async () => (collector.versions.length >= 2 ? true : undefined));
      await slow.commit();
    } finally {
      await slow.close();
    }
    await eventually('the late row', async () => (collector.versions.length >= 3 ? true : undefined));
    await conn.execute(`INSERT INTO src_late (name) VALUES ('after')`);
    await eventually('the row after it', async () => (collector.versions.length >= 4 ? true : undefined));
    assert.deepEqual(collector.versions.map((v) => v.name), ['early1', 'early2', 'late', 'after']);
  });
}
