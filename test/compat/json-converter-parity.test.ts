// Byte parity of our JsonConverter with Kafka's org.apache.kafka.connect.json.JsonConverter (4.1.1
// and 4.4.0 in turn).
// One JVM (test/compat/java/JsonConverterHarness.java, compiled here against the cached Connect
// jars) answers every case: the bytes Java writes for a schema and value, those bytes read back
// and written again, and raw input bytes read and written again. We do the same with ours and
// compare byte for byte; records Java wrote must also read back with ours as the value we started from.
import {
  BigDecimal, ConnectDate, Decimal, SchemaBuilder, Schemas, Struct, Time, Timestamp, valuesEqual, type Schema,
  type SchemaType,
} from '@tsconnect/api';
import { JsonConverter, JsonNumber, parseJson, type JsonNode } from '@tsconnect/converters';
import { classpathOf, fetchJavaConnectLibs, repoRoot, type KafkaVersion } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test, type TestContext } from 'node:test';
import { compatKafkaVersions } from '../support/kafka-versions.js';

interface Settings {
  'schemas.enable': boolean;
  'decimal.format': 'BASE64' | 'NUMERIC';
  'replace.null.with.default': boolean;
}

/** Every combination of the three settings that change JsonConverter's bytes. */
const ALL_SETTINGS: Settings[] = [true, false].flatMap((schemas) => (['BASE64', 'NUMERIC'] as const).flatMap((format) =>
  [true, false].map((replace) => ({
    'schemas.enable': schemas, 'decimal.format': format, 'replace.null.with.default': replace,
  }))));

/** One side's answer to one case: bytes written (hex) or the error ("Class: message"), then the same for the re-read. */
interface Outcome {
  bytes?: string | null;
  error?: string;
  reread?: string | null;
  rereadError?: string;
}

interface WriteCase {
  name: string;
  schema: Schema | null;
  value: unknown;
  /** The value ours must read back from Java's bytes (schemas on), when not the value written. */
  readBack?: (settings: Settings) => unknown;
  /** A difference from Kafka we know of and have not removed (see docs/compatibility.md). */
  todo?: string;
}

interface ReadCase {
  name: string;
  input: string | Uint8Array;
  settings: Partial<Settings>;
  todo?: string;
}

// ---- How a case travels to the JVM -------------------------------------------------------------

/** A JSON number token kept as written (bigints, decimals). */
class RawNumber {
  constructor(readonly text: string) {}
}

function toJsonLine(value: unknown): string {
  const marker = '\u0000raw:';
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof RawNumber ? marker + v.text : v));
  return text.replace(/"\\u0000raw:([^"]*)"/g, '$1');
}

const TYPE_NAMES: Record<SchemaType, string> = {
  BOOLEAN: 'boolean', INT8: 'int8', INT16: 'int16', INT32: 'int32', INT64: 'int64', FLOAT32: 'float',
  FLOAT64: 'double', BYTES: 'bytes', STRING: 'string', ARRAY: 'array', MAP: 'map', STRUCT: 'struct',
};

/** A schema in JsonConverter's schema form, written here (not by the converter under test). */
function schemaJson(schema: Schema | null): unknown {
  if (schema === null) return null;
  const json: Record<string, unknown> = { type: TYPE_NAMES[schema.type] };
  if (schema.type === 'ARRAY') json.items = schemaJson(schema.valueSchema);
  if (schema.type === 'MAP') {
    json.keys = schemaJson(schema.keySchema);
    json.values = schemaJson(schema.valueSchema);
  }
  if (schema.type === 'STRUCT') {
    json.fields = schema.fields.map((f) => ({ ...(schemaJson(f.schema) as object), field: f.name }));
  }
  json.optional = schema.isOptional;
  if (schema.name !== null) json.name = schema.name;
  if (schema.version !== null) json.version = schema.version;
  if (schema.doc !== null) json.doc = schema.doc;
  if (schema.parameters !== null) json.parameters = Object.fromEntries(schema.parameters);
  if (schema.defaultValue !== null) json.default = payloadJson(schema, schema.defaultValue);
  return json;
}

/** A default value in the envelope's payload form, for Java's schema reader. */
function payloadJson(schema: Schema, value: unknown): unknown {
  if (value === null) return null;
  if (value instanceof BigDecimal) return new RawNumber(value.toPlainString());
  if (value instanceof Date) {
    const millis = value.getTime();
    return new RawNumber(String(schema.name === ConnectDate.LOGICAL_NAME ? millis / 86_400_000 : millis));
  }
  if (typeof value === 'number' || typeof value === 'bigint') return new RawNumber(String(value));
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map((item) => payloadJson(schema.valueSchema!, item));
  return value;
}

