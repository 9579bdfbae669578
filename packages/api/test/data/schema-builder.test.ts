import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConnectSchema, DataException, SchemaBuilder, SchemaBuilderException, Schemas, Struct,
} from '../../src/index.js';

function throwsBuilder(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof SchemaBuilderException && e.message === message);
}

describe('SchemaBuilder', () => {
  it('builds a required schema when optional was never set', () => {
    const schema = SchemaBuilder.int32().build();
    assert.equal(schema.isOptional, false);
    assert.equal(schema.type, 'INT32');
    assert.equal(schema.name, null);
    assert.equal(schema.version, null);
    assert.equal(schema.doc, null);
    assert.equal(schema.parameters, null);
    assert.equal(schema.defaultValue, null);
    assert.ok(schema instanceof ConnectSchema);
  });

  it('sets every attribute once', () => {
    const schema = SchemaBuilder.string().optional().withName('n').withVersion(2).withDoc('d')
      .withDefault('x').parameter('a', '1').build();
    assert.deepEqual(
      [schema.isOptional, schema.name, schema.version, schema.doc, schema.defaultValue],
      [true, 'n', 2, 'd', 'x'],
    );
    assert.deepEqual([...schema.parameters!], [['a', '1']]);
  });

  it('rejects setting an attribute again to a different value', () => {
    throwsBuilder(() => SchemaBuilder.int8().withName('a').withName('b'),
      'Invalid SchemaBuilder call: name has already been set.');
    throwsBuilder(() => SchemaBuilder.int8().withVersion(1).withVersion(2),
      'Invalid SchemaBuilder call: version has already been set.');
    throwsBuilder(() => SchemaBuilder.int8().withDoc('a').withDoc('b'),
      'Invalid SchemaBuilder call: doc has already been set.');
    throwsBuilder(() => SchemaBuilder.int8().optional().required(),
      'Invalid SchemaBuilder call: optional has already been set.');
    throwsBuilder(() => SchemaBuilder.int8().withDefault(1).withDefault(2),
      'Invalid SchemaBuilder call: default has already been set.');
  });

  it('allows setting an attribute again to the same value', () => {
    const schema = SchemaBuilder.int8().withName('a').withName('a').optional().optional().build();
    assert.equal(schema.name, 'a');
    assert.equal(schema.isOptional, true);
  });

  it('rejects a default that does not validate, keeping the cause', () => {
    assert.throws(() => SchemaBuilder.int32().withDefault('nope'), (e: unknown) => {
      assert.ok(e instanceof SchemaBuilderException);
      assert.equal(e.message, 'Invalid default value');
      assert.ok(e.cause instanceof DataException);
      return true;
    });
    throwsBuilder(() => SchemaBuilder.int8().withDefault(128), 'Invalid default value');
    throwsBuilder(() => SchemaBuilder.int64().withDefault(1), 'Invalid default value');
  });

  it('accepts valid defaults for each representation', () => {
    assert.equal(SchemaBuilder.int64().withDefault(5n).build().defaultValue, 5n);
    assert.deepEqual(SchemaBuilder.bytes().withDefault(new Uint8Array([1])).build().defaultValue, new Uint8Array([1]));
    const list = SchemaBuilder.array(Schemas.INT32).withDefault([1, 2]).build();
    assert.deepEqual(list.defaultValue, [1, 2]);
  });

  it('treats an empty parameter set as no parameters', () => {
    assert.equal(SchemaBuilder.string().withParameters({}).build().parameters, null);
    const schema = SchemaBuilder.string().withParameters({ b: '2', a: '1' }).parameter('c', '3').build();
    assert.deepEqual([...schema.parameters!.keys()], ['b', 'a', 'c']);
  });

  it('numbers struct fields by position and rejects duplicates and empty names', () => {
    const builder = SchemaBuilder.struct().addField('a', Schemas.INT32).addField('b', Schemas.STRING);
    assert.deepEqual(builder.fields.map((f) => [f.name, f.index]), [['a', 0], ['b', 1]]);
    assert.equal(builder.field('b')!.schema, Schemas.STRING);
    assert.equal(builder.field('zz'), null);
    throwsBuilder(() => builder.addField('a', Schemas.INT8), 'Cannot create field because of field name duplication a');
    throwsBuilder(() => builder.addField('', Schemas.INT8), 'fieldName cannot be null.');
    throwsBuilder(() => builder.addField('c', null as never), 'fieldSchema for field c cannot be null.');
    throwsBuilder(() => SchemaBuilder.int8().addField('a', Schemas.INT8), 'Cannot create fields on type INT8');
  });

  it('rejects null element, key and value schemas', () => {
    throwsBuilder(() => SchemaBuilder.array(null as never), 'valueSchema cannot be null.');
    throwsBuilder(() => SchemaBuilder.map(null as never, Schemas.INT8), 'keySchema cannot be null.');
    throwsBuilder(() => SchemaBuilder.map(Schemas.INT8, null as never), 'valueSchema cannot be null.');
  });

  it('lists fields only on structs, and returns null key/value schemas on the builder', () => {
    assert.throws(() => SchemaBuilder.int8().fields, { message: 'Cannot list fields on non-struct type' });
    assert.throws(() => SchemaBuilder.int8().field('a'), { message: 'Cannot look up fields on non-struct type' });
    assert.equal(SchemaBuilder.int8().keySchema, null);
    assert.equal(SchemaBuilder.int8().valueSchema, null);
  });

  it('is equal only to itself, so a struct never matches a builder used as a field schema', () => {
    const inner = SchemaBuilder.struct().addField('a', Schemas.INT32);
    assert.equal(inner.equals(inner), true);
    assert.equal(inner.equals(SchemaBuilder.struct().addField('a', Schemas.INT32)), false);
    const outer = SchemaBuilder.struct().addField('s', inner).build();
    const value = new Struct(inner.build()).put('a', 1);
    assert.throws(() => new Struct(outer).put('s', value), { message: 'Struct schemas do not match.' });
  });

  it('hashes a struct schema whose default is a struct of the builder itself', () => {
    // Kafka's FlattenTest builds this shape: the default Struct's schema is the (unbuilt) builder.
    const builder = SchemaBuilder.struct().optional().addField('a', Schemas.STRING);
    builder.withDefault(new Struct(builder).put('a', 'default'));
    const schema = builder.build();
    assert.equal(typeof schema.hashCode(), 'number');
    assert.equal(schema.hashCode(), builder.build().hashCode());
    assert.equal(builder.hashCode(), builder.hashCode());
  });
});
