/**
 * The two translations inside Kafka's JsonConverter: Connect schemas to and from their JSON form
 * (`asJsonSchema`, `asConnectSchema`, each with an LRU cache of `schemas.cache.size`), and Connect
 * values to and from JSON trees (`convertToJson`, `convertToConnect`), with Kafka's rules for
 * defaults, logical types, maps with non-string keys and schemaless data.
 */
import {
  BigDecimal, ConnectDate, DataException, Decimal, LruCache, SchemaBuilder, Struct, Time, Timestamp,
  formatJavaDouble, formatJavaFloat, isPlainObject, javaClassName, type Schema, type SchemaType,
} from '@tsconnect/api';
import { decodeBase64 } from './base64-decode.js';
import type { JsonConverterConfig } from './json-converter-config.js';
import { JsonNumber, isJsonObject, nodeElements, nodeTypeName, type JsonNode, type JsonObject } from './json-node.js';
import { writeJsonText } from './json-writer.js';

/** The `type` names of the JSON schema form (note `float`/`double`, not `float32`/`float64`). */
const TYPE_NAMES: Record<SchemaType, string> = {
  BOOLEAN: 'boolean', INT8: 'int8', INT16: 'int16', INT32: 'int32', INT64: 'int64',
  FLOAT32: 'float', FLOAT64: 'double', BYTES: 'bytes', STRING: 'string',
  ARRAY: 'array', MAP: 'map', STRUCT: 'struct',
};
const TYPES_BY_NAME = new Map(Object.entries(TYPE_NAMES).map(([type, name]) => [name, type as SchemaType]));

const INT_RANGES: Partial<Record<SchemaType, [number, number]>> = {
  INT8: [-128, 127], INT16: [-32768, 32767], INT32: [-(2 ** 31), 2 ** 31 - 1],
};
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

interface LogicalConverter {
  toJson(schema: Schema, value: unknown, config: JsonConverterConfig): JsonNode;
  toConnect(schema: Schema, node: JsonNode): unknown;
}

function expectDate(logical: string, value: unknown): Date {
  if (!(value instanceof Date)) {
    throw new DataException(`Invalid type for ${logical}, expected Date but was ${javaClassName(value)}`);
  }
  return value;
}

function expectInt(logical: string, node: JsonNode): number {
  if (!(node instanceof JsonNumber && node.isInt())) {
    throw new DataException(`Invalid type for ${logical}, underlying representation should be integer but was ${nodeTypeName(node)}`);
  }
  return node.intValue();
}

const LOGICAL_CONVERTERS = new Map<string, LogicalConverter>([
  [Decimal.LOGICAL_NAME, {
    toJson(schema, value, config) {
      if (!(value instanceof BigDecimal)) {
        throw new DataException(`Invalid type for Decimal, expected BigDecimal but was ${javaClassName(value)}`);
      }
      // NUMERIC writes BigDecimal.toString() as is: no scale check, exactly as Kafka.
      return config.decimalFormat === 'NUMERIC' ? new JsonNumber(value.toString()) : Decimal.fromLogical(schema, value);
    },
    toConnect(schema, node) {
      if (node instanceof JsonNumber) return node.decimalValue();
      if (typeof node === 'string' || node instanceof Uint8Array) {
        try {
          return Decimal.toLogical(schema, typeof node === 'string' ? decodeBase64(node) : node);
        } catch (cause) {
          throw new DataException('Invalid bytes for Decimal field', { cause });
        }
      }
      throw new DataException(
        `Invalid type for Decimal, underlying representation should be numeric or bytes but was ${nodeTypeName(node)}`);
    },
  }],
  [ConnectDate.LOGICAL_NAME, {
    toJson: (schema, value) => new JsonNumber(String(ConnectDate.fromLogical(schema, expectDate('Date', value)))),
    toConnect: (schema, node) => ConnectDate.toLogical(schema, expectInt('Date', node)),
  }],
  [Time.LOGICAL_NAME, {
    toJson: (schema, value) => new JsonNumber(String(Time.fromLogical(schema, expectDate('Time', value)))),
    toConnect: (schema, node) => Time.toLogical(schema, expectInt('Time', node)),
  }],
  [Timestamp.LOGICAL_NAME, {
    toJson: (schema, value) => new JsonNumber(Timestamp.fromLogical(schema, expectDate('Timestamp', value)).toString()),
    toConnect(schema, node) {
      if (!(node instanceof JsonNumber && node.isIntegral())) {
        throw new DataException(
          `Invalid type for Timestamp, underlying representation should be integral but was ${nodeTypeName(node)}`);
      }
      return Timestamp.toLogical(schema, node.longValue());
    },
  }],
]);

/** Whether values of schemas with this name are read by a logical type's own rules (Decimal, Date, Time, Timestamp). */
export function isLogicalTypeName(name: string): boolean {
  return LOGICAL_CONVERTERS.has(name);
}