function floatText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** A value tagged with the Java class to build: the schema tells int8 from int32 and float from double. */
function tagged(schema: Schema | null, value: unknown): unknown {
  if (value === null || value === undefined) return { t: 'null' };
  if (value instanceof BigDecimal) return { t: 'decimal', v: value.unscaledValue.toString(), scale: value.scale };
  if (value instanceof Date) return { t: 'date', v: String(value.getTime()) };
  if (typeof value === 'bigint') return { t: 'i64', v: value.toString() };
  if (typeof value === 'number') {
    switch (schema?.type) {
      case 'INT8': return { t: 'i8', v: value };
      case 'INT16': return { t: 'i16', v: value };
      case 'INT32': return { t: 'i32', v: value };
      case 'FLOAT32': return { t: 'f32', v: floatText(value) };
      case 'FLOAT64': return { t: 'f64', v: floatText(value) };
      default:
        return Number.isSafeInteger(value) && !Object.is(value, -0)
          ? { t: 'i64', v: String(value) } : { t: 'f64', v: floatText(value) };
    }
  }
  if (typeof value === 'boolean') return { t: 'bool', v: value };
  if (typeof value === 'string') return { t: 'str', v: value };
  if (value instanceof Uint8Array) return { t: 'bytes', v: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return { t: 'arr', v: value.map((item) => tagged(schema?.valueSchema ?? null, item)) };
  if (value instanceof Struct) {
    return {
      t: 'struct',
      v: Object.fromEntries(value.schema.fields.map((f) => [f.name, tagged(f.schema, value.getWithoutDefault(f.name))])),
    };
  }
  const entries = value instanceof Map ? [...value] : Object.entries(value as object);
  return {
    t: 'map',
    v: entries.map(([k, v]) => [tagged(schema?.keySchema ?? null, k), tagged(schema?.valueSchema ?? null, v)]),
  };
}

// ---- Running both sides ------------------------------------------------------------------------

function hex(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : Buffer.from(bytes).toString('hex');
}

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e);
}

function ourConverter(settings: Partial<Settings>): JsonConverter {
  const converter = new JsonConverter();
  converter.configure(Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)])), false);
  return converter;
}

/** Ours writes the value, then reads `javaBytes` (what Kafka wrote) and writes that again. */
function ourWrite(settings: Settings, c: WriteCase, javaBytes: string | null | undefined): Outcome {
  const converter = ourConverter(settings);
  const outcome: Outcome = {};
  try {
    outcome.bytes = hex(converter.fromConnectData('topic', null, c.schema, c.value));
  } catch (e) {
    outcome.error = describeError(e);
  }
  if (javaBytes !== null && javaBytes !== undefined) {
    Object.assign(outcome, ourReread(converter, Buffer.from(javaBytes, 'hex')));
  }
  return outcome;
}

function ourReread(converter: JsonConverter, bytes: Uint8Array): Outcome {
  try {
    const read = converter.toConnectData('topic', null, bytes);
    return { reread: hex(converter.fromConnectData('topic', null, read.schema, read.value)) };
  } catch (e) {
    return { rereadError: describeError(e) };
  }
}

const text = (h: string | null | undefined): string =>
  h === null || h === undefined ? String(h) : Buffer.from(h, 'hex').toString('utf8');

/**
 * Kafka reads JSON objects and maps into HashMaps, so what it writes again follows Java's hash
 * order, and a schemaless `1.0` stays a Double; ours keeps the input order and reads `1.0` as the
 * number 1. True when two texts differ in those ways only (docs/compatibility.md).
 */
function sameButKnownReadDifferences(oursHex: string, javaHex: string): boolean {
  const same = (a: JsonNode | undefined, b: JsonNode | undefined): boolean => {
    if (a instanceof JsonNumber && b instanceof JsonNumber) {
      return a.text === b.text || (a.isIntegral() !== b.isIntegral() && Object.is(Number(a.text), Number(b.text)));
    }
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => same(v, b[i]));
    if (a instanceof Map && b instanceof Map) {
      return a.size === b.size && [...a].every(([k, v]) => b.has(k) && same(v, b.get(k)));
    }
    return a === b;
  };
  return same(parseJson(Buffer.from(oursHex, 'hex')), parseJson(Buffer.from(javaHex, 'hex')));
}

