import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SinkRecord } from '@tsconnect/api';
import { ConfigException, DataException, SchemaBuilder, Schemas, Struct } from '@tsconnect/api';
import { ExtractFieldKey, ExtractFieldValue } from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

function key(props: Record<string, unknown>): ExtractFieldKey<SinkRecord> {
  const xform = new ExtractFieldKey<SinkRecord>();
  xform.configure(props);
  return xform;
}

const NESTED_SCHEMA = SchemaBuilder.struct().addField('magic', Schemas.INT32).build();
const OUTER_SCHEMA = SchemaBuilder.struct().addField('magic', NESTED_SCHEMA)
  .addField('foo.bar', Schemas.OPTIONAL_STRING).build();

describe('ExtractField', () => {
  it('extracts a schemaless field, null when missing or the key is null', () => {
    assert.equal(key({ field: 'magic' }).apply(sinkRecord({ key: { magic: 42 } })).key, 42);
    assert.equal(key({ field: 'nope' }).apply(sinkRecord({ key: { magic: 42 } })).key, null);
    const tombstoneKey = key({ field: 'magic' }).apply(sinkRecord({ key: null }));
    assert.equal(tombstoneKey.key, null);
    assert.equal(tombstoneKey.keySchema, null);
  });

  it('extracts a struct field with its schema', () => {
    const schema = SchemaBuilder.struct().addField('magic', Schemas.INT32).build();
    const transformed = key({ field: 'magic' }).apply(sinkRecord({ keySchema: schema, key: new Struct(schema).put('magic', 42) }));
    assert.equal(transformed.keySchema, Schemas.INT32);
    assert.equal(transformed.key, 42);
  });

  it('keeps the field schema for a null struct', () => {
    const schema = SchemaBuilder.struct().addField('magic', Schemas.INT32).optional().build();
    const transformed = key({ field: 'magic' }).apply(sinkRecord({ keySchema: schema, key: null }));
    assert.equal(transformed.keySchema, Schemas.INT32);
    assert.equal(transformed.key, null);
  });

  it('names an unknown field', () => {
    const schema = SchemaBuilder.struct().addField('magic', Schemas.INT32).build();
    assert.throws(() => key({ field: 'nonexistent' }).apply(sinkRecord({ keySchema: schema, key: new Struct(schema).put('magic', 42) })),
      (e: unknown) => e instanceof DataException && e.message === 'Unknown field: nonexistent');
  });

  it('reads nested fields with field.syntax.version=V2, backticks quoting dots', () => {
    const value = new Struct(OUTER_SCHEMA).put('magic', new Struct(NESTED_SCHEMA).put('magic', 42)).put('foo.bar', 'x');
    const nested = key({ field: 'magic.magic', 'field.syntax.version': 'v2' })
      .apply(sinkRecord({ keySchema: OUTER_SCHEMA, key: value }));
    assert.equal(nested.key, 42);
    assert.equal(nested.keySchema, Schemas.INT32);
    const quoted = key({ field: '`foo.bar`', 'field.syntax.version': 'V2' })
      .apply(sinkRecord({ keySchema: OUTER_SCHEMA, key: value }));
    assert.equal(quoted.key, 'x');
    assert.equal(key({ field: 'a.b', 'field.syntax.version': 'V2' }).apply(sinkRecord({ key: { a: { b: 7 } } })).key, 7);
    assert.equal(key({ field: 'a.b' }).apply(sinkRecord({ key: { 'a.b': 8 } })).key, 8, 'V1 does not split');
  });

  it('rejects an unpaired backtick and an unknown syntax version', () => {
    assert.throws(() => key({ field: '`foo.bar', 'field.syntax.version': 'V2' }), (e: unknown) =>
      e instanceof ConfigException && e.message === 'Incomplete backtick pair in path: [`foo.bar], consider adding a ' +
      'backslash before backtick at position 0 to escape it');
    assert.throws(() => key({ field: 'a', 'field.syntax.version': 'V3' }), ConfigException);
  });

  it('uses the field default only when replace.null.with.default is true', () => {
    const schema = SchemaBuilder.struct().addField('a', SchemaBuilder.int32().optional().withDefault(5).build()).build();
    const value = new ExtractFieldValue<SinkRecord>();
    value.configure({ field: 'a' });
    assert.equal(value.apply(sinkRecord({ valueSchema: schema, value: new Struct(schema) })).value, 5);
    const raw = new ExtractFieldValue<SinkRecord>();
    raw.configure({ field: 'a', 'replace.null.with.default': 'false' });
    assert.equal(raw.apply(sinkRecord({ valueSchema: schema, value: new Struct(schema) })).value, null);
  });
});
