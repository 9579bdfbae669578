import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Decimal, SchemaBuilder, Schemas } from '@tsconnect/api';
import { MySqlDatabaseDialect, supportsRowAlias } from '../../src/dialect/mysql-dialect.js';
import { column, everyKindColumns, sinkColumn, table } from './dialect-fixtures.js';

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
});