/**
 * Written bytes must be the same, or both sides fail with the same exception class and message; so
 * must the re-read bytes, except that,
 * unless `strict`, the known read differences are allowed and reported as a diagnostic.
 */
function assertSameOutcome(t: TestContext, label: string, ours: Outcome, java: Outcome, strict: boolean): void {
  const show = (o: Outcome): string =>
    `wrote ${o.error ?? text(o.bytes)}; re-read ${o.rereadError ?? text(o.reread)}`;
  const detail = `${label}\n  ours: ${show(ours)}\n  java: ${show(java)}`;
  assert.ok(ours.error === java.error && ours.bytes === java.bytes, detail);
  if (ours.rereadError !== undefined || java.rereadError !== undefined) {
    assert.ok(ours.rereadError === java.rereadError, detail);
    return;
  }
  if (ours.reread === java.reread) return;
  assert.ok(!strict && ours.reread && java.reread && sameButKnownReadDifferences(ours.reread, java.reread), detail);
  t.diagnostic(`known difference (key order or integral double) re-reading ${label}`);
}

async function runHarness(requests: string[], version: KafkaVersion): Promise<Outcome[]> {
  const libs = await fetchJavaConnectLibs(version);
  const classpath = await classpathOf(...libs);
  const classes = await mkdtemp(join(tmpdir(), 'tsconnect-json-parity-'));
  try {
    const source = join(repoRoot(), 'test', 'compat', 'java', 'JsonConverterHarness.java');
    await exec('javac', ['-d', classes, '-cp', classpath, source], '');
    const jvm = ['-XX:TieredStopAtLevel=1', '-Xmx256m', '-cp', `${classes}:${classpath}`, 'JsonConverterHarness'];
    const stdout = await exec('java', jvm, requests.join('\n') + '\n');
    const lines = stdout.split('\n').filter((l) => l.length > 0);
    assert.equal(lines.length, requests.length, 'one answer per case');
    return lines.map((l) => JSON.parse(l) as Outcome);
  } finally {
    await rm(classes, { recursive: true, force: true });
  }
}

function exec(command: string, args: string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`${command} exited with ${code}: ${Buffer.concat(err).toString('utf8')}`));
    });
    child.stdin.end(input);
  });
}

// ---- The cases ---------------------------------------------------------------------------------

const f32 = Math.fround;
/** Kafka reads JSON numbers as exact decimals, which have no -0: -0.0 reads back as 0.0. */
const readsAs = (v: number): (() => number) => () => (Object.is(v, -0) ? 0 : v);
const JDK17_TO_STRING = 'Java 17 prints some doubles and floats with more digits than needed (JDK-4511638, fixed in ' +
  'Java 19); ours prints the shortest form, as Java 19+ does';
const optional = (schema: Schema): Schema => SchemaBuilder.type(schema.type).optional().build();

