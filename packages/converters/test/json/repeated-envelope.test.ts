import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BigDecimal, DataException, Struct, type Schema, type SchemaAndValue } from '@tsconnect/api';
import { JsonConverter } from '../../src/index.js';
import { JsonConverterConfig } from '../../src/json/json-converter-config.js';
import { JsonData } from '../../src/json/json-data.js';
import { isJsonObject } from '../../src/json/json-node.js';
import { parseJson } from '../../src/json/json-parser.js';
import { NOT_EXACT } from '../../src/json/native-payload.js';
import { RepeatedEnvelopeReader } from '../../src/json/repeated-envelope.js';
import { ShapedPayloadReader } from '../../src/json/shaped-payload.js';

const data = (): JsonData => new JsonData(new JsonConverterConfig({ 'converter.type': 'value' }));

/** The full path: the whole envelope through our exact parser, as JsonConverter reads a record it cannot take faster. */
function exact(json: string): SchemaAndValue | DataException {
  try {
    const d = data();
    const node = parseJson(Buffer.from(json, 'utf8'));
    if (!isJsonObject(node) || node.size !== 2 || !node.has('payload')) throw new DataException('not an envelope');
    const schema = d.asConnectSchema(node.get('schema'));
    return { schema, value: d.convertToConnect(schema, node.get('payload')) } as SchemaAndValue;
  } catch (e) {
    if (e instanceof DataException) return e;
    return new DataException('parse error');
  }
}

/** A value as text that tells apart everything the exact path distinguishes: -0, bigint, scale, Struct fields, key order. */
function dump(value: unknown): unknown {
  if (value instanceof Struct) return { struct: value.schema.fields.map((f) => [f.name, dump(value.getWithoutDefault(f.name))]) };
  if (value instanceof Map) return { map: [...value].map(([k, v]) => [dump(k), dump(v)]) };
  if (Array.isArray(value)) return value.map(dump);
  if (value instanceof BigDecimal) return `decimal ${value.toString()} scale ${value.scale}`;
  if (value instanceof Date) return `date ${value.getTime()}`;
  if (value instanceof Uint8Array) return `bytes ${Buffer.from(value).toString('hex')}`;
  if (typeof value === 'number') return Object.is(value, -0) ? 'number -0' : `number ${value}`;
  if (typeof value === 'bigint') return `bigint ${value}`;
  return value;
}

function assertSameAsExact(reader: RepeatedEnvelopeReader, json: string): SchemaAndValue | undefined {
  const fast = reader.read(Buffer.from(json, 'utf8'));
  if (fast === undefined) return undefined;
  const reference = exact(json);
  assert.ok(!(reference instanceof DataException), `the exact path fails on ${json}, the fast one did not`);
  assert.ok(fast.schema!.equals(reference.schema!), json);
  assert.deepEqual(dump(fast.value), dump(reference.value), json);
  return fast;
}

/** Optional fields of each primitive type but bytes, then a Timestamp and a Date: both schemas below start with them. */
const PRIMITIVE_FIELDS = [
  ['i8', 'int8'], ['i16', 'int16'], ['i32', 'int32'], ['i64', 'int64'], ['f32', 'float'], ['f64', 'double'], ['s', 'string'], ['b', 'boolean'],
].map(([field, type]) => ({ field, type, optional: true }));
const TIME_FIELDS = [
  { field: 'ts', type: 'int64', optional: true, name: 'org.apache.kafka.connect.data.Timestamp', version: 1 },
  { field: 'd', type: 'int32', optional: true, name: 'org.apache.kafka.connect.data.Date', version: 1 },
];

