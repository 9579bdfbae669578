import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BigDecimal, Decimal, SchemaBuilder, Schemas, Struct } from '@tsconnect/api';
import { toJsonText } from '../../src/dialect/json-text.js';

describe('toJsonText', () => {
  it('writes structs as objects with exact INT64, decimals, base64 bytes and ISO times', () => {
    const schema = SchemaBuilder.struct()
      .addField('n', Schemas.INT64).addField('d', Decimal.schema(2)).addField('b', Schemas.BYTES)
      .addField('t', SchemaBuilder.int64().withName('org.apache.kafka.connect.data.Timestamp').build())
      .addField('o', Schemas.OPTIONAL_STRING).build();
    const value = new Struct(schema).put('n', 9007199254740993n).put('d', BigDecimal.fromString('1.50'))
      .put('b', new Uint8Array([1, 2])).put('t', new Date(Date.UTC(2024, 0, 1)));
    assert.equal(toJsonText(value, schema), '{"n":9007199254740993,"d":1.50,"b":"AQI=","t":"2024-01-01 00:00:00.000000+00:00","o":null}');
  });

  it('writes string-keyed maps as objects and other maps as pairs', () => {
    assert.equal(toJsonText(new Map([['a', 1]]), SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build()), '{"a":1}');
    assert.equal(toJsonText(new Map([[1, 'x']]), SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build()), '[[1,"x"]]');
  });
});