const primitives: WriteCase[] = [
  ...[0, -128, 127].map((v) => ({ name: `int8 ${v}`, schema: Schemas.INT8, value: v })),
  ...[-32768, 32767].map((v) => ({ name: `int16 ${v}`, schema: Schemas.INT16, value: v })),
  ...[-2147483648, 0, 2147483647].map((v) => ({ name: `int32 ${v}`, schema: Schemas.INT32, value: v })),
  ...[-(2n ** 63n), 0n, 2n ** 63n - 1n, 2n ** 53n + 1n]
    .map((v) => ({ name: `int64 ${v}`, schema: Schemas.INT64, value: v })),
  ...[0, -0, 1.5, f32(0.1), f32(1e10), f32(1.0e-5), f32(3.4028235e38), f32(123456.789), f32(1e7), f32(0.001),
    f32(9999999)]
    .map((v) => ({ name: `float32 ${floatText(v)}`, schema: Schemas.FLOAT32, value: v, readBack: readsAs(v) })),
  { name: 'float32 Float.MIN_VALUE', schema: Schemas.FLOAT32, value: f32(1.4e-45) },
  { name: 'float32 Float.MIN_NORMAL', schema: Schemas.FLOAT32, value: f32(1.17549435e-38), todo: JDK17_TO_STRING },
  ...[0, -0, 1e10, 1.0e-5, 0.001, 2e-3, 1e7, 9999999.999, 123456789.123, 0.1 + 0.2, 2 ** 63,
    Number.MAX_VALUE, Number.MIN_VALUE, 2.2250738585072014e-308, -1.7976931348623157e308, 1 / 3]
    .map((v) => ({ name: `float64 ${floatText(v)}`, schema: Schemas.FLOAT64, value: v, readBack: readsAs(v) })),
  { name: 'float64 1e23', schema: Schemas.FLOAT64, value: 1e23, todo: JDK17_TO_STRING },
  ...[NaN, Infinity, -Infinity].flatMap((v) => [
    // Jackson writes non-finite numbers as text, which both converters read as 0.
    { name: `float32 ${v}`, schema: Schemas.FLOAT32, value: v, readBack: () => 0 },
    { name: `float64 ${v}`, schema: Schemas.FLOAT64, value: v, readBack: () => 0 },
  ]),
  { name: 'boolean true', schema: Schemas.BOOLEAN, value: true },
  { name: 'boolean false', schema: Schemas.BOOLEAN, value: false },
  ...['', 'plain', 'quote " backslash \\ slash / tab \t newline \n', '\u0000\u0001\b\f\r\u001f\u007f\u0080',
    'caf\u00e9 \u65e5\u672c \u2028 \uffff', 'emoji \u{1F600} \u{1F468}\u200D\u{1F469}', 'lone \ud800 surrogate',
    '</script>']
    .map((v) => ({ name: `string ${JSON.stringify(v)}`, schema: Schemas.STRING, value: v })),
  ...[[], [0, 1, 2, 255], Array.from({ length: 100 }, (_, i) => (i * 37) % 256)]
    .map((v) => ({ name: `bytes of ${v.length}`, schema: Schemas.BYTES, value: new Uint8Array(v) })),
  ...(['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES'] as const)
    .map((t) => ({ name: `optional ${t} null`, schema: optional(SchemaBuilder.type(t)), value: null })),
  { name: 'required int32 null', schema: Schemas.INT32, value: null },
  { name: 'string schema, boolean value', schema: Schemas.STRING, value: true },
];

const withDefault = (builder: SchemaBuilder, value: unknown): Schema => builder.optional().withDefault(value).build();
const withDefaults: WriteCase[] = [
  { name: 'optional int32 with default, null', schema: withDefault(SchemaBuilder.int32(), 42), value: null },
  { name: 'required string with default, null', schema: SchemaBuilder.string().withDefault('dflt').build(), value: null },
  { name: 'optional int64 with default, set', schema: withDefault(SchemaBuilder.int64(), 7n), value: 8n },
  { name: 'optional double with default, null', schema: withDefault(SchemaBuilder.float64(), 1.5), value: null },
  { name: 'optional bytes with default, null', schema: withDefault(SchemaBuilder.bytes(), new Uint8Array([1, 2])), value: null },
  { name: 'optional boolean with default false, null', schema: withDefault(SchemaBuilder.bool(), false), value: null },
  {
    name: 'optional array with default, null',
    schema: SchemaBuilder.array(Schemas.INT32).optional().withDefault([1, 2]).build(), value: null,
  },
  {
    name: 'metadata: name, version, doc, parameters',
    schema: SchemaBuilder.string().withName('com.example.Code').withVersion(3).withDoc('A code, "quoted" \u00e9')
      .parameter('length', '8').parameter('k\u00e9y', 'v').build(),
    value: 'ABC',
  },
];

