/**
 * Every driver behind DatabaseConnection, against the machine's PostgreSQL and MariaDB (directly
 * and through their ODBC drivers) and a SQLite file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createMariaDbDatabase, createPostgresDatabase, type ThrowawayDatabase } from '@tsconnect/testinfra';
import type { ConnectionConfig, DatabaseConnection } from '../../src/connection/database-connection.js';
import { DatabaseError } from '../../src/connection/database-error.js';
import { openConnection } from '../../src/connection/open-connection.js';

interface Target {
  name: string;
  config: () => ConnectionConfig;
  /** The SQLSTATE a primary key violation gives. */
  duplicateState: string | null;
}

let pg: ThrowawayDatabase;
let maria: ThrowawayDatabase;
let dir: string;

const targets: Target[] = [
  { name: 'PostgreSQL (pg)', config: () => ({ url: pg.jdbcUrl, user: pg.user, password: pg.password }), duplicateState: '23505' },
  { name: 'MariaDB (mysql2)', config: () => ({ url: maria.jdbcUrl, user: maria.user, password: maria.password }), duplicateState: '23000' },
  { name: 'SQLite (better-sqlite3)', config: () => ({ url: `jdbc:sqlite:${join(dir, 'c.db')}` }), duplicateState: null },
  {
    name: 'PostgreSQL (ODBC)',
    config: () => ({ url: `Driver={PostgreSQL Unicode};Server=${pg.host};Port=${pg.port};Database=${pg.database}`, user: pg.user, password: pg.password }),
    duplicateState: '23505',
  },
  {
    name: 'MariaDB (ODBC)',
    config: () => ({ url: `jdbc:odbc:Driver={MariaDB Unicode};Server=${maria.host};Port=${maria.port};Database=${maria.database}`, user: maria.user, password: maria.password }),
    duplicateState: '23000',
  },
];

before(async () => {
  pg = await createPostgresDatabase('jdbc_conn');
  maria = await createMariaDbDatabase('jdbc_conn');
  dir = mkdtempSync(join(tmpdir(), 'jdbc-conn-'));
});

after(async () => {
  await pg?.drop();
  await maria?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

for (const target of targets) {
  describe(target.name, () => {
    let connection: DatabaseConnection;
    const table = `t_${target.name.replace(/\W+/g, '_').toLowerCase()}`;
    const mark = (n: number): string => (connection.paramStyle === 'dollar' ? `$${n}` : '?');

    before(async () => {
      connection = await openConnection(target.config());
      await connection.execute(`CREATE TABLE ${table} (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(20))`);
    });

    after(async () => {
      await connection?.close();
    });

    it('reports the server version', async () => {
      assert.match(await connection.serverVersion(), /\d+\.\d+/);
      assert.equal(await connection.isValid(), true);
    });

    it('executes with parameters, in batches, and queries rows back', async () => {
      assert.equal(await connection.execute(`INSERT INTO ${table} (id, name) VALUES (${mark(1)}, ${mark(2)})`, [1, 'one']), 1);
      const counts = await connection.executeBatch(`INSERT INTO ${table} (id, name) VALUES (${mark(1)}, ${mark(2)})`, [[2, 'two'], [3, null]]);
      assert.deepEqual(counts, [1, 1]);
      const r = await connection.query<{ id: unknown; name: string | null }>(`SELECT id, name FROM ${table} WHERE id >= ${mark(1)} ORDER BY id`, [2]);
      assert.deepEqual(r.rows.map((row) => [Number(row.id), row.name]), [[2, 'two'], [3, null]]);
      assert.deepEqual(r.columns, ['id', 'name']);
    });

    it('commits and rolls back transactions', async () => {
      await connection.transaction(() => connection.execute(`INSERT INTO ${table} (id, name) VALUES (10, 'kept')`));
      await assert.rejects(connection.transaction(async () => {
        await connection.execute(`INSERT INTO ${table} (id, name) VALUES (11, 'dropped')`);
        throw new Error('abort');
      }), /abort/);
      assert.equal(connection.inTransaction, false);
      const r = await connection.query<{ id: unknown }>(`SELECT id FROM ${table} WHERE id >= 10 ORDER BY id`);
      assert.deepEqual(r.rows.map((row) => Number(row.id)), [10]);
    });

    it('streams a query in chunks and stays usable after stopping early', async () => {
      await connection.executeBatch(`INSERT INTO ${table} (id, name) VALUES (${mark(1)}, ${mark(2)})`,
        Array.from({ length: 7 }, (_v, i) => [100 + i, `r${i}`]));
      const sizes: number[] = [];
      for await (const chunk of connection.queryInChunks(`SELECT id FROM ${table} WHERE id >= 100 ORDER BY id`, [], 3)) {
        sizes.push(chunk.length);
      }
      assert.deepEqual(sizes, [3, 3, 1]);
      for await (const chunk of connection.queryInChunks(`SELECT id FROM ${table} WHERE id >= 100 ORDER BY id`, [], 2)) {
        assert.equal(chunk.length, 2);
        break;
      }
      const r = await connection.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table} WHERE id >= 100`);
      assert.equal(Number(r.rows[0]!.n), 7);
    });

    it('reports a duplicate key as a non-retriable DatabaseError with its SQLSTATE', async () => {
      await assert.rejects(connection.execute(`INSERT INTO ${table} (id, name) VALUES (1, 'again')`), (err: unknown) => {
        assert.ok(err instanceof DatabaseError, String(err));
        assert.equal(err.retriable, false);
        if (target.duplicateState) assert.equal(err.sqlState, target.duplicateState);
        else assert.match(String(err.vendorCode), /SQLITE_CONSTRAINT/);
        return true;
      });
    });
  });
}

describe('PostgreSQL COPY', () => {
  it('copies text rows into a table inside a transaction', async () => {
    const connection = await openConnection({ url: pg.jdbcUrl, user: pg.user, password: pg.password });
    try {
      await connection.execute('CREATE TABLE copied (id int8, note text)');
      const copied = await connection.transaction(() => connection.copyFrom!('COPY copied (id, note) FROM STDIN', ['1\ta\n', '2\t\\N\n']));
      assert.equal(copied, 2);
      const r = await connection.query<{ id: bigint; note: string | null }>('SELECT id, note FROM copied ORDER BY id');
      assert.deepEqual(r.rows, [{ id: 1n, note: 'a' }, { id: 2n, note: null }]);
    } finally {
      await connection.close();
    }
  });
});

describe('unreachable server', () => {
  it('fails to connect with a retriable DatabaseError', async () => {
    await assert.rejects(openConnection({ url: 'jdbc:postgresql://127.0.0.1:1/none', user: 'x' }), (err: unknown) => {
      assert.ok(err instanceof DatabaseError);
      assert.equal(err.retriable, true);
      return true;
    });
  });
});
