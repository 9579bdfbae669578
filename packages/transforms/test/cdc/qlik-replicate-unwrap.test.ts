import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConfigException, DataException, SchemaBuilder, Schemas, SinkRecord, Struct, type Schema,
} from '@tsconnect/api';
import { QlikReplicateUnwrap } from '../../src/cdc/qlik-replicate-unwrap.js';

// The shape AvroConverter gives Qlik Replicate's Avro data records (an Avro enum arrives as a STRING).
const ROW = SchemaBuilder.struct().withName('com.attunity.queue.msg.SALES.CUSTOMERS.Data').optional()
  .addField('ID', Schemas.INT32)
  .addField('NAME', SchemaBuilder.string().optional().withDefault('unknown').build())
  .build();
const HEADERS = SchemaBuilder.struct().withName('com.attunity.queue.msg.DataRecordHeaders')
  .addField('operation', SchemaBuilder.string().parameter('io.confluent.connect.avro.Enum', 'operation').build())
  .addField('changeSequence', Schemas.STRING)
  .addField('timestamp', Schemas.STRING)
  .addField('streamPosition', Schemas.STRING)
  .addField('transactionId', Schemas.STRING)
  .addField('changeMask', Schemas.OPTIONAL_BYTES)
  .addField('columnMask', Schemas.OPTIONAL_BYTES)
  .addField('transactionEventCounter', Schemas.OPTIONAL_INT64)
  .addField('transactionLastEvent', Schemas.OPTIONAL_BOOLEAN)
  .build();
const DATA_RECORD = SchemaBuilder.struct().withName('com.attunity.queue.msg.SALES.CUSTOMERS.DataRecord')
  .addField('data', ROW)
  .addField('beforeData', ROW)
  .addField('headers', HEADERS)
  .build();

type Row = { ID: number; NAME: string | null };
const ANN: Row = { ID: 1, NAME: 'Ann' };
const ANNE: Row = { ID: 1, NAME: 'Anne' };

function structRow(r: Row): Struct {
  return new Struct(ROW).put('ID', r.ID).put('NAME', r.NAME);
}

function headerValues(operation: string): Record<string, unknown> {
  return {
    operation, changeSequence: '20261121134700000000000000000000001', timestamp: '2026-11-21T13:47:00.000',
    streamPosition: '0000001A:00000F20:0004', transactionId: '0000000000000000000000000000A1B2',
    changeMask: null, columnMask: null, transactionEventCounter: 1, transactionLastEvent: true,
  };
}

function avroMessage(operation: string, data: Row | null, beforeData: Row | null = null): Struct {
  const headers = new Struct(HEADERS);
  for (const [k, v] of Object.entries(headerValues(operation))) headers.put(k, k === 'transactionEventCounter' ? 1n : v);
  return new Struct(DATA_RECORD).put('data', data && structRow(data)).put('beforeData', beforeData && structRow(beforeData))
    .put('headers', headers);
}

function bareMessage(operation: string, data: Row | null, beforeData: Row | null = null): Record<string, unknown> {
  return { data, beforeData, headers: headerValues(operation) };
}

function jsonMessage(operation: string, data: Row | null, beforeData: Row | null = null, type = 'DT'): Record<string, unknown> {
  return {
    magic: 'atMSG', type, headers: null, messageSchemaId: null, messageSchema: null,
    message: bareMessage(operation, data, beforeData),
  };
}

function sinkRecord(value: unknown, valueSchema: Schema | null = value instanceof Struct ? value.schema : null): SinkRecord {
  return new SinkRecord({
    topic: 'SALES.CUSTOMERS', kafkaPartition: 2, kafkaOffset: 7, keySchema: Schemas.STRING, key: '1', valueSchema, value,
  });
}

function unwrap(config: Record<string, unknown> = {}): QlikReplicateUnwrap<SinkRecord> {
  const transform = new QlikReplicateUnwrap<SinkRecord>();
  transform.configure(config);
  return transform;
}