const decimal2 = Decimal.schema(2);
const logical: WriteCase[] = [
  ...[new BigDecimal(156n, 2), new BigDecimal(-100n, 2), new BigDecimal(0n, 2), new BigDecimal(-1n, 2),
    new BigDecimal(12345678901234567890123456789n, 2), new BigDecimal(-(2n ** 127n), 2), new BigDecimal(127n, 2),
    new BigDecimal(128n, 2), new BigDecimal(-128n, 2), new BigDecimal(-129n, 2)]
    .map((v) => ({ name: `decimal(2) ${v}`, schema: decimal2, value: v })),
  { name: 'decimal(0) 42', schema: Decimal.schema(0), value: new BigDecimal(42n, 0) },
  { name: 'decimal(-2) 1.23E+4', schema: Decimal.schema(-2), value: new BigDecimal(123n, -2) },
  { name: 'decimal(8) 1E-8', schema: Decimal.schema(8), value: new BigDecimal(1n, 8) },
  { name: 'decimal(10) 0.0000001000', schema: Decimal.schema(10), value: new BigDecimal(1000n, 10) },
  {
    name: 'decimal(2) with a value of scale 3', schema: decimal2, value: new BigDecimal(1n, 3),
  },
  { name: 'optional decimal null', schema: Decimal.builder(2).optional().build(), value: null },
  {
    name: 'optional decimal with default, null',
    schema: Decimal.builder(2).optional().withDefault(new BigDecimal(250n, 2)).build(), value: null,
  },
  ...[0, 19782 * 86_400_000, -86_400_000, -719162 * 86_400_000]
    .map((ms) => ({ name: `date ${new Date(ms).toISOString()}`, schema: ConnectDate.SCHEMA, value: new Date(ms) })),
  { name: 'date with a time of day', schema: ConnectDate.SCHEMA, value: new Date(1000) },
  ...[0, 3723004, 86_399_999]
    .map((ms) => ({ name: `time ${ms}`, schema: Time.SCHEMA, value: new Date(ms) })),
  ...[0, 1700000000123, -1, 253402300799999, -62135596800000]
    .map((ms) => ({ name: `timestamp ${ms}`, schema: Timestamp.SCHEMA, value: new Date(ms) })),
  { name: 'optional timestamp null', schema: Timestamp.builder().optional().build(), value: null },
  {
    name: 'optional date with default, null',
    schema: ConnectDate.builder().optional().withDefault(new Date(86_400_000)).build(), value: null,
  },
];

const HASH_ORDER = 'Kafka reads maps and objects into HashMaps, so it writes them again in Java hash order; ours keeps ' +
  'the order read';
const INTEGRAL_DOUBLE = 'Kafka reads a schemaless 1.0 as a Double and writes 1.0 again; ours reads the number 1 ' +
  'and writes 1';
const intArray = SchemaBuilder.array(Schemas.INT32).build();
const stringToInt = SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build();
const address = SchemaBuilder.struct().withName('com.example.Address').optional()
  .addField('street', Schemas.STRING)
  .addField('zip', Schemas.OPTIONAL_INT32)
  .build();
const everything = SchemaBuilder.struct().withName('com.example.Row').withVersion(2).withDoc('all types')
  .addField('i8', Schemas.INT8).addField('i16', Schemas.INT16).addField('i32', Schemas.INT32).addField('i64', Schemas.INT64)
  .addField('f32', Schemas.FLOAT32).addField('f64', Schemas.FLOAT64).addField('bool', Schemas.BOOLEAN)
  .addField('str', Schemas.STRING).addField('bytes', Schemas.BYTES)
  .addField('dec', Decimal.schema(3)).addField('date', ConnectDate.SCHEMA).addField('time', Time.SCHEMA)
  .addField('ts', Timestamp.SCHEMA)
  .addField('list', SchemaBuilder.array(Schemas.OPTIONAL_STRING).build())
  .addField('map', SchemaBuilder.map(Schemas.INT64, address).build())
  .addField('home', address)
  .addField('work', address)
  .addField('count', SchemaBuilder.int32().optional().withDefault(-1).build())
  .addField('note', SchemaBuilder.string().withDefault('none').build())
  .build();

function addressOf(street: string, zip: number | null): Struct {
  return new Struct(address).put('street', street).put('zip', zip);
}

/** The row the tests write (count and note unset), or as read back with the defaults filled in. */
function everythingValue(count: number | null = null, note: string | null = null): Struct {
  const row = new Struct(everything)
    .put('i8', -8).put('i16', 16).put('i32', -32).put('i64', 64n).put('f32', f32(3.25)).put('f64', -6.5e-7)
    .put('bool', true).put('str', 'x\u00e9\u{1F600}').put('bytes', new Uint8Array([222, 173, 190, 239]))
    .put('dec', new BigDecimal(-12345n, 3)).put('date', new Date(19782 * 86_400_000)).put('time', new Date(45296789))
    .put('ts', new Date(1700000000123))
    .put('list', ['a', null, ''])
    .put('map', new Map([[1n, addressOf('First St', null)], [2n, addressOf('Second St', 200)]]))
    .put('home', addressOf('Main St 1', 12345))
    .put('work', null)
    .put('count', count);
  // A required field takes no null, even with a default: leave it unset instead.
  return note === null ? row : row.put('note', note);
}

