import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SinkRecord } from '@tsconnect/api';
import { DataException, SchemaBuilder, Schemas, Struct } from '@tsconnect/api';
import { ValueToKey } from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

function configured(props: Record<string, unknown>): ValueToKey<SinkRecord> {
  const xform = new ValueToKey<SinkRecord>();
  xform.configure(props);
  return xform;
}

describe('ValueToKey', () => {
  it('builds a schemaless key from value fields', () => {
    const transformed = configured({ fields: 'a,b' }).apply(sinkRecord({ value: { a: 1, b: 2, c: 3 } }));
    assert.deepEqual(transformed.key, { a: 1, b: 2 });
    assert.equal(transformed.keySchema, null);
    assert.deepEqual(transformed.value, { a: 1, b: 2, c: 3 });
  });

  it('builds an unnamed struct key with the fields schemas', () => {
    const valueSchema = SchemaBuilder.struct().withName('v').addField('a', Schemas.INT32).addField('b', Schemas.INT32)
      .addField('c', Schemas.INT32).build();
    const value = new Struct(valueSchema).put('a', 1).put('b', 2).put('c', 3);
    const transformed = configured({ fields: 'a,b' }).apply(sinkRecord({ valueSchema, value }));
    const expectedKeySchema = SchemaBuilder.struct().addField('a', Schemas.INT32).addField('b', Schemas.INT32).build();
    assert.ok(transformed.keySchema!.equals(expectedKeySchema));
    assert.ok((transformed.key as Struct).equals(new Struct(expectedKeySchema).put('a', 1).put('b', 2)));
    assert.equal(transformed.value, value);
  });

  it('names a missing field', () => {
    const valueSchema = SchemaBuilder.struct().addField('a', Schemas.INT32).build();
    assert.throws(() => configured({ fields: 'not_exist' })
      .apply(sinkRecord({ valueSchema, value: new Struct(valueSchema).put('a', 1) })),
    (e: unknown) => e instanceof DataException && e.message === 'Field does not exist: not_exist');
  });

  it('fails on tombstones, as Kafka does', () => {
    assert.throws(() => configured({ fields: 'a' }).apply(sinkRecord({ value: null })), {
      message: 'Only Map objects supported in absence of schema for [copying fields from value to key], found: null',
    });
  });

  it('requires a non-empty field list', () => {
    assert.throws(() => configured({ fields: '' }), { message: 'Invalid value [] for configuration fields: Empty list' });
  });
});
