/**
 * The integration scenarios every database runs: each mode end to end, restarts from committed
 * offsets, Confluent's stored offsets, a table created while running, a custom query, and a row
 * committed late by a long transaction. Each database's test file supplies a ScenarioDatabase.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { BigDecimal, type SourceRecord } from '@tsconnect/api';
import type { DatabaseConnection } from '../../src/connection/database-connection.js';
import type { JdbcSourceTask } from '../../src/source/jdbc-source-task.js';
import { field, ids, MemoryOffsets, pollRecords, startConnector, startTask } from './source-harness.js';

export interface ScenarioDatabase {
  /** connection.url, connection.user, connection.password. */
  connectionProps(): Record<string, string>;
  open(): Promise<DatabaseConnection>;
  /** DDL of an auto-increment primary key column named id. */
  readonly idColumn: string;
  /** DDL type of `updated_at`, with a default of the current time. */
  readonly timestampColumn: string;
  /** A nullable timestamp column type, without default. */
  readonly nullableTimestamp: string;
  /** The current time, for UPDATE ... SET updated_at. */
  readonly now: string;
  readonly decimalType: string;
  /** The partition name Confluent gives the table: catalog.schema.table with the levels the database has. */
  partitionTable(table: string): string;
  /** Whether two writers can hold transactions at once (not SQLite). */
  readonly concurrentWriters: boolean;
}