const composite: WriteCase[] = [
  { name: 'array of int32', schema: intArray, value: [1, -2, 3] },
  { name: 'empty array', schema: intArray, value: [] },
  { name: 'array of optional strings', schema: SchemaBuilder.array(Schemas.OPTIONAL_STRING).build(), value: ['a', null] },
  { name: 'array of arrays', schema: SchemaBuilder.array(intArray).build(), value: [[1], [], [2, 3]] },
  { name: 'array of structs', schema: SchemaBuilder.array(address).build(), value: [addressOf('a', 1), null] },
  { name: 'map string keys', schema: stringToInt, value: new Map([['key1', 12], ['key2', 15]]) },
  { name: 'map string keys needing escapes', schema: stringToInt, value: new Map([['a"b', 1], ['\u00e9\n', 2]]) },
  { name: 'empty map', schema: stringToInt, value: new Map() },
  // Kafka reads maps into HashMaps: keys given here in Java's hash order come back in the same order.
  {
    name: 'map int32 keys', schema: SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build(),
    value: new Map([[1, 'a'], [3, 'c']]),
  },
  {
    name: 'map int32 keys out of hash order', schema: SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build(),
    value: new Map([[3, 'c'], [1, 'a']]), todo: HASH_ORDER,
  },
  {
    name: 'map boolean keys, optional values',
    schema: SchemaBuilder.map(Schemas.BOOLEAN, Schemas.OPTIONAL_FLOAT64).build(),
    value: new Map([[false, null], [true, 1.5]]),
  },
  {
    name: 'map decimal keys', schema: SchemaBuilder.map(decimal2, Schemas.STRING).build(),
    value: new Map([[new BigDecimal(150n, 2), 'x']]),
  },
  {
    name: 'map of maps', schema: SchemaBuilder.map(Schemas.STRING, stringToInt).build(),
    value: new Map([['outer', new Map([['inner', 1]])]]),
  },
  {
    name: 'struct of every type, nested', schema: everything, value: everythingValue(),
    readBack: (settings) => (settings['replace.null.with.default'] ? everythingValue(-1, 'none') : everythingValue()),
  },
  { name: 'optional struct null', schema: address, value: null },
  {
    name: 'struct with a required field unset', schema: everything,
    value: new Struct(everything).put('i8', 1),
  },
];

const schemaless: WriteCase[] = [
  { name: 'schemaless null', schema: null, value: null },
  { name: 'schemaless integer', schema: null, value: 42 },
  { name: 'schemaless unsafe integer (double)', schema: null, value: 2 ** 60, todo: JDK17_TO_STRING },
  { name: 'schemaless double 2^70', schema: null, value: 2 ** 70 },
  { name: 'schemaless double', schema: null, value: 1.5e-7 },
  { name: 'schemaless -0.0', schema: null, value: -0 },
  { name: 'schemaless NaN', schema: null, value: NaN },
  { name: 'schemaless bigint', schema: null, value: -(2n ** 63n) },
  { name: 'schemaless string', schema: null, value: 'h\u00e9llo \u{1F600}' },
  { name: 'schemaless boolean', schema: null, value: false },
  { name: 'schemaless bytes', schema: null, value: new Uint8Array([1, 2, 3]) },
  { name: 'schemaless array', schema: null, value: [1, 'two', 3.5, null, true, [4n]] },
  { name: 'schemaless object', schema: null, value: { b: 1, a: 'x', nested: { list: [1, 2], empty: {} } } },
  { name: 'schemaless map, string keys', schema: null, value: new Map<unknown, unknown>([['z', 1], ['y', null]]) },
  { name: 'schemaless map, integer keys', schema: null, value: new Map<unknown, unknown>([[2, 'b'], [1, 'a']]) },
  { name: 'schemaless map, mixed keys', schema: null, value: new Map<unknown, unknown>([['k', 1], [2, 'b']]) },
];

