/**
 * Confluent's Connect <-> JSON Schema mapping (`io.confluent.connect.json.JsonSchemaData`):
 * integers and floats carry `connect.type`, structs are objects whose properties carry
 * `connect.index`, optional schemas are `oneOf` null and the schema, names go to `title`.
 */
import {
  BigDecimal, ConnectDate, DataException, Decimal, formatJavaDouble, formatJavaFloat, LruCache, SchemaBuilder,
  Schemas, Struct, Time, Timestamp, type Schema,
} from '@tsconnect/api';
import { JsonNumber, jsonNumberLong, jsonNumberValue, type JsonValue } from './json-text.js';
import { nonOptional } from '../non-optional.js';

export const NAMESPACE = 'io.confluent.connect.json';
export const CONNECT_TYPE_PROP = 'connect.type';
export const CONNECT_VERSION_PROP = 'connect.version';
export const CONNECT_PARAMETERS_PROP = 'connect.parameters';
export const CONNECT_INDEX_PROP = 'connect.index';
export const JSON_TYPE_ENUM = `${NAMESPACE}.Enum`;
const JSON_TYPE_ENUM_PREFIX = `${JSON_TYPE_ENUM}.`;
export const JSON_TYPE_ONE_OF = `${NAMESPACE}.OneOf`;

export type DecimalFormat = 'BASE64' | 'NUMERIC';

export interface JsonSchemaDataOptions {
  readonly decimalFormat: DecimalFormat;
  readonly cacheSize: number;
  /** `object.additional.properties`: false writes `"additionalProperties": false` on structs. */
  readonly allowAdditionalProperties: boolean;
  /** `use.optional.for.nonrequired`: properties missing from `required` become optional fields. */
  readonly useOptionalForNonRequired: boolean;
}

/** A JSON Schema as a plain object tree. */
export type JsonSchemaNode = Record<string, unknown>;

const CONNECT_TYPES: Partial<Record<string, string>> = {
  INT8: 'int8', INT16: 'int16', INT32: 'int32', INT64: 'int64', FLOAT32: 'float32', FLOAT64: 'float64',
};

/** Java's String.hashCode. */
function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * Confluent keeps the `connect.*` keywords in a Java HashMap, so they are printed in bucket order
 * of a 16-slot table; ordering them the same way gives the same schema text.
 */
function hashMapOrder(entries: Array<[string, unknown]>): Array<[string, unknown]> {
  const bucket = (k: string): number => {
    const h = javaHash(k);
    return (h ^ (h >>> 16)) & 15;
  };
  return entries.map((e, i) => ({ e, i, b: bucket(e[0]) })).sort((x, y) => x.b - y.b || x.i - y.i).map((x) => x.e);
}

function isStringKeyed(schema: Schema): boolean {
  return schema.keySchema!.type === 'STRING' && !schema.keySchema!.isOptional;
}

export class JsonSchemaData {
  readonly options: JsonSchemaDataOptions;
  readonly #cache: LruCache<Schema, JsonSchemaNode>;

  constructor(options: Partial<JsonSchemaDataOptions> = {}) {
    this.options = { decimalFormat: 'BASE64', cacheSize: 1000, allowAdditionalProperties: true, useOptionalForNonRequired: false, ...options };
    this.#cache = LruCache.bySchema(this.options.cacheSize);
  }

  // ------------------------------------------------------------ Connect schema -> JSON Schema

  fromConnectSchema(schema: Schema): JsonSchemaNode {
    const cached = this.#cache.get(schema);
    if (cached !== undefined) return cached;
    const result = this.#fromConnect(schema, null, false);
    this.#cache.set(schema, result);
    return result;
  }

