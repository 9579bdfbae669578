import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BigDecimal, Decimal, Timestamp } from '@tsconnect/api';
import { createMariaDbDatabase, type ThrowawayDatabase } from '@tsconnect/testinfra';
import { openConnection } from '../../src/connection/open-connection.js';
import { field, MemoryOffsets, pollRecords, startTask } from './source-harness.js';
import { defineSourceScenarios } from './source-scenarios.js';

describe('JDBC source on MariaDB', () => {
  let db: ThrowawayDatabase;
  before(async () => {
    db = await createMariaDbDatabase('jdbc_source');
  });
  after(async () => {
    await db.drop();
  });
  const connectionProps = () => ({ 'connection.url': db.jdbcUrl, 'connection.user': db.user, 'connection.password': db.password });
  const open = () => openConnection({ url: db.jdbcUrl, user: db.user, password: db.password });

  defineSourceScenarios(() => ({
    connectionProps,
    open,
    idColumn: 'id INT AUTO_INCREMENT PRIMARY KEY',
    timestampColumn: 'DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)',
    nullableTimestamp: 'DATETIME(6) NULL',
    now: 'CURRENT_TIMESTAMP(6)',
    decimalType: 'DECIMAL(10,2)',
    // Connector/J reports databases as catalogs and no schemas
    partitionTable: (table) => `${db.database}.${table}`,
    concurrentWriters: true,
  }));

  describe('MariaDB specifics', () => {
    it('maps column types to Connect types, and reads DATETIME in db.timezone', async () => {
      const setup = await open();
      await setup.execute(`CREATE TABLE t_types (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, flag TINYINT(1), small SMALLINT,
        f FLOAT, d DOUBLE, price DECIMAL(10,2), big BIGINT, bits BIT(3), v VARCHAR(10), e ENUM('x', 'y'), doc JSON,
        bin VARBINARY(4), day DATE, at TIME(3), dt DATETIME(6), yr YEAR)`);
      await setup.execute(`INSERT INTO t_types (flag, small, f, d, price, big, bits, v, e, doc, bin, day, at, dt, yr) VALUES
        (1, -2, 1.5, 2.25, 12.34, 9007199254740993, b'101', 'x', 'y', '{"a": 1}', x'0102', '2024-02-29', '10:11:12.5',
         '2024-07-01 12:00:00.123456', 2024)`);
      await setup.close();
      const offsets = new MemoryOffsets();
      const task = await startTask({
        ...connectionProps(), 'topic.prefix': 'src_', mode: 'incrementing', 'numeric.mapping': 'best_fit', 'db.timezone': '+02:00',
        tables: JSON.stringify([{ catalog: db.database, schema: null, table: 't_types' }]),
      }, offsets);
      try {
        const [r] = await pollRecords(task, offsets, 1);
        const types = Object.fromEntries(r!.valueSchema!.fields.map((f) => [f.name, f.schema.name ?? f.schema.type]));
        assert.deepEqual(types, {
          id: 'INT64', flag: 'INT8', small: 'INT16', f: 'FLOAT32', d: 'FLOAT64', price: Decimal.LOGICAL_NAME, big: 'INT64',
          bits: 'INT8', v: 'STRING', e: 'STRING', doc: 'STRING', bin: 'BYTES', day: 'org.apache.kafka.connect.data.Date',
          at: 'org.apache.kafka.connect.data.Time', dt: Timestamp.LOGICAL_NAME, yr: 'INT16',
        });
        assert.equal(field(r!, 'id'), 1n);
        assert.equal(field(r!, 'big'), 9007199254740993n);
        assert.equal(field(r!, 'bits'), 5);
        assert.ok((field(r!, 'price') as BigDecimal).equals(BigDecimal.fromString('12.34')));
        assert.deepEqual(field(r!, 'dt'), new Date('2024-07-01T10:00:00.123Z'));
        assert.deepEqual(field(r!, 'at'), new Date(((10 * 60 + 11) * 60 + 12) * 1000 + 500));
        assert.equal(field(r!, 'yr'), 2024);
        assert.deepEqual(JSON.parse(field(r!, 'doc') as string), { a: 1 });
      } finally {
        await task.stop();
      }
    });
  });
});
