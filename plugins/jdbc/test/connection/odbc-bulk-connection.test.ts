/** The addon's connection against the real drivers: psqlODBC and MariaDB Connector/ODBC. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMariaDbDatabase, createPostgresDatabase, type ThrowawayDatabase } from '@tsconnect/testinfra';
import { OdbcBulkConnection, ParameterSetError } from '../../src/connection/odbc-bulk-connection.js';

// psqlODBC marks failed rows in the status array (every row of the chunk it sent); MariaDB's
// driver fails the whole array and marks none.
const targets = [
  { name: 'psqlODBC', create: createPostgresDatabase, driver: 'PostgreSQL Unicode', marksRows: true },
  { name: 'MariaDB Connector/ODBC', create: createMariaDbDatabase, driver: 'MariaDB Unicode', marksRows: false },
];

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
