import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Decimal, SchemaBuilder, Schemas } from '@tsconnect/api';
import { DatabaseError } from '../../src/connection/database-error.js';
import { MySqlDatabaseDialect, supportsRowAlias } from '../../src/dialect/mysql-dialect.js';
import { column, everyKindColumns, RecordingConnection, sinkColumn, table } from './dialect-fixtures.js';

/** A MySQL connection in a transaction whose LOAD DATA LOCAL answers as told. */
class LoadingConnection extends RecordingConnection {
  override readonly inTransaction: boolean;
  readonly loads: { sql: string; text: string }[] = [];
  constructor(readonly answer: () => { rows: number; warnings: number }, inTransaction = true) {
    super();
    this.inTransaction = inTransaction;
  }
  async loadDataLocal(sql: string, chunks: Iterable<Uint8Array>): Promise<{ rows: number; warnings: number }> {
    this.loads.push({ sql, text: Buffer.concat([...chunks]).toString('utf8') });
    return this.answer();
  }
}

const orders = table('orders', [column('id', 'bigint', 'BIGINT', { isPrimaryKey: true }), column('name', 'text', 'VARCHAR')]);
const mariadb = new MySqlDatabaseDialect({ serverVersion: '10.11.6-MariaDB' });
const mysql8 = new MySqlDatabaseDialect({ serverVersion: '8.0.36' });