describe('QlikReplicateUnwrap with a schema (Avro data records)', () => {
  it('emits the data row and its schema for INSERT, UPDATE and REFRESH', () => {
    for (const [op, before] of [['INSERT', null], ['UPDATE', ANN], ['REFRESH', null]] as const) {
      const out = unwrap().apply(sinkRecord(avroMessage(op, ANNE, before)))!;
      assert.ok(out.value instanceof Struct && out.value.equals(structRow(ANNE)), op);
      assert.equal(out.valueSchema, ROW, op);
      assert.equal(out.key, '1');
      assert.equal(out.topic, 'SALES.CUSTOMERS');
      assert.equal(out.kafkaOffset, 7);
    }
  });

  it('turns a DELETE into a tombstone with a null value schema by default', () => {
    const out = unwrap().apply(sinkRecord(avroMessage('DELETE', ANN)))!;
    assert.equal(out.value, null);
    assert.equal(out.valueSchema, null);
    assert.equal(out.key, '1');
  });

  it('drops DELETEs with delete.handling.mode=drop', () => {
    assert.equal(unwrap({ 'delete.handling.mode': 'drop' }).apply(sinkRecord(avroMessage('DELETE', ANN))), null);
  });

  it('rewrites DELETEs to beforeData (else data) with the marker true, other rows with false', () => {
    const transform = unwrap({ 'delete.handling.mode': 'rewrite' });
    const fromBefore = transform.apply(sinkRecord(avroMessage('DELETE', ANNE, ANN)))!.value as Struct;
    assert.deepEqual(fromBefore.schema.fields.map((f) => f.name), ['ID', 'NAME', '__deleted']);
    assert.ok(fromBefore.schema.field('__deleted')!.schema.equals(Schemas.OPTIONAL_BOOLEAN));
    assert.deepEqual([fromBefore.get('NAME'), fromBefore.get('__deleted')], ['Ann', true]);
    const fromData = transform.apply(sinkRecord(avroMessage('DELETE', ANNE)))!.value as Struct;
    assert.equal(fromData.get('NAME'), 'Anne');
    const inserted = transform.apply(sinkRecord(avroMessage('INSERT', ANN)))!;
    assert.equal((inserted.value as Struct).get('__deleted'), false);
    assert.equal(inserted.valueSchema, fromBefore.schema, 'one cached output schema per row schema');
    const renamed = unwrap({ 'delete.handling.mode': 'rewrite', 'delete.marker.field': 'is_deleted' })
      .apply(sinkRecord(avroMessage('DELETE', ANN)))!.value as Struct;
    assert.equal(renamed.get('is_deleted'), true);
  });

  it('copies message headers into the row with headers.to.fields, prefix and renames', () => {
    const out = unwrap({ 'headers.to.fields': 'operation,changeSequence,transactionEventCounter' })
      .apply(sinkRecord(avroMessage('UPDATE', ANNE, ANN)))!;
    const value = out.value as Struct;
    assert.deepEqual(value.schema.fields.map((f) => f.name),
      ['ID', 'NAME', '__operation', '__changeSequence', '__transactionEventCounter']);
    assert.deepEqual([value.get('__operation'), value.get('__changeSequence'), value.get('__transactionEventCounter')],
      ['UPDATE', '20261121134700000000000000000000001', 1n]);
    assert.ok(value.schema.field('__operation')!.schema.isOptional);
    assert.equal(value.schema.name, ROW.name);
    assert.equal(out.valueSchema, value.schema);
    const renamed = unwrap({ 'headers.to.fields': 'operation:op_type,timestamp', 'headers.to.fields.prefix': '' })
      .apply(sinkRecord(avroMessage('INSERT', ANN)))!.value as Struct;
    assert.deepEqual([renamed.get('op_type'), renamed.get('timestamp')], ['INSERT', '2026-11-21T13:47:00.000']);
  });

  it('replaces null row values by defaults when adding fields, unless replace.null.with.default=false', () => {
    const input = sinkRecord(avroMessage('INSERT', { ID: 2, NAME: null }));
    const config = { 'headers.to.fields': 'operation' };
    assert.equal((unwrap(config).apply(input)!.value as Struct).getWithoutDefault('NAME'), 'unknown');
    assert.equal((unwrap({ ...config, 'replace.null.with.default': false }).apply(input)!.value as Struct)
      .getWithoutDefault('NAME'), null);
  });

  it('sets the key from key.fields, from the deleted row for a DELETE tombstone', () => {
    const transform = unwrap({ 'key.fields': 'ID' });
    const inserted = transform.apply(sinkRecord(avroMessage('INSERT', ANN)))!;
    assert.deepEqual(inserted.keySchema!.fields.map((f) => [f.name, f.schema]), [['ID', Schemas.INT32]]);
    assert.equal((inserted.key as Struct).get('ID'), 1);
    const deleted = transform.apply(sinkRecord(avroMessage('DELETE', { ID: 9, NAME: 'Z' })))!;
    assert.equal(deleted.value, null);
    assert.equal((deleted.key as Struct).get('ID'), 9);
    assert.equal(deleted.keySchema, inserted.keySchema);
  });

  it('reads the JSON wrapper when it arrives as a Struct (JsonConverter with schemas.enable=true)', () => {
    const wrapper = SchemaBuilder.struct()
      .addField('magic', Schemas.STRING).addField('type', Schemas.STRING)
      .addField('message', DATA_RECORD).build();
    const value = new Struct(wrapper).put('magic', 'atMSG').put('type', 'DT').put('message', avroMessage('INSERT', ANN));
    const out = unwrap().apply(sinkRecord(value))!;
    assert.ok((out.value as Struct).equals(structRow(ANN)));
  });

  it('passes other Structs unchanged by default', () => {
    const input = sinkRecord(structRow(ANN));
    assert.equal(unwrap().apply(input), input);
  });

  it('fails on malformed data messages, naming the transform and the field', () => {
    const noData = sinkRecord(avroMessage('INSERT', null));
    assert.throws(() => unwrap().apply(noData),
      (e: unknown) => e instanceof DataException && e.message === "QlikReplicateUnwrap: INSERT message has a null 'data' field");
    assert.throws(() => unwrap().apply(sinkRecord(avroMessage('MERGE', ANN))),
      (e: unknown) => e instanceof DataException && /^QlikReplicateUnwrap: field 'headers.operation' .*'MERGE'/.test(e.message));
    assert.throws(() => unwrap({ 'key.fields': 'CODE' }).apply(sinkRecord(avroMessage('INSERT', ANN))),
      (e: unknown) => e instanceof DataException && /^QlikReplicateUnwrap: key\.fields field 'CODE'/.test(e.message));
    assert.throws(() => unwrap({ 'headers.to.fields.prefix': '', 'headers.to.fields': 'operation:NAME' })
      .apply(sinkRecord(avroMessage('INSERT', ANN))),
      (e: unknown) => e instanceof DataException && /^QlikReplicateUnwrap: cannot add field 'NAME'/.test(e.message));
  });
});

