/** PostgreSQL specifics: json, jsonb and uuid columns, unquoted identifiers, db.timezone. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SchemaBuilder, Schemas, SinkRecord, Struct, Timestamp } from '@tsconnect/api';
import { createPostgresDatabase, type ThrowawayDatabase } from '@tsconnect/testinfra';
import type { DatabaseConnection } from '../../src/connection/database-connection.js';
import { openConnection } from '../../src/connection/open-connection.js';
import { startTask } from './sink-harness.js';
import type { JdbcSinkTask } from '../../src/sink/jdbc-sink-task.js';

describe('JDBC sink into PostgreSQL column types and naming', () => {
  let database: ThrowawayDatabase;
  let db: DatabaseConnection;
  const tasks: JdbcSinkTask[] = [];
  let offset = 0;

  before(async () => {
    database = await createPostgresDatabase('jdbc_sink_pg');
    db = await openConnection({ url: database.jdbcUrl, user: database.user, password: database.password });
  });
  after(async () => {
    for (const task of tasks) await task.stop();
    await db?.close();
    await database?.drop();
  });

  async function sink(props: Record<string, string>): Promise<JdbcSinkTask> {
    const { task } = await startTask({
      'connection.url': database.jdbcUrl, 'connection.user': database.user, 'connection.password': database.password, ...props,
    });
    tasks.push(task);
    return task;
  }

  it('writes strings into existing json, jsonb and uuid columns, and deletes by a uuid key', async () => {
    await db.execute('CREATE TABLE docs (id uuid PRIMARY KEY, body jsonb NOT NULL, raw json)');
    const key = SchemaBuilder.struct().addField('id', Schemas.STRING).build();
    const value = SchemaBuilder.struct().addField('id', Schemas.STRING).addField('body', Schemas.STRING).addField('raw', Schemas.OPTIONAL_STRING).build();
    const id = '6f1c1a5e-8a4b-4a58-9a51-0c1d2e3f4a5b';
    const rec = (body: string | null): SinkRecord => new SinkRecord({
      topic: 'docs', kafkaPartition: 0, kafkaOffset: offset++, keySchema: key, key: new Struct(key).put('id', id),
      valueSchema: body === null ? null : value,
      value: body === null ? null : new Struct(value).put('id', id).put('body', body).put('raw', '[1, 2]'),
    });
    const task = await sink({ 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'delete.enabled': 'true' });
    await task.put([rec('{"a": 1}'), rec('{"a": 2}')]);
    const r = await db.query<{ id: string; body: unknown; raw: unknown }>('SELECT id, body, raw FROM docs');
    assert.deepEqual(r.rows, [{ id, body: { a: 2 }, raw: [1, 2] }]);
    await task.put([rec(null)]);
    assert.equal((await db.query('SELECT 1 FROM docs')).rows.length, 0);
  });

  it('creates lower-case names with quote.sql.identifiers=never and keeps matching them', async () => {
    const value = SchemaBuilder.struct().addField('Id', Schemas.INT32).addField('UserName', Schemas.STRING).build();
    const rec = (n: number): SinkRecord => new SinkRecord({
      topic: 'Accounts', kafkaPartition: 0, kafkaOffset: offset++, valueSchema: value, value: new Struct(value).put('Id', n).put('UserName', `u${n}`),
    });
    const task = await sink({ 'auto.create': 'true', 'quote.sql.identifiers': 'never', 'pk.mode': 'record_value', 'pk.fields': 'Id', 'insert.mode': 'upsert' });
    await task.put([rec(1)]);
    await task.put([rec(2), rec(1)]);
    const r = await db.query<{ id: number; username: string }>('SELECT id, username FROM accounts ORDER BY id');
    assert.deepEqual(r.rows, [{ id: 1, username: 'u1' }, { id: 2, username: 'u2' }]);
  });

  it('writes timestamps as wall-clock time in db.timezone', async () => {
    const value = SchemaBuilder.struct().addField('at', Timestamp.SCHEMA).build();
    const task = await sink({ 'auto.create': 'true', 'db.timezone': 'America/New_York' });
    await task.put([new SinkRecord({
      topic: 'zoned', kafkaPartition: 0, kafkaOffset: offset++, valueSchema: value,
      value: new Struct(value).put('at', new Date(Date.UTC(2024, 6, 1, 12, 0, 0, 250))),
    })]);
    const r = await db.query<{ at: string }>('SELECT at FROM zoned');
    assert.equal(r.rows[0]!.at, '2024-07-01 08:00:00.25');
  });
});