export function defineSourceScenarios(db: () => ScenarioDatabase): void {
  let setup: DatabaseConnection;
  const tasks: JdbcSourceTask[] = [];
  const exec = async (...statements: string[]) => {
    setup ??= await db().open();
    for (const sql of statements) await setup.execute(sql);
  };
  const base = (over: Record<string, string>) => ({
    ...db().connectionProps(),
    'topic.prefix': 'src_',
    'poll.interval.ms': '50',
    ...over,
  });
  const task = async (props: Record<string, string>, offsets: MemoryOffsets) => {
    const t = await startTask(props, offsets);
    tasks.push(t);
    return t;
  };
  const onlyTaskConfig = async (props: Record<string, string>, offsets: MemoryOffsets) => {
    const { connector } = await startConnector(props, offsets);
    const configs = await connector.taskConfigs(3);
    await connector.stop();
    assert.equal(configs.length, 1);
    return configs[0]!;
  };
  const table = (name: string) => `CREATE TABLE ${name} (${db().idColumn}, name VARCHAR(40) NOT NULL, ` +
    `amount ${db().decimalType}, updated_at ${db().timestampColumn})`;

  after(async () => {
    for (const t of tasks) await t.stop();
    await setup?.close();
  });

  describe('incrementing', () => {
    it('reads in pages of batch.max.rows and a new task continues after the last committed record', async () => {
      await exec(table('t_inc'), `INSERT INTO t_inc (name, amount) VALUES ('a', 1.50), ('b', 2.25), ('c', 3), ('d', 4), ('e', 5)`);
      const offsets = new MemoryOffsets();
      const props = await onlyTaskConfig(base({
        mode: 'incrementing', 'incrementing.column.name': 'id', 'table.whitelist': 't_inc', 'batch.max.rows': '2',
      }), offsets);
      const first = await task(props, offsets);
      const page1 = (await first.poll())!;
      offsets.commit(page1);
      const page2 = (await first.poll())!; // polled, never acknowledged: the task "crashes"
      await first.stop();
      assert.deepEqual(ids(page1), [1, 2]);
      assert.deepEqual(ids(page2), [3, 4]);
      const r = page1[0]!;
      assert.equal(r.topic, 'src_t_inc');
      assert.equal(r.key, null);
      assert.deepEqual(r.sourcePartition, { protocol: '1', table: db().partitionTable('t_inc') });
      assert.deepEqual(page1[1]!.sourceOffset, { incrementing: 2 });
      assert.equal(field(r, 'name'), 'a');
      assert.ok((field(r, 'amount') as BigDecimal).equals(BigDecimal.fromString('1.50')));

      await exec(`INSERT INTO t_inc (name) VALUES ('f'), ('g')`);
      const second = await task(props, offsets);
      assert.deepEqual(ids(await pollRecords(second, offsets, Infinity, { idlePolls: 2 })), [3, 4, 5, 6, 7]);
    });

    it("continues offsets stored by Confluent's connector (protocol v1 and legacy v0)", async () => {
      await exec(table('t_conf'), `INSERT INTO t_conf (name) VALUES ('a'), ('b'), ('c'), ('d')`);
      const props = base({ mode: 'incrementing', 'table.whitelist': 't_conf' });
      const v1 = new MemoryOffsets();
      v1.set({ protocol: '1', table: db().partitionTable('t_conf') }, { incrementing: 2 });
      const fromV1 = await task(await onlyTaskConfig(props, v1), v1);
      assert.deepEqual(ids(await pollRecords(fromV1, v1, 2)), [3, 4]);
      const v0 = new MemoryOffsets();
      v0.set({ table: 't_conf' }, { incrementing: 3 });
      const fromV0 = await task(await onlyTaskConfig(props, v0), v0);
      assert.deepEqual(ids(await pollRecords(fromV0, v0, 1)), [4]);
    });
  });

  describe('timestamp+incrementing', () => {
    it('delivers inserts and updates once, across a restart from the stored offsets', async () => {
      await exec(table('t_tsi'), `INSERT INTO t_tsi (name) VALUES ('a'), ('b'), ('c')`);
      const offsets = new MemoryOffsets();
      const props = await onlyTaskConfig(base({
        mode: 'timestamp+incrementing', 'timestamp.column.name': 'updated_at', 'incrementing.column.name': 'id',
        'table.whitelist': 't_tsi',
      }), offsets);
      const first = await task(props, offsets);
      const initial = await pollRecords(first, offsets, 3);
      assert.deepEqual(ids(initial), [1, 2, 3]);
      const offset = initial[2]!.sourceOffset!;
      assert.deepEqual(Object.keys(offset).sort(), ['incrementing', 'timestamp', 'timestamp_nanos']);
      assert.ok((field(initial[0]!, 'updated_at') as Date) instanceof Date);

      await exec(`UPDATE t_tsi SET name = 'b2', updated_at = ${db().now} WHERE id = 2`, `INSERT INTO t_tsi (name) VALUES ('d')`);
      const changed = await pollRecords(first, offsets, 2);
      assert.deepEqual(changed.map((r) => [Number(field(r, 'id')), field(r, 'name')]), [[2, 'b2'], [4, 'd']]);
      await first.stop();

      const second = await task(props, offsets);
      assert.deepEqual(await pollRecords(second, offsets, Infinity, { idlePolls: 2 }), []);
      await exec(`INSERT INTO t_tsi (name) VALUES ('e')`);
      assert.deepEqual(ids(await pollRecords(second, offsets, 1)), [5]);
    });

    it('streams a large first load page by page and resumes it after a crash without gaps or repeats', async () => {
      const rows = 2500;
      const values = Array.from({ length: rows }, (_, i) => `('r${i + 1}')`).join(', ');
      await exec(table('t_big'), `INSERT INTO t_big (name) VALUES ${values}`);
      const offsets = new MemoryOffsets();
      const props = await onlyTaskConfig(base({
        mode: 'timestamp+incrementing', 'timestamp.column.name': 'updated_at', 'incrementing.column.name': 'id',
        'table.whitelist': 't_big', 'batch.max.rows': '300',
      }), offsets);
      const first = await task(props, offsets);
      const before: SourceRecord[] = [];
      for (let page = 0; page < 4; page++) {
        const batch = (await first.poll())!;
        assert.ok(batch.length <= 300, `a page holds at most batch.max.rows rows, got ${batch.length}`);
        offsets.commit(batch);
        before.push(...batch);
      }
      await first.poll(); // read but never acknowledged
      await first.stop();
      const second = await task(props, offsets);
      const after = await pollRecords(second, offsets, Infinity, { idlePolls: 2 });
      assert.deepEqual([...ids(before), ...ids(after)], Array.from({ length: rows }, (_, i) => i + 1));
    });

    if (db().concurrentWriters) {
      it('delivers a row whose transaction commits after later rows were polled, exactly once', async () => {
        await exec(table('t_late'));
        const offsets = new MemoryOffsets();
        const props = await onlyTaskConfig(base({
          mode: 'timestamp+incrementing', 'timestamp.column.name': 'updated_at', 'table.whitelist': 't_late',
          'timestamp.lag.window.ms': '600000',
        }), offsets);
        const writer = await db().open();
        try {
          await writer.begin();
          await writer.execute(`INSERT INTO t_late (name, updated_at) VALUES ('late', ${db().now})`);
          await exec(`INSERT INTO t_late (name) VALUES ('early1')`, `INSERT INTO t_late (name) VALUES ('early2')`);
          const first = await task(props, offsets);
          assert.deepEqual((await pollRecords(first, offsets, 2)).map((r) => field(r, 'name')), ['early1', 'early2']);
          await writer.commit();
          const late = await pollRecords(first, offsets, Infinity, { idlePolls: 2 });
          assert.deepEqual(late.map((r) => field(r, 'name')), ['late']);
          await first.stop();
        } finally {
          await writer.close();
        }
        const second = await task(props, offsets);
        assert.deepEqual(await pollRecords(second, offsets, Infinity, { idlePolls: 2 }), []);
        await exec(`INSERT INTO t_late (name) VALUES ('after')`);
        assert.deepEqual((await pollRecords(second, offsets, Infinity, { idlePolls: 2 })).map((r) => field(r, 'name')), ['after']);
      });
    }
  });

  describe('timestamp', () => {
    it('keeps rows sharing a timestamp together when the row limit cuts through them', async () => {
      await exec(table('t_ts'), `INSERT INTO t_ts (name) VALUES ('a'), ('b'), ('c'), ('d'), ('e')`);
      const offsets = new MemoryOffsets();
      const props = await onlyTaskConfig(base({
        mode: 'timestamp', 'timestamp.column.name': 'updated_at', 'table.whitelist': 't_ts', 'batch.max.rows': '2',
      }), offsets);
      const first = await task(props, offsets);
      const all = await pollRecords(first, offsets, 5);
      assert.deepEqual(ids(all).sort(), [1, 2, 3, 4, 5]);
      assert.ok('timestamp' in all[4]!.sourceOffset!);
      await first.stop();
      const second = await task(props, offsets);
      assert.deepEqual(await pollRecords(second, offsets, Infinity, { idlePolls: 2 }), []);
      await exec(`UPDATE t_ts SET name = 'c2', updated_at = ${db().now} WHERE id = 3`);
      assert.deepEqual((await pollRecords(second, offsets, 1)).map((r) => field(r, 'name')), ['c2']);
    });
  });

  describe('timestamp columns', () => {
    it('compares COALESCE of several columns, refusing nullable ones unless validate.non.null=false', async () => {
      await exec(`CREATE TABLE t_co (${db().idColumn}, name VARCHAR(40) NOT NULL, modified ${db().nullableTimestamp}, ` +
        `created ${db().timestampColumn})`, `INSERT INTO t_co (name) VALUES ('a'), ('b')`);
      const offsets = new MemoryOffsets();
      const props = await onlyTaskConfig(base({
        mode: 'timestamp', 'timestamp.column.name': 'modified, created', 'table.whitelist': 't_co',
      }), offsets);
      const strict = await task(props, offsets);
      await assert.rejects(async () => strict.poll(), /modified .*nullable/);
      await strict.stop();
      const lenient = await task({ ...props, 'validate.non.null': 'false' }, offsets);
      assert.deepEqual(ids(await pollRecords(lenient, offsets, 2)).sort(), [1, 2]);
      await exec(`UPDATE t_co SET modified = ${db().now} WHERE id = 1`);
      assert.deepEqual(ids(await pollRecords(lenient, offsets, Infinity, { idlePolls: 2 })), [1]);
    });
  });

  describe('bulk', () => {
    it('reads the whole table on every poll, with no offset', async () => {
      await exec(table('t_bulk'), `INSERT INTO t_bulk (name) VALUES ('a'), ('b'), ('c')`);
      const offsets = new MemoryOffsets();
      const props = await onlyTaskConfig(base({ mode: 'bulk', 'table.whitelist': 't_bulk', 'batch.max.rows': '2' }), offsets);
      const t = await task(props, offsets);
      const records = await pollRecords(t, offsets, 6);
      assert.deepEqual(ids(records), [1, 2, 3, 1, 2, 3]);
      assert.deepEqual(records[0]!.sourcePartition, { table: 't_bulk' });
      assert.equal(records[0]!.sourceOffset, null);
    });
  });

  describe('query', () => {
    it('polls a custom query with its own WHERE into the topic named by topic.prefix', async () => {
      await exec(table('t_q'), `INSERT INTO t_q (name, amount) VALUES ('a', 1), ('b', 5), ('c', 7), ('d', 2)`);
      const offsets = new MemoryOffsets();
      const props = base({
        mode: 'incrementing', 'incrementing.column.name': 'id', 'topic.prefix': 'big_amounts',
        query: 'SELECT id, name, amount FROM t_q WHERE amount > 3',
      });
      const { connector } = await startConnector(props, offsets);
      const configs = await connector.taskConfigs(4);
      await connector.stop();
      assert.equal(configs.length, 1);
      const t = await task(configs[0]!, offsets);
      const records: SourceRecord[] = await pollRecords(t, offsets, 2);
      assert.deepEqual(ids(records), [2, 3]);
      assert.equal(records[0]!.topic, 'big_amounts');
      assert.deepEqual(records[1]!.sourcePartition, { query: 'query' });
      assert.deepEqual(records[1]!.sourceOffset, { incrementing: 3 });
      await exec(`INSERT INTO t_q (name, amount) VALUES ('e', 9), ('f', 0)`);
      assert.deepEqual(ids(await pollRecords(t, offsets, Infinity, { idlePolls: 2 })), [5]);
    });
  });

  describe('table monitor', () => {
    it('asks for a task reconfiguration when a table is created or dropped, and the new table is polled', async () => {
      await exec(table('watch_a'));
      const offsets = new MemoryOffsets();
      const props = base({ mode: 'incrementing', 'table.include.list': '.*watch_.*', 'table.poll.interval.ms': '100' });
      const { connector, context } = await startConnector(props, offsets);
      try {
        assert.equal((await connector.taskConfigs(4)).length, 1);
        const created = context.nextReconfiguration();
        await exec(table('watch_b'), `INSERT INTO watch_b (name) VALUES ('new')`);
        await created;
        const configs = await connector.taskConfigs(4);
        assert.equal(configs.length, 2);
        const forB = configs.find((c) => c.tables!.includes('watch_b'))!;
        const t = await task(forB, offsets);
        const records = await pollRecords(t, offsets, 1);
        assert.equal(records[0]!.topic, 'src_watch_b');
        const dropped = context.nextReconfiguration();
        await exec('DROP TABLE watch_a');
        await dropped;
        assert.equal((await connector.taskConfigs(4)).length, 1);
        assert.deepEqual(context.errors, []);
      } finally {
        await connector.stop();
      }
    });
  });
}
