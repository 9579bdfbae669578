import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException } from '../../src/errors.js';
import { ConfigDef } from '../../src/config/config-def.js';
import { NO_DEFAULT } from '../../src/config/config-key.js';
import type { Recommender } from '../../src/config/recommender.js';
import { Range, ValidString } from '../../src/config/validators.js';

function baseDef(): ConfigDef {
  return new ConfigDef()
    .define({ name: 'host', type: 'STRING', importance: 'HIGH', documentation: 'Host.' })
    .define({ name: 'port', type: 'INT', defaultValue: 5432, validator: Range.between(1, 65535), importance: 'MEDIUM', documentation: 'Port.' })
    .define({ name: 'tables', type: 'LIST', defaultValue: '', importance: 'LOW', documentation: 'Tables.' });
}

describe('ConfigDef.define', () => {
  it('keeps keys in definition order and groups in first-use order', () => {
    const def = new ConfigDef()
      .define({ name: 'b', type: 'STRING', defaultValue: null, importance: 'LOW', documentation: '', group: 'G2' })
      .define({ name: 'a', type: 'STRING', defaultValue: null, importance: 'LOW', documentation: '', group: 'G1' })
      .define({ name: 'c', type: 'STRING', defaultValue: null, importance: 'LOW', documentation: '', group: 'G2' });
    assert.deepEqual(def.names(), ['b', 'a', 'c']);
    assert.deepEqual(def.groups, ['G2', 'G1']);
  });

  it('rejects a key defined twice', () => {
    assert.throws(
      () => baseDef().define({ name: 'host', type: 'STRING', importance: 'LOW', documentation: '' }),
      (e: unknown) => e instanceof ConfigException && e.message === 'Configuration host is defined twice.',
    );
  });

  it('parses the default and checks it with the validator at definition time', () => {
    const def = new ConfigDef().define({ name: 'n', type: 'INT', defaultValue: '7', importance: 'LOW', documentation: '' });
    assert.equal(def.configKeys.get('n')!.defaultValue, 7);
    assert.throws(
      () => new ConfigDef().define({ name: 'n', type: 'INT', defaultValue: 0, validator: Range.atLeast(1), importance: 'LOW', documentation: '' }),
      { message: 'Invalid value 0 for configuration n: Value must be at least 1' },
    );
  });

  it('treats a missing default and NO_DEFAULT alike, and null as a default', () => {
    const def = new ConfigDef()
      .define({ name: 'a', type: 'STRING', importance: 'LOW', documentation: '' })
      .define({ name: 'b', type: 'STRING', defaultValue: NO_DEFAULT, importance: 'LOW', documentation: '' })
      .define({ name: 'c', type: 'STRING', defaultValue: null, importance: 'LOW', documentation: '' });
    assert.deepEqual([...def.configKeys.values()].map((k) => k.hasDefault()), [false, false, true]);
    assert.deepEqual(def.defaultValues(), { c: null });
  });

  it('copies a base definition without sharing later additions', () => {
    const base = baseDef();
    const copy = new ConfigDef(base).define({ name: 'extra', type: 'BOOLEAN', defaultValue: false, importance: 'LOW', documentation: '' });
    assert.deepEqual(copy.names(), ['host', 'port', 'tables', 'extra']);
    assert.deepEqual(base.names(), ['host', 'port', 'tables']);
  });
});

describe('ConfigDef.parse', () => {
  it('returns typed values with defaults filled in', () => {
    assert.deepEqual(baseDef().parse({ host: ' db ', tables: 'a, b', unknown: 'ignored' }), {
      host: 'db',
      port: 5432,
      tables: ['a', 'b'],
    });
  });

  it('names a missing required key', () => {
    assert.throws(() => baseDef().parse({}), (e: unknown) => {
      assert.ok(e instanceof ConfigException);
      assert.equal(e.message, 'Missing required configuration "host" which has no default value.');
      return true;
    });
  });

  it('throws the parse or validation error of the first bad key', () => {
    assert.throws(() => baseDef().parse({ host: 'h', port: 'abc' }), {
      message: 'Invalid value abc for configuration port: Not a number of type INT',
    });
    assert.throws(() => baseDef().parse({ host: 'h', port: '0' }), {
      message: 'Invalid value 0 for configuration port: Value must be at least 1',
    });
  });

  it('refuses a definition whose dependents name undefined keys', () => {
    const def = new ConfigDef().define({ name: 'a', type: 'STRING', defaultValue: '', importance: 'LOW', documentation: '', dependents: ['ghost'] });
    assert.throws(() => def.parse({}), { message: 'Some configurations in are referred in the dependents, but not defined: ghost' });
  });
});

describe('ConfigDef.validate', () => {
  it('collects every error per key instead of throwing', () => {
    const values = baseDef().validateAll({ port: 'x', tables: 'a' });
    assert.deepEqual(values.get('host')!.errorMessages, ['Missing required configuration "host" which has no default value.']);
    // As in Kafka, an unparseable value is null, and the validator then complains about null too.
    assert.deepEqual(values.get('port')!.errorMessages, [
      'Invalid value x for configuration port: Not a number of type INT',
      'Invalid value null for configuration port: Value must be non-null',
    ]);
    assert.equal(values.get('port')!.value, null);
    assert.deepEqual(values.get('tables')!.value, ['a']);
    assert.deepEqual(values.get('tables')!.errorMessages, []);
  });

  it('returns one value per key in definition order', () => {
    assert.deepEqual(baseDef().validate({ host: 'h' }).map((v) => v.name), ['host', 'port', 'tables']);
  });

  it('asks recommenders with every parsed value, after parents and dependents are parsed', () => {
    const modes: Recommender = {
      validValues: (_name, parsed) => (parsed['dialect'] === 'postgres' ? ['copy', 'insert'] : ['insert']),
      visible: (_name, parsed) => parsed['dialect'] !== 'none',
    };
    const def = new ConfigDef()
      .define({ name: 'mode', type: 'STRING', defaultValue: 'insert', importance: 'LOW', documentation: '', recommender: modes })
      .define({
        name: 'dialect',
        type: 'STRING',
        defaultValue: 'generic',
        validator: ValidString.in('generic', 'postgres', 'none'),
        importance: 'HIGH',
        documentation: '',
        dependents: ['mode'],
      });
    const postgres = def.validateAll({ dialect: 'postgres' }).get('mode')!;
    assert.deepEqual(postgres.recommendedValues, ['copy', 'insert']);
    assert.equal(postgres.visible, true);
    const none = def.validateAll({ dialect: 'none' }).get('mode')!;
    assert.deepEqual(none.recommendedValues, ['insert']);
    assert.equal(none.visible, false);
  });

  it('reports a recommender ConfigException as an error of that key', () => {
    const failing: Recommender = {
      validValues: () => {
        throw new ConfigException('cannot list tables');
      },
      visible: () => true,
    };
    const def = new ConfigDef().define({ name: 't', type: 'STRING', defaultValue: '', importance: 'LOW', documentation: '', recommender: failing });
    assert.deepEqual(def.validateAll({}).get('t')!.errorMessages, ['cannot list tables']);
  });

  it('reports dependents that are not defined as invisible values with an error', () => {
    const def = new ConfigDef().define({ name: 'a', type: 'STRING', defaultValue: '', importance: 'LOW', documentation: '', dependents: ['ghost'] });
    const ghost = def.validateAll({}).get('ghost')!;
    assert.deepEqual(ghost.errorMessages, ['ghost is referred in the dependents, but not defined.']);
    assert.equal(ghost.visible, false);
  });
});