const SCHEMA = JSON.stringify({
  type: 'struct', name: 'row', optional: false, fields: [
    ...PRIMITIVE_FIELDS,
    { field: 'by', type: 'bytes', optional: true },
    ...TIME_FIELDS,
    { field: 'dec', type: 'bytes', optional: true, name: 'org.apache.kafka.connect.data.Decimal', parameters: { scale: '2' } },
    { field: 'arr', type: 'array', optional: true, items: { type: 'int64', optional: true } },
    { field: 'm', type: 'map', optional: true, keys: { type: 'string' }, values: { type: 'int32', optional: true } },
    { field: 'mk', type: 'map', optional: true, keys: { type: 'int32' }, values: { type: 'string' } },
    { field: 'def', type: 'int64', optional: true, default: 7 },
    { field: 'constructor', type: 'string', optional: true },
  ],
});
const envelope = (payload: string): string => `{"schema":${SCHEMA},"payload":${payload}}`;

/** Payloads the fast path reads itself; each must give exactly the exact path's value. */
const FAST = [
  '{"i8":1,"i16":2,"i32":3,"i64":4,"f32":1.5,"f64":123.45,"s":"x","b":true,"ts":1700000000000,"d":19000}',
  '{"i8":300,"i16":70000,"i32":2147483648,"i64":-999999999999999}',
  '{"i8":-1.9,"i16":-0,"i32":1e5,"i64":-1.5,"f64":-1e-300}',
  '{"i32":"5","i64":true,"f32":"x","b":1,"s":12,"by":3}',
  '{"f64":1e400,"f32":3.5e38}',
  '{"i32":1,"i32":2,"s":"first","s":"last"}',
  '{"s":"a\\"b\\\\c\\u0041\\ud83d\\ude00\\n\\/\\t","by":"dGVzdA=="}',
  '{"s":"lone \\ud800 surrogate"}',
  '{"dec":"AOI=","ts":-0}',
  '{"arr":[1,null,3],"m":{"b":1,"a":2,"b":3},"mk":[[2,"two"],[1,"one"]]}',
  '{"arr":{"x":1,"y":2}}',
  '{"def":null}',
  '{}',
  '{"__proto__":{"i32":9},"toString":1}',
  ' {"i32":1} \n',
  '{"ts":1700000000000,"f64":1.25e1,"f32":-2.5E-1}', // no integral number written with a fraction or exponent
  '{"i64":123456789012345,"f64":1.23456789e+30,"s":"2024-01-01-12345678"}', // 15 digits at most in each number
  '{"s":"12345678901234567890 5.0 1e5","ts":1700000000000}', // digits inside strings are no numbers
  '{"s":"quote \\" then 12345678901234567","ts":1700000000000}', // an escaped quote does not end the string
  '{"12345678901234567":"key","ts":1700000000000}', // nor are digits inside keys
];

/** Payloads whose numbers or shape only the exact path reads right (or rejects): the fast path must decline them. */
const DECLINED = [
  '{"i64":9007199254740993}', // beyond 2^53
  '{"i64":12345678901234567890}', // beyond a long: the low 64 bits
  '{"i32":2.9999999999999999}', // 17 digits: a double rounds it to 3
  '{"i32":0012}', // leading zeros
  '{"i32":1.5e300}',
  '{"f64":-0.0}', // the exact path has no negative zero
  '{"f64":-1e-400}',
  '{"dec":1.50}', // a decimal's scale as written
  '{"ts":5.0}', // Timestamp needs integral text
  '{"ts":1700000000000,"f64":2.0}', // an integral value written with a fraction: 5.0 cannot be told from 5
  '{"ts":1700000000000,"f64":1.5e+3}', // or with an exponent
  '{"d":19000,"i64":1E2}',
  '{"f64":1.000000000000001E-2}', // 16 digits with an exponent
  '{"i64":-1234567890123456}',
  '{"m":{"2":1,"1":2}}', // JS would reorder index-like keys
  '{"i32":{}}',
  '{"s":"\u0001"}', // an unescaped control character
  '{"i8":1', // unterminated
  '{"s":"ends in a backslash \\\\","i64":12345678901234567}', // an even run of backslashes: the quote ends the string
  '{"s":"\\\\\\"","ts":5.0}', // an odd run: it does not, the next quote does
  '{"s":"unterminated 5.0', // no closing quote at all
];

