import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException } from '../../src/errors.js';
import { AbstractConfig } from '../../src/config/abstract-config.js';
import { ConfigDef } from '../../src/config/config-def.js';
import { Password } from '../../src/config/password.js';

const DEF = new ConfigDef()
  .define({ name: 'name', type: 'STRING', importance: 'HIGH', documentation: '' })
  .define({ name: 'enabled', type: 'BOOLEAN', defaultValue: true, importance: 'LOW', documentation: '' })
  .define({ name: 'size', type: 'INT', defaultValue: 10, importance: 'LOW', documentation: '' })
  .define({ name: 'short', type: 'SHORT', defaultValue: 1, importance: 'LOW', documentation: '' })
  .define({ name: 'timeout.ms', type: 'LONG', defaultValue: 60000, importance: 'LOW', documentation: '' })
  .define({ name: 'ratio', type: 'DOUBLE', defaultValue: 0.5, importance: 'LOW', documentation: '' })
  .define({ name: 'fields', type: 'LIST', defaultValue: [], importance: 'LOW', documentation: '' })
  .define({ name: 'tags', type: 'LIST', defaultValue: null, importance: 'LOW', documentation: '' })
  .define({ name: 'label', type: 'STRING', defaultValue: null, importance: 'LOW', documentation: '' })
  .define({ name: 'secret', type: 'PASSWORD', defaultValue: null, importance: 'LOW', documentation: '' })
  .define({ name: 'optional', type: 'INT', defaultValue: null, importance: 'LOW', documentation: '' })
  .define({ name: 'klass', type: 'CLASS', defaultValue: 'org.example.Default', importance: 'LOW', documentation: '' });

describe('AbstractConfig', () => {
  it('reads typed values, defaults included', () => {
    const config = new AbstractConfig(DEF, { name: 'n', size: '5', fields: 'a,b', secret: 'pw', 'client.x': '1' });
    assert.equal(config.getString('name'), 'n');
    assert.equal(config.getBoolean('enabled'), true);
    assert.equal(config.getInt('size'), 5);
    assert.equal(config.getShort('short'), 1);
    assert.equal(config.getLong('timeout.ms'), 60000);
    assert.equal(config.getDouble('ratio'), 0.5);
    assert.deepEqual(config.getList('fields'), ['a', 'b']);
    assert.equal(config.getPassword('secret')?.value(), 'pw');
    assert.ok(config.getPassword('secret') instanceof Password);
    assert.equal(config.getClass('klass'), 'org.example.Default');
    assert.equal(config.get('optional'), null);
  });

  it('fails to construct when a required key is missing', () => {
    assert.throws(() => new AbstractConfig(DEF, {}), {
      message: 'Missing required configuration "name" which has no default value.',
    });
  });

  it('rejects unknown keys, getters of the wrong type, and null numbers', () => {
    const config = new AbstractConfig(DEF, { name: 'n' });
    assert.throws(() => config.get('nope'), (e: unknown) => e instanceof ConfigException && e.message === "Unknown configuration 'nope'");
    assert.throws(() => config.getInt('name'), { message: "Configuration 'name' is of type STRING, not INT" });
    assert.throws(() => config.getInt('optional'), { message: "Configuration 'optional' has no value" });
  });

  it('reads strings and lists that always have a value as present, and fails on a null one', () => {
    const config = new AbstractConfig(DEF, { name: 'n' });
    assert.equal(config.requireString('name'), 'n');
    assert.deepEqual(config.requireList('fields'), []);
    assert.throws(() => config.requireString('label'), { message: "Configuration 'label' has no value" });
    assert.throws(() => config.requireList('tags'), { message: "Configuration 'tags' has no value" });
    assert.throws(() => config.requireString('size'), { message: "Configuration 'size' is of type INT, not STRING" });
  });

  it('gives originals, and originals under a prefix with or without it', () => {
    const config = new AbstractConfig(DEF, { name: 'n', 'client.id': 'c', 'client.': 'empty', other: 'o' });
    assert.deepEqual(config.originals(), { name: 'n', 'client.id': 'c', 'client.': 'empty', other: 'o' });
    assert.deepEqual(config.originalsWithPrefix('client.'), { id: 'c' });
    assert.deepEqual(config.originalsWithPrefix('client.', false), { 'client.id': 'c' });
  });

  it('overrides values with prefixed properties, parsed and validated', () => {
    const config = new AbstractConfig(DEF, { name: 'n', 'sink.size': '7', 'sink.unknown': 'x' });
    const values = config.valuesWithPrefixOverride('sink.');
    assert.equal(values['size'], 7);
    assert.equal(values['name'], 'n');
    assert.equal(values['unknown'], undefined);
    assert.throws(() => new AbstractConfig(DEF, { name: 'n', 'sink.size': 'x' }).valuesWithPrefixOverride('sink.'), {
      message: 'Invalid value x for configuration size: Not a number of type INT',
    });
  });
});
