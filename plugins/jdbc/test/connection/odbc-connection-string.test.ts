import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatOdbcConnectionString, odbcAttribute, parseOdbcConnectionString, withOdbcAttributes,
} from '../../src/connection/odbc-connection-string.js';
import { odbcConnectionString } from '../../src/connection/odbc-connection.js';
import { parseConnectionUrl } from '../../src/connection/connection-url.js';

describe('ODBC connection strings', () => {
  it('parses braced values holding ; and doubled }', () => {
    const attrs = parseOdbcConnectionString('Driver={PostgreSQL Unicode};PWD={a;b}}c};Server= h ;');
    assert.deepEqual(attrs, [['Driver', 'PostgreSQL Unicode'], ['PWD', 'a;b}c'], ['Server', 'h']]);
  });

  it('round-trips through format, bracing values that need it', () => {
    const text = formatOdbcConnectionString([['Driver', 'MariaDB Unicode'], ['PWD', 'x}y'], ['Port', '3306']]);
    assert.equal(text, 'Driver={MariaDB Unicode};PWD={x}}y};Port=3306');
    assert.deepEqual(parseOdbcConnectionString(text), [['Driver', 'MariaDB Unicode'], ['PWD', 'x}y'], ['Port', '3306']]);
  });

  it('looks attributes up ignoring case and replaces them whatever their case', () => {
    const attrs = parseOdbcConnectionString('uid=a;SERVER=h');
    assert.equal(odbcAttribute(attrs, 'UID'), 'a');
    assert.deepEqual(withOdbcAttributes(attrs, { UID: 'b' }), [['SERVER', 'h'], ['UID', 'b']]);
  });

  it('rejects an unterminated brace', () => {
    assert.throws(() => parseOdbcConnectionString('PWD={abc'), SyntaxError);
  });

  it('adds connection.user and connection.password unless the string has its own', () => {
    const url = parseConnectionUrl('Driver={PostgreSQL Unicode};Server=h');
    assert.equal(odbcConnectionString(url, 'u', 'p;q'), 'Driver={PostgreSQL Unicode};Server=h;UID=u;PWD={p;q}');
    const own = parseConnectionUrl('Driver={PostgreSQL Unicode};Uid=me;Pwd=mine');
    assert.equal(odbcConnectionString(own, 'u', 'p'), 'Driver={PostgreSQL Unicode};Uid=me;Pwd=mine');
  });
});