describe('RepeatedEnvelopeReader', () => {
  it('reads ordinary payloads itself, with exactly the values of the exact path, learning and then repeating the schema', () => {
    const reader = new RepeatedEnvelopeReader(data());
    for (const payload of FAST) {
      for (let i = 0; i < 2; i++) assert.ok(assertSameAsExact(reader, envelope(payload)) !== undefined, payload);
    }
  });

  it('declines numbers, shapes and errors only the exact path reads right', () => {
    const reader = new RepeatedEnvelopeReader(data());
    assert.ok(assertSameAsExact(reader, envelope(FAST[0]!)) !== undefined);
    for (const payload of DECLINED) assert.equal(reader.read(Buffer.from(envelope(payload))), undefined, payload);
  });

  it('declines payloads nested deeper than the exact parser allows', () => {
    const reader = new RepeatedEnvelopeReader(data());
    const deep = `${'['.repeat(1001)}${']'.repeat(1001)}`;
    assert.equal(reader.read(Buffer.from(`{"schema":{"type":"string","optional":true},"payload":${deep}}`)), undefined);
    assert.ok(exact(`{"schema":{"type":"string","optional":true},"payload":${deep}}`) instanceof DataException);
  });

  it('declines envelopes with anything after the payload but the closing brace', () => {
    const reader = new RepeatedEnvelopeReader(data());
    assert.ok(assertSameAsExact(reader, envelope('{"i32":1}')) !== undefined);
    assert.equal(reader.read(Buffer.from(envelope('{"i32":1},"schema":{"type":"int32"}'))), undefined);
    assert.equal(reader.read(Buffer.from(`${envelope('{"i32":1}')},`)), undefined);
  });

  it('learns a new schema when the bytes before the payload change, spaced envelopes included', () => {
    const reader = new RepeatedEnvelopeReader(data());
    const first = assertSameAsExact(reader, '{"schema":{"type":"int32"},"payload":5}');
    const second = assertSameAsExact(reader, '{ "schema" : {"type":"int64"} , "payload" : 5 }');
    const third = assertSameAsExact(reader, '{ "schema" : {"type":"int64"} , "payload" : 6 }');
    assert.equal(first?.value, 5);
    assert.equal(second?.value, 5n);
    assert.equal(third?.value, 6n);
  });

  it('leaves a byte-order mark to the exact path: refused after "payload":, skipped at the start of the record', () => {
    const reader = new RepeatedEnvelopeReader(data());
    assert.ok(assertSameAsExact(reader, envelope('{"i32":1}')) !== undefined);
    const bom = '\uFEFF';
    assert.equal(reader.read(Buffer.from(envelope(`${bom}{"i32":2}`))), undefined);
    assert.ok(exact(envelope(`${bom}{"i32":2}`)) instanceof DataException);
    assert.equal(reader.read(Buffer.from(`${bom}${envelope('{"i32":3}')}`)), undefined);
    assert.ok(!(exact(`${bom}${envelope('{"i32":3}')}`) instanceof DataException));
  });

  it('leaves schemaless envelopes and malformed schemas to the exact path', () => {
    const reader = new RepeatedEnvelopeReader(data());
    assert.equal(reader.read(Buffer.from('{"schema":null,"payload":{"a":1}}')), undefined);
    assert.equal(reader.read(Buffer.from('{"schema":{"type":"nope"},"payload":1}')), undefined);
    assert.equal(reader.read(Buffer.from('{"payload":1,"schema":{"type":"int32"}}')), undefined);
  });
});

/** One JsonConverter reads the envelopes in turn; each gives the exact path's schema and value, or fails where it fails. */
function assertConverterAgreesWithExact(envelopes: readonly string[]): void {
  const c = new JsonConverter();
  c.configure({}, false);
  for (const json of envelopes) {
    const reference = exact(json);
    let result: SchemaAndValue | DataException;
    try {
      result = c.toConnectData('t', null, Buffer.from(json, 'utf8'));
    } catch (e) {
      result = e as DataException;
    }
    if (reference instanceof DataException) {
      assert.ok(result instanceof DataException, json);
    } else {
      assert.ok(!(result instanceof DataException), json);
      assert.ok((result.schema as Schema).equals(reference.schema!), json);
      assert.deepEqual(dump(result.value), dump(reference.value), json);
    }
  }
}

