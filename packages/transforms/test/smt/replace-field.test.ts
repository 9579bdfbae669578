import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SinkRecord } from '@tsconnect/api';
import { ConfigException, DataException, SchemaBuilder, Schemas, Struct } from '@tsconnect/api';
import { ReplaceFieldKey, ReplaceFieldValue } from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

function configured(props: Record<string, unknown>): ReplaceFieldValue<SinkRecord> {
  const xform = new ReplaceFieldValue<SinkRecord>();
  xform.configure(props);
  return xform;
}

describe('ReplaceField', () => {
  it('renames and excludes schemaless fields', () => {
    const xform = configured({ exclude: 'dont', renames: 'abc:xyz,foo:bar' });
    const value = { dont: 'whatever', abc: 42, foo: true, etc: 'etc' };
    assert.deepEqual(xform.apply(sinkRecord({ value })).value, { xyz: 42, bar: true, etc: 'etc' });
  });

  it('keeps only the included fields, exclude winning', () => {
    const xform = configured({ include: 'abc,foo,etc', exclude: 'etc' });
    const value = { dont: 'whatever', abc: 42, foo: true, etc: 'etc' };
    assert.deepEqual(xform.apply(sinkRecord({ value })).value, { abc: 42, foo: true });
  });

  it('accepts the deprecated whitelist and blacklist names', () => {
    const xform = configured({ whitelist: 'abc,foo,etc', blacklist: 'etc' });
    assert.deepEqual(xform.apply(sinkRecord({ value: { abc: 1, foo: 2, etc: 3, x: 4 } })).value,
      { abc: 1, foo: 2 });
  });

  it('rebuilds a struct and its schema, keeping the schema basics', () => {
    const xform = configured({ include: 'abc,foo,etc', exclude: 'dont', renames: 'abc:xyz,foo:bar' });
    const schema = SchemaBuilder.struct().withName('n').withVersion(3)
      .addField('dont', Schemas.STRING).addField('abc', Schemas.INT32).addField('foo', Schemas.BOOLEAN)
      .addField('etc', Schemas.STRING).build();
    const value = new Struct(schema).put('dont', 'whatever').put('abc', 42).put('foo', true).put('etc', 'etc');
    const transformed = xform.apply(sinkRecord({ valueSchema: schema, value }));
    const updated = transformed.value as Struct;
    assert.deepEqual(updated.schema.fields.map((f) => f.name), ['xyz', 'bar', 'etc']);
    assert.equal(updated.schema.name, 'n');
    assert.equal(updated.schema.version, 3);
    assert.equal(updated.getInt32('xyz'), 42);
    assert.equal(updated.getBoolean('bar'), true);
    assert.equal(updated.getString('etc'), 'etc');
  });

  it('passes tombstones through', () => {
    const xform = configured({ exclude: 'a' });
    const record = sinkRecord({ valueSchema: SchemaBuilder.struct().optional().build(), value: null });
    assert.equal(xform.apply(record), record);
  });

  it('rejects a rename mapping without exactly one colon', () => {
    assert.throws(() => configured({ renames: 'abc:xyz,foo' }), (e: unknown) => e instanceof ConfigException &&
      e.message === 'Invalid value [abc:xyz, foo] for configuration renames: Invalid rename mapping: foo');
    assert.throws(() => configured({ renames: 'a:b:c' }), ConfigException);
  });

  it('rejects a value that is not a struct when there is a schema', () => {
    const xform = configured({ exclude: 'a' });
    assert.throws(() => xform.apply(sinkRecord({ valueSchema: Schemas.STRING, value: 'x' })),
      (e: unknown) => e instanceof DataException &&
        e.message === 'Only Struct objects supported for [field replacement], found: java.lang.String');
  });

  it('uses the field default only when replace.null.with.default is true', () => {
    const schema = SchemaBuilder.struct().addField('a', SchemaBuilder.string().optional().withDefault('d').build())
      .build();
    const value = new Struct(schema);
    const withDefault = configured({ renames: 'a:b' }).apply(sinkRecord({ valueSchema: schema, value }));
    assert.equal((withDefault.value as Struct).getWithoutDefault('b'), 'd');
    const without = configured({ renames: 'a:b', 'replace.null.with.default': 'false' })
      .apply(sinkRecord({ valueSchema: schema, value }));
    assert.equal((without.value as Struct).getWithoutDefault('b'), null);
  });

  it('works on the key with $Key', () => {
    const xform = new ReplaceFieldKey();
    xform.configure({ exclude: 'b' });
    assert.deepEqual(xform.apply(sinkRecord({ key: { a: 1, b: 2 } })).key, { a: 1 });
  });
});
