import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BigDecimal, ConnectDate, ConnectSchema, DataException, Decimal, SchemaBuilder, Schemas, Struct, Timestamp,
  validateValue,
} from '../../src/index.js';

function rejects(schema: Parameters<typeof validateValue>[0], value: unknown, message: string, field?: string): void {
  assert.throws(() => validateValue(schema, value, field),
    (e: unknown) => e instanceof DataException && e.message === message);
}

describe('ConnectSchema accessors', () => {
  it('throws for fields, key and value schemas on the wrong type', () => {
    assert.throws(() => Schemas.INT8.fields, { message: 'Cannot list fields on non-struct type' });
    assert.throws(() => Schemas.INT8.field('a'), { message: 'Cannot look up fields on non-struct type' });
    assert.throws(() => Schemas.INT8.keySchema, { message: 'Cannot look up key schema on non-map type' });
    assert.throws(() => Schemas.INT8.valueSchema,
      { message: 'Cannot look up value schema on non-array and non-map type' });
    const array = SchemaBuilder.array(Schemas.STRING).build();
    assert.equal(array.valueSchema, Schemas.STRING);
    assert.throws(() => array.keySchema, DataException);
    assert.throws(() => new ConnectSchema('INT8', { fields: [] }), { message: 'Cannot specify fields on non-struct type.' });
  });

  it('prints like Kafka', () => {
    assert.equal(Schemas.INT8.toString(), 'Schema{INT8}');
    assert.equal(Timestamp.SCHEMA.toString(), 'Schema{org.apache.kafka.connect.data.Timestamp:INT64}');
  });
});

describe('ConnectSchema equality', () => {
  const base = (): SchemaBuilder => SchemaBuilder.struct().withName('s').withVersion(1).withDoc('d')
    .addField('a', Schemas.INT32).addField('b', SchemaBuilder.map(Schemas.STRING, Schemas.BYTES).build());

  it('is structural, with hashes that agree', () => {
    const a = base().build();
    const b = base().build();
    assert.notEqual(a, b);
    assert.ok(a.equals(b));
    assert.equal(a.hashCode(), b.hashCode());
  });

  it('compares every attribute', () => {
    const a = base().build();
    assert.equal(a.equals(base().optional().build()), false);
    assert.equal(a.equals(SchemaBuilder.struct().withName('s').withVersion(2).withDoc('d')
      .addField('a', Schemas.INT32).addField('b', SchemaBuilder.map(Schemas.STRING, Schemas.BYTES).build()).build()), false);
    assert.equal(a.equals(base().parameter('p', 'v').build()), false);
    assert.equal(Schemas.INT32.equals(Schemas.OPTIONAL_INT32), false);
    assert.equal(SchemaBuilder.string().withDoc('x').build().equals(SchemaBuilder.string().withDoc('y').build()), false);
  });

  it('compares byte defaults by content', () => {
    const a = SchemaBuilder.bytes().withDefault(new Uint8Array([1, 2])).build();
    const b = SchemaBuilder.bytes().withDefault(new Uint8Array([1, 2])).build();
    const c = SchemaBuilder.bytes().withDefault(new Uint8Array([1, 3])).build();
    assert.ok(a.equals(b));
    assert.equal(a.equals(c), false);
  });

  it('compares parameters regardless of insertion order but not of content', () => {
    const a = SchemaBuilder.bytes().parameter('x', '1').parameter('y', '2').build();
    const b = SchemaBuilder.bytes().parameter('y', '2').parameter('x', '1').build();
    assert.ok(a.equals(b));
    assert.equal(a.equals(SchemaBuilder.bytes().parameter('x', '1').build()), false);
  });
});