const DECIMAL2 = '{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}}';
const readCases: ReadCase[] = [
  ...[
    ['numbers', '[1,2.5,-0.0,1.0E-5,12345678901234567890,-9223372036854775808,0012,1.5e400,-1e-400]'],
    ['literals', '[true,false,null]'],
    ['escaped string', '"caf\\u00e9 \\ud83d\\ude00 \\/ \\t"'],
    ['lone surrogate escape', '"\\ud800"'],
    ['whitespace around', ' \n 42 \t'],
    ['empty input', ''],
    ['whitespace only', '   '],
    ['byte order mark', '\ufeff{"a":1}'],
    ['duplicate keys', '{"a":1,"b":2,"a":3}'],
    ['trailing value', '1 2'],
    ['trailing garbage', '{"a":1}x'],
    ['unterminated', '{"a":1'],
    ['bad literal', 'nul'],
    ['single quotes', "{'a':1}"],
    ['nested object', '{"outer":{"inner":[{"x":1},{"y":[]}]}}'],
    ['an envelope read schemaless', '{"schema":{"type":"int32","optional":false},"payload":1}'],
    ['object keys out of hash order', '{"b":1,"a":2}', HASH_ORDER],
    ['integral doubles', '[0.0,1e10,100.0]', INTEGRAL_DOUBLE],
  ].map(([name, input, todo]): ReadCase => ({
    name: `schemaless ${name}`, input: input!, settings: { 'schemas.enable': false }, todo,
  })),
  { name: 'schemaless invalid UTF-8', input: new Uint8Array([0x22, 0xff, 0x22]), settings: { 'schemas.enable': false } },
  ...[
    ['schemaless payload', '{"schema":null,"payload":{"x":[1,"a"]}}'],
    ['null schema, null payload', '{"schema":null,"payload":null}'],
    ['missing payload', '{"schema":null}'],
    ['extra field', '{"schema":null,"payload":1,"x":2}'],
    ['not an object', '[1]'],
    ['plain JSON', '{"a":1}'],
    ['int8 overflow', '{"schema":{"type":"int8","optional":false},"payload":300}'],
    ['int16 overflow', '{"schema":{"type":"int16","optional":false},"payload":70000}'],
    ['int32 from a long', '{"schema":{"type":"int32","optional":false},"payload":10000000000}'],
    ['int32 from a fraction', '{"schema":{"type":"int32","optional":false},"payload":-2.7}'],
    ['int32 from text', '{"schema":{"type":"int32","optional":false},"payload":"12"}'],
    ['int64 beyond long', '{"schema":{"type":"int64","optional":false},"payload":18446744073709551617}'],
    ['float from a huge number', '{"schema":{"type":"float","optional":false},"payload":1e40}'],
    ['double from "NaN"', '{"schema":{"type":"double","optional":false},"payload":"NaN"}'],
    ['double -0.0', '{"schema":{"type":"double","optional":false},"payload":-0.0}'],
    ['double with exponent', '{"schema":{"type":"double","optional":false},"payload":1E+2}'],
    ['boolean from text', '{"schema":{"type":"boolean","optional":false},"payload":"true"}'],
    ['string from a number', '{"schema":{"type":"string","optional":true},"payload":12}'],
    ['bytes from invalid base64', '{"schema":{"type":"bytes","optional":false},"payload":"@@"}'],
    ['bytes base64 unpadded', '{"schema":{"type":"bytes","optional":false},"payload":"AQI"}'],
    ['array from an object', '{"schema":{"type":"array","items":{"type":"int32","optional":false},"optional":false},' +
      '"payload":{"a":1,"b":2}}'],
    ['map with int keys', '{"schema":{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"string",' +
      '"optional":false},"optional":false},"payload":[[1,"a"],[2,"b"]]}'],
    ['map string keys out of hash order', '{"schema":{"type":"map","keys":{"type":"string","optional":false},' +
      '"values":{"type":"int32","optional":false},"optional":false},"payload":{"zz":1,"a":2,"m":3}}'],
    ['map with a bad entry', '{"schema":{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"int32",' +
      '"optional":false},"optional":false},"payload":[[1,2,3]]}'],
    ['struct with missing fields and defaults', '{"schema":{"type":"struct","fields":[{"type":"int32","optional":true,' +
      '"default":7,"field":"a"},{"type":"string","optional":true,"field":"b"},{"type":"string","optional":false,' +
      '"default":"d","field":"c"}],"optional":false,"name":"n"},"payload":{"b":null}}'],
    ['struct with unknown payload fields', '{"schema":{"type":"struct","fields":[{"type":"int32","optional":false,' +
      '"field":"a"}],"optional":false},"payload":{"a":1,"zzz":2}}'],
    ['struct from an array', '{"schema":{"type":"struct","fields":[],"optional":false},"payload":[]}'],
    ['decimal numeric of another scale', `{"schema":${DECIMAL2},"payload":1.5}`],
    ['decimal numeric of the scale', `{"schema":${DECIMAL2},"payload":-1.50}`],
    ['decimal base64', `{"schema":${DECIMAL2},"payload":"AJw="}`],
    ['decimal from a boolean', `{"schema":${DECIMAL2},"payload":true}`],
    ['date', '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1},"payload":-3}'],
    ['date from a long', '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date"},' +
      '"payload":3000000000}'],
    ['time', '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time"},"payload":3723004}'],
    ['timestamp', '{"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp"},' +
      '"payload":-1}'],
    ['timestamp from a fraction', '{"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp"},' +
      '"payload":1.5}'],
    ['schema without optional', '{"schema":{"type":"string"},"payload":"x"}'],
    ['schema of unknown type', '{"schema":{"type":"uuid","optional":false},"payload":"x"}'],
    ['schema with unknown keys and metadata', '{"schema":{"type":"string","optional":true,"x-extra":1,"doc":"d",' +
      '"version":2,"name":"n","parameters":{"p":"q"}},"payload":null}'],
    ['schema with a non-string parameter', '{"schema":{"type":"string","optional":false,"parameters":{"p":1}},"payload":"x"}'],
    ['schema default of the wrong type', '{"schema":{"type":"int32","optional":true,"default":"x"},"payload":null}'],
    ['required null payload', '{"schema":{"type":"int32","optional":false},"payload":null}'],
  ].flatMap(([name, input]) => [true, false].map((replace): ReadCase => ({
    name: `envelope ${name}${replace ? '' : ', replace.null.with.default=false'}`,
    input: input!,
    settings: { 'schemas.enable': true, 'replace.null.with.default': replace, 'decimal.format': 'NUMERIC' },
  }))),
  ...['"AJw="', '1.56'].map((payload): ReadCase => ({
    name: `envelope decimal ${payload} written as BASE64`,
    input: `{"schema":${DECIMAL2},"payload":${payload}}`,
    settings: { 'schemas.enable': true, 'decimal.format': 'BASE64' },
  })),
];

