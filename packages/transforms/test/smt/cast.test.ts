import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConfigException, ConnectDate, DataException, SchemaBuilder, Schemas, Struct, Time, Timestamp, type SinkRecord,
} from '@tsconnect/api';
import { CastKey, CastValue } from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

function value(spec: string, extra: Record<string, unknown> = {}): CastValue<SinkRecord> {
  const xform = new CastValue<SinkRecord>();
  xform.configure({ spec, ...extra });
  return xform;
}

describe('Cast', () => {
  it('validates the spec as Kafka does', () => {
    assert.throws(() => value(''), { message: 'Must specify at least one field to cast.' });
    assert.throws(() => value('foo:faketype'), (e: unknown) => e instanceof ConfigException &&
      e.message === 'Invalid type found in casting spec: faketype');
    assert.throws(() => value('foo:int8:extra'), {
      message: 'Invalid value [foo:int8:extra] for configuration renames: Invalid rename mapping: foo:int8:extra',
    });
    assert.throws(() => value('foo:array'), { message: 'Cast transformation does not support casting to ARRAY; ' +
      'supported types are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING]' });
    assert.throws(() => value('int8,int32'), { message: 'Cast transformations that specify a type to cast the ' +
      'entire value to may ony specify a single cast in their spec' });
  });

  it('casts a whole value with a schema', () => {
    const cases: [string, unknown, unknown][] = [
      ['int8', 42, 42], ['int16', 42, 42], ['int32', 42, 42], ['int64', 42, 42n], ['float32', 42, 42],
      ['float64', 42, 42], ['boolean', 42, true], ['string', 42, '42'],
    ];
    for (const [type, input, expected] of cases) {
      const transformed = value(type).apply(sinkRecord({ valueSchema: Schemas.INT32, value: input }));
      assert.equal(transformed.value, expected, type);
      assert.equal(transformed.valueSchema!.type, type === 'boolean' ? 'BOOLEAN' : type.toUpperCase());
    }
  });

  it('narrows and parses like Java', () => {
    assert.equal(value('int8').apply(sinkRecord({ valueSchema: Schemas.INT32, value: 300 })).value, 44);
    assert.equal(value('int32').apply(sinkRecord({ valueSchema: Schemas.FLOAT64, value: -42.9 })).value, -42);
    assert.equal(value('int32').apply(sinkRecord({ valueSchema: Schemas.INT64, value: 2n ** 32n + 5n })).value, 5);
    assert.equal(value('boolean').apply(sinkRecord({ valueSchema: Schemas.FLOAT64, value: 0.5 })).value, false);
    assert.equal(value('int16').apply(sinkRecord({ valueSchema: Schemas.STRING, value: '-42' })).value, -42);
    assert.equal(value('float32').apply(sinkRecord({ valueSchema: Schemas.STRING, value: '42.5' })).value, 42.5);
    assert.equal(value('boolean').apply(sinkRecord({ valueSchema: Schemas.STRING, value: 'TRUE' })).value, true);
    assert.equal(value('int64').apply(sinkRecord({ valueSchema: Schemas.BOOLEAN, value: true })).value, 1n);
    assert.equal(value('string').apply(sinkRecord({ valueSchema: Schemas.FLOAT64, value: 42 })).value, '42.0');
    assert.equal(value('string').apply(sinkRecord({ valueSchema: Schemas.FLOAT32, value: Math.fround(1.1) })).value,
      '1.1');
    assert.throws(() => value('int8').apply(sinkRecord({ valueSchema: Schemas.STRING, value: '300' })),
      (e: unknown) => e instanceof DataException && e.message === 'Value (300) was out of range for requested data type');
  });

  it('casts bytes only to string, as base64', () => {
    assert.equal(value('string').apply(sinkRecord({ valueSchema: Schemas.BYTES, value: new Uint8Array([1, 2, 3]) }))
      .value, 'AQID');
    assert.throws(() => value('int8').apply(sinkRecord({ valueSchema: Schemas.BYTES, value: new Uint8Array([1]) })),
      { message: 'Unexpected type in Cast transformation: class [B' });
    assert.throws(() => value('string').apply(sinkRecord({ valueSchema: SchemaBuilder.array(Schemas.INT8).build(), value: [1] })),
      { message: 'Cast transformation does not support casting from ARRAY; supported types are [INT8, INT16, INT32, ' +
        'INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES]' });
  });

  it('encodes logical types to their integers, or formats them as strings', () => {
    const date = new Date(Date.UTC(2024, 0, 2));
    assert.equal(value('int32').apply(sinkRecord({ valueSchema: ConnectDate.SCHEMA, value: date })).value, 19724);
    assert.equal(value('int64').apply(sinkRecord({ valueSchema: Timestamp.SCHEMA, value: new Date(1234) })).value,
      1234n);
    assert.equal(value('int32').apply(sinkRecord({ valueSchema: Time.SCHEMA, value: new Date(1000) })).value, 1000);
    assert.equal(value('string').apply(sinkRecord({ valueSchema: ConnectDate.SCHEMA, value: date })).value,
      '2024-01-02');
    assert.equal(value('string').apply(sinkRecord({ valueSchema: Timestamp.SCHEMA, value: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)) })).value,
      '2024-01-02T03:04:05.006Z');
  });

  it('casts struct fields, keeping optionality and casting defaults', () => {
    const schema = SchemaBuilder.struct().withName('s')
      .addField('int8', Schemas.INT8)
      .addField('optional', SchemaBuilder.int32().optional().withDefault(7).build())
      .addField('string', Schemas.STRING)
      .addField('untouched', Schemas.STRING)
      .build();
    const struct = new Struct(schema).put('int8', 8).put('string', '42').put('untouched', 'x');
    const xform = value('int8:int32,optional:string,string:int64');
    const transformed = xform.apply(sinkRecord({ valueSchema: schema, value: struct }));
    const updated = transformed.value as Struct;
    assert.equal(updated.schema.name, 's');
    assert.ok(updated.schema.field('int8')!.schema.equals(Schemas.INT32));
    const optional = updated.schema.field('optional')!.schema;
    assert.equal(optional.isOptional, true);
    assert.equal(optional.defaultValue, '7');
    assert.equal(updated.get('int8'), 8);
    assert.equal(updated.getWithoutDefault('optional'), '7');
    assert.equal(updated.get('string'), 42n);
    assert.equal(updated.get('untouched'), 'x');
    const again = xform.apply(sinkRecord({ valueSchema: schema, value: struct }));
    assert.equal(again.valueSchema, transformed.valueSchema, 'the updated schema is cached');

    const raw = value('optional:string', { 'replace.null.with.default': 'false' })
      .apply(sinkRecord({ valueSchema: schema, value: struct }));
    assert.equal((raw.value as Struct).getWithoutDefault('optional'), null);
  });

  it('casts schemaless values and map fields', () => {
    assert.equal(value('int64').apply(sinkRecord({ value: 42 })).value, 42n);
    assert.deepEqual(value('a:string,b:int8,missing:int32').apply(sinkRecord({ value: { a: 1.5, b: '7', c: true } })).value,
      { a: '1.5', b: 7, c: true, missing: null });
    assert.throws(() => value('int8').apply(sinkRecord({ value: new Date(0) })),
      { message: "Cast transformation was passed a value of type class java.util.Date which is not supported by Connect's data API" });
    assert.throws(() => value('a:int8').apply(sinkRecord({ value: 'x' })), {
      message: 'Only Map objects supported in absence of schema for [cast types], found: java.lang.String',
    });
  });

  it('passes tombstones through', () => {
    const record = sinkRecord({ valueSchema: Schemas.OPTIONAL_INT32, value: null });
    assert.equal(value('int64').apply(record), record);
  });

  it('works on the key with $Key', () => {
    const xform = new CastKey<SinkRecord>();
    xform.configure({ spec: 'int8' });
    const transformed = xform.apply(sinkRecord({ keySchema: Schemas.INT32, key: 42, value: 'v' }));
    assert.equal(transformed.key, 42);
    assert.ok(transformed.keySchema!.equals(Schemas.INT8));
    assert.equal(transformed.value, 'v');
  });
});
