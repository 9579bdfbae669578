import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinTransforms, CastValue, resolveBuiltinTransform, TopicNameMatches } from '../../src/index.js';

describe('builtinTransforms', () => {
  it('lists every Kafka transformation and predicate under its Java class name', () => {
    const transformations = builtinTransforms.filter((e) => e.kind === 'transformation').flatMap((e) => e.javaNames);
    const predicates = builtinTransforms.filter((e) => e.kind === 'predicate').flatMap((e) => e.javaNames);
    assert.equal(transformations.length, 26);
    for (const name of ['Cast', 'ExtractField', 'Flatten', 'HeaderFrom', 'HoistField', 'InsertField', 'MaskField',
      'ReplaceField', 'SetSchemaMetadata', 'TimestampConverter']) {
      assert.ok(transformations.includes(`org.apache.kafka.connect.transforms.${name}$Key`), name);
      assert.ok(transformations.includes(`org.apache.kafka.connect.transforms.${name}$Value`), name);
    }
    for (const name of ['DropHeaders', 'Filter', 'InsertHeader', 'RegexRouter', 'TimestampRouter', 'ValueToKey']) {
      assert.ok(transformations.includes(`org.apache.kafka.connect.transforms.${name}`), name);
    }
    assert.deepEqual(predicates.sort(), ['HasHeaderKey', 'RecordIsTombstone', 'TopicNameMatches']
      .map((n) => `org.apache.kafka.connect.transforms.predicates.${n}`));
  });

  it('resolves Java names and the simple-name aliases of top-level classes', () => {
    assert.equal(resolveBuiltinTransform('org.apache.kafka.connect.transforms.Cast$Value'), CastValue);
    assert.equal(resolveBuiltinTransform('TopicNameMatches'), TopicNameMatches);
    assert.equal(resolveBuiltinTransform('Value'), undefined);
    assert.equal(resolveBuiltinTransform('com.example.Nope'), undefined);
  });

  it('gives every plugin a config definition and a version', () => {
    for (const entry of builtinTransforms) {
      const instance = new entry.class() as { config(): { names(): string[] }; version(): string };
      assert.ok(Array.isArray(instance.config().names()));
      assert.equal(instance.version(), '4.1.0');
    }
  });
});
