import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SinkRecord } from '@tsconnect/api';
import {
  BigDecimal, ConfigException, DataException, Decimal, SchemaBuilder, Schemas, Struct,
} from '@tsconnect/api';
import { MaskFieldKey, MaskFieldValue } from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

const SCHEMA = SchemaBuilder.struct()
  .addField('magic', Schemas.INT32)
  .addField('bool', Schemas.BOOLEAN)
  .addField('byte', Schemas.INT8)
  .addField('short', Schemas.INT16)
  .addField('int', Schemas.INT32)
  .addField('long', Schemas.INT64)
  .addField('float', Schemas.FLOAT32)
  .addField('double', Schemas.FLOAT64)
  .addField('string', Schemas.STRING)
  .addField('date', SchemaBuilder.int32().withName('org.apache.kafka.connect.data.Date').withVersion(1).build())
  .addField('decimal', Decimal.schema(0))
  .addField('array', SchemaBuilder.array(Schemas.INT32).build())
  .addField('map', SchemaBuilder.map(Schemas.STRING, Schemas.STRING).build())
  .addField('withDefault', SchemaBuilder.string().optional().withDefault('default').build())
  .build();

function struct(): Struct {
  return new Struct(SCHEMA).put('magic', 42).put('bool', true).put('byte', 42).put('short', 42).put('int', 42)
    .put('long', 42n).put('float', 42.5).put('double', 42.5).put('string', 'blabla')
    .put('date', new Date(86_400_000)).put('decimal', new BigDecimal(42n, 0)).put('array', [1, 2, 3])
    .put('map', new Map([['what', 'what']]));
}

function configured(props: Record<string, unknown>): MaskFieldValue<SinkRecord> {
  const xform = new MaskFieldValue<SinkRecord>();
  xform.configure(props);
  return xform;
}

const ALL_FIELDS = 'bool,byte,short,int,long,float,double,string,date,decimal,array,map';

describe('MaskField', () => {
  it('masks struct fields with the empty value of their type', () => {
    const updated = configured({ fields: ALL_FIELDS }).apply(sinkRecord({ valueSchema: SCHEMA, value: struct() }))
      .value as Struct;
    assert.equal(updated.get('magic'), 42);
    assert.equal(updated.get('bool'), false);
    assert.equal(updated.get('byte'), 0);
    assert.equal(updated.get('long'), 0n);
    assert.equal(updated.get('double'), 0);
    assert.equal(updated.get('string'), '');
    assert.deepEqual(updated.get('date'), new Date(0));
    assert.ok((updated.get('decimal') as BigDecimal).equals(new BigDecimal(0n, 0)));
    assert.deepEqual(updated.get('array'), []);
    assert.deepEqual(updated.get('map'), new Map());
    assert.equal(updated.schema, SCHEMA, 'the schema is unchanged');
  });

  it('masks schemaless fields, adding null for missing ones', () => {
    const value = { magic: 42, bool: true, long: 42n, double: 42.5, string: 'x', array: [1], map: { a: 1 } };
    const updated = configured({ fields: 'bool,long,double,string,array,map,missing' })
      .apply(sinkRecord({ value })).value;
    assert.deepEqual(updated, { magic: 42, bool: false, long: 0n, double: 0, string: '', array: [], map: {},
      missing: null });
  });

  it('uses a replacement parsed to the field type', () => {
    const updated = configured({ fields: 'byte,int,long,float,string,decimal', replacement: '123' })
      .apply(sinkRecord({ valueSchema: SCHEMA, value: struct() })).value as Struct;
    assert.equal(updated.get('byte'), 123);
    assert.equal(updated.get('int'), 123);
    assert.equal(updated.get('long'), 123n);
    assert.equal(updated.get('float'), 123);
    assert.equal(updated.get('string'), '123');
    assert.ok((updated.get('decimal') as BigDecimal).equals(new BigDecimal(123n, 0)));
  });

  it('refuses replacements for types that have none, and unparseable numbers', () => {
    assert.throws(() => configured({ fields: 'bool', replacement: '123' })
      .apply(sinkRecord({ valueSchema: SCHEMA, value: struct() })), (e: unknown) => e instanceof DataException &&
      e.message === 'Cannot mask value of type class java.lang.Boolean with custom replacement.');
    assert.throws(() => configured({ fields: 'int', replacement: 'abc' })
      .apply(sinkRecord({ valueSchema: SCHEMA, value: struct() })),
    { message: 'Unable to convert abc (class java.lang.String) to number' });
    assert.throws(() => configured({ fields: 'byte', replacement: '300' })
      .apply(sinkRecord({ valueSchema: SCHEMA, value: struct() })), DataException);
  });

  it('cannot mask bytes or structs without a replacement', () => {
    assert.throws(() => configured({ fields: 'b' }).apply(sinkRecord({ value: { b: new Uint8Array([1]) } })),
      { message: 'Cannot mask value of type: class [B' });
  });

  it('keeps null field values null, and uses defaults as told', () => {
    const value = struct();
    const masked = configured({ fields: 'withDefault' }).apply(sinkRecord({ valueSchema: SCHEMA, value }))
      .value as Struct;
    assert.equal(masked.getWithoutDefault('withDefault'), '');
    const raw = configured({ fields: 'withDefault', 'replace.null.with.default': false })
      .apply(sinkRecord({ valueSchema: SCHEMA, value })).value as Struct;
    assert.equal(raw.getWithoutDefault('withDefault'), null);
  });

  it('fails on tombstones, as Kafka does', () => {
    assert.throws(() => configured({ fields: 'a' }).apply(sinkRecord({ value: null })), {
      message: 'Only Map objects supported in absence of schema for [mask fields], found: null',
    });
  });

  it('validates its config', () => {
    assert.throws(() => configured({}), { message: 'Missing required configuration "fields" which has no default value.' });
    assert.throws(() => configured({ fields: '' }), (e: unknown) => e instanceof ConfigException &&
      e.message === 'Invalid value [] for configuration fields: Empty list');
    assert.throws(() => configured({ fields: 'a', replacement: '' }), {
      message: 'Invalid value  for configuration replacement: String must be non-empty',
    });
  });

  it('works on the key with $Key', () => {
    const xform = new MaskFieldKey();
    xform.configure({ fields: 'a' });
    assert.deepEqual(xform.apply(sinkRecord({ key: { a: 'secret', b: 'x' } })).key, { a: '', b: 'x' });
  });
});
