import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SinkRecord } from '@tsconnect/api';
import { DataException, SchemaBuilder, Schemas, Struct } from '@tsconnect/api';
import { HoistFieldKey, HoistFieldValue } from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

describe('HoistField', () => {
  it('wraps a schemaless key in a map', () => {
    const xform = new HoistFieldKey<SinkRecord>();
    xform.configure({ field: 'magic' });
    const transformed = xform.apply(sinkRecord({ key: 42 }));
    assert.deepEqual(transformed.key, { magic: 42 });
    assert.equal(transformed.keySchema, null);
  });

  it('wraps a value with a schema in a one-field struct', () => {
    const xform = new HoistFieldValue<SinkRecord>();
    xform.configure({ field: 'magic' });
    const transformed = xform.apply(sinkRecord({ valueSchema: Schemas.INT32, value: 42 }));
    const expected = SchemaBuilder.struct().addField('magic', Schemas.INT32).build();
    assert.ok(transformed.valueSchema!.equals(expected));
    assert.ok((transformed.value as Struct).equals(new Struct(expected).put('magic', 42)));
  });

  it('wraps a schemaless tombstone, and fails for a required schema with a null value', () => {
    const xform = new HoistFieldValue<SinkRecord>();
    xform.configure({ field: 'magic' });
    assert.deepEqual(xform.apply(sinkRecord({ value: null })).value, { magic: null });
    const optional = xform.apply(sinkRecord({ valueSchema: Schemas.OPTIONAL_INT32, value: null }));
    assert.equal((optional.value as Struct).get('magic'), null);
    assert.throws(() => xform.apply(sinkRecord({ valueSchema: Schemas.INT32, value: null })), DataException);
  });

  it('requires the field name', () => {
    assert.throws(() => new HoistFieldValue().configure({}),
      { message: 'Missing required configuration "field" which has no default value.' });
  });
});
