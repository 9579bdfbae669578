import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPostgresDatabase, type ThrowawayDatabase } from '@tsconnect/testinfra';
import { openConnection } from '../../src/connection/open-connection.js';
import { field, ids, MemoryOffsets, pollRecords, startConnector, startTask } from './source-harness.js';
import { defineSourceScenarios } from './source-scenarios.js';

describe('JDBC source on PostgreSQL through ODBC ("PostgreSQL Unicode" driver)', () => {
  let db: ThrowawayDatabase;
  let url: string;
  before(async () => {
    db = await createPostgresDatabase('jdbc_source_odbc');
    url = `Driver={PostgreSQL Unicode};Server=${db.host};Port=${db.port};Database=${db.database}`;
  });
  after(async () => {
    await db.drop();
  });
  const connectionProps = () => ({ 'connection.url': url, 'connection.user': db.user, 'connection.password': db.password });
  const open = () => openConnection({ url, user: db.user, password: db.password });

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

  // the path of databases we have no SQL for (Vertica, Actian Vector): ODBC catalog calls and ANSI SQL
  describe('with GenericDatabaseDialect', () => {
    it('lists tables and reads columns through the ODBC catalog, and polls in timestamp+incrementing mode', async () => {
      const setup = await open();
      await setup.execute(`CREATE TABLE t_generic (id SERIAL PRIMARY KEY, name VARCHAR(20) NOT NULL, amount NUMERIC(8,3),
        updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP)`);
      await setup.execute(`INSERT INTO t_generic (name, amount) VALUES ('a', 1.125), ('b', 2)`);
      const offsets = new MemoryOffsets();
      const { connector } = await startConnector({
        ...connectionProps(), 'dialect.name': 'GenericDatabaseDialect', mode: 'timestamp+incrementing',
        'timestamp.column.name': 'updated_at', 'incrementing.column.name': 'id', 'table.whitelist': 't_generic',
        'topic.prefix': 'generic_', 'poll.interval.ms': '50',
      }, offsets);
      const [config] = await connector.taskConfigs(2);
      await connector.stop();
      const task = await startTask(config!, offsets);
      try {
        const records = await pollRecords(task, offsets, 2);
        assert.deepEqual(ids(records), [1, 2]);
        assert.deepEqual(records[0]!.sourcePartition, { protocol: '1', table: `${db.database}.public.t_generic` });
        assert.equal(records[0]!.topic, 'generic_t_generic');
        assert.equal(String(field(records[0]!, 'amount')), '1.125');
        assert.ok(field(records[0]!, 'updated_at') instanceof Date);
        await setup.execute(`UPDATE t_generic SET name = 'a2', updated_at = clock_timestamp() WHERE id = 1`);
        const updated = await pollRecords(task, offsets, Infinity, { idlePolls: 2 });
        assert.deepEqual(updated.map((r) => field(r, 'name')), ['a2']);
      } finally {
        await task.stop();
        await setup.close();
      }
    });
  });
});
