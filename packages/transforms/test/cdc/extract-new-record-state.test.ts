import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConfigException, DataException, SchemaBuilder, Schemas, SinkRecord, SourceRecord, Struct, type Schema,
} from '@tsconnect/api';
import { ExtractNewRecordState } from '../../src/cdc/extract-new-record-state.js';

const ROW = SchemaBuilder.struct().withName('server1.inventory.customers.Value').optional()
  .addField('id', Schemas.INT32)
  .addField('name', SchemaBuilder.string().optional().withDefault('anonymous').build())
  .addField('dest', Schemas.OPTIONAL_STRING)
  .build();
const SOURCE = SchemaBuilder.struct().withName('io.debezium.connector.postgresql.Source')
  .addField('connector', Schemas.STRING)
  .addField('ts_ms', Schemas.INT64)
  .addField('table', Schemas.STRING)
  .addField('lsn', Schemas.OPTIONAL_INT64)
  .build();
const TRANSACTION = SchemaBuilder.struct().withName('event.block').optional()
  .addField('id', Schemas.STRING)
  .addField('total_order', Schemas.INT64)
  .addField('data_collection_order', Schemas.INT64)
  .build();
const ENVELOPE = SchemaBuilder.struct().withName('server1.inventory.customers.Envelope')
  .addField('before', ROW)
  .addField('after', ROW)
  .addField('source', SOURCE)
  .addField('transaction', TRANSACTION)
  .addField('op', Schemas.STRING)
  .addField('ts_ms', Schemas.OPTIONAL_INT64)
  .build();
const KEY = SchemaBuilder.struct().withName('server1.inventory.customers.Key').addField('id', Schemas.INT32).build();

type Row = { id: number; name: string | null; dest: string | null };

function row(r: Row): Struct {
  return new Struct(ROW).put('id', r.id).put('name', r.name).put('dest', r.dest);
}

function envelope(op: string, before: Row | null, after: Row | null, withTransaction = false): Struct {
  const source = new Struct(SOURCE).put('connector', 'postgresql').put('ts_ms', 1700000000000n).put('table', 'customers');
  const value = new Struct(ENVELOPE).put('op', op).put('ts_ms', 1700000000500n).put('source', source)
    .put('before', before && row(before)).put('after', after && row(after));
  if (withTransaction) {
    value.put('transaction', new Struct(TRANSACTION).put('id', 'tx-7').put('total_order', 3n).put('data_collection_order', 1n));
  }
  return value;
}

function schemaless(op: string, before: Row | null, after: Row | null): Record<string, unknown> {
  return {
    before, after, op, ts_ms: 1700000000500,
    source: { connector: 'postgresql', ts_ms: 1700000000000, table: 'customers' }, transaction: null,
  };
}

function sinkRecord(value: unknown, valueSchema: Schema | null = value === null ? null : ENVELOPE): SinkRecord {
  return new SinkRecord({
    topic: 'server1.inventory.customers', kafkaPartition: 0, kafkaOffset: 42, keySchema: KEY,
    key: new Struct(KEY).put('id', 1), valueSchema, value, timestamp: 1700000001000,
  });
}

function unwrap(config: Record<string, unknown> = {}): ExtractNewRecordState<SinkRecord> {
  const transform = new ExtractNewRecordState<SinkRecord>();
  transform.configure(config);
  return transform;
}

const ANN: Row = { id: 1, name: 'Ann', dest: 'customers_eu' };
const ANNE: Row = { id: 1, name: 'Anne', dest: 'customers_us' };