/** Doubles and floats as Jackson writes them: Java's text, and NaN/Infinity as quoted strings. */
function floatingNode(value: number, format: (v: number) => string): JsonNode {
  const text = format(value);
  return Number.isFinite(value) ? new JsonNumber(text) : text;
}

function invalidType(schema: Schema | null, value: unknown): DataException {
  return new DataException(`Invalid type for ${schema?.type ?? 'unknown schema'}: ${javaClassName(value)}`);
}

/** The schema type Kafka infers from a Java class, for schemaless values (null if none). */
function inferType(value: unknown): SchemaType | null {
  // -0 can only have been a double (Java's Long has no negative zero).
  if (typeof value === 'number') return Number.isSafeInteger(value) && !Object.is(value, -0) ? 'INT64' : 'FLOAT64';
  if (typeof value === 'bigint') return 'INT64';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'string') return 'STRING';
  if (value instanceof Uint8Array) return 'BYTES';
  if (Array.isArray(value)) return 'ARRAY';
  if (value instanceof Map || isPlainObject(value)) return 'MAP';
  if (value instanceof Struct) return 'STRUCT';
  return null;
}

function mapEntries(value: unknown): [unknown, unknown][] | null {
  if (value instanceof Map) return [...value];
  if (isPlainObject(value)) return Object.entries(value);
  return null;
}

/** Jackson's `intValue()`/`longValue()`/... of any node: non-numbers read as zero. */
function numberOf(node: JsonNode): JsonNumber {
  return node instanceof JsonNumber ? node : new JsonNumber('0');
}

