/** The addon's connection against the real drivers: psqlODBC and MariaDB Connector/ODBC. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMariaDbDatabase, createPostgresDatabase, type ThrowawayDatabase } from '@tsconnect/testinfra';
import { bulkModeFor, OdbcBulkConnection, ParameterSetError, statementParameterLimit } from '../../src/connection/odbc-bulk-connection.js';

// psqlODBC marks failed rows in the status array (every row of the chunk it sent); MariaDB's
// driver fails the whole array and marks none. psqlODBC runs an array as one INSERT per row, so
// `auto` writes multi-row statements through it.
const targets = [
  { name: 'psqlODBC', create: createPostgresDatabase, driver: 'PostgreSQL Unicode', marksRows: true, autoMode: 'multirow' },
  { name: 'MariaDB Connector/ODBC', create: createMariaDbDatabase, driver: 'MariaDB Unicode', marksRows: false, autoMode: 'arrays' },
];

describe('ODBC bulk mode', () => {
  it('is multirow for psqlODBC under auto, and what is configured otherwise', () => {
    assert.equal(bulkModeFor('auto', { driverName: 'psqlodbcw.so', dbmsName: 'PostgreSQL' }), 'multirow');
    assert.equal(bulkModeFor('auto', { driverName: 'libmaodbc.so', dbmsName: 'MariaDB' }), 'arrays');
    assert.equal(bulkModeFor('arrays', { driverName: 'psqlodbcw.so', dbmsName: 'PostgreSQL' }), 'arrays');
    assert.equal(bulkModeFor('multirow', { driverName: 'libmaodbc.so', dbmsName: 'MariaDB' }), 'multirow');
  });

  it('keeps a statement within the DBMS\'s parameter limit', () => {
    assert.equal(statementParameterLimit('PostgreSQL'), 65_535);
    assert.equal(statementParameterLimit('MariaDB'), 65_535);
    assert.equal(statementParameterLimit('Microsoft SQL Server'), 2_000);
  });
});

for (const target of targets) {
  describe(`OdbcBulkConnection through ${target.name}`, () => {
    let db: ThrowawayDatabase;
    let connection: OdbcBulkConnection;

    before(async () => {
      db = await target.create('odbc_bulk_conn');
      connection = await OdbcBulkConnection.open(
        `Driver={${target.driver}};Server=${db.host};Port=${db.port};Database=${db.database};UID=${db.user};PWD={${db.password}}`);
    });

    after(async () => {
      await connection?.close();
      await db?.drop();
    });

    it(`reports the driver, which auto writes with ${target.autoMode}`, () => {
      assert.equal(bulkModeFor('auto', connection.driver), target.autoMode);
    });

    it('writes multi-row statements of at most 1,000 rows, the last chunk with its own text, again after a failed one', async () => {
      await connection.executeArray('CREATE TABLE multi (id INT PRIMARY KEY, label VARCHAR(20))', [[]]);
      const sizes: number[] = [];
      const statementFor = (k: number) => {
        sizes.push(k);
        return `INSERT INTO multi (id, label) VALUES ${Array.from({ length: k }, () => '(?, ?)').join(', ')}`;
      };
      const rows = Array.from({ length: 2_500 }, (_v, i) => [i, i % 7 === 0 ? null : `l${i}`]);
      assert.equal(await connection.executeRows(statementFor, rows), 2_500);
      assert.deepEqual(sizes, [1_000, 500]);
      const again = [[2_500, 'x'], [0, 'duplicate'], [2_501, 'y']];
      await assert.rejects(connection.executeRows(statementFor, again), (err: unknown) => {
        assert.ok(err instanceof ParameterSetError, String(err));
        assert.equal(err.sqlState?.slice(0, 2), '23');
        assert.deepEqual(err.failedSets, again, 'a failed statement names all its rows');
        return true;
      });
      assert.equal(await connection.executeRows(statementFor, [[2_500, 'x'], [2_501, 'y'], [2_502, 'z']]), 3);
      const total = await connection.executeArray('DELETE FROM multi WHERE id >= ?', [[0]]);
      assert.equal(total.reduce((a, b) => a + b, 0), 2_503);
    });

    it('executes one statement over an array, with names and values outside ASCII', async () => {
      await connection.executeArray('CREATE TABLE tést (id INT PRIMARY KEY, prénom VARCHAR(20))', [[]]);
      const counts = await connection.executeArray('INSERT INTO tést (id, prénom) VALUES (?, ?)', [[1, 'Zoë'], [2, null], [3, 'ascii']]);
      assert.equal(counts.reduce((a, b) => a + b, 0), 3);
      const deleted = await connection.executeArray('DELETE FROM tést WHERE id = ?', [[2], [99]]);
      assert.equal(deleted.reduce((a, b) => a + b, 0), 1);
    });

    it(`${target.marksRows ? 'names the failed parameter set' : 'fails the array as a whole'} and rolls the transaction back`, async () => {
      await connection.executeArray('CREATE TABLE keyed (id INT PRIMARY KEY)', [[]]);
      await connection.setAutoCommit(false);
      const sets = [[10], [11], [10], [12]];
      await assert.rejects(connection.executeArray('INSERT INTO keyed (id) VALUES (?)', sets), (err: unknown) => {
        assert.ok(err instanceof ParameterSetError, String(err));
        assert.equal(err.sqlState?.slice(0, 2), '23');
        if (target.marksRows) assert.ok(err.failedSets.includes(sets[2]!), 'the duplicate is among the failed sets');
        else assert.deepEqual(err.failedSets, []);
        return true;
      });
      await connection.rollback();
      await connection.setAutoCommit(true);
      const after = await connection.executeArray('DELETE FROM keyed WHERE id >= ?', [[0]]);
      assert.equal(after.reduce((a, b) => a + b, 0), 0, 'nothing of the failed array was kept');
    });
  });
}