describe('validateValue', () => {
  it('rejects null for required schemas, naming the location', () => {
    rejects(Schemas.INT32, null, 'Invalid value: null used for required value, schema type: INT32');
    rejects(Schemas.STRING, undefined, 'Invalid value: null used for required field: "f", schema type: STRING', 'f');
    validateValue(Schemas.OPTIONAL_INT32, null);
  });

  it('checks the JS representation of each type', () => {
    validateValue(Schemas.INT8, -128);
    validateValue(Schemas.INT16, 32767);
    validateValue(Schemas.INT32, -(2 ** 31));
    validateValue(Schemas.INT64, 2n ** 63n - 1n);
    validateValue(Schemas.FLOAT32, 1.5);
    validateValue(Schemas.FLOAT64, Number.NaN);
    validateValue(Schemas.BOOLEAN, false);
    validateValue(Schemas.STRING, '');
    validateValue(Schemas.BYTES, new Uint8Array(0));
    rejects(Schemas.INT8, 128, 'Invalid Java object for schema with type INT8: class java.lang.Integer (128) for value');
    rejects(Schemas.INT32, 1.5, 'Invalid Java object for schema with type INT32: class java.lang.Double (1.5) for value');
    rejects(Schemas.INT32, 2 ** 31, 'Invalid Java object for schema with type INT32: class java.lang.Double (2147483648) for value');
    rejects(Schemas.INT64, 1, 'Invalid Java object for schema with type INT64: class java.lang.Integer (1) for value');
    rejects(Schemas.INT64, 2n ** 63n, 'Invalid Java object for schema with type INT64: class java.lang.Long for value');
    rejects(Schemas.STRING, 1n, 'Invalid Java object for schema with type STRING: class java.lang.Long for value');
    rejects(Schemas.BOOLEAN, 'true', 'Invalid Java object for schema with type BOOLEAN: class java.lang.String for value');
    rejects(Schemas.BYTES, [1], 'Invalid Java object for schema with type BYTES: class java.util.ArrayList for value');
  });

  it('requires the logical class for logical names', () => {
    validateValue(Decimal.schema(2), BigDecimal.fromString('1.00'));
    validateValue(ConnectDate.SCHEMA, new Date(0));
    rejects(Decimal.schema(2), new Uint8Array([1]),
      'Invalid Java object for schema "org.apache.kafka.connect.data.Decimal" with type BYTES: class [B for value');
    rejects(ConnectDate.SCHEMA, 1,
      'Invalid Java object for schema "org.apache.kafka.connect.data.Date" with type INT32: class java.lang.Integer (1) for value');
  });

  it('validates arrays and maps element by element', () => {
    const list = SchemaBuilder.array(Schemas.INT32).build();
    validateValue(list, [1, 2]);
    rejects(list, [1, 'x'], 'Invalid Java object for schema with type INT32: class java.lang.String for element of array value');
    rejects(list, [null], 'Invalid value: null used for required element of array value, schema type: INT32');
    const map = SchemaBuilder.map(Schemas.STRING, Schemas.INT64).build();
    validateValue(map, new Map([['a', 1n]]));
    rejects(map, new Map([[1, 1n]]), 'Invalid Java object for schema with type STRING: class java.lang.Integer (1) for key of map value');
    rejects(map, new Map([['a', 1]]), 'Invalid Java object for schema with type INT64: class java.lang.Integer (1) for value of map value');
    rejects(map, { a: 1n }, 'Invalid Java object for schema with type MAP: class java.util.LinkedHashMap for value');
    rejects(new ConnectSchema('ARRAY'), [1], 'No schema defined for element of array value');
  });

  it('requires a struct with an equal schema, then validates it', () => {
    const schema = SchemaBuilder.struct().addField('a', Schemas.INT32).build();
    const other = SchemaBuilder.struct().addField('b', Schemas.INT32).build();
    rejects(schema, new Struct(other).put('b', 1), 'Struct schemas do not match.');
    rejects(schema, new Struct(schema), 'Invalid value: null used for required field: "a", schema type: INT32');
    validateValue(schema, new Struct(SchemaBuilder.struct().addField('a', Schemas.INT32).build()).put('a', 3));
  });
});