describe('JsonConverter reading repeated envelopes', () => {
  it('gives the exact path\'s values and errors, record after record, whichever path each record takes', () => {
    assertConverterAgreesWithExact([...FAST, ...DECLINED, ...FAST].map(envelope));
  });
});

const SHAPED_SCHEMA = JSON.stringify({
  type: 'struct', name: 'change', optional: false, fields: [
    ...PRIMITIVE_FIELDS,
    ...TIME_FIELDS,
    { field: 't', type: 'int32', optional: true, name: 'org.apache.kafka.connect.data.Time', version: 1 },
    { field: 'dbz', type: 'int64', optional: true, name: 'io.debezium.time.MicroTimestamp', version: 1 },
    { field: 'def', type: 'int64', optional: true, default: 7 },
    { field: 'after', type: 'struct', optional: true, fields: [
      { field: 'id', type: 'int64', optional: false },
      { field: 'name', type: 'string', optional: true },
    ] },
    { field: 'req', type: 'int32', optional: false },
  ],
});
const shapedEnvelope = (payload: string): string => `{"schema":${SHAPED_SCHEMA},"payload":${payload}}`;
const shapedPayload = (fields: string): string => `{${fields}}`;
const ALL_FIELDS = '"i8":1,"i16":2,"i32":3,"i64":4,"f32":1.5,"f64":123.45,"s":"x","b":true,"ts":1700000000000,"d":19000,' +
  '"t":3600000,"dbz":170000000000123,"def":8,"after":{"id":5,"name":"five"},"req":9';

/** Payloads the shaped reader reads itself: every field in the schema's order, with the JSON type of its schema. */
const SHAPED_FAST = [
  ALL_FIELDS,
  '"i8":300,"i16":70000,"i32":2147483648,"i64":-999999999999999,"f32":3.5e38,"f64":-1e-300,"s":"","b":false,"ts":-0,' +
    '"d":-1,"t":0,"dbz":0,"def":null,"after":null,"req":-2147483649',
  '"i8":null,"i16":null,"i32":null,"i64":null,"f32":null,"f64":null,"s":null,"b":null,"ts":null,"d":null,"t":null,' +
    '"dbz":null,"def":null,"after":{"id":0,"name":null},"req":0',
  // doubles: short ones divided out, long ones and exponents read as text; zeros without their sign
  '"i8":0,"i16":0,"i32":0,"i64":0,"f32":0.1,"f64":0.30000000000000004,"s":"s","b":true,"ts":0,"d":0,"t":0,"dbz":0,' +
    '"def":0,"after":{"id":1,"name":"n"},"req":1',
  '"i8":0,"i16":0,"i32":0,"i64":0,"f32":-0.0,"f64":-0.000,"s":"s","b":true,"ts":0,"d":0,"t":0,"dbz":0,' +
    '"def":0,"after":{"id":1,"name":"n"},"req":1',
  '"i8":0,"i16":0,"i32":0,"i64":0,"f32":1E-2,"f64":-1e-400,"s":"s","b":true,"ts":0,"d":0,"t":0,"dbz":0,' +
    '"def":0,"after":{"id":1,"name":"n"},"req":1',
  '"i8":0,"i16":0,"i32":0,"i64":0,"f32":-0e7,"f64":1e400,"s":"s","b":true,"ts":0,"d":0,"t":0,"dbz":0,' +
    '"def":0,"after":{"id":1,"name":"n"},"req":1',
  '"i8":0,"i16":0,"i32":0,"i64":0,"f32":123456.789012345678,"f64":9007199254740993.5,"s":"s","b":true,"ts":0,"d":0,' +
    '"t":0,"dbz":0,"def":0,"after":{"id":1,"name":"n"},"req":1',
  '"i8":0,"i16":0,"i32":0,"i64":0,"f32":5,"f64":2.0,"s":"s","b":true,"ts":0,"d":0,"t":0,"dbz":0,' +
    '"def":0,"after":{"id":1,"name":"n"},"req":1',
  // strings: escapes, other characters, a lone surrogate, digits
  '"i8":0,"i16":0,"i32":0,"i64":0,"f32":0,"f64":0,"s":"a\\"b\\\\c\\u0041\\ud83d\\ude00\\n\\/\\t é 😀 \\ud800 12345678901234567",' +
    '"b":true,"ts":0,"d":0,"t":0,"dbz":0,"def":0,"after":{"id":1,"name":"ü"},"req":1',
  // whitespace wherever JSON allows it
  ` \t\n${ALL_FIELDS.replaceAll(',', ' ,\r\n ').replaceAll(':', ' : ').replaceAll('{', '{ ').replaceAll('}', ' }')} `,
].map(shapedPayload);