describe('MySqlDatabaseDialect', () => {
  it('creates tables with bounded key types, microsecond times and expression defaults for TEXT', () => {
    const decimal = Decimal.builder(2).parameter('connect.decimal.precision', '10').build();
    const sql = mariadb.buildCreateTable({ catalog: null, schema: null, table: 't' }, everyKindColumns(decimal));
    assert.match(sql, /^CREATE TABLE `t` \(\n`id` BIGINT NOT NULL,\n`code` VARCHAR\(255\) NOT NULL,\n`i8` TINYINT NOT NULL,/);
    assert.match(sql, /`flag` BOOLEAN DEFAULT 1 NOT NULL,/);
    assert.match(sql, /`note` LONGTEXT DEFAULT \('it''s'\) NULL,/);
    assert.match(sql, /`bin` LONGBLOB NULL,\n`amount` DECIMAL\(10,2\) NOT NULL,\nPRIMARY KEY\(`id`,`code`\)\)$/);
    const type = (schema: Parameters<typeof sinkColumn>[1]): string => mariadb.sqlType(sinkColumn('c', schema));
    assert.equal(type(SchemaBuilder.int64().withName('org.apache.kafka.connect.data.Timestamp').build()), 'DATETIME(6)');
    assert.equal(type(SchemaBuilder.int32().withName('org.apache.kafka.connect.data.Time').build()), 'TIME(6)');
    assert.equal(type(Decimal.schema(40)), 'DECIMAL(65,30)');
    assert.equal(type(SchemaBuilder.map(Schemas.STRING, Schemas.STRING).build()), 'JSON');
  });

  it('upserts with VALUES() on MariaDB and the row alias on MySQL 8.0.19+', () => {
    assert.equal(mariadb.buildUpsert(orders, ['id'], ['name'], 2),
      'INSERT INTO `orders`(`id`,`name`) VALUES (?,?),(?,?) ON DUPLICATE KEY UPDATE `name`=VALUES(`name`)');
    assert.equal(mysql8.buildUpsert(orders, ['id'], ['name'], 1),
      'INSERT INTO `orders`(`id`,`name`) VALUES (?,?) AS new ON DUPLICATE KEY UPDATE `name`=new.`name`');
    assert.equal(mariadb.buildUpsert(orders, ['id'], [], 1), 'INSERT INTO `orders`(`id`) VALUES (?) ON DUPLICATE KEY UPDATE `id`=VALUES(`id`)');
    assert.deepEqual(['8.0.18', '8.0.19', '8.4.0', '10.11.6-MariaDB', null].map(supportsRowAlias), [false, true, true, false, false]);
  });

  it('updates many rows in one statement and deletes composite keys with row values', () => {
    assert.equal(mariadb.buildMultiRowUpdate(orders, ['id'], ['name'], 2),
      'UPDATE `orders` AS t JOIN (SELECT ? AS c0,? AS c1 UNION ALL SELECT ?,?) AS d ON t.`id`=d.c0 SET t.`name`=d.c1');
    assert.equal(mariadb.buildDelete(orders, ['id', 'name'], 2), 'DELETE FROM `orders` WHERE (`id`,`name`) IN ((?,?),(?,?))');
  });

  it('binds booleans as 1 and 0', () => {
    assert.equal(mariadb.bindValue(true, Schemas.BOOLEAN, undefined), 1);
    assert.equal(mariadb.bindValue(false, Schemas.BOOLEAN, undefined), 0);
  });

  it('inserts in a transaction by LOAD DATA LOCAL INFILE behind a savepoint', async () => {
    const connection = new LoadingConnection(() => ({ rows: 2, warnings: 0 }));
    assert.equal(await mariadb.insertRows(connection, orders, ['id', 'name'], [[1n, 'a'], [2n, 'b\tc']]), 2);
    assert.deepEqual(connection.loads, [{
      sql: "LOAD DATA LOCAL INFILE 'rows' INTO TABLE `orders` CHARACTER SET utf8mb4 (`id`,`name`)", text: '1\ta\n2\tb\\tc\n',
    }]);
    assert.deepEqual(connection.statements.map((s) => s.sql), ['SAVEPOINT tsconnect_load']);
  });

  it('queues the load behind the savepoint without waiting for its answer, and fails with the savepoint\'s error', async () => {
    let answerSavepoint: (error?: Error) => void = () => undefined;
    class SlowSavepoint extends LoadingConnection {
      override async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
        await super.execute(sql, params);
        if (sql.startsWith('SAVEPOINT')) {
          await new Promise<void>((resolve, reject) => {
            answerSavepoint = (error) => (error ? reject(error) : resolve());
          });
        }
        return 1;
      }
    }
    const connection = new SlowSavepoint(() => ({ rows: 1, warnings: 0 }));
    const inserted = mariadb.insertRows(connection, orders, ['id', 'name'], [[1n, 'a']]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(connection.loads.length, 1, 'the load is on its way before the savepoint answered');
    answerSavepoint();
    assert.equal(await inserted, 1);

    const failing = new SlowSavepoint(() => {
      throw new DatabaseError('Lost connection', '08S01', 'PROTOCOL_CONNECTION_LOST', true);
    });
    const refused = mariadb.insertRows(failing, orders, ['id', 'name'], [[1n, 'a']]);
    await new Promise((resolve) => setImmediate(resolve));
    answerSavepoint(new DatabaseError('Lost connection during SAVEPOINT', '08S01', 'PROTOCOL_CONNECTION_LOST', true));
    await assert.rejects(refused, /during SAVEPOINT/);
  });

  it('rolls a load with warnings or skipped rows back and inserts by statement, which fails as it should', async () => {
    for (const answer of [{ rows: 2, warnings: 1 }, { rows: 1, warnings: 1 }, { rows: 1, warnings: 0 }]) {
      const connection = new LoadingConnection(() => answer);
      await mariadb.insertRows(connection, orders, ['id', 'name'], [[1n, 'a'], [1n, 'b']]);
      assert.deepEqual(connection.statements.map((s) => s.sql), [
        'SAVEPOINT tsconnect_load', 'ROLLBACK TO SAVEPOINT tsconnect_load', 'INSERT INTO `orders`(`id`,`name`) VALUES (?,?),(?,?)',
      ]);
    }
  });

  it('loads every chunk behind one savepoint, writing each file once the driver took the one before', async () => {
    const sent: (() => void)[] = [];
    class ManualSend extends LoadingConnection {
      override async loadDataLocal(sql: string, chunks: Iterable<Uint8Array>, fileSent?: () => void): Promise<{ rows: number; warnings: number }> {
        const loaded = super.loadDataLocal(sql, chunks);
        await new Promise<void>((resolve) => sent.push(() => {
          fileSent?.();
          resolve();
        }));
        return loaded;
      }
    }
    const connection = new ManualSend(() => ({ rows: 1, warnings: 0 }));
    const inserted = mariadb.insertChunks(connection, orders, ['id', 'name'], [[[1n, 'a']], [], [[2n, 'b']], [[3n, 'c']]]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(connection.loads.length, 1, 'the second file waits until the first is sent');
    sent[0]!();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(connection.loads.length, 2);
    sent[1]!();
    await new Promise((resolve) => setImmediate(resolve));
    sent[2]!();
    assert.equal(await inserted, 3);
    assert.deepEqual(connection.loads.map((l) => l.text), ['1\ta\n', '2\tb\n', '3\tc\n']);
    assert.deepEqual(connection.statements.map((s) => s.sql), ['SAVEPOINT tsconnect_load']);
  });

  it('rolls every chunk back when one load warns or fails, and inserts them all by statements', async () => {
    for (const answers of [[{ rows: 1, warnings: 0 }, { rows: 1, warnings: 1 }], [{ rows: 0, warnings: 0 }, { rows: 1, warnings: 0 }]]) {
      let n = 0;
      const connection = new LoadingConnection(() => answers[n++]!);
      assert.equal(await mariadb.insertChunks(connection, orders, ['id', 'name'], [[[1n, 'a']], [[2n, 'b']]]), 2);
      assert.equal(connection.loads.length, 2);
      assert.deepEqual(connection.statements.map((s) => [s.sql, s.params]), [
        ['SAVEPOINT tsconnect_load', []], ['ROLLBACK TO SAVEPOINT tsconnect_load', []],
        ['INSERT INTO `orders`(`id`,`name`) VALUES (?,?)', [1n, 'a']], ['INSERT INTO `orders`(`id`,`name`) VALUES (?,?)', [2n, 'b']],
      ]);
    }
    let calls = 0;
    const lost = new LoadingConnection(() => {
      if (calls++ === 0) return { rows: 1, warnings: 0 };
      throw new DatabaseError('Lost connection', '08S01', 'PROTOCOL_CONNECTION_LOST', true);
    });
    await assert.rejects(mariadb.insertChunks(lost, orders, ['id', 'name'], [[[1n, 'a']], [[2n, 'b']]]), /Lost connection/);
    assert.deepEqual(lost.statements.map((s) => s.sql), ['SAVEPOINT tsconnect_load']);
  });

  it('inserts by statement outside a transaction, for values the load cannot carry, and once the server refused LOCAL', async () => {
    const outside = new LoadingConnection(() => ({ rows: 1, warnings: 0 }), false);
    await mariadb.insertRows(outside, orders, ['id', 'name'], [[1n, 'a']]);
    const bytes = new LoadingConnection(() => ({ rows: 1, warnings: 0 }));
    await mariadb.insertRows(bytes, orders, ['id', 'name'], [[1n, Buffer.from('a')]]);
    for (const connection of [outside, bytes]) {
      assert.deepEqual(connection.loads, []);
      assert.deepEqual(connection.statements.map((s) => s.sql), ['INSERT INTO `orders`(`id`,`name`) VALUES (?,?)']);
    }

    const dialect = new MySqlDatabaseDialect({ serverVersion: '8.0.36' });
    const refusing = new LoadingConnection(() => {
      throw new DatabaseError('Loading local data is disabled', 'HY000', 'ER_CLIENT_LOCAL_FILES_DISABLED', false);
    });
    await dialect.insertRows(refusing, orders, ['id', 'name'], [[1n, 'a']]);
    await dialect.insertRows(refusing, orders, ['id', 'name'], [[2n, 'b']]);
    assert.equal(refusing.loads.length, 1);
    assert.deepEqual(refusing.statements.map((s) => s.sql), [
      'SAVEPOINT tsconnect_load', 'ROLLBACK TO SAVEPOINT tsconnect_load', 'INSERT INTO `orders`(`id`,`name`) VALUES (?,?)',
      'INSERT INTO `orders`(`id`,`name`) VALUES (?,?)',
    ]);
  });
});