describe('QlikReplicateUnwrap without a schema (JSON messages)', () => {
  it('emits the data object for INSERT, UPDATE and REFRESH, wrapped or bare', () => {
    for (const op of ['INSERT', 'UPDATE', 'REFRESH']) {
      for (const value of [jsonMessage(op, ANNE, ANN), bareMessage(op, ANNE, ANN)]) {
        const out = unwrap().apply(sinkRecord(value))!;
        assert.deepEqual(out.value, ANNE, op);
        assert.equal(out.valueSchema, null);
      }
    }
  });

  it('handles DELETE per delete.handling.mode', () => {
    const del = sinkRecord(jsonMessage('DELETE', ANN));
    const tombstone = unwrap().apply(del)!;
    assert.deepEqual([tombstone.value, tombstone.valueSchema, tombstone.key], [null, null, '1']);
    assert.equal(unwrap({ 'delete.handling.mode': 'drop' }).apply(del), null);
    const rewritten = unwrap({ 'delete.handling.mode': 'rewrite', 'headers.to.fields': 'operation,changeMask' })
      .apply(sinkRecord(jsonMessage('DELETE', ANNE, ANN)))!;
    assert.deepEqual(rewritten.value, { ...ANN, __operation: 'DELETE', __changeMask: null, __deleted: true });
  });

  it('sets an object key from key.fields', () => {
    const out = unwrap({ 'key.fields': 'ID,NAME' }).apply(sinkRecord(bareMessage('INSERT', ANN)))!;
    assert.deepEqual([out.key, out.keySchema], [{ ID: 1, NAME: 'Ann' }, null]);
  });

  it('passes, drops or fails on messages that are not data messages, per non.data.message.handling.mode', () => {
    const metadata = sinkRecord({ magic: 'atMSG', type: 'MD', headers: null, message: { lineage: {}, tableStructure: {} } });
    const notDataType = sinkRecord(jsonMessage('INSERT', ANN, null, 'CT'));
    const plain = sinkRecord({ ID: 1 });
    const text = sinkRecord('hello', Schemas.STRING);
    for (const input of [metadata, notDataType, plain, text]) {
      assert.equal(unwrap().apply(input), input);
      assert.equal(unwrap({ 'non.data.message.handling.mode': 'drop' }).apply(input), null);
      assert.throws(() => unwrap({ 'non.data.message.handling.mode': 'fail' }).apply(input),
        (e: unknown) => e instanceof DataException &&
          e.message === 'QlikReplicateUnwrap: the record from topic SALES.CUSTOMERS is not a Qlik Replicate data message');
    }
  });

  it('passes incoming tombstones, or drops them with drop.tombstones=true', () => {
    const tombstone = sinkRecord(null);
    assert.equal(unwrap().apply(tombstone), tombstone);
    assert.equal(unwrap({ 'drop.tombstones': 'true' }).apply(tombstone), null);
  });

  it('fails on malformed data messages, naming the transform and the field', () => {
    const cases: [unknown, RegExp][] = [
      [{ ...jsonMessage('INSERT', ANN), message: 'x' }, /field 'message'/],
      [{ data: ANN, headers: null }, /field 'headers' /],
      [{ data: ANN, headers: { changeSequence: '1' } }, /field 'headers\.operation' .*missing/],
      [{ data: 'row', headers: { operation: 'INSERT' } }, /field 'data' /],
      [bareMessage('DELETE', null, null), /DELETE message has neither 'beforeData' nor 'data'/],
    ];
    for (const [value, pattern] of cases) {
      assert.throws(() => unwrap().apply(sinkRecord(value)),
        (e: unknown) => e instanceof DataException && e.message.startsWith('QlikReplicateUnwrap: ') && pattern.test(e.message));
    }
    assert.throws(() => unwrap({ 'headers.to.fields': 'tableName' }).apply(sinkRecord(bareMessage('INSERT', ANN))),
      (e: unknown) => e instanceof DataException && /^QlikReplicateUnwrap: headers\.to\.fields field 'tableName'/.test(e.message));
  });
});