  #fromConnect(schema: Schema, index: number | null, ignoreOptional: boolean): JsonSchemaNode {
    const props: Array<[string, unknown]> = [];
    let body: JsonSchemaNode;
    let combined = false;
    const connectType = CONNECT_TYPES[schema.type];
    switch (schema.type) {
      case 'INT8': case 'INT16': case 'INT32': case 'INT64':
        body = { type: 'integer' };
        props.push([CONNECT_TYPE_PROP, connectType]);
        break;
      case 'FLOAT32': case 'FLOAT64':
        body = { type: 'number' };
        props.push([CONNECT_TYPE_PROP, connectType]);
        break;
      case 'BOOLEAN':
        body = { type: 'boolean' };
        break;
      case 'STRING':
        body = schema.parameters?.has(JSON_TYPE_ENUM)
          ? { enum: [...schema.parameters].filter(([k]) => k.startsWith(JSON_TYPE_ENUM_PREFIX)).map(([, v]) => v) }
          : { type: 'string' };
        break;
      case 'BYTES':
        body = { type: schema.name === Decimal.LOGICAL_NAME && this.options.decimalFormat === 'NUMERIC' ? 'number' : 'string' };
        props.push([CONNECT_TYPE_PROP, 'bytes']);
        break;
      case 'ARRAY':
        body = { type: 'array', items: this.#fromConnect(schema.valueSchema!, null, false) };
        break;
      case 'MAP':
        if (isStringKeyed(schema)) {
          body = { type: 'object', additionalProperties: this.#fromConnect(schema.valueSchema!, null, false) };
        } else {
          body = {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                key: this.#fromConnect(schema.keySchema!, 0, false),
                value: this.#fromConnect(schema.valueSchema!, 1, false),
              },
            },
          };
        }
        props.push([CONNECT_TYPE_PROP, 'map']);
        break;
      case 'STRUCT':
        if (schema.name === JSON_TYPE_ONE_OF) {
          const members: JsonSchemaNode[] = schema.isOptional ? [{ type: 'null' }] : [];
          for (const f of schema.fields) members.push(this.#fromConnect(nonOptional(f.schema), f.index, true));
          body = { oneOf: members };
          combined = true;
        } else if (schema.isOptional) {
          body = { oneOf: [{ type: 'null' }, this.#fromConnect(nonOptional(schema), null, false)] };
          combined = true;
        } else {
          const properties: Record<string, JsonSchemaNode> = {};
          for (const f of schema.fields) properties[f.name] = this.#fromConnect(f.schema, f.index, false);
          body = { type: 'object', properties };
          if (!this.options.allowAdditionalProperties) body['additionalProperties'] = false;
        }
        break;
    }

    let head: JsonSchemaNode = {};
    if (!combined) {
      if (schema.name !== null) head['title'] = schema.name;
      if (schema.version !== null) props.push([CONNECT_VERSION_PROP, schema.version]);
      if (schema.doc !== null) head['description'] = schema.doc;
      if (schema.parameters !== null) {
        const kept = [...schema.parameters].filter(([k]) => !k.startsWith(NAMESPACE));
        if (kept.length > 0) props.push([CONNECT_PARAMETERS_PROP, Object.fromEntries(kept)]);
      }
      if (schema.defaultValue !== null) head['default'] = this.fromConnectValue(schema, schema.defaultValue);
      if (!ignoreOptional && schema.isOptional) {
        const inner = { ...head, ...body, ...Object.fromEntries(hashMapOrder(props)) };
        const wrapper: JsonSchemaNode = { oneOf: [{ type: 'null' }, inner] };
        if (index !== null) wrapper[CONNECT_INDEX_PROP] = index;
        return wrapper;
      }
    }
    if (index !== null) props.push([CONNECT_INDEX_PROP, index]);
    head = { ...head, ...body, ...Object.fromEntries(hashMapOrder(props)) };
    return head;
  }

  // ------------------------------------------------------------ Connect value -> JSON value

  /** The JSON value (for `writeJsonText`) of a Connect value. */
  fromConnectValue(schema: Schema, value: unknown): unknown {
    if (value === null || value === undefined) {
      if (schema.defaultValue !== null) return this.fromConnectValue(schema, schema.defaultValue);
      if (schema.isOptional) return null;
      throw new DataException('Conversion error: null value for field that is required and has no default value');
    }
    switch (schema.name) {
      case Decimal.LOGICAL_NAME: {
        if (!(value instanceof BigDecimal)) throw new DataException('Invalid type for Decimal, expected BigDecimal');
        return this.options.decimalFormat === 'NUMERIC'
          ? new JsonNumber(value.toString())
          : Buffer.from(Decimal.fromLogical(schema, value)).toString('base64');
      }
      case ConnectDate.LOGICAL_NAME: return ConnectDate.fromLogical(schema, value as Date);
      case Time.LOGICAL_NAME: return Time.fromLogical(schema, value as Date);
      case Timestamp.LOGICAL_NAME: return Timestamp.fromLogical(schema, value as Date);
      default: break;
    }
    const invalid = (): DataException => new DataException(`Invalid type for ${schema.type}: ${typeof value}`);
    switch (schema.type) {
      case 'INT8': case 'INT16': case 'INT32':
        if (typeof value !== 'number') throw invalid();
        return value;
      case 'INT64':
        if (typeof value !== 'bigint') throw invalid();
        return value;
      case 'FLOAT32':
        if (typeof value !== 'number') throw invalid();
        return new JsonNumber(formatJavaFloat(value));
      case 'FLOAT64':
        if (typeof value !== 'number') throw invalid();
        return new JsonNumber(formatJavaDouble(value));
      case 'BOOLEAN':
        if (typeof value !== 'boolean') throw invalid();
        return value;
      case 'STRING':
        if (typeof value !== 'string') throw invalid();
        return value;
      case 'BYTES':
        if (!(value instanceof Uint8Array)) throw invalid();
        return Buffer.from(value).toString('base64');
      case 'ARRAY':
        if (!Array.isArray(value)) throw invalid();
        return value.map((e) => this.fromConnectValue(schema.valueSchema!, e));
      case 'MAP': {
        if (!(value instanceof Map)) throw invalid();
        if (isStringKeyed(schema)) {
          return new Map([...value].map(([k, v]) => [String(k), this.fromConnectValue(schema.valueSchema!, v)]));
        }
        return [...value].map(([k, v]) => new Map([
          ['key', this.fromConnectValue(schema.keySchema!, k)], ['value', this.fromConnectValue(schema.valueSchema!, v)],
        ]));
      }
      case 'STRUCT': {
        if (!(value instanceof Struct) || !value.schema.equals(schema)) throw new DataException('Mismatching schema.');
        if (schema.name === JSON_TYPE_ONE_OF) {
          for (const f of schema.fields) {
            const member = value.get(f);
            if (member !== null) return this.fromConnectValue(f.schema, member);
          }
          return this.fromConnectValue(schema, null);
        }
        return new Map(schema.fields.map((f) => [f.name, this.fromConnectValue(f.schema, value.get(f))]));
      }
    }
  }

  // ------------------------------------------------------------ JSON Schema -> Connect schema

  toConnectSchema(schema: JsonSchemaNode, version: number | null = null): Schema {
    return this.#toConnect(schema, schema, version, false);
  }

  #toConnect(node: JsonSchemaNode, root: JsonSchemaNode, version: number | null, forceOptional: boolean): Schema {
    if (typeof node['$ref'] === 'string') return this.#toConnect(resolveRef(root, node['$ref']), root, version, forceOptional);
    const connectType = node[CONNECT_TYPE_PROP];
    let type = node['type'];
    if (Array.isArray(type)) {
      const nonNull = type.filter((t) => t !== 'null');
      if (nonNull.length === 1) {
        return this.#toConnect({ ...node, type: nonNull[0] }, root, version, forceOptional || type.includes('null'));
      }
      type = nonNull[0];
    }
    let builder: SchemaBuilder;
    const combination = (node['oneOf'] ?? node['anyOf']) as JsonSchemaNode[] | undefined;
    if (Array.isArray(node['enum'])) {
      builder = SchemaBuilder.string().parameter(JSON_TYPE_ENUM, '');
      for (const symbol of node['enum'] as unknown[]) builder.parameter(JSON_TYPE_ENUM_PREFIX + String(symbol), String(symbol));
    } else if (combination !== undefined) {
      const isNull = (s: JsonSchemaNode): boolean => s['type'] === 'null';
      if (combination.length === 2 && combination.some(isNull)) {
        return this.#toConnect(combination.find((s) => !isNull(s))!, root, version, true);
      }
      builder = SchemaBuilder.struct().withName(JSON_TYPE_ONE_OF);
      let i = 0;
      for (const member of combination) {
        if (isNull(member)) builder.optional();
        else builder.addField(`${JSON_TYPE_ONE_OF}.field.${i++}`, this.#toConnect(member, root, null, true));
      }
    } else if (type === 'boolean') {
      builder = SchemaBuilder.bool();
    } else if (type === 'integer' || type === 'number') {
      switch (connectType) {
        case 'int8': builder = SchemaBuilder.int8(); break;
        case 'int16': builder = SchemaBuilder.int16(); break;
        case 'int32': builder = SchemaBuilder.int32(); break;
        case 'int64': builder = SchemaBuilder.int64(); break;
        case 'float32': builder = SchemaBuilder.float32(); break;
        case 'float64': builder = SchemaBuilder.float64(); break;
        case 'bytes': builder = SchemaBuilder.bytes(); break;
        case undefined: builder = type === 'integer' ? SchemaBuilder.int64() : SchemaBuilder.float64(); break;
        default: throw new DataException(`Unsupported type ${String(connectType)}`);
      }
    } else if (type === 'string') {
      builder = connectType === 'bytes' ? SchemaBuilder.bytes() : SchemaBuilder.string();
    } else if (type === 'array') {
      const items = node['items'] as JsonSchemaNode | undefined;
      if (items === undefined || items === null || typeof items !== 'object') throw new DataException('Array schema did not specify the items type');
      const properties = items['properties'] as Record<string, JsonSchemaNode> | undefined;
      if (connectType === 'map' && items['type'] === 'object' && properties) {
        builder = SchemaBuilder.map(this.#toConnect(properties['key']!, root, null, false), this.#toConnect(properties['value']!, root, null, false));
      } else {
        builder = SchemaBuilder.array(this.#toConnect(items, root, null, false));
      }
    } else if (type === 'object' || node['properties'] !== undefined) {
      if (connectType === 'map') {
        builder = SchemaBuilder.map(Schemas.STRING, this.#toConnect(node['additionalProperties'] as JsonSchemaNode, root, null, false));
      } else {
        builder = SchemaBuilder.struct();
        const properties = Object.entries((node['properties'] ?? {}) as Record<string, JsonSchemaNode>);
        const ordered = properties
          .map(([name, sub], i) => ({ name, sub, index: typeof sub[CONNECT_INDEX_PROP] === 'number' ? sub[CONNECT_INDEX_PROP] as number : i }))
          .sort((a, b) => a.index - b.index);
        const required = new Set(Array.isArray(node['required']) ? node['required'] as string[] : []);
        for (const p of ordered) {
          const optional = this.options.useOptionalForNonRequired && !required.has(p.name);
          builder.addField(p.name, this.#toConnect(p.sub, root, null, optional));
        }
      }
    } else {
      throw new DataException(`Unsupported JSON schema: ${JSON.stringify(node)}`);
    }

    if (typeof node['title'] === 'string') builder.withName(node['title']);
    const connectVersion = node[CONNECT_VERSION_PROP];
    if (typeof connectVersion === 'number') builder.withVersion(connectVersion);
    else if (version !== null) builder.withVersion(version);
    if (typeof node['description'] === 'string') builder.withDoc(node['description']);
    const parameters = node[CONNECT_PARAMETERS_PROP];
    if (parameters !== null && typeof parameters === 'object') builder.withParameters(parameters as Record<string, string>);
    if (forceOptional) builder.optional();
    if (Object.hasOwn(node, 'default') && node['default'] !== null) {
      builder.withDefault(this.toConnectValue(builder, plainToJsonValue(node['default'])));
    }
    return builder.build();
  }

  // ------------------------------------------------------------ JSON value -> Connect value

  toConnectValue(schema: Schema, value: JsonValue | undefined): unknown {
    if (value === null || value === undefined) {
      if (schema.defaultValue !== null) return schema.defaultValue;
      if (schema.isOptional) return null;
      throw new DataException(`Invalid null value for required ${schema.type} field`);
    }
    const num = (): JsonNumber => {
      if (!(value instanceof JsonNumber)) throw new DataException(`Expected a number for ${schema.type}, found ${typeof value}`);
      return value;
    };
    switch (schema.name) {
      case Decimal.LOGICAL_NAME:
        if (value instanceof JsonNumber) return BigDecimal.fromString(value.text).setScale(Number(schema.parameters?.get('scale') ?? 0), 'HALF_UP');
        if (typeof value === 'string') return Decimal.toLogical(schema, new Uint8Array(Buffer.from(value, 'base64')));
        throw new DataException('Invalid type for Decimal, underlying representation should be numeric or bytes');
      case ConnectDate.LOGICAL_NAME: return ConnectDate.toLogical(schema, jsonNumberValue(num()));
      case Time.LOGICAL_NAME: return Time.toLogical(schema, jsonNumberValue(num()));
      case Timestamp.LOGICAL_NAME: return Timestamp.toLogical(schema, jsonNumberLong(num()));
      default: break;
    }
    switch (schema.type) {
      case 'INT8': case 'INT16': case 'INT32': return Math.trunc(jsonNumberValue(num()));
      case 'INT64': return jsonNumberLong(num());
      case 'FLOAT32': return Math.fround(jsonNumberValue(num()));
      case 'FLOAT64': return jsonNumberValue(num());
      case 'BOOLEAN':
        if (typeof value !== 'boolean') throw new DataException(`Expected a boolean, found ${typeof value}`);
        return value;
      case 'STRING':
        if (typeof value !== 'string') throw new DataException(`Expected a string, found ${typeof value}`);
        return value;
      case 'BYTES':
        if (typeof value !== 'string') throw new DataException('Invalid bytes field');
        return new Uint8Array(Buffer.from(value, 'base64'));
      case 'ARRAY':
        if (!Array.isArray(value)) throw new DataException('Expected a JSON array');
        return value.map((e) => this.toConnectValue(schema.valueSchema!, e));
      case 'MAP':
        if (isStringKeyed(schema)) {
          if (!(value instanceof Map)) throw new DataException('Maps with string fields should be encoded as JSON objects');
          return new Map([...value].map(([k, v]) => [k, this.toConnectValue(schema.valueSchema!, v)]));
        }
        if (!Array.isArray(value)) throw new DataException('Maps with non-string fields should be encoded as JSON array of objects');
        return new Map(value.map((entry) => {
          if (!(entry instanceof Map)) throw new DataException('Found invalid map entry instead of object');
          return [this.toConnectValue(schema.keySchema!, entry.get('key')), this.toConnectValue(schema.valueSchema!, entry.get('value'))];
        }));
      case 'STRUCT': {
        if (schema.name === JSON_TYPE_ONE_OF) {
          const field = schema.fields.find((f) => matchesType(f.schema, value));
          if (field === undefined) throw new DataException(`Did not find matching oneof field for data: ${JSON.stringify(String(value))}`);
          return new Struct(schema).put(field, this.toConnectValue(field.schema, value));
        }
        if (!(value instanceof Map)) throw new DataException('Structs should be encoded as JSON objects');
        const struct = new Struct(schema);
        for (const f of schema.fields) struct.put(f, this.toConnectValue(f.schema, value.get(f.name)));
        return struct;
      }
    }
  }
}

/** Whether a JSON value can be a value of the schema (which oneOf branch it is). */
function matchesType(schema: Schema, value: JsonValue): boolean {
  switch (schema.type) {
    case 'INT8': case 'INT16': case 'INT32': case 'INT64': return value instanceof JsonNumber && value.isIntegral();
    case 'FLOAT32': case 'FLOAT64': return value instanceof JsonNumber;
    case 'BOOLEAN': return typeof value === 'boolean';
    case 'STRING': return typeof value === 'string';
    case 'BYTES': return typeof value === 'string' || value instanceof JsonNumber;
    case 'ARRAY': return Array.isArray(value);
    case 'MAP': return value instanceof Map || Array.isArray(value);
    case 'STRUCT': return value instanceof Map && [...value.keys()].every((k) => schema.field(k) !== null);
  }
}

function resolveRef(root: JsonSchemaNode, ref: string): JsonSchemaNode {
  if (!ref.startsWith('#')) throw new DataException(`Unsupported JSON schema reference ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(1).split('/').filter((p) => p !== '')) {
    node = (node as Record<string, unknown>)?.[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  if (node === undefined || node === null || typeof node !== 'object') throw new DataException(`Unresolved JSON schema reference ${ref}`);
  return node as JsonSchemaNode;
}

/** A value from JSON.parse (a schema's `default`) as a JsonValue. */
export function plainToJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return new JsonNumber(String(value));
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(plainToJsonValue);
  return new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, plainToJsonValue(v)]));
}