/** A schemaless object value, safe for any key (including `__proto__`). */
function setProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export class JsonData {
  readonly #fromConnectSchemaCache: LruCache<Schema, JsonObject>;
  /** Keyed by the schema's JSON text, computed once per lookup (records repeat their schema). */
  readonly #toConnectSchemaCache: LruCache<string, Schema>;

  constructor(readonly config: JsonConverterConfig) {
    this.#fromConnectSchemaCache = LruCache.bySchema(config.schemaCacheSize);
    this.#toConnectSchemaCache = new LruCache(config.schemaCacheSize);
  }

  /** Number of schemas held by each cache (Connect to JSON, JSON to Connect). */
  cacheSizes(): { fromConnect: number; toConnect: number } {
    return { fromConnect: this.#fromConnectSchemaCache.size, toConnect: this.#toConnectSchemaCache.size };
  }

  /** The JSON form of a schema: `type`, type-specific keys, `optional`, then name/version/doc/parameters/default when set. */
  asJsonSchema(schema: Schema | null): JsonObject | null {
    if (schema === null) return null;
    const cached = this.#fromConnectSchemaCache.get(schema);
    if (cached !== undefined) return cached;
    const json: JsonObject = new Map([['type', TYPE_NAMES[schema.type]]]);
    if (schema.type === 'ARRAY') {
      json.set('items', this.asJsonSchema(schema.valueSchema));
    } else if (schema.type === 'MAP') {
      json.set('keys', this.asJsonSchema(schema.keySchema));
      json.set('values', this.asJsonSchema(schema.valueSchema));
    } else if (schema.type === 'STRUCT') {
      json.set('fields', schema.fields.map((field) => {
        const fieldJson = new Map(this.asJsonSchema(field.schema));
        fieldJson.set('field', field.name);
        return fieldJson;
      }));
    }
    json.set('optional', schema.isOptional);
    if (schema.name !== null) json.set('name', schema.name);
    if (schema.version !== null) json.set('version', new JsonNumber(String(schema.version)));
    if (schema.doc !== null) json.set('doc', schema.doc);
    if (schema.parameters !== null) json.set('parameters', new Map(schema.parameters));
    if (schema.defaultValue !== null) json.set('default', this.convertToJson(schema, schema.defaultValue));
    this.#fromConnectSchemaCache.set(schema, json);
    return json;
  }

  /** The Connect schema of a JSON schema; null for JSON null. Throws DataException for malformed schemas. */
  asConnectSchema(json: JsonNode | undefined): Schema | null {
    if (json === null || json === undefined) return null;
    const cacheKey = writeJsonText(json);
    const cached = this.#toConnectSchemaCache.get(cacheKey);
    if (cached !== undefined) return cached;
    const get = (key: string): JsonNode | undefined => (isJsonObject(json) ? json.get(key) : undefined);
    const typeNode = get('type');
    if (typeof typeNode !== 'string') throw new DataException("Schema must contain 'type' field");
    const type = TYPES_BY_NAME.get(typeNode);
    if (type === undefined) throw new DataException(`Unknown schema type: ${typeNode}`);
    let builder: SchemaBuilder;
    if (type === 'ARRAY') {
      const items = get('items');
      if (items === undefined || items === null) throw new DataException('Array schema did not specify the element type');
      builder = SchemaBuilder.array(this.asConnectSchema(items)!);
    } else if (type === 'MAP') {
      const keys = get('keys');
      if (keys === undefined) throw new DataException('Map schema did not specify the key type');
      const values = get('values');
      if (values === undefined) throw new DataException('Map schema did not specify the value type');
      builder = SchemaBuilder.map(this.asConnectSchema(keys)!, this.asConnectSchema(values)!);
    } else if (type === 'STRUCT') {
      builder = SchemaBuilder.struct();
      const fields = get('fields');
      if (!Array.isArray(fields)) throw new DataException('Struct schema\'s "fields" argument is not an array.');
      for (const field of fields) {
        const name = isJsonObject(field) ? field.get('field') : undefined;
        if (typeof name !== 'string') throw new DataException("Struct schema's field name not specified properly");
        builder.addField(name, this.asConnectSchema(field)!);
      }
    } else {
      builder = SchemaBuilder.type(type);
    }
    if (get('optional') === true) builder.optional();
    else builder.required();
    const name = get('name');
    if (typeof name === 'string') builder.withName(name);
    const version = get('version');
    if (version instanceof JsonNumber && version.isIntegral()) builder.withVersion(version.intValue());
    const doc = get('doc');
    if (typeof doc === 'string') builder.withDoc(doc);
    const parameters = get('parameters');
    if (isJsonObject(parameters)) {
      for (const [key, value] of parameters) {
        if (typeof value !== 'string') throw new DataException('Schema parameters must have string values.');
        builder.parameter(key, value);
      }
    }
    const defaultNode = get('default');
    if (defaultNode !== undefined) builder.withDefault(this.convertToConnect(builder, defaultNode));
    const result = builder.build();
    this.#toConnectSchemaCache.set(cacheKey, result);
    return result;
  }

  /** A Connect value as a JSON tree; `schema` null means schemaless (the type is inferred). */
  convertToJson(schema: Schema | null, value: unknown): JsonNode {
    if (value === null || value === undefined) {
      if (schema === null) return null;
      if (schema.defaultValue !== null && this.config.replaceNullWithDefault) {
        return this.convertToJson(schema, schema.defaultValue);
      }
      if (schema.isOptional) return null;
      throw new DataException('Conversion error: null value for field that is required and has no default value');
    }
    if (schema !== null && schema.name !== null) {
      const logical = LOGICAL_CONVERTERS.get(schema.name);
      if (logical) return logical.toJson(schema, value, this.config);
    }
    const type = schema === null ? inferType(value) : schema.type;
    if (type === null) {
      throw new DataException(`Java class ${javaClassName(value)} does not have corresponding schema type.`);
    }
    switch (type) {
      case 'INT8':
      case 'INT16':
      case 'INT32': {
        const [min, max] = INT_RANGES[type]!;
        if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
          throw invalidType(schema, value);
        }
        return new JsonNumber(String(value));
      }
      case 'INT64':
        if (typeof value === 'bigint' && value >= LONG_MIN && value <= LONG_MAX) return new JsonNumber(value.toString());
        if (schema === null && typeof value === 'number') return new JsonNumber(String(value));
        throw invalidType(schema, value);
      case 'FLOAT32':
        if (typeof value !== 'number') throw invalidType(schema, value);
        return floatingNode(value, formatJavaFloat);
      case 'FLOAT64':
        if (typeof value !== 'number') throw invalidType(schema, value);
        return floatingNode(value, formatJavaDouble);
      case 'BOOLEAN':
        if (typeof value !== 'boolean') throw invalidType(schema, value);
        return value;
      case 'STRING':
        if (typeof value !== 'string') throw invalidType(schema, value);
        return value;
      case 'BYTES':
        if (!(value instanceof Uint8Array)) throw new DataException(`Invalid type for bytes type: ${javaClassName(value)}`);
        return value;
      case 'ARRAY': {
        if (!Array.isArray(value)) throw invalidType(schema, value);
        const items = schema === null ? null : schema.valueSchema;
        return value.map((item) => this.convertToJson(items, item));
      }
      case 'MAP':
        return this.#mapToJson(schema, value);
      case 'STRUCT': {
        if (!(value instanceof Struct)) throw invalidType(schema, value);
        if (schema === null || !value.schema.equals(schema)) throw new DataException('Mismatching schema.');
        const out: JsonObject = new Map();
        for (const field of schema.fields) {
          out.set(field.name, this.convertToJson(field.schema, value.getWithoutDefault(field.name)));
        }
        return out;
      }
    }
  }

  #mapToJson(schema: Schema | null, value: unknown): JsonNode {
    const entries = mapEntries(value);
    if (entries === null) throw invalidType(schema, value);
    const keySchema = schema === null ? null : schema.keySchema;
    const valueSchema = schema === null ? null : schema.valueSchema;
    // String keys make a JSON object; any other key type an array of [key, value] pairs.
    const objectMode = schema === null ? entries.every(([k]) => typeof k === 'string') : keySchema!.type === 'STRING';
    if (objectMode) {
      const out: JsonObject = new Map();
      for (const [k, v] of entries) {
        const key = this.convertToJson(keySchema, k);
        out.set(typeof key === 'string' ? key : writeJsonText(key), this.convertToJson(valueSchema, v));
      }
      return out;
    }
    return entries.map(([k, v]) => [this.convertToJson(keySchema, k), this.convertToJson(valueSchema, v)]);
  }

  /** A JSON tree as a Connect value of `schema`; `schema` null means schemaless. `undefined` is a missing node. */
  convertToConnect(schema: Schema | null, node: JsonNode | undefined): unknown {
    if (schema === null) return this.#schemalessToConnect(node);
    if (node === null || node === undefined) {
      if (schema.defaultValue !== null && this.config.replaceNullWithDefault) return schema.defaultValue;
      if (schema.isOptional) return null;
      throw new DataException(`Invalid null value for required ${schema.type} field`);
    }
    if (schema.name !== null) {
      const logical = LOGICAL_CONVERTERS.get(schema.name);
      if (logical) return logical.toConnect(schema, node);
    }
    switch (schema.type) {
      case 'BOOLEAN': return node === true;
      case 'INT8': return Number(BigInt.asIntN(8, BigInt(numberOf(node).intValue())));
      case 'INT16': return Number(BigInt.asIntN(16, BigInt(numberOf(node).intValue())));
      case 'INT32': return numberOf(node).intValue();
      case 'INT64': return numberOf(node).longValue();
      case 'FLOAT32': return numberOf(node).floatValue();
      case 'FLOAT64': return numberOf(node).doubleValue();
      case 'STRING': return typeof node === 'string' ? node : null;
      case 'BYTES':
        if (node instanceof Uint8Array) return node;
        if (typeof node !== 'string') return null;
        try {
          return decodeBase64(node);
        } catch (cause) {
          throw new DataException('Invalid bytes field', { cause });
        }
      case 'ARRAY': {
        const items = schema.valueSchema;
        return nodeElements(node).map((item) => this.convertToConnect(items, item));
      }
      case 'MAP': return this.#mapToConnect(schema, node);
      case 'STRUCT': {
        if (!isJsonObject(node)) throw new DataException(`Structs should be encoded as JSON objects, but found ${nodeTypeName(node)}`);
        const struct = new Struct(schema.schema());
        for (const field of schema.fields) struct.put(field, this.convertToConnect(field.schema, node.get(field.name)));
        return struct;
      }
    }
  }

  #mapToConnect(schema: Schema, node: JsonNode): Map<unknown, unknown> {
    const keySchema = schema.keySchema!;
    const valueSchema = schema.valueSchema;
    const result = new Map<unknown, unknown>();
    if (keySchema.type === 'STRING') {
      if (!isJsonObject(node)) {
        throw new DataException(`Maps with string fields should be encoded as JSON objects, but found ${nodeTypeName(node)}`);
      }
      for (const [k, v] of node) result.set(k, this.convertToConnect(valueSchema, v));
      return result;
    }
    if (!Array.isArray(node)) {
      throw new DataException(
        `Maps with non-string fields should be encoded as JSON array of tuples, but found ${nodeTypeName(node)}`);
    }
    for (const entry of node) {
      if (!Array.isArray(entry)) {
        throw new DataException(`Found invalid map entry instead of array tuple: ${nodeTypeName(entry)}`);
      }
      if (entry.length !== 2) throw new DataException(`Found invalid map entry, expected length 2 but found :${entry.length}`);
      result.set(this.convertToConnect(keySchema, entry[0]!), this.convertToConnect(valueSchema, entry[1]!));
    }
    return result;
  }

  /** Schemaless JSON: objects become plain objects, integers `number` when safe else `bigint` (Java's long range). */
  #schemalessToConnect(node: JsonNode | undefined): unknown {
    if (node === null || node === undefined) return null;
    if (typeof node === 'boolean' || typeof node === 'string') return node;
    if (node instanceof JsonNumber) {
      if (!node.isIntegral()) return node.doubleValue();
      const long = node.longValue();
      return long >= BigInt(Number.MIN_SAFE_INTEGER) && long <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(long) : long;
    }
    if (node instanceof Uint8Array) throw new DataException('Unknown schema type: null');
    if (Array.isArray(node)) return node.map((item) => this.#schemalessToConnect(item));
    const out: Record<string, unknown> = {};
    for (const [k, v] of node) setProperty(out, k, this.#schemalessToConnect(v));
    return out;
  }
}