describe('QlikReplicateUnwrap configuration', () => {
  it('rejects bad values naming the key', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ 'delete.handling.mode': 'rewrite-with-tombstone' }, /delete\.handling\.mode/],
      [{ 'non.data.message.handling.mode': 'ignore' }, /non\.data\.message\.handling\.mode/],
      [{ 'delete.marker.field': '' }, /delete\.marker\.field/],
      [{ 'headers.to.fields': 'operation:a:b' }, /headers\.to\.fields.*QlikReplicateUnwrap/],
      [{ 'key.fields': 'ID,ID' }, /key\.fields.*'ID' twice/],
    ];
    for (const [config, pattern] of cases) {
      assert.throws(() => unwrap(config), (e: unknown) => e instanceof ConfigException && pattern.test(e.message));
    }
    assert.throws(() => new QlikReplicateUnwrap<SinkRecord>().apply(sinkRecord(null)), /before it was configured/);
  });

  it('documents every key in its ConfigDef', () => {
    const keys = new QlikReplicateUnwrap<SinkRecord>().config().configKeys;
    assert.deepEqual([...keys.keys()].sort(), [
      'delete.handling.mode', 'delete.marker.field', 'drop.tombstones', 'headers.to.fields', 'headers.to.fields.prefix',
      'key.fields', 'non.data.message.handling.mode', 'replace.null.with.default',
    ]);
    for (const key of keys.values()) assert.ok((key.documentation ?? '').length > 20, key.name);
  });
});
