import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException, DataException, SchemaBuilder, Schemas, Struct, Timestamp } from '@tsconnect/api';
import { InsertFieldKey, InsertFieldValue } from '../../src/index.js';
import { sinkRecord, sourceRecord } from '../util/test-records.js';

const ALL = {
  'topic.field': 'topic_field!',
  'partition.field': 'partition_field',
  'offset.field': 'offset_field!',
  'timestamp.field': 'timestamp_field?',
  'static.field': 'instance_id',
  'static.value': 'my-instance-id',
};

describe('InsertField', () => {
  it('needs at least one field to insert', () => {
    assert.throws(() => new InsertFieldValue().configure({}), { message: 'No field insertion configured' });
  });

  it('needs static.value with static.field', () => {
    assert.throws(() => new InsertFieldValue().configure({ 'static.field': 'x' }), (e: unknown) =>
      e instanceof ConfigException &&
      e.message === 'Invalid value null for configuration static.value: No value specified for static field: x');
  });

  it('rejects a schemaless value that is not a map', () => {
    const xform = new InsertFieldValue();
    xform.configure({ 'topic.field': 'topic_field' });
    assert.throws(() => xform.apply(sinkRecord({ value: 42 })), (e: unknown) => e instanceof DataException &&
      e.message === 'Only Map objects supported in absence of schema for [field insertion], found: java.lang.Integer');
  });

  it('adds topic, partition, offset, timestamp and static fields to a struct', () => {
    const xform = new InsertFieldValue();
    xform.configure(ALL);
    const simpleStructSchema = SchemaBuilder.struct().withName('name').withVersion(1).withDoc('doc')
      .addField('magic', Schemas.OPTIONAL_INT64).build();
    const simpleStruct = new Struct(simpleStructSchema).put('magic', 42n);
    const transformed = xform.apply(sinkRecord({ valueSchema: simpleStructSchema, value: simpleStruct, timestamp: 1000 }));
    const schema = transformed.valueSchema!;
    assert.equal(schema.name, 'name');
    assert.equal(schema.version, 1);
    assert.equal(schema.doc, 'doc');
    assert.deepEqual(schema.fields.map((f) => f.name),
      ['magic', 'topic_field', 'partition_field', 'offset_field', 'timestamp_field', 'instance_id']);
    assert.ok(schema.field('topic_field')!.schema.equals(Schemas.STRING));
    assert.ok(schema.field('partition_field')!.schema.equals(Schemas.OPTIONAL_INT32));
    assert.ok(schema.field('offset_field')!.schema.equals(Schemas.INT64));
    assert.ok(schema.field('timestamp_field')!.schema.equals(Timestamp.builder().optional().build()));
    assert.ok(schema.field('instance_id')!.schema.equals(Schemas.OPTIONAL_STRING));
    const value = transformed.value as Struct;
    assert.equal(value.get('magic'), 42n);
    assert.equal(value.get('topic_field'), 'test');
    assert.equal(value.get('partition_field'), 0);
    assert.equal(value.get('offset_field'), 42n);
    assert.deepEqual(value.get('timestamp_field'), new Date(1000));
    assert.equal(value.get('instance_id'), 'my-instance-id');

    const again = xform.apply(sinkRecord({ valueSchema: simpleStructSchema, value: simpleStruct }));
    assert.equal(again.valueSchema, schema, 'the updated schema is cached');
    assert.equal((again.value as Struct).get('timestamp_field'), null);
  });

  it('adds fields to a schemaless map, skipping a null partition and timestamp', () => {
    const xform = new InsertFieldValue();
    xform.configure(ALL);
    const transformed = xform.apply(sinkRecord({ value: { magic: 42n }, partition: null, timestamp: 123 }));
    assert.deepEqual(transformed.value, {
      magic: 42n, topic_field: 'test', offset_field: 42n, timestamp_field: 123n, instance_id: 'my-instance-id',
    });
  });

  it('passes tombstones through, with or without a schema', () => {
    const xform = new InsertFieldValue();
    xform.configure(ALL);
    const schemaless = sinkRecord({ value: null });
    assert.equal(xform.apply(schemaless), schemaless);
    const withSchema = sinkRecord({ valueSchema: SchemaBuilder.struct().optional().build(), value: null });
    assert.equal(xform.apply(withSchema), withSchema);
  });

  it('refuses an offset on a source record', () => {
    const xform = new InsertFieldValue();
    xform.configure({ 'offset.field': 'offset' });
    assert.throws(() => xform.apply(sourceRecord({ value: {} })), {
      message: 'Only SinkRecord supported for [field insertion], found: org.apache.kafka.connect.source.SourceRecord',
    });
  });

  it('works on the key with $Key', () => {
    const xform = new InsertFieldKey();
    xform.configure({ 'topic.field': 'topic_field' });
    const transformed = xform.apply(sinkRecord({ key: { k: 1 }, value: 'v' }));
    assert.deepEqual(transformed.key, { k: 1, topic_field: 'test' });
    assert.equal(transformed.value, 'v');
  });

  it('reads struct fields without their default when replace.null.with.default=false', () => {
    const schema = SchemaBuilder.struct()
      .addField('opt', SchemaBuilder.int32().optional().withDefault(18).build()).build();
    const struct = new Struct(schema);
    for (const [replace, expected] of [[true, 18], [false, null]] as const) {
      const xform = new InsertFieldValue();
      xform.configure({ 'topic.field': 't', 'replace.null.with.default': replace });
      const value = xform.apply(sinkRecord({ valueSchema: schema, value: struct })).value as Struct;
      assert.equal(value.getWithoutDefault('opt'), expected);
    }
  });
});
