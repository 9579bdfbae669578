import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException } from '@tsconnect/api';
import { JdbcSinkConnector } from '../../src/sink/jdbc-sink-connector.js';
import { JdbcSinkTask } from '../../src/sink/jdbc-sink-task.js';
import { JdbcSinkConfig } from '../../src/sink/sink-config.js';

const base = { 'connection.url': 'jdbc:sqlite::memory:' };

describe('JdbcSinkConnector', () => {
  it("answers to Confluent's class names", () => {
    assert.equal(JdbcSinkConnector.className, 'io.confluent.connect.jdbc.JdbcSinkConnector');
    assert.equal(JdbcSinkTask.className, 'io.confluent.connect.jdbc.sink.JdbcSinkTask');
    assert.equal(new JdbcSinkConnector().taskClass(), JdbcSinkTask);
    assert.match(new JdbcSinkConnector().version(), /^\d+\.\d+\.\d+/);
  });

  it("declares Confluent's keys, defaults and groups", () => {
    const keys = new JdbcSinkConnector().config().configKeys;
    const defaults = Object.fromEntries([...keys].map(([k, v]) => [k, v.defaultValue]));
    assert.equal(defaults['insert.mode'], 'insert');
    assert.equal(defaults['batch.size'], 3000);
    assert.equal(defaults['max.retries'], 10);
    assert.equal(defaults['retry.backoff.ms'], 3000);
    assert.equal(defaults['table.name.format'], '${topic}');
    assert.equal(defaults['quote.sql.identifiers'], 'always');
    assert.equal(defaults['db.timezone'], 'UTC');
    assert.deepEqual(defaults['pk.fields'], []);
    assert.equal(keys.get('connection.url')!.group, 'Connection');
    assert.equal(keys.get('auto.evolve')!.group, 'SQL/DDL Support');
    assert.equal(keys.get('max.retries')!.group, 'Retries');
  });

  it('gives every task the connector configuration', () => {
    const connector = new JdbcSinkConnector();
    connector.start({ ...base, topics: 'a' });
    assert.deepEqual(connector.taskConfigs(2), [{ ...base, topics: 'a' }, { ...base, topics: 'a' }]);
  });

  it('reports checks across keys against the key at fault', async () => {
    const config = await new JdbcSinkConnector().validate({ ...base, 'delete.enabled': 'true', 'pk.mode': 'record_value' });
    const errors = Object.fromEntries(config.configValues.map((v) => [v.name, v.errorMessages]));
    assert.deepEqual(errors['delete.enabled'], ['Deletes are only supported for pk.mode record_key']);
    const upsert = await new JdbcSinkConnector().validate({ ...base, 'insert.mode': 'UPSERT' });
    assert.match(upsert.configValues.find((v) => v.name === 'pk.mode')!.errorMessages[0]!, /needs primary key columns/);
    const bad = await new JdbcSinkConnector().validate({ ...base, 'dialect.name': 'OracleDatabaseDialect', 'db.timezone': 'Mars/Base' });
    assert.equal(bad.configValues.find((v) => v.name === 'dialect.name')!.errorMessages.length, 1);
    assert.equal(bad.configValues.find((v) => v.name === 'db.timezone')!.errorMessages.length, 1);
  });

  it('refuses to start with an inconsistent configuration', () => {
    assert.throws(() => new JdbcSinkConnector().start({ ...base, 'delete.enabled': 'true' }), ConfigException);
  });

  it('passes unknown connection.* keys to the driver without the prefix', () => {
    const config = new JdbcSinkConfig({ ...base, 'connection.sslmode': 'require', 'connection.user': 'u' });
    assert.deepEqual(config.connectionProperties, { sslmode: 'require' });
    assert.equal(config.connectionUser, 'u');
  });
});
