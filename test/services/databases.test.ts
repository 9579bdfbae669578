import { createMariaDbDatabase, createPostgresDatabase, mariadbSettings, postgresSettings } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import mysql from 'mysql2/promise';
import pg from 'pg';

test('a throw-away PostgreSQL database is usable and gone after drop', async () => {
  const db = await createPostgresDatabase('infra');
  const client = new pg.Client({ ...postgresSettings(), database: db.database });
  await client.connect();
  try {
    await client.query('CREATE TABLE t (id int primary key, name text)');
    await client.query("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
    const { rows } = await client.query('SELECT name FROM t ORDER BY id');
    assert.deepEqual(rows.map((r: { name: string }) => r.name), ['one', 'two']);
  } finally {
    await client.end();
  }
  assert.match(db.jdbcUrl, new RegExp(`^jdbc:postgresql://.+/${db.database}$`));
  await db.drop();
  const admin = new pg.Client({ ...postgresSettings(), database: 'postgres' });
  await admin.connect();
  const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.database]);
  await admin.end();
  assert.equal(left.rowCount, 0);
});

test('a throw-away MariaDB database is usable and gone after drop', async () => {
  const db = await createMariaDbDatabase('infra');
  const conn = await mysql.createConnection({ ...mariadbSettings(), database: db.database });
  try {
    await conn.query('CREATE TABLE t (id int primary key, name varchar(20))');
    await conn.query("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
    const [rows] = await conn.query('SELECT name FROM t ORDER BY id');
    assert.deepEqual((rows as { name: string }[]).map((r) => r.name), ['one', 'two']);
  } finally {
    await conn.end();
  }
  await db.drop();
  const admin = await mysql.createConnection(mariadbSettings());
  const [left] = await admin.query('SHOW DATABASES LIKE ?', [db.database]);
  await admin.end();
  assert.equal((left as unknown[]).length, 0);
});

test('an unreachable server is reported with the command that starts it', async () => {
  const saved = process.env.PGPORT;
  process.env.PGPORT = '1'; // nothing listens on port 1
  try {
    await assert.rejects(createPostgresDatabase('infra'), /not reachable at 127\.0\.0\.1:1 .*Start the local server with: pg_ctlcluster/);
  } finally {
    if (saved === undefined) delete process.env.PGPORT;
    else process.env.PGPORT = saved;
  }
});