/** Payloads the shaped reader leaves to the other paths (which may read them, or refuse them). */
const SHAPED_DECLINED = [
  ALL_FIELDS.replace('"i8":1,"i16":2', '"i16":2,"i8":1'), // another key order
  ALL_FIELDS.replace('"i8":1,', ''), // a missing field
  `${ALL_FIELDS},"extra":1`, // an extra one
  `${ALL_FIELDS},"req":10`, // a repeated one
  ALL_FIELDS.replace('"i32":3', '"i32":3.0'), // an integer written with a fraction
  ALL_FIELDS.replace('"i32":3', '"i32":3e0'), // or an exponent
  ALL_FIELDS.replace('"i64":4', '"i64":1234567890123456'), // more than 15 digits
  ALL_FIELDS.replace('"i32":3', '"i32":03'), // leading zeros
  ALL_FIELDS.replace('"f64":123.45', '"f64":01.5'),
  ALL_FIELDS.replace('"f64":123.45', '"f64":1.'),
  ALL_FIELDS.replace('"f64":123.45', '"f64":1e'),
  ALL_FIELDS.replace('"f64":123.45', '"f64":-'),
  ALL_FIELDS.replace('"ts":1700000000000', '"ts":1700000000000.0'),
  ALL_FIELDS.replace('"i32":3', '"i32":"3"'), // another JSON type
  ALL_FIELDS.replace('"s":"x"', '"s":5'),
  ALL_FIELDS.replace('"b":true', '"b":1'),
  ALL_FIELDS.replace('"b":true', '"b":tru'),
  ALL_FIELDS.replace('"after":{"id":5,"name":"five"}', '"after":[5,"five"]'),
  ALL_FIELDS.replace('"s":"x"', '"s":"\u0001"'), // a raw control character
  ALL_FIELDS.replace('"s":"x"', '"s":"x'), // unterminated
  ALL_FIELDS.replace('"req":9', '"req":null'), // null for a required field: the exact path's error
  ALL_FIELDS.replace('"i8"', '"\\u0069\\u0038"'), // a key written with escapes
  ALL_FIELDS.replace('"i8"', '"i8x"'),
].map(shapedPayload);