describe('ExtractNewRecordState with a schema', () => {
  it('replaces create, snapshot read and update envelopes by the after row and its schema', () => {
    for (const [op, before] of [['c', null], ['r', null], ['u', ANN]] as const) {
      const input = sinkRecord(envelope(op, before, ANNE));
      const out = unwrap().apply(input)!;
      assert.ok(out instanceof SinkRecord, op);
      assert.ok(out.value instanceof Struct && out.value.equals(row(ANNE)), op);
      assert.equal(out.valueSchema, ROW, op);
      assert.equal(out.topic, input.topic);
      assert.ok(out.key instanceof Struct && out.key.equals(input.key));
      assert.equal(out.kafkaOffset, 42);
      assert.equal(out.timestamp, input.timestamp);
    }
  });

  it('keeps a SourceRecord a SourceRecord, with its partition and offset', () => {
    const input = new SourceRecord({
      topic: 't', valueSchema: ENVELOPE, value: envelope('c', null, ANN),
      sourcePartition: { server: 'server1' }, sourceOffset: { lsn: 10 },
    });
    const out = new ExtractNewRecordState<SourceRecord>();
    out.configure({});
    const result = out.apply(input)!;
    assert.ok(result instanceof SourceRecord);
    assert.deepEqual(result.sourceOffset, { lsn: 10 });
  });

  it('turns a delete into a null value that keeps the row schema and drops tombstones by default (mode tombstone)', () => {
    const transform = unwrap();
    const out = transform.apply(sinkRecord(envelope('d', ANN, null)))!;
    assert.equal(out.value, null);
    assert.equal(out.valueSchema, ROW);
    assert.ok(out.key instanceof Struct);
    assert.equal(transform.apply(sinkRecord(null)), null);
  });

  it('drops deletes and tombstones in mode drop', () => {
    const transform = unwrap({ 'delete.tombstone.handling.mode': 'drop' });
    assert.equal(transform.apply(sinkRecord(envelope('d', ANN, null))), null);
    assert.equal(transform.apply(sinkRecord(null)), null);
    assert.ok(transform.apply(sinkRecord(envelope('c', null, ANN)))!.value instanceof Struct);
  });

  it('rewrites deletes to the before row with __deleted="true", other rows with "false", in mode rewrite', () => {
    const transform = unwrap({ 'delete.tombstone.handling.mode': 'rewrite' });
    const deleted = transform.apply(sinkRecord(envelope('d', ANN, null)))!;
    const value = deleted.value as Struct;
    assert.deepEqual(value.schema.fields.map((f) => f.name), ['id', 'name', 'dest', '__deleted']);
    assert.ok(value.schema.field('__deleted')!.schema.equals(Schemas.OPTIONAL_STRING));
    assert.equal(value.schema.name, ROW.name);
    assert.equal(deleted.valueSchema, value.schema);
    assert.equal(value.get('__deleted'), 'true');
    assert.equal(value.get('name'), 'Ann');
    const updated = transform.apply(sinkRecord(envelope('u', ANN, ANNE)))!;
    assert.equal((updated.value as Struct).get('__deleted'), 'false');
    assert.equal((updated.value as Struct).get('name'), 'Anne');
    assert.equal(updated.valueSchema, value.schema, 'one cached output schema per row schema');
    assert.equal(transform.apply(sinkRecord(null)), null);
  });

  it('keeps tombstones in mode rewrite-with-tombstone', () => {
    const transform = unwrap({ 'delete.tombstone.handling.mode': 'REWRITE-with-tombstone ' });
    const tombstone = sinkRecord(null);
    assert.equal(transform.apply(tombstone), tombstone);
    assert.equal((transform.apply(sinkRecord(envelope('d', ANN, null)))!.value as Struct).get('__deleted'), 'true');
  });

  it('honours the deprecated drop.tombstones and delete.handling.mode when the new key is not set', () => {
    const none = unwrap({ 'drop.tombstones': 'false', 'delete.handling.mode': 'none' });
    const tombstone = sinkRecord(null);
    assert.equal(none.apply(tombstone), tombstone);
    const deleted = none.apply(sinkRecord(envelope('d', ANN, null)))!;
    assert.equal(deleted.value, null);
    assert.equal(deleted.valueSchema, ROW);

    const legacyDefaults = unwrap({ 'drop.tombstones': 'false' });
    assert.equal(legacyDefaults.apply(sinkRecord(envelope('d', ANN, null))), null, 'delete.handling.mode defaults to drop');

    const rewrite = unwrap({ 'delete.handling.mode': 'rewrite' });
    assert.equal((rewrite.apply(sinkRecord(envelope('d', ANN, null)))!.value as Struct).get('__deleted'), 'true');
    assert.equal(rewrite.apply(sinkRecord(null)), null, 'drop.tombstones defaults to true');

    const overridden = unwrap({ 'drop.tombstones': 'false', 'delete.tombstone.handling.mode': 'drop' });
    assert.equal(overridden.apply(sinkRecord(null)), null);
  });

  it('drops truncate events, or passes them with the deprecated drop.tombstones=false', () => {
    const truncate = sinkRecord(envelope('t', null, null));
    assert.equal(unwrap().apply(truncate), null);
    assert.equal(unwrap({ 'drop.tombstones': false }).apply(truncate), truncate);
  });

  it('adds envelope metadata as fields with add.fields: op, table, source.ts_ms become __op, __table, __source_ts_ms', () => {
    const out = unwrap({ 'add.fields': 'op,table,source.ts_ms' }).apply(sinkRecord(envelope('u', ANN, ANNE)))!;
    const value = out.value as Struct;
    assert.deepEqual(value.schema.fields.map((f) => f.name), ['id', 'name', 'dest', '__op', '__table', '__source_ts_ms']);
    assert.deepEqual([value.get('__op'), value.get('__table'), value.get('__source_ts_ms')], ['u', 'customers', 1700000000000n]);
    assert.ok(value.schema.field('__op')!.schema.equals(Schemas.OPTIONAL_STRING));
    assert.ok(value.schema.field('__source_ts_ms')!.schema.equals(Schemas.OPTIONAL_INT64));
  });

  it('reads transaction fields, renames with field:NAME, honours add.fields.prefix and skips absent fields', () => {
    const config = { 'add.fields': 'id,ts_ms:EVENT_TS,source.lsn,source.nope,nothing', 'add.fields.prefix': 'cdc_' };
    const value = unwrap(config).apply(sinkRecord(envelope('c', null, ANN, true)))!.value as Struct;
    assert.deepEqual(value.schema.fields.map((f) => f.name), ['id', 'name', 'dest', 'cdc_id', 'cdc_EVENT_TS', 'cdc_source_lsn']);
    assert.deepEqual([value.get('cdc_id'), value.get('cdc_EVENT_TS'), value.get('cdc_source_lsn')], ['tx-7', 1700000000500n, null]);
    const noTransaction = unwrap(config).apply(sinkRecord(envelope('c', null, ANN)))!.value as Struct;
    assert.equal(noTransaction.get('cdc_id'), null);
  });

  it('adds add.fields to a rewritten delete before __deleted', () => {
    const value = unwrap({ 'delete.tombstone.handling.mode': 'rewrite', 'add.fields': 'op' })
      .apply(sinkRecord(envelope('d', ANN, null)))!.value as Struct;
    assert.deepEqual(value.schema.fields.map((f) => f.name), ['id', 'name', 'dest', '__op', '__deleted']);
    assert.deepEqual([value.get('__op'), value.get('__deleted')], ['d', 'true']);
  });

  it('replaces null row values by their defaults when rewriting, unless replace.null.with.default=false', () => {
    const input = sinkRecord(envelope('c', null, { id: 2, name: null, dest: null }));
    const replaced = unwrap({ 'delete.tombstone.handling.mode': 'rewrite' }).apply(input)!.value as Struct;
    assert.equal(replaced.getWithoutDefault('name'), 'anonymous');
    const kept = unwrap({ 'delete.tombstone.handling.mode': 'rewrite', 'replace.null.with.default': 'false' })
      .apply(input)!.value as Struct;
    assert.equal(kept.getWithoutDefault('name'), null);
  });

  it('adds envelope metadata as headers with add.headers and add.headers.prefix, and op=d on a kept tombstone', () => {
    const config = {
      'add.headers': 'op,source.ts_ms', 'add.headers.prefix': 'dbz.', 'delete.tombstone.handling.mode': 'rewrite-with-tombstone',
    };
    const transform = unwrap(config);
    const input = sinkRecord(envelope('u', ANN, ANNE));
    const out = transform.apply(input)!;
    assert.equal(out.headers.lastWithName('dbz.op')!.value, 'u');
    assert.ok(out.headers.lastWithName('dbz.op')!.schema!.equals(Schemas.OPTIONAL_STRING));
    assert.equal(out.headers.lastWithName('dbz.source_ts_ms')!.value, 1700000000000n);
    assert.equal(input.headers.size, 0, 'the input record is left as it was');
    const tombstone = transform.apply(sinkRecord(null))!;
    assert.deepEqual(tombstone.headers.allWithName('dbz.op').map((h) => h.value), ['d']);
    assert.equal(tombstone.headers.lastWithName('dbz.source_ts_ms'), null);
  });

  it('routes by a row field with route.by.field: the after row, or the before row of a delete', () => {
    const transform = unwrap({ 'route.by.field': 'dest', 'delete.tombstone.handling.mode': 'rewrite' });
    assert.equal(transform.apply(sinkRecord(envelope('u', ANN, ANNE)))!.topic, 'customers_us');
    assert.equal(transform.apply(sinkRecord(envelope('d', ANN, null)))!.topic, 'customers_eu');
    const unrouted = transform.apply(sinkRecord(envelope('c', null, { id: 3, name: 'x', dest: null })))!;
    assert.equal(unrouted.topic, 'server1.inventory.customers');
    assert.equal(unwrap({ 'route.by.field': 'dest' }).apply(sinkRecord(envelope('d', ANN, null)))!.topic, 'customers_eu');
  });

  it('passes records that are not envelopes unchanged', () => {
    const other = new Struct(ROW).put('id', 1);
    const input = sinkRecord(other, ROW);
    assert.equal(unwrap({ 'add.fields': 'op' }).apply(input), input);
    const unnamed = SchemaBuilder.struct().addField('op', Schemas.STRING).build();
    const input2 = sinkRecord(new Struct(unnamed).put('op', 'c'), unnamed);
    assert.equal(unwrap().apply(input2), input2);
  });

  it('fails naming the transform and the field', () => {
    assert.throws(() => unwrap({ 'route.by.field': 'region' }).apply(sinkRecord(envelope('c', null, ANN))),
      (e: unknown) => e instanceof DataException && /^ExtractNewRecordState: .*'region'/.test(e.message));
    const badValue = sinkRecord({ op: 'c', after: {} }, ENVELOPE);
    assert.throws(() => unwrap().apply(badValue), (e: unknown) => e instanceof DataException &&
      /^ExtractNewRecordState: .*server1\.inventory\.customers\.Envelope/.test(e.message));
    assert.throws(() => unwrap({ 'add.fields': 'op:name', 'add.fields.prefix': '' }).apply(sinkRecord(envelope('c', null, ANN))),
      (e: unknown) => e instanceof DataException && /^ExtractNewRecordState: cannot add field 'name'/.test(e.message));
  });

  it('rejects bad configuration naming the key', () => {
    assert.throws(() => unwrap({ 'delete.tombstone.handling.mode': 'explode' }),
      (e: unknown) => e instanceof ConfigException && /delete\.tombstone\.handling\.mode/.test(e.message));
    assert.throws(() => unwrap({ 'delete.handling.mode': 'tombstone' }),
      (e: unknown) => e instanceof ConfigException && /delete\.handling\.mode/.test(e.message));
    assert.throws(() => unwrap({ 'add.fields': 'op:a:b' }),
      (e: unknown) => e instanceof ConfigException && /add\.fields.*ExtractNewRecordState/.test(e.message));
    assert.throws(() => unwrap({ 'add.headers': '.ts_ms' }),
      (e: unknown) => e instanceof ConfigException && /add\.headers/.test(e.message));
    assert.throws(() => new ExtractNewRecordState<SinkRecord>().apply(sinkRecord(null)), /before it was configured/);
  });

  it('documents every key in its ConfigDef', () => {
    const keys = new ExtractNewRecordState<SinkRecord>().config().configKeys;
    assert.deepEqual([...keys.keys()].sort(), [
      'add.fields', 'add.fields.prefix', 'add.headers', 'add.headers.prefix', 'delete.handling.mode',
      'delete.tombstone.handling.mode', 'drop.tombstones', 'replace.null.with.default', 'route.by.field',
    ]);
    for (const key of keys.values()) assert.ok((key.documentation ?? '').length > 20, key.name);
  });
});