// ---- The tests ---------------------------------------------------------------------------------

const writeGroups: [string, WriteCase[]][] = [
  ['primitive types', primitives], ['defaults and schema metadata', withDefaults], ['logical types', logical],
  ['arrays, maps and structs', composite], ['schemaless values', schemaless],
];
const writeRequests = writeGroups.flatMap(([, cases]) => cases.flatMap((c) => ALL_SETTINGS.map((settings) => toJsonLine({
  kind: 'write', config: settings, schema: schemaJson(c.schema), value: tagged(c.schema, c.value),
}))));
const readRequests = readCases.map((c) => toJsonLine({
  kind: 'read', config: c.settings,
  input: Buffer.from(typeof c.input === 'string' ? Buffer.from(c.input, 'utf8') : c.input).toString('hex'),
}));

for (const version of compatKafkaVersions()) {
  describe(`JsonConverter parity with Kafka ${version}`, () => {
    let answers: Outcome[] = [];

    before(async () => {
      answers = await runHarness([...writeRequests, ...readRequests], version);
    });

    let next = 0;
    for (const [group, cases] of writeGroups) {
      describe(`writing ${group}`, () => {
        for (const c of cases) {
          const first = next;
          next += ALL_SETTINGS.length;
          test(c.name, { todo: c.todo }, (t) => {
            ALL_SETTINGS.forEach((settings, i) => {
              const java = answers[first + i]!;
              const label = `${c.name} with ${JSON.stringify(settings)}`;
              assertSameOutcome(t, label, ourWrite(settings, c, java.bytes), java, c.todo !== undefined);
              if (c.schema !== null && settings['schemas.enable'] && java.bytes && java.rereadError === undefined) {
                const read = ourConverter(settings).toConnectData('topic', null, Buffer.from(java.bytes, 'hex'));
                assert.ok(read.schema?.equals(c.schema), `${label}: schema read back`);
                const expected = c.readBack ? c.readBack(settings)
                  : c.value ?? (settings['replace.null.with.default'] ? c.schema.defaultValue : null);
                assert.ok(valuesEqual(read.value, expected), `${label}: value read back ${String(read.value)}`);
              }
            });
          });
        }
      });
    }

    describe('reading raw bytes and writing them again', () => {
      readCases.forEach((c, i) => {
        test(c.name, { todo: c.todo }, (t) => {
          const java = answers[writeRequests.length + i]!;
          const input = typeof c.input === 'string' ? Buffer.from(c.input, 'utf8') : c.input;
          const label = `${c.name} with ${JSON.stringify(c.settings)}`;
          assertSameOutcome(t, label, ourReread(ourConverter(c.settings), input), java, c.todo !== undefined);
        });
      });
    });
  });
}