describe('ShapedPayloadReader', () => {
  const schema = (): Schema => data().asConnectSchema(parseJson(Buffer.from(SHAPED_SCHEMA)))!;
  const payloadStart = shapedEnvelope('').length - 1;

  it('reads payloads written in the schema\'s order straight from their bytes, with exactly the exact path\'s values', () => {
    const reader = ShapedPayloadReader.forSchema(data(), schema())!;
    for (const payload of SHAPED_FAST) {
      const json = shapedEnvelope(payload);
      const value = reader.read(Buffer.from(json), payloadStart);
      assert.notEqual(value, NOT_EXACT, payload);
      const reference = exact(json);
      assert.ok(!(reference instanceof DataException), payload);
      assert.deepEqual(dump(value), dump(reference.value), payload);
    }
  });

  it('reads a record inside a larger buffer, as a packed poll hands it out', () => {
    const reader = ShapedPayloadReader.forSchema(data(), schema())!;
    const json = Buffer.from(shapedEnvelope(SHAPED_FAST[0]!));
    const poll = Buffer.concat([Buffer.from('{"x":1}}}'), json, Buffer.from('9,"req":10}')]);
    const view = poll.subarray(9, 9 + json.length);
    assert.deepEqual(dump(reader.read(view, payloadStart)), dump((exact(json.toString()) as SchemaAndValue).value));
  });

  it('declines other key orders, missing and extra fields, numbers in other forms, other JSON types and null required fields', () => {
    const reader = ShapedPayloadReader.forSchema(data(), schema())!;
    for (const payload of SHAPED_DECLINED) assert.equal(reader.read(Buffer.from(shapedEnvelope(payload)), payloadStart), NOT_EXACT, payload);
    assert.equal(reader.read(Buffer.from(`${shapedEnvelope(SHAPED_FAST[0]!)},`), payloadStart), NOT_EXACT, 'more after the envelope');
    assert.equal(reader.read(Buffer.from(shapedEnvelope(SHAPED_FAST[0]!).slice(0, -1)), payloadStart), NOT_EXACT, 'no closing brace');
  });

  it('takes no schema with bytes, decimals, arrays or maps, nor a payload that is not a struct', () => {
    assert.equal(ShapedPayloadReader.forSchema(data(), data().asConnectSchema(parseJson(Buffer.from(SCHEMA)))!), null);
    assert.equal(ShapedPayloadReader.forSchema(data(), data().asConnectSchema(parseJson(Buffer.from('{"type":"int64"}')))!), null);
  });

  it('gives, through JsonConverter, the exact path\'s values and errors record after record, whichever path each takes', () => {
    assertConverterAgreesWithExact([...SHAPED_FAST, ...SHAPED_DECLINED, ...SHAPED_FAST].map(shapedEnvelope));
  });

  it('agrees with the exact path on random number texts and strings', () => {
    let seed = 17;
    const random = (n: number): number => { // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const digits = (n: number): string => Array.from({ length: n }, () => String(random(10))).join('');
    const numberText = (): string => {
      const sign = random(3) === 0 ? '-' : '';
      const integer = random(4) === 0 ? '0' : `${1 + random(9)}${digits(random(18))}`;
      const fraction = random(2) === 0 ? '' : `.${digits(1 + random(18))}`;
      const exponent = random(4) === 0 ? `${random(2) === 0 ? 'e' : 'E'}${['', '+', '-'][random(3)]}${digits(1 + random(3))}` : '';
      return `${sign}${integer}${fraction}${exponent}`;
    };
    const integerText = (): string => {
      const text = `${random(3) === 0 ? '-' : ''}${random(8) === 0 ? '0' : `${1 + random(9)}${digits(random(17))}`}`;
      return random(8) === 0 ? `${text}${['.0', '.5', 'e2', 'E-1'][random(4)]}` : text;
    };
    const stringText = (): string => JSON.stringify(Array.from({ length: random(12) }, () =>
      String.fromCodePoint([0x41 + random(26), 0x20 + random(95), 0xe9, 0x1f600, random(32), 0x5c, 0x22][random(7)]!)).join(''));
    const reader = ShapedPayloadReader.forSchema(data(), schema())!;
    let readHere = 0;
    for (let n = 0; n < 3000; n++) {
      const payload = shapedPayload(ALL_FIELDS
        .replace('"i32":3', `"i32":${integerText()}`).replace('"i64":4', `"i64":${integerText()}`)
        .replace('"f32":1.5', `"f32":${numberText()}`).replace('"f64":123.45', `"f64":${numberText()}`)
        .replace('"ts":1700000000000', `"ts":${integerText()}`).replace('"s":"x"', `"s":${stringText()}`));
      const json = shapedEnvelope(payload);
      const value = reader.read(Buffer.from(json), payloadStart);
      if (value === NOT_EXACT) continue;
      readHere++;
      const reference = exact(json);
      assert.ok(!(reference instanceof DataException), payload);
      assert.deepEqual(dump(value), dump(reference.value), payload);
    }
    assert.ok(readHere > 600, `read ${readHere} of 3000 itself`);
  });
});
