import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException } from '@tsconnect/api';
import { JdbcSourceConnector } from '../../src/source/jdbc-source-connector.js';
import { JdbcSourceConfig, NumericMapping } from '../../src/source/source-config.js';

const base = { 'connection.url': 'jdbc:sqlite::memory:', mode: 'incrementing', 'topic.prefix': 'db.' };

describe('JdbcSourceConfig', () => {
  it("has Confluent's defaults", () => {
    const c = new JdbcSourceConfig(base);
    assert.equal(c.getInt('poll.interval.ms'), 5000);
    assert.equal(c.getLong('table.poll.interval.ms'), 60000);
    assert.deepEqual(c.getList('table.types'), ['TABLE']);
    assert.equal(c.getString('db.timezone'), 'UTC');
    assert.equal(c.getString('quote.sql.identifiers'), 'always');
    assert.equal(c.get('timestamp.initial'), null);
    assert.equal(c.numericMapping(), NumericMapping.NONE);
  });

  it('maps the deprecated numeric.precision.mapping to precision_only', () => {
    assert.equal(new JdbcSourceConfig({ ...base, 'numeric.precision.mapping': 'true' }).numericMapping(), 'precision_only');
    assert.equal(new JdbcSourceConfig({ ...base, 'numeric.mapping': 'best_fit' }).numericMapping(), 'best_fit');
  });

  it('splits timestamp.column.name into columns', () => {
    const c = new JdbcSourceConfig({ ...base, mode: 'timestamp', 'timestamp.column.name': 'modified, created' });
    assert.deepEqual(c.timestampColumns(), ['modified', 'created']);
  });

  for (const [why, props] of [
    ['no mode', { 'connection.url': 'x', 'topic.prefix': 'db.' }],
    ['no topic.prefix', { 'connection.url': 'x', mode: 'bulk' }],
    ['an unknown mode', { ...base, mode: 'sometimes' }],
    ['whitelist with blacklist', { ...base, 'table.whitelist': 'a', 'table.blacklist': 'b' }],
    ['include.list with whitelist', { ...base, 'table.whitelist': 'a', 'table.include.list': 'b.*' }],
    ['exclude.list alone', { ...base, 'table.exclude.list': 'b.*' }],
    ['a timestamp mode without timestamp column', { ...base, mode: 'timestamp' }],
    ['a lag window outside timestamp+incrementing', { ...base, mode: 'timestamp', 'timestamp.column.name': 't', 'timestamp.lag.window.ms': '1000' }],
    ['a bad topic prefix', { ...base, 'topic.prefix': 'a b' }],
    ['numeric.mapping unknown', { ...base, 'numeric.mapping': 'exact' }],
  ] as const) {
    it(`rejects ${why}`, () => {
      assert.throws(() => new JdbcSourceConfig(props), ConfigException);
    });
  }

  it('query.masked stands in for query', () => {
    assert.equal(new JdbcSourceConfig({ ...base, 'query.masked': 'SELECT 1' }).query(), 'SELECT 1');
  });

  it("the connector's validate reports checks across keys on the key concerned", async () => {
    const config = await new JdbcSourceConnector().validate({ ...base, 'table.whitelist': 'a', 'table.blacklist': 'b' });
    const errors = config.configValues.filter((v) => v.errorMessages.length > 0).map((v) => v.name);
    assert.deepEqual(errors, ['table.whitelist']);
  });
});

describe('JdbcSourceConnector.alterOffsets', () => {
  const connector = new JdbcSourceConnector();
  it('accepts offsets in the shape the task reads, and resets', () => {
    assert.equal(connector.alterOffsets(base, new Map<Record<string, unknown>, Record<string, unknown> | null>([
      [{ protocol: '1', table: 'db.public.t' }, { incrementing: 5, timestamp: 1000, timestamp_nanos: 0 }],
      [{ query: 'query' }, null],
    ])), true);
  });

  it('rejects unknown partitions and offset keys', () => {
    assert.throws(() => connector.alterOffsets(base, new Map([[{ file: 'x' }, null]])), /Unknown source partition/);
    assert.throws(() => connector.alterOffsets(base, new Map([[{ table: 't' }, { position: 3 }]])), /position is unknown/);
    assert.throws(() => connector.alterOffsets(base, new Map([[{ table: 't' }, { incrementing: 'x' }]])), /must be a number/);
  });
});
