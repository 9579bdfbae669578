import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException } from '@tsconnect/api';
import { parseConnectionUrl } from '../../src/connection/connection-url.js';
import { createDialect, DIALECT_NAMES, dialectNameForUrl } from '../../src/dialect/dialect-registry.js';
import { numberedSql } from '../../src/dialect/numbered-sql.js';

describe('dialect registry', () => {
  it('picks the dialect from the URL, and the generic one for an unknown ODBC driver', () => {
    const name = (url: string): string => dialectNameForUrl(parseConnectionUrl(url));
    assert.equal(name('jdbc:postgresql://h/db'), 'PostgreSqlDatabaseDialect');
    assert.equal(name('jdbc:mariadb://h/db'), 'MySqlDatabaseDialect');
    assert.equal(name('jdbc:sqlite::memory:'), 'SqliteDatabaseDialect');
    assert.equal(name('Driver={Vertica};Servername=v'), 'VerticaDatabaseDialect');
    assert.equal(name('Driver={Actian Vector};Server=v'), 'VectorDatabaseDialect');
    assert.equal(name('DSN=warehouse'), 'GenericDatabaseDialect');
  });

  it('creates dialects by Confluent name and rejects unknown names', () => {
    for (const n of DIALECT_NAMES) assert.equal(createDialect(n).name, n);
    assert.throws(() => createDialect('OracleDatabaseDialect'), ConfigException);
  });

  it('turns $n markers into ? placeholders, repeating reused parameters', () => {
    assert.deepEqual(numberedSql('a = $1 OR b = $2 OR c = $1', ['x', 'y'], 'question'), { sql: 'a = ? OR b = ? OR c = ?', params: ['x', 'y', 'x'] });
    assert.deepEqual(numberedSql('a = $1', ['x'], 'dollar'), { sql: 'a = $1', params: ['x'] });
  });
});
