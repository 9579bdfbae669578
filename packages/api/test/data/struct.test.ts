import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BigDecimal, DataException, Decimal, SchemaBuilder, Schemas, Struct, Timestamp } from '../../src/index.js';

const schema = SchemaBuilder.struct().withName('person')
  .addField('name', Schemas.STRING)
  .addField('age', Schemas.OPTIONAL_INT32)
  .addField('score', SchemaBuilder.float64().withDefault(1.5).build())
  .addField('id', Schemas.INT64)
  .build();

describe('Struct', () => {
  it('needs a struct schema', () => {
    assert.throws(() => new Struct(Schemas.INT32), { message: 'Not a struct schema: Schema{INT32}' });
  });

  it('validates values when they are put', () => {
    const s = new Struct(schema);
    assert.throws(() => s.put('name', 1), (e: unknown) => e instanceof DataException &&
      e.message === 'Invalid Java object for schema with type STRING: class java.lang.Integer (1) for field: "name"');
    assert.throws(() => s.put('nope', 1), { message: 'nope is not a valid field name' });
    assert.throws(() => s.put('name', null), { message: 'Invalid value: null used for required field: "name", schema type: STRING' });
    s.put('name', 'Ann').put(schema.field('id')!, 7n);
    assert.equal(s.getString('name'), 'Ann');
    assert.equal(s.getInt64('id'), 7n);
  });

  it('falls back to the field default on get, not on getWithoutDefault or typed getters', () => {
    const s = new Struct(schema);
    assert.equal(s.get('score'), 1.5);
    assert.equal(s.get(schema.field('score')!), 1.5);
    assert.equal(s.getWithoutDefault('score'), null);
    assert.equal(s.getFloat64('score'), null);
  });

  it('checks the type in typed getters', () => {
    const s = new Struct(schema).put('age', 3);
    assert.equal(s.getInt32('age'), 3);
    assert.throws(() => s.getInt64('age'), { message: "Field 'age' is not of type INT64" });
  });

  it('validate() lets optional and defaulted fields be null, not required ones', () => {
    const s = new Struct(schema).put('name', 'Ann');
    assert.throws(() => s.validate(), { message: 'Invalid value: null used for required field: "id", schema type: INT64' });
    s.put('id', 1n);
    s.validate();
  });

  it('compares schema and values deeply', () => {
    const make = (bytes: number[]): Struct => new Struct(SchemaBuilder.struct().addField('b', Schemas.BYTES).build())
      .put('b', new Uint8Array(bytes));
    assert.ok(make([1, 2]).equals(make([1, 2])));
    assert.equal(make([1, 2]).hashCode(), make([1, 2]).hashCode());
    assert.equal(make([1, 2]).equals(make([1, 3])), false);
    const other = new Struct(SchemaBuilder.struct().addField('c', Schemas.BYTES).build()).put('c', new Uint8Array([1, 2]));
    assert.equal(make([1, 2]).equals(other), false);
  });

  it('prints like Kafka, leaving out null fields and printing doubles the Java way', () => {
    const s = new Struct(schema).put('name', 'Ann').put('id', 12n).put('score', 2);
    assert.equal(s.toString(), 'Struct{name=Ann,score=2.0,id=12}');
    const nested = SchemaBuilder.struct()
      .addField('d', Decimal.schema(2))
      .addField('t', Timestamp.SCHEMA)
      .addField('l', SchemaBuilder.array(Schemas.FLOAT32).build())
      .addField('m', SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build())
      .build();
    const n = new Struct(nested).put('d', BigDecimal.fromString('1.50')).put('t', new Date(0))
      .put('l', [Math.fround(0.1), 1]).put('m', new Map([['a', 1], ['b', 2]]));
    assert.equal(n.toString(), 'Struct{d=1.50,t=Thu Jan 01 00:00:00 UTC 1970,l=[0.1, 1.0],m={a=1, b=2}}');
  });
});
