import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException, type SinkRecord } from '@tsconnect/api';
import {
  createTransformChain, InsertFieldValue, parseTransformChainConfig, resolveBuiltinTransform, TopicNameMatches,
} from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

const CONFIG = {
  name: 'my-connector',
  transforms: 'insert, drop',
  'transforms.insert.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
  'transforms.insert.static.field': 'env',
  'transforms.insert.static.value': 'prod',
  'transforms.drop.type': 'org.apache.kafka.connect.transforms.Filter',
  'transforms.drop.predicate': 'isTombstone',
  'transforms.drop.negate': 'false',
  predicates: 'isTombstone,unused',
  'predicates.isTombstone.type': 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone',
  'predicates.unused.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
  'predicates.unused.pattern': 'x',
};

function runChain(props: Record<string, unknown>, record: SinkRecord): SinkRecord | null {
  let current: SinkRecord | null = record;
  for (const stage of createTransformChain<SinkRecord>(props, resolveBuiltinTransform)) {
    if (current === null) break;
    current = stage.apply(current);
  }
  return current;
}

describe('transform chain config', () => {
  it('parses aliases in order, strips prefixes and takes predicate and negate out', () => {
    const stages = parseTransformChainConfig(CONFIG);
    assert.deepEqual(stages.map((s) => s.alias), ['insert', 'drop']);
    assert.deepEqual(stages[0]!.configs, {
      type: 'org.apache.kafka.connect.transforms.InsertField$Value', 'static.field': 'env', 'static.value': 'prod',
    });
    assert.equal(stages[0]!.predicate, null);
    assert.equal(stages[1]!.predicate!.alias, 'isTombstone');
    assert.equal(stages[1]!.predicate!.className, 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone');
    assert.equal(stages[1]!.negate, false);
    assert.deepEqual(stages[1]!.configs, { type: 'org.apache.kafka.connect.transforms.Filter' });
    assert.deepEqual(parseTransformChainConfig({}), []);
  });

  it('instantiates configured stages that apply their predicate', () => {
    const stages = createTransformChain<SinkRecord>(CONFIG, resolveBuiltinTransform);
    assert.ok(stages[0]!.transformation instanceof InsertFieldValue);
    assert.equal(runChain(CONFIG, sinkRecord({ value: null })), null, 'tombstones are filtered');
    assert.deepEqual(runChain(CONFIG, sinkRecord({ value: { a: 1 } }))!.value, { a: 1, env: 'prod' });
    const negated = { ...CONFIG, 'transforms.drop.negate': 'true' };
    assert.equal(runChain(negated, sinkRecord({ value: { a: 1 } })), null, 'negate drops the others instead');
    assert.equal(runChain(negated, sinkRecord({ value: null }))!.value, null);
  });

  it('gives every stage its own predicate instance', () => {
    const props = {
      transforms: 'a,b',
      'transforms.a.type': 'org.apache.kafka.connect.transforms.Filter',
      'transforms.a.predicate': 'p',
      'transforms.b.type': 'org.apache.kafka.connect.transforms.Filter',
      'transforms.b.predicate': 'p',
      predicates: 'p',
      'predicates.p.type': 'TopicNameMatches',
      'predicates.p.pattern': 'x.*',
    };
    const [a, b] = createTransformChain<SinkRecord>(props, resolveBuiltinTransform);
    assert.ok(a!.predicate instanceof TopicNameMatches);
    assert.notEqual(a!.predicate, b!.predicate);
  });

  it('reports config errors worded as Kafka', () => {
    assert.throws(() => parseTransformChainConfig({ transforms: 'a' }), (e: unknown) => e instanceof ConfigException &&
      e.message === 'Missing required configuration "transforms.a.type" which has no default value.');
    assert.throws(() => parseTransformChainConfig({ transforms: 'a', 'transforms.a.type': 'X', 'transforms.a.negate': 'true' }),
      { message: "Config 'transforms.a.negate' was provided but there is no config 'transforms.a.predicate' " +
        'defining a predicate to be negated.' });
    assert.throws(() => parseTransformChainConfig({ transforms: 'a', 'transforms.a.type': 'X', 'transforms.a.predicate': 'p' }),
      { message: "Unknown configuration 'predicates.p.type'" });
    assert.throws(() => parseTransformChainConfig({ predicates: 'p' }),
      { message: 'Missing required configuration "predicates.p.type" which has no default value.' });
    assert.throws(() => createTransformChain({ transforms: 'a', 'transforms.a.type': 'com.example.Missing' }, resolveBuiltinTransform),
      { message: 'Invalid value com.example.Missing for configuration transforms.a.type: Class com.example.Missing could not be found.' });
    assert.throws(() => createTransformChain({
      transforms: 'a', 'transforms.a.type': 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone',
    }, resolveBuiltinTransform), {
      message: 'Invalid value class org.apache.kafka.connect.transforms.predicates.RecordIsTombstone for configuration ' +
        'transforms.a.type: Not a Transformation',
    });
    assert.throws(() => createTransformChain({
      transforms: 'a', 'transforms.a.type': 'org.apache.kafka.connect.transforms.Filter', 'transforms.a.predicate': 'p',
      'transforms.a.negate': 'maybe', predicates: 'p', 'predicates.p.type': 'RecordIsTombstone',
    }, resolveBuiltinTransform), {
      message: 'Invalid value maybe for configuration transforms.a.negate: Expected value to be either true or false',
    });
  });

  it('closes what it built when a later stage fails to configure', () => {
    let closed = 0;
    class Counting {
      configure(): void {}
      apply<T>(r: T): T { return r; }
      config(): unknown { return null; }
      close(): void { closed++; }
    }
    const resolve = (name: string) => (name === 'Counting' ? Counting : resolveBuiltinTransform(name));
    assert.throws(() => createTransformChain({
      transforms: 'ok,bad', 'transforms.ok.type': 'Counting',
      'transforms.bad.type': 'org.apache.kafka.connect.transforms.Cast$Value',
    }, resolve), { message: 'Missing required configuration "spec" which has no default value.' });
    assert.equal(closed, 1);
  });
});
