import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectException, SchemaBuilder, Schemas, SinkRecord, Struct } from '@tsconnect/api';
import { recordLayout, type LayoutSettings } from '../../src/sink/record-layout.js';

const KEY = SchemaBuilder.struct().addField('a', Schemas.INT32).addField('b', Schemas.STRING).build();
const VALUE = SchemaBuilder.struct().addField('a', Schemas.INT32).addField('x', Schemas.OPTIONAL_STRING)
  .addField('y', SchemaBuilder.int32().optional().withDefault(5).build()).build();

function settings(over: Partial<LayoutSettings>): LayoutSettings {
  return { pkMode: 'none', pkFields: [], fieldsWhitelist: [], replaceNullWithDefault: true, ...over };
}

const names = (layout: ReturnType<typeof recordLayout>): [string[], string[]] =>
  [layout.keys.map((k) => k.column.name), layout.values.map((v) => v.column.name)];

describe('recordLayout', () => {
  it('pk.mode=none: every value field, or the whitelisted ones', () => {
    assert.deepEqual(names(recordLayout(settings({}), 't', null, VALUE)), [[], ['a', 'x', 'y']]);
    assert.deepEqual(names(recordLayout(settings({ fieldsWhitelist: ['x'] }), 't', null, VALUE)), [[], ['x']]);
  });

  it('pk.mode=kafka: the coordinates, under default or configured names', () => {
    assert.deepEqual(names(recordLayout(settings({ pkMode: 'kafka' }), 't', null, VALUE)),
      [['__connect_topic', '__connect_partition', '__connect_offset'], ['a', 'x', 'y']]);
    const renamed = recordLayout(settings({ pkMode: 'kafka', pkFields: ['t', 'p', 'o'] }), 't', null, VALUE);
    const record = new SinkRecord({ topic: 'orders', kafkaPartition: 2, kafkaOffset: 41, valueSchema: VALUE, value: new Struct(VALUE).put('a', 1) });
    assert.deepEqual(renamed.keys.map((k) => k.read(record)), ['orders', 2, 41n]);
    assert.throws(() => recordLayout(settings({ pkMode: 'kafka', pkFields: ['t'] }), 't', null, VALUE), ConnectException);
  });

  it('pk.mode=record_key: all or chosen key struct fields, excluded from the value columns', () => {
    assert.deepEqual(names(recordLayout(settings({ pkMode: 'record_key' }), 't', KEY, VALUE)), [['a', 'b'], ['x', 'y']]);
    assert.deepEqual(names(recordLayout(settings({ pkMode: 'record_key', pkFields: ['b'] }), 't', KEY, VALUE)), [['b'], ['a', 'x', 'y']]);
    assert.throws(() => recordLayout(settings({ pkMode: 'record_key', pkFields: ['zz'] }), 't', KEY, VALUE), /does not contain field: zz/);
    assert.throws(() => recordLayout(settings({ pkMode: 'record_key' }), 't', null, VALUE), /record key schema is missing/);
  });

  it('pk.mode=record_key with a primitive key needs exactly one pk.fields name', () => {
    assert.deepEqual(names(recordLayout(settings({ pkMode: 'record_key', pkFields: ['id'] }), 't', Schemas.INT64, VALUE)), [['id'], ['a', 'x', 'y']]);
    assert.throws(() => recordLayout(settings({ pkMode: 'record_key' }), 't', Schemas.INT64, VALUE), /exactly one PK column/);
  });

  it('pk.mode=record_value: key columns from the value', () => {
    assert.deepEqual(names(recordLayout(settings({ pkMode: 'record_value', pkFields: ['a'] }), 't', null, VALUE)), [['a'], ['x', 'y']]);
  });

  it('reads null fields as their default unless replace.null.with.default=false', () => {
    const value = new Struct(VALUE).put('a', 1);
    const record = new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 0, valueSchema: VALUE, value });
    const y = (replace: boolean): unknown => recordLayout(settings({ replaceNullWithDefault: replace }), 't', null, VALUE)
      .values.find((v) => v.column.name === 'y')!.read(record);
    assert.equal(y(true), 5);
    assert.equal(y(false), null);
  });

  it('rejects a value that is not a struct', () => {
    assert.throws(() => recordLayout(settings({}), 't', null, Schemas.STRING), /requires a Struct value schema/);
  });
});