describe('ExtractNewRecordState without a schema', () => {
  it('replaces create and update envelopes by the after object', () => {
    for (const op of ['c', 'u', 'r']) {
      const out = unwrap().apply(sinkRecord(schemaless(op, ANN, ANNE), null))!;
      assert.deepEqual(out.value, ANNE);
      assert.equal(out.valueSchema, null);
    }
  });

  it('handles deletes per mode, with __deleted and metadata fields when rewriting', () => {
    const del = sinkRecord(schemaless('d', ANN, null), null);
    const tombstoned = unwrap().apply(del)!;
    assert.equal(tombstoned.value, null);
    assert.equal(tombstoned.valueSchema, null);
    assert.equal(unwrap({ 'delete.tombstone.handling.mode': 'drop' }).apply(del), null);
    const rewritten = unwrap({ 'delete.tombstone.handling.mode': 'rewrite', 'add.fields': 'op,source.ts_ms,id' }).apply(del)!;
    assert.deepEqual(rewritten.value, { ...ANN, __op: 'd', __source_ts_ms: 1700000000000, __id: null, __deleted: 'true' });
  });

  it('adds headers and routes by field', () => {
    const out = unwrap({ 'add.headers': 'op,table', 'route.by.field': 'dest' })
      .apply(sinkRecord(schemaless('c', null, ANN), null))!;
    assert.equal(out.topic, 'customers_eu');
    assert.equal(out.headers.lastWithName('__op')!.value, 'c');
    assert.equal(out.headers.lastWithName('__table')!.value, 'customers');
    assert.equal(out.headers.lastWithName('__table')!.schema, null);
  });

  it('passes objects that are not envelopes unchanged', () => {
    for (const value of [{ id: 1, op: 'c' }, { before: null, after: {}, op: 'x' }, 'text']) {
      const input = sinkRecord(value, null);
      assert.equal(unwrap().apply(input), input);
    }
  });

  it('fails on an after that is not an object, naming the field', () => {
    assert.throws(() => unwrap().apply(sinkRecord({ op: 'c', before: null, after: 'oops' }, null)),
      (e: unknown) => e instanceof DataException && /^ExtractNewRecordState: envelope field 'after'/.test(e.message));
  });
});
