import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConfigException, ConnectDate, ConnectException, DataException, SchemaBuilder, Schemas, Struct, Time, Timestamp,
  type SinkRecord,
} from '@tsconnect/api';
import { TimestampConverterKey, TimestampConverterValue } from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

const STRING_DATE_FMT = "yyyy MM dd HH mm ss SSS z";
// 1970-01-02 00:00:00 UTC, 1970-01-02 01:02:03.004, and its time part
const DATE = new Date(86_400_000);
const DATE_PLUS_TIME = new Date(86_400_000 + 3_723_004);
const TIME = new Date(3_723_004);
const DATE_PLUS_TIME_STRING = '1970 01 02 01 02 03 004 UTC';

function value(props: Record<string, unknown>): TimestampConverterValue<SinkRecord> {
  const xform = new TimestampConverterValue<SinkRecord>();
  xform.configure(props);
  return xform;
}

describe('TimestampConverter', () => {
  it('validates its config', () => {
    assert.throws(() => value({}), { message: 'Missing required configuration "target.type" which has no default value.' });
    assert.throws(() => value({ 'target.type': 'invalid' }), ConfigException);
    assert.throws(() => value({ 'target.type': 'string' }), {
      message: 'TimestampConverter requires format option to be specified when using string timestamps',
    });
    assert.throws(() => value({ 'target.type': 'unix', format: 'bad-format' }), {
      message: 'TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: bad-format',
    });
  });

  it('converts schemaless timestamps to every target type', () => {
    const record = sinkRecord({ value: DATE_PLUS_TIME });
    assert.deepEqual(value({ 'target.type': 'Timestamp' }).apply(record).value, DATE_PLUS_TIME);
    assert.deepEqual(value({ 'target.type': 'Date' }).apply(record).value, DATE);
    assert.deepEqual(value({ 'target.type': 'Time' }).apply(record).value, TIME);
    assert.equal(value({ 'target.type': 'unix' }).apply(record).value, 90_123_004n);
    assert.equal(value({ 'target.type': 'string', format: STRING_DATE_FMT }).apply(record).value,
      DATE_PLUS_TIME_STRING);
  });

  it('parses strings and unix times with the configured precision', () => {
    assert.deepEqual(value({ 'target.type': 'Timestamp', format: STRING_DATE_FMT })
      .apply(sinkRecord({ value: DATE_PLUS_TIME_STRING })).value, DATE_PLUS_TIME);
    assert.deepEqual(value({ 'target.type': 'Timestamp', 'unix.precision': 'seconds' })
      .apply(sinkRecord({ value: 90_123n })).value, new Date(90_123_000));
    assert.deepEqual(value({ 'target.type': 'Timestamp', 'unix.precision': 'microseconds' })
      .apply(sinkRecord({ value: 90_123_004_999n })).value, DATE_PLUS_TIME);
    assert.equal(value({ 'target.type': 'unix', 'unix.precision': 'nanoseconds' })
      .apply(sinkRecord({ value: DATE_PLUS_TIME })).value, 90_123_004_000_000n);
    assert.throws(() => value({ 'target.type': 'Timestamp', format: 'yyyy-MM-dd' })
      .apply(sinkRecord({ value: 'nope' })), (e: unknown) => e instanceof DataException &&
      e.message === 'Could not parse timestamp: value (nope) does not match pattern (yyyy-MM-dd)');
    assert.throws(() => value({ 'target.type': 'Timestamp' }).apply(sinkRecord({ value: true })),
      { message: 'TimestampConverter does not support class java.lang.Boolean objects as timestamps' });
  });

  it('converts with schemas, output schema optional when the input was', () => {
    const toString = value({ 'target.type': 'string', format: STRING_DATE_FMT })
      .apply(sinkRecord({ valueSchema: Timestamp.SCHEMA, value: DATE_PLUS_TIME }));
    assert.equal(toString.valueSchema, Schemas.STRING);
    assert.equal(toString.value, DATE_PLUS_TIME_STRING);
    const toDate = value({ 'target.type': 'Date' })
      .apply(sinkRecord({ valueSchema: Schemas.OPTIONAL_INT64, value: 90_123_004n }));
    assert.ok(toDate.valueSchema!.equals(ConnectDate.builder().optional().build()));
    assert.deepEqual(toDate.value, DATE);
    const nullValue = value({ 'target.type': 'Time' })
      .apply(sinkRecord({ valueSchema: Timestamp.builder().optional().build(), value: null }));
    assert.ok(nullValue.valueSchema!.equals(Time.builder().optional().build()));
    assert.equal(nullValue.value, null);
    assert.throws(() => value({ 'target.type': 'Date' }).apply(sinkRecord({ valueSchema: Schemas.INT32, value: 1 })),
      (e: unknown) => e instanceof ConnectException && /does not correspond to a known timestamp type format/.test(e.message));
  });

  it('converts one struct field and caches the schema', () => {
    const schema = SchemaBuilder.struct().addField('ts', Timestamp.SCHEMA).addField('other', Schemas.STRING).build();
    const xform = value({ 'target.type': 'unix', field: 'ts' });
    const transformed = xform.apply(sinkRecord({ valueSchema: schema, value: new Struct(schema).put('ts', DATE_PLUS_TIME).put('other', 'x') }));
    const updated = transformed.value as Struct;
    assert.ok(updated.schema.field('ts')!.schema.equals(Schemas.INT64));
    assert.equal(updated.get('ts'), 90_123_004n);
    assert.equal(updated.get('other'), 'x');
    const again = xform.apply(sinkRecord({ valueSchema: schema, value: new Struct(schema).put('ts', DATE).put('other', 'y') }));
    assert.equal(again.valueSchema, transformed.valueSchema);
  });

  it('converts one schemaless field and keeps a null value', () => {
    const xform = value({ 'target.type': 'unix', field: 'ts' });
    assert.deepEqual(xform.apply(sinkRecord({ value: { ts: DATE, other: 1 } })).value, { ts: 86_400_000n, other: 1 });
    assert.deepEqual(xform.apply(sinkRecord({ value: { other: 1 } })).value, { ts: null, other: 1 });
    assert.equal(xform.apply(sinkRecord({ value: null })).value, null);
  });

  it('uses the field default only when replace.null.with.default is true', () => {
    const schema = SchemaBuilder.struct()
      .addField('ts', Timestamp.builder().optional().withDefault(DATE).build()).build();
    const withDefault = value({ 'target.type': 'unix', field: 'ts' })
      .apply(sinkRecord({ valueSchema: schema, value: new Struct(schema) }));
    assert.equal((withDefault.value as Struct).get('ts'), 86_400_000n);
    const raw = value({ 'target.type': 'unix', field: 'ts', 'replace.null.with.default': false })
      .apply(sinkRecord({ valueSchema: schema, value: new Struct(schema) }));
    assert.equal((raw.value as Struct).get('ts'), null);
  });

  it('works on the key with $Key', () => {
    const xform = new TimestampConverterKey<SinkRecord>();
    xform.configure({ 'target.type': 'Timestamp' });
    const transformed = xform.apply(sinkRecord({ keySchema: Schemas.INT64, key: 1000n, value: 'v' }));
    assert.deepEqual(transformed.key, new Date(1000));
    assert.equal(transformed.keySchema, Timestamp.SCHEMA);
    assert.equal(transformed.value, 'v');
  });
});
