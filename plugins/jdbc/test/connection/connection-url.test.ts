import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException } from '@tsconnect/api';
import { parseConnectionUrl, redactConnectionUrl } from '../../src/connection/connection-url.js';

describe('parseConnectionUrl', () => {
  it('reads a PostgreSQL URL with host, port, database and properties', () => {
    const url = parseConnectionUrl('jdbc:postgresql://db.example:6543/orders?user=app&password=s%3Bcret&sslmode=require');
    assert.equal(url.driver, 'postgresql');
    assert.equal(url.product, 'postgresql');
    assert.equal(url.host, 'db.example');
    assert.equal(url.port, 6543);
    assert.equal(url.database, 'orders');
    assert.equal(url.user, 'app');
    assert.equal(url.password, 's;cret');
    assert.deepEqual(url.properties, { user: 'app', password: 's;cret', sslmode: 'require' });
    assert.equal(url.odbcAttributes, null);
  });

  it('defaults the PostgreSQL host and port, and takes the first of several hosts', () => {
    const short = parseConnectionUrl('jdbc:postgresql:accounting');
    assert.deepEqual([short.host, short.port, short.database], ['localhost', 5432, 'accounting']);
    const multi = parseConnectionUrl('jdbc:postgresql://a:5433,b:5434/x');
    assert.deepEqual([multi.host, multi.port], ['a', 5433]);
    const ipv6 = parseConnectionUrl('jdbc:postgresql://[::1]:5740/x');
    assert.deepEqual([ipv6.host, ipv6.port], ['::1', 5740]);
  });

  it('reads MySQL and MariaDB URLs, with user info in the authority', () => {
    const mysql = parseConnectionUrl('jdbc:mysql://root:pw@127.0.0.1/shop?useSSL=false');
    assert.deepEqual([mysql.driver, mysql.product, mysql.host, mysql.port, mysql.database, mysql.user, mysql.password],
      ['mysql', 'mysql', '127.0.0.1', 3306, 'shop', 'root', 'pw']);
    const maria = parseConnectionUrl('jdbc:mariadb://h:3307/db');
    assert.deepEqual([maria.driver, maria.product, maria.port], ['mysql', 'mariadb', 3307]);
  });

  it('reads SQLite paths, file: URLs and in-memory databases', () => {
    assert.equal(parseConnectionUrl('jdbc:sqlite:/tmp/x.db').database, '/tmp/x.db');
    assert.equal(parseConnectionUrl('jdbc:sqlite:relative/x.db').database, 'relative/x.db');
    assert.equal(parseConnectionUrl('jdbc:sqlite:file:///tmp/y.db').database, '/tmp/y.db');
    assert.equal(parseConnectionUrl('jdbc:sqlite::memory:').database, ':memory:');
    assert.equal(parseConnectionUrl('jdbc:sqlite:').database, ':memory:');
    assert.deepEqual(parseConnectionUrl('jdbc:sqlite:/tmp/z.db?journal_mode=WAL').properties, { journal_mode: 'WAL' });
  });

  it('reads bare ODBC connection strings and guesses the product from the driver name', () => {
    const url = parseConnectionUrl('Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=5432;Database=x;UID=u;PWD={a;b}');
    assert.equal(url.driver, 'odbc');
    assert.equal(url.product, 'postgresql');
    assert.deepEqual([url.host, url.port, url.database, url.user, url.password], ['127.0.0.1', 5432, 'x', 'u', 'a;b']);
    assert.equal(parseConnectionUrl('DRIVER={MariaDB Unicode};SERVER=h').product, 'mariadb');
    assert.equal(parseConnectionUrl('Driver=Vertica;Servername=v').product, 'vertica');
    assert.equal(parseConnectionUrl('Driver={Actian Vector};Server=v').product, 'vector');
    assert.equal(parseConnectionUrl('DSN=warehouse').product, null);
  });

  it('reads jdbc:odbc: with a connection string or a DSN name', () => {
    const full = parseConnectionUrl('jdbc:odbc:Driver={MariaDB Unicode};Server=h;Database=d');
    assert.deepEqual([full.driver, full.product, full.database], ['odbc', 'mariadb', 'd']);
    const dsn = parseConnectionUrl('jdbc:odbc:warehouse');
    assert.deepEqual(dsn.odbcAttributes, [['DSN', 'warehouse']]);
  });

  it('rejects URLs no driver serves, without showing the password', () => {
    assert.throws(() => parseConnectionUrl('jdbc:vertica://h:5433/db?password=hunter2'), (err: unknown) => {
      assert.ok(err instanceof ConfigException);
      assert.match(err.message, /ODBC/);
      assert.doesNotMatch(err.message, /hunter2/);
      return true;
    });
    assert.throws(() => parseConnectionUrl('postgres://h/db'), ConfigException);
    assert.throws(() => parseConnectionUrl('jdbc:mysql:db'), ConfigException);
  });
});

describe('redactConnectionUrl', () => {
  it('hides passwords in query strings, user info and ODBC attributes', () => {
    assert.equal(redactConnectionUrl('jdbc:postgresql://h/db?user=u&password=x1'), 'jdbc:postgresql://h/db?user=u&password=****');
    assert.equal(redactConnectionUrl('jdbc:mysql://u:x1@h/db'), 'jdbc:mysql://u:****@h/db');
    assert.equal(redactConnectionUrl('Driver={X};PWD={a;b};Server=h'), 'Driver={X};PWD=****;Server=h');
  });
});
