import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  JsonConverter, SimpleHeaderConverter, StringConverter, builtinConverters, findBuiltinConverter,
} from '../src/index.js';

describe('builtinConverters', () => {
  it('finds converters by Java class name, simple name and Kafka alias', () => {
    for (const name of ['org.apache.kafka.connect.json.JsonConverter', 'JsonConverter', 'Json']) {
      assert.equal(findBuiltinConverter(name)?.type, JsonConverter, name);
    }
    assert.equal(findBuiltinConverter('org.apache.kafka.connect.storage.StringConverter')?.type, StringConverter);
    assert.equal(findBuiltinConverter('Simple')?.type, SimpleHeaderConverter);
    assert.equal(findBuiltinConverter('org.apache.kafka.connect.converters.LongConverter')?.kind, 'both');
    assert.equal(findBuiltinConverter('io.confluent.connect.avro.AvroConverter'), null);
  });

  it('lists the ten Kafka converters, each constructible, header-only just SimpleHeaderConverter', () => {
    assert.equal(builtinConverters.length, 10);
    for (const entry of builtinConverters) {
      const instance = new entry.type();
      assert.equal(typeof instance.config, 'function');
      if (entry.kind !== 'converter') assert.equal(typeof (instance as SimpleHeaderConverter).toConnectHeader, 'function');
      if (entry.kind !== 'header_converter') assert.equal(typeof (instance as JsonConverter).toConnectData, 'function');
    }
    assert.deepEqual(builtinConverters.filter((c) => c.kind === 'header_converter').map((c) => c.aliases),
      [['SimpleHeaderConverter', 'Simple']]);
  });
});
