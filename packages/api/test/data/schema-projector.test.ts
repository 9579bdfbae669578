import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Decimal, SchemaBuilder, SchemaProjector, SchemaProjectorException, Schemas, Struct,
} from '../../src/index.js';

function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof SchemaProjectorException && e.message === message);
}

describe('SchemaProjector', () => {
  it('promotes numbers to wider types', () => {
    assert.equal(SchemaProjector.project(Schemas.INT8, 5, Schemas.INT32), 5);
    assert.equal(SchemaProjector.project(Schemas.INT32, 5, Schemas.INT64), 5n);
    assert.equal(SchemaProjector.project(Schemas.INT64, 5n, Schemas.FLOAT64), 5);
    assert.equal(SchemaProjector.project(Schemas.FLOAT64, 1.1, Schemas.FLOAT64), 1.1);
    assert.equal(SchemaProjector.project(Schemas.INT32, 16777217, Schemas.FLOAT32), 16777216);
  });

  it('rejects narrowing, renamed and re-parameterised schemas', () => {
    rejects(() => SchemaProjector.project(Schemas.INT64, 1n, Schemas.INT32),
      'Schema type mismatch. source type: INT64 and target type: INT32');
    rejects(() => SchemaProjector.project(SchemaBuilder.int32().withName('a').build(), 1, Schemas.INT32),
      'Schema name mismatch. source name: a and target name: null');
    rejects(() => SchemaProjector.project(Decimal.schema(2), null, Decimal.builder(3).optional().build()),
      'Schema parameters not equal. source parameters: {scale=2} and target parameters: {scale=3}');
  });

  it('uses the target default for a null from an optional source', () => {
    const target = SchemaBuilder.int32().withDefault(9).build();
    assert.equal(SchemaProjector.project(Schemas.OPTIONAL_INT32, null, target), 9);
    assert.equal(SchemaProjector.project(Schemas.OPTIONAL_INT32, 4, target), 4);
    rejects(() => SchemaProjector.project(Schemas.OPTIONAL_INT32, null, Schemas.INT32),
      'Writer schema is optional, however, target schema does not provide a default value.');
    assert.equal(SchemaProjector.project(Schemas.OPTIONAL_INT32, null, Schemas.OPTIONAL_INT64), null);
  });

  it('projects structs: drops extra fields, fills optional and defaulted ones, requires the rest', () => {
    const source = SchemaBuilder.struct().addField('a', Schemas.INT32).addField('x', Schemas.STRING).build();
    const target = SchemaBuilder.struct().addField('a', Schemas.INT64).addField('b', Schemas.OPTIONAL_STRING)
      .addField('c', SchemaBuilder.string().withDefault('d').build()).build();
    const projected = SchemaProjector.project(source, new Struct(source).put('a', 1).put('x', 'y'), target) as Struct;
    assert.ok(projected.schema.equals(target));
    assert.deepEqual([projected.get('a'), projected.get('b'), projected.get('c')], [1n, null, 'd']);
    const strict = SchemaBuilder.struct().addField('z', Schemas.INT32).build();
    rejects(() => SchemaProjector.project(source, new Struct(source).put('a', 1).put('x', 'y'), strict),
      'Required field `z` is missing from source schema: Schema{STRUCT}');
  });

  it('wraps field errors with the field name', () => {
    const source = SchemaBuilder.struct().addField('a', Schemas.STRING).build();
    const target = SchemaBuilder.struct().addField('a', Schemas.INT32).build();
    assert.throws(() => SchemaProjector.project(source, new Struct(source).put('a', 'x'), target), (e: unknown) => {
      assert.ok(e instanceof SchemaProjectorException);
      assert.equal(e.message, 'Error projecting a');
      assert.ok(e.cause instanceof SchemaProjectorException);
      return true;
    });
  });

  it('projects arrays and maps element by element', () => {
    const list = SchemaProjector.project(SchemaBuilder.array(Schemas.INT32).build(), [1, 2],
      SchemaBuilder.array(Schemas.INT64).build());
    assert.deepEqual(list, [1n, 2n]);
    const map = SchemaProjector.project(SchemaBuilder.map(Schemas.STRING, Schemas.FLOAT32).build(), new Map([['a', 1.5]]),
      SchemaBuilder.map(Schemas.STRING, Schemas.FLOAT64).build()) as Map<string, number>;
    assert.deepEqual([...map], [['a', 1.5]]);
  });
});
