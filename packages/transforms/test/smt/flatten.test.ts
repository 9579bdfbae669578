import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataException, SchemaBuilder, Schemas, Struct, Timestamp, type SinkRecord } from '@tsconnect/api';
import { FlattenKey, FlattenValue } from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

function value(props: Record<string, unknown> = {}): FlattenValue<SinkRecord> {
  const xform = new FlattenValue<SinkRecord>();
  xform.configure(props);
  return xform;
}

describe('Flatten', () => {
  it('flattens nested structs with the delimiter, keeping logical types', () => {
    const inner = SchemaBuilder.struct()
      .addField('int8', Schemas.INT8).addField('string', Schemas.STRING).addField('ts', Timestamp.SCHEMA)
      .addField('array', SchemaBuilder.array(Schemas.INT32).build()).build();
    const twoLevel = SchemaBuilder.struct().addField('B', inner).build();
    const outer = SchemaBuilder.struct().withName('outer').addField('A', twoLevel).addField('top', Schemas.BOOLEAN)
      .build();
    const value1 = new Struct(outer)
      .put('A', new Struct(twoLevel).put('B', new Struct(inner).put('int8', 8).put('string', 's')
        .put('ts', new Date(5)).put('array', [1, 2])))
      .put('top', true);
    const transformed = value({ delimiter: '#' }).apply(sinkRecord({ valueSchema: outer, value: value1 }));
    const flat = transformed.value as Struct;
    assert.deepEqual(flat.schema.fields.map((f) => f.name), ['A#B#int8', 'A#B#string', 'A#B#ts', 'A#B#array', 'top']);
    assert.equal(flat.schema.name, 'outer');
    assert.ok(flat.schema.field('A#B#ts')!.schema.equals(Timestamp.SCHEMA));
    assert.equal(flat.get('A#B#int8'), 8);
    assert.deepEqual(flat.get('A#B#ts'), new Date(5));
    assert.deepEqual(flat.get('A#B#array'), [1, 2]);
    assert.equal(flat.get('top'), true);
  });

  it('makes fields optional under an optional parent, and null when the parent is null', () => {
    const inner = SchemaBuilder.struct().addField('x', Schemas.INT32).optional().build();
    const outer = SchemaBuilder.struct().addField('inner', inner).addField('y', Schemas.STRING).build();
    const transformed = value().apply(sinkRecord({ valueSchema: outer, value: new Struct(outer).put('y', 'y') }));
    const flat = transformed.value as Struct;
    assert.equal(flat.schema.field('inner.x')!.schema.isOptional, true);
    assert.equal(flat.get('inner.x'), null);
    assert.equal(flat.get('y'), 'y');
  });

  it('keeps the defaults of nested fields', () => {
    const inner = SchemaBuilder.struct().addField('x', SchemaBuilder.int32().withDefault(7).build()).build();
    const outer = SchemaBuilder.struct().addField('inner', inner).build();
    const transformed = value().apply(sinkRecord({ valueSchema: outer, value: new Struct(outer).put('inner', new Struct(inner)) }));
    const field = (transformed.value as Struct).schema.field('inner.x')!.schema;
    assert.equal(field.isOptional, false);
    assert.equal(field.defaultValue, 7);
    assert.equal((transformed.value as Struct).get('inner.x'), 7);
  });

  it('inherits optionality and defaults from a parent struct default', () => {
    // Kafka's testOptionalAndDefaultValuesNested: the default Struct is built on the builder itself.
    const builder = SchemaBuilder.struct().optional()
      .addField('req_field', Schemas.STRING)
      .addField('opt_field', SchemaBuilder.string().optional().withDefault('child_default').build());
    builder.withDefault(new Struct(builder).put('req_field', 'req_default'));
    const schema = builder.build();
    const transformed = value().apply(sinkRecord({ valueSchema: schema, value: new Struct(schema) }));
    const flat = transformed.value as Struct;
    assert.equal(flat.schema.fields.length, 2);
    assert.ok(flat.schema.field('req_field')!.schema
      .equals(SchemaBuilder.string().optional().withDefault('req_default').build()));
    assert.ok(flat.schema.field('opt_field')!.schema
      .equals(SchemaBuilder.string().optional().withDefault('child_default').build()));
  });

  it('refuses MAP fields with a schema', () => {
    const schema = SchemaBuilder.struct().addField('m', SchemaBuilder.map(Schemas.STRING, Schemas.STRING).build()).build();
    assert.throws(() => value().apply(sinkRecord({ valueSchema: schema, value: new Struct(schema).put('m', new Map()) })),
      (e: unknown) => e instanceof DataException &&
        e.message === 'Flatten transformation does not support MAP for record with schemas (for field m).');
  });

  it('flattens schemaless maps, keeping arrays and nulls', () => {
    const nested = { A: { B: { int: 1, string: 's', array: [1, 2], nothing: null } }, top: true };
    assert.deepEqual(value().apply(sinkRecord({ value: nested })).value,
      { 'A.B.int': 1, 'A.B.string': 's', 'A.B.array': [1, 2], 'A.B.nothing': null, top: true });
    assert.deepEqual(value().apply(sinkRecord({ value: { m: new Map([['k', 1]]) } })).value, { 'm.k': 1 });
    assert.throws(() => value().apply(sinkRecord({ value: { d: new Date(0) } })), {
      message: "Flatten transformation was passed a value of type class java.util.Date which is not supported by Connect's data API",
    });
  });

  it('passes tombstones through', () => {
    const record = sinkRecord({ value: null });
    assert.equal(value().apply(record), record);
    const keyed = new FlattenKey<SinkRecord>();
    keyed.configure({});
    assert.deepEqual(keyed.apply(sinkRecord({ key: { a: { b: 1 } } })).key, { 'a.b': 1 });
  });
});
