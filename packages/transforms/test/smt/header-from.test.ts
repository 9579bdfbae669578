import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException, DataException, SchemaBuilder, Schemas, Struct, type SinkRecord } from '@tsconnect/api';
import { HeaderFromKey, HeaderFromValue } from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

function value(props: Record<string, unknown>): HeaderFromValue<SinkRecord> {
  const xform = new HeaderFromValue<SinkRecord>();
  xform.configure(props);
  return xform;
}

const SCHEMA = SchemaBuilder.struct().withName('s').addField('field1', Schemas.STRING)
  .addField('field2', Schemas.INT32).addField('keep', Schemas.BOOLEAN).build();
const STRUCT = new Struct(SCHEMA).put('field1', 'f1').put('field2', 2).put('keep', true);

describe('HeaderFrom', () => {
  it('copies struct fields to headers with their schemas', () => {
    const transformed = value({ fields: 'field1,field2', headers: 'h1,h2', operation: 'copy' })
      .apply(sinkRecord({ valueSchema: SCHEMA, value: STRUCT }));
    assert.equal(transformed.value, STRUCT);
    const h1 = transformed.headers.lastWithName('h1')!;
    assert.equal(h1.value, 'f1');
    assert.equal(h1.schema, Schemas.STRING);
    assert.equal(transformed.headers.lastWithName('h2')!.value, 2);
  });

  it('moves struct fields, dropping them from the schema', () => {
    const transformed = value({ fields: 'field1,field2', headers: 'h1,h2', operation: 'move' })
      .apply(sinkRecord({ valueSchema: SCHEMA, value: STRUCT }));
    const updated = transformed.value as Struct;
    assert.deepEqual(updated.schema.fields.map((f) => f.name), ['keep']);
    assert.equal(updated.schema.name, 's');
    assert.equal(updated.get('keep'), true);
    assert.equal(transformed.headers.size, 2);
  });

  it('moves and copies schemaless fields with null header schemas', () => {
    const record = sinkRecord({ value: { field1: 'f1', keep: true } });
    const moved = value({ fields: 'field1,missing', headers: 'h1,h2', operation: 'move' }).apply(record);
    assert.deepEqual(moved.value, { keep: true });
    assert.equal(moved.headers.lastWithName('h1')!.schema, null);
    assert.equal(moved.headers.lastWithName('h2')!.value, null);
    const copied = value({ fields: 'field1', headers: 'h1', operation: 'copy' }).apply(record);
    assert.deepEqual(copied.value, { field1: 'f1', keep: true });
  });

  it('works on the key with $Key', () => {
    const xform = new HeaderFromKey<SinkRecord>();
    xform.configure({ fields: 'id', headers: 'key-id', operation: 'copy' });
    assert.equal(xform.apply(sinkRecord({ key: { id: 7 } })).headers.lastWithName('key-id')!.value, 7);
  });

  it('validates its config', () => {
    assert.throws(() => value({ fields: 'a,b', headers: 'h', operation: 'copy' }), (e: unknown) =>
      e instanceof ConfigException &&
      e.message === "'fields' config must have the same number of elements as 'headers' config.");
    assert.throws(() => value({ fields: 'a', headers: 'h', operation: 'steal' }),
      { message: 'Invalid value steal for configuration operation: String must be one of: move, copy' });
  });

  it('fails for tombstones and unknown struct fields', () => {
    assert.throws(() => value({ fields: 'a', headers: 'h', operation: 'copy' }).apply(sinkRecord({ value: null })),
      { message: 'Only Map objects supported in absence of schema for [header copy], found: null' });
    assert.throws(() => value({ fields: 'nope', headers: 'h', operation: 'copy' })
      .apply(sinkRecord({ valueSchema: SCHEMA, value: STRUCT })),
    (e: unknown) => e instanceof DataException && e.message === 'Field does not exist: nope');
  });
});
