/**
 * Confluent's Connect <-> Avro mapping (`io.confluent.connect.avro.AvroData`): Connect schemas to
 * Avro schema trees with the same names and `connect.*` properties Confluent writes, and Connect
 * values to the values avsc encodes (unions wrapped as `{branch: value}`), and back.
 */
import {
  BigDecimal, ConnectDate, DataException, Decimal, formatJavaDouble, formatJavaFloat, LruCache, SchemaBuilder,
  Schemas, Struct, Time, Timestamp, type Field, type Schema,
} from '@tsconnect/api';
import { DEFAULT_AVRO_DATA_OPTIONS, type AvroDataOptions } from './avro-data-config.js';
import {
  fullName, isNamed, JavaDouble, prop, type AvroField, type AvroFixed, type AvroNamed, type AvroPrimitive, type AvroRecord, type AvroSchema, type Props,
} from './avro-schema.js';
import { nonOptional } from '../non-optional.js';

export const NAMESPACE = 'io.confluent.connect.avro';
export const DEFAULT_SCHEMA_NAME = 'ConnectDefault';
export const DEFAULT_SCHEMA_FULL_NAME = `${NAMESPACE}.${DEFAULT_SCHEMA_NAME}`;
export const MAP_ENTRY_TYPE_NAME = 'MapEntry';
export const CONNECT_NAME_PROP = 'connect.name';
export const CONNECT_DOC_PROP = 'connect.doc';
export const CONNECT_VERSION_PROP = 'connect.version';
export const CONNECT_DEFAULT_VALUE_PROP = 'connect.default';
export const CONNECT_PARAMETERS_PROP = 'connect.parameters';
export const CONNECT_INTERNAL_TYPE_NAME = 'connect.internal.type';
export const CONNECT_TYPE_PROP = 'connect.type';
export const AVRO_RECORD_DOC_PROP = `${NAMESPACE}.record.doc`;
export const AVRO_ENUM_DOC_PREFIX_PROP = `${NAMESPACE}.enum.doc.`;
export const AVRO_FIELD_DOC_PREFIX_PROP = `${NAMESPACE}.field.doc.`;
export const AVRO_FIELD_DEFAULT_FLAG_PROP = `${NAMESPACE}.field.default`;
export const AVRO_ENUM_DEFAULT_PREFIX_PROP = `${NAMESPACE}.enum.default.`;
export const AVRO_TYPE_UNION = `${NAMESPACE}.Union`;
export const AVRO_TYPE_ENUM = `${NAMESPACE}.Enum`;
export const CONNECT_AVRO_DECIMAL_PRECISION_PROP = 'connect.decimal.precision';
export const CONNECT_AVRO_FIXED_SIZE_PROP = 'connect.fixed.size';
const DECIMAL_PRECISION_DEFAULT = 64;

/** The Avro type a Connect type is written as, to pick a union branch. */
const CONNECT_TO_AVRO_TYPE: Record<string, string> = {
  INT8: 'int', INT16: 'int', INT32: 'int', INT64: 'long', FLOAT32: 'float', FLOAT64: 'double',
  BOOLEAN: 'boolean', STRING: 'string', BYTES: 'bytes', ARRAY: 'array', MAP: 'map', STRUCT: 'record',
};

function splitName(name: string): [string | null, string] {
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? [name.slice(0, dot), name.slice(dot + 1)] : [null, name];
}

/** Avro names allow [A-Za-z0-9_] and may not start with a digit. */
function scrubName(name: string): string {
  const scrubbed = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(scrubbed) ? `_${scrubbed}` : scrubbed;
}

function isDecimal(schema: Schema): boolean {
  return schema.name?.toLowerCase() === Decimal.LOGICAL_NAME.toLowerCase();
}

function primitive(type: 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string'): AvroSchema {
  return { type, props: new Map() };
}

/** State of one Connect -> Avro conversion: schemas already converted (reused by reference) and the unnamed-struct counter. */
class FromConnectContext {
  readonly converted: Array<[Schema, AvroSchema]> = [];
  unnamedStructs = 0;

  find(schema: Schema): AvroSchema | undefined {
    return this.converted.find(([s]) => s.equals(schema))?.[1];
  }
}

export class AvroData {
  readonly options: AvroDataOptions;
  readonly #fromConnectCache: LruCache<Schema, AvroSchema>;

  constructor(options: Partial<AvroDataOptions> = {}) {
    this.options = { ...DEFAULT_AVRO_DATA_OPTIONS, ...options };
    this.#fromConnectCache = LruCache.bySchema(this.options.cacheSize);
  }

  // ------------------------------------------------------------ Connect schema -> Avro schema

  fromConnectSchema(schema: Schema): AvroSchema {
    const cached = this.#fromConnectCache.get(schema);
    if (cached !== undefined) return cached;
    const result = this.#fromConnect(schema, new FromConnectContext(), false);
    this.#fromConnectCache.set(schema, result);
    return result;
  }

  #fromConnect(schema: Schema, ctx: FromConnectContext, ignoreOptional: boolean): AvroSchema {
    if (!schema.isOptional && schema.name !== AVRO_TYPE_UNION) {
      const seen = ctx.find(schema);
      if (seen !== undefined) return seen;
    }
    const scrub = this.options.scrubInvalidNames;
    let namespace: string | null = NAMESPACE;
    let name = DEFAULT_SCHEMA_NAME;
    if (schema.name !== null) {
      [namespace, name] = splitName(schema.name);
      if (scrub) {
        namespace = namespace === null ? null : namespace.split('.').map(scrubName).join('.');
        name = scrubName(name);
      }
    }
    const params = schema.parameters;
    let connectType: string | null = null;
    let base: AvroSchema;
    switch (schema.type) {
      case 'INT8': connectType = 'int8'; base = primitive('int'); break;
      case 'INT16': connectType = 'int16'; base = primitive('int'); break;
      case 'INT32': base = primitive('int'); break;
      case 'INT64': base = primitive('long'); break;
      case 'FLOAT32': base = primitive('float'); break;
      case 'FLOAT64': base = primitive('double'); break;
      case 'BOOLEAN': base = primitive('boolean'); break;
      case 'STRING': {
        const enumName = params?.get(AVRO_TYPE_ENUM);
        if (this.options.enhancedSchemaSupport && enumName !== undefined) {
          const [enumSpace, enumShort] = splitName(enumName);
          const symbols = [...params!].filter(([k]) => k.startsWith(`${AVRO_TYPE_ENUM}.`)).map(([, v]) => v);
          base = {
            type: 'enum', name: enumShort, namespace: enumSpace, doc: params!.get(AVRO_ENUM_DOC_PREFIX_PROP + name) ?? null,
            symbols, defaultSymbol: params!.get(AVRO_ENUM_DEFAULT_PREFIX_PROP + name) ?? null, props: new Map(),
          };
        } else {
          base = primitive('string');
        }
        break;
      }
      case 'BYTES': {
        const fixedSize = params?.get(CONNECT_AVRO_FIXED_SIZE_PROP);
        const bytes: AvroFixed | AvroPrimitive = fixedSize !== undefined
          ? { type: 'fixed', name, namespace, doc: null, size: Number(fixedSize), props: new Map() }
          : { type: 'bytes', props: new Map() };
        base = bytes;
        if (isDecimal(schema)) {
          bytes.props.set('scale', Number(params!.get(Decimal.SCALE_FIELD)));
          const precision = params!.get(CONNECT_AVRO_DECIMAL_PRECISION_PROP);
          bytes.props.set('precision', precision !== undefined ? Number(precision) : DECIMAL_PRECISION_DEFAULT);
        }
        break;
      }
      case 'ARRAY':
        base = { type: 'array', items: this.#fromConnect(schema.valueSchema!, ctx, false), props: new Map() };
        break;
      case 'MAP': {
        const keySchema = schema.keySchema!;
        if (keySchema.type === 'STRING' && !keySchema.isOptional) {
          base = { type: 'map', values: this.#fromConnect(schema.valueSchema!, ctx, false), props: new Map() };
        } else {
          const entry: AvroRecord = schema.name === null
            ? { type: 'record', name: MAP_ENTRY_TYPE_NAME, namespace, doc: null, fields: [], props: new Map() }
            : { type: 'record', name, namespace, doc: null, fields: [], props: new Map([[CONNECT_INTERNAL_TYPE_NAME, MAP_ENTRY_TYPE_NAME]]) };
          entry.fields.push(this.#field('key', keySchema, null, ctx), this.#field('value', schema.valueSchema!, null, ctx));
          base = { type: 'array', items: entry, props: new Map() };
        }
        break;
      }
      case 'STRUCT': {
        if (schema.name === AVRO_TYPE_UNION) {
          const types: AvroSchema[] = schema.isOptional ? [primitive('null')] : [];
          for (const f of schema.fields) types.push(this.#fromConnect(nonOptional(f.schema), ctx, true));
          base = { type: 'union', types };
        } else if (schema.isOptional) {
          base = { type: 'union', types: [primitive('null'), this.#fromConnect(nonOptional(schema), ctx, false)] };
        } else {
          if (schema.name === null && ++ctx.unnamedStructs > 1) name = `${DEFAULT_SCHEMA_NAME}${ctx.unnamedStructs}`;
          const record: AvroRecord = {
            type: 'record', name, namespace, doc: params?.get(AVRO_RECORD_DOC_PROP) ?? null, fields: [], props: new Map(),
          };
          ctx.converted.push([schema, record]);
          for (const f of schema.fields) {
            const fieldDoc = params?.get(AVRO_FIELD_DOC_PREFIX_PROP + f.name) ?? null;
            record.fields.push(this.#field(scrub ? scrubName(f.name) : f.name, f.schema, fieldDoc, ctx));
          }
          base = record;
        }
        break;
      }
    }

    let result = base;
    if (base.type !== 'union') {
      this.#addMetadata(schema, base.props, connectType);
      if (!ignoreOptional && schema.isOptional) {
        result = { type: 'union', types: schema.defaultValue !== null ? [base, primitive('null')] : [primitive('null'), base] };
      }
    }
    if (!schema.isOptional && ctx.find(schema) === undefined) ctx.converted.push([schema, result]);
    return result;
  }

  #addMetadata(schema: Schema, props: Props, connectType: string | null): void {
    const params = schema.parameters;
    if (this.options.connectMetaData) {
      if (schema.doc !== null) props.set(CONNECT_DOC_PROP, schema.doc);
      if (schema.version !== null) props.set(CONNECT_VERSION_PROP, schema.version);
      if (params !== null) {
        const kept = [...params].filter(([k]) => k !== AVRO_FIELD_DEFAULT_FLAG_PROP);
        if (kept.length > 0) props.set(CONNECT_PARAMETERS_PROP, Object.fromEntries(kept));
      }
      if (schema.defaultValue !== null && !params?.has(AVRO_FIELD_DEFAULT_FLAG_PROP)) {
        props.set(CONNECT_DEFAULT_VALUE_PROP, defaultValueFromConnect(schema, schema.defaultValue));
      }
      if (schema.name !== null) props.set(CONNECT_NAME_PROP, schema.name);
      if (connectType !== null) props.set(CONNECT_TYPE_PROP, connectType);
    }
    if (schema.name !== null) {
      const lower = schema.name.toLowerCase();
      if (isDecimal(schema)) {
        // Confluent adds the Avro decimal logical type, or for a scale outside [0, precision] the same
        // property the legacy way: the schema text is the same either way.
        props.set('logicalType', 'decimal');
      } else if (lower === Time.LOGICAL_NAME.toLowerCase()) {
        props.set('logicalType', 'time-millis');
      } else if (lower === Timestamp.LOGICAL_NAME.toLowerCase()) {
        props.set('logicalType', 'timestamp-millis');
      } else if (lower === ConnectDate.LOGICAL_NAME.toLowerCase()) {
        props.set('logicalType', 'date');
      }
    }
    if (params !== null) {
      for (const [k, v] of params) if (k.startsWith('avro')) props.set(k, v);
    }
  }

  #field(name: string, schema: Schema, doc: string | null, ctx: FromConnectContext): AvroField {
    const defaultValue = schema.defaultValue !== null
      ? defaultValueFromConnect(schema, schema.defaultValue)
      : schema.isOptional ? null : undefined;
    return { name, type: this.#fromConnect(schema, ctx, false), doc, defaultValue, props: new Map() };
  }

  // ------------------------------------------------------------ Avro schema -> Connect schema

  /** `version` (the registry's) is used when the schema carries no `connect.version`. */
  toConnectSchema(schema: AvroSchema, version: number | null = null): Schema {
    return this.#toConnect(schema, false, undefined, version, new Set());
  }

  #toConnect(
    schema: AvroSchema, forceOptional: boolean, fieldDefault: unknown, version: number | null, stack: Set<AvroSchema>,
  ): Schema {
    if (stack.has(schema)) throw new DataException(`Recursive Avro schemas are not supported (${isNamed(schema) ? fullName(schema) : schema.type})`);
    const meta = this.options.connectMetaData;
    const type = prop(schema, CONNECT_TYPE_PROP);
    const logicalType = typeof prop(schema, 'logicalType') === 'string' ? (prop(schema, 'logicalType') as string).toLowerCase() : null;
    let builder: SchemaBuilder;
    switch (schema.type) {
      case 'boolean': builder = SchemaBuilder.bool(); break;
      case 'bytes':
      case 'fixed':
        if (logicalType === 'decimal') {
          const scale = prop(schema, 'scale');
          if (typeof scale !== 'number') throw new DataException('scale must be specified and must be a number.');
          builder = Decimal.builder(Math.trunc(scale));
          const precision = prop(schema, 'precision');
          if (precision !== undefined) {
            if (typeof precision !== 'number') {
              throw new DataException('precision property must be a JSON Integer. https://avro.apache.org/docs/1.9.1/spec.html#Decimal');
            }
            if (precision !== DECIMAL_PRECISION_DEFAULT) builder.parameter(CONNECT_AVRO_DECIMAL_PRECISION_PROP, String(precision));
          }
        } else {
          builder = SchemaBuilder.bytes();
        }
        if (schema.type === 'fixed') builder.parameter(CONNECT_AVRO_FIXED_SIZE_PROP, String(schema.size));
        break;
      case 'double': builder = SchemaBuilder.float64(); break;
      case 'float': builder = SchemaBuilder.float32(); break;
      case 'int':
        if (type === undefined && logicalType === null) builder = SchemaBuilder.int32();
        else if (logicalType !== null) {
          builder = logicalType === 'date' ? ConnectDate.builder() : logicalType === 'time-millis' ? Time.builder() : SchemaBuilder.int32();
        } else if (type === 'int8') builder = SchemaBuilder.int8();
        else if (type === 'int16') builder = SchemaBuilder.int16();
        else throw new DataException('Connect type annotation for Avro int field is null');
        break;
      case 'long':
        builder = logicalType === 'timestamp-millis' ? Timestamp.builder() : SchemaBuilder.int64();
        break;
      case 'string': builder = SchemaBuilder.string(); break;
      case 'array': {
        const items = schema.items;
        if (isMapEntry(items)) {
          const key = items.fields.find((f) => f.name === 'key');
          const value = items.fields.find((f) => f.name === 'value');
          if (items.fields.length !== 2 || key === undefined || value === undefined) {
            throw new DataException('Found map encoded as array of key-value pairs, but array elements do not match the expected format.');
          }
          builder = SchemaBuilder.map(this.#toConnect(key.type, false, undefined, null, stack), this.#toConnect(value.type, false, undefined, null, stack));
        } else {
          builder = SchemaBuilder.array(this.#toConnect(items, false, undefined, null, stack));
        }
        break;
      }
      case 'map':
        builder = SchemaBuilder.map(Schemas.STRING, this.#toConnect(schema.values, false, undefined, null, stack));
        break;
      case 'record': {
        builder = SchemaBuilder.struct();
        if (meta && schema.doc !== null) builder.parameter(AVRO_RECORD_DOC_PROP, schema.doc);
        stack.add(schema);
        for (const f of schema.fields) {
          if (meta && f.doc !== null) builder.parameter(AVRO_FIELD_DOC_PREFIX_PROP + f.name, f.doc);
          builder.addField(f.name, this.#toConnect(f.type, false, f.defaultValue, null, stack));
        }
        stack.delete(schema);
        break;
      }
      case 'enum':
        builder = SchemaBuilder.string();
        if (meta) {
          if (schema.doc !== null) builder.parameter(AVRO_ENUM_DOC_PREFIX_PROP + schema.name, schema.doc);
          if (schema.defaultSymbol !== null) builder.parameter(AVRO_ENUM_DEFAULT_PREFIX_PROP + schema.name, schema.defaultSymbol);
        }
        builder.parameter(AVRO_TYPE_ENUM, fullName(schema));
        for (const symbol of schema.symbols) builder.parameter(`${AVRO_TYPE_ENUM}.${symbol}`, symbol);
        break;
      case 'union': {
        if (schema.types.length === 2 && schema.types.some((t) => t.type === 'null')) {
          return this.#toConnect(schema.types.find((t) => t.type !== 'null')!, true, undefined, null, stack);
        }
        builder = SchemaBuilder.struct().withName(AVRO_TYPE_UNION);
        const names = new Set<string>();
        for (const member of schema.types) {
          if (member.type === 'null') {
            builder.optional();
            continue;
          }
          const fieldName = this.unionMemberFieldName(member);
          if (names.has(fieldName)) throw new DataException('Multiple union schemas map to the Connect union field name');
          names.add(fieldName);
          builder.addField(fieldName, this.#toConnect(member, true, undefined, null, stack));
        }
        break;
      }
      case 'null':
        throw new DataException('Standalone null schemas are not supported by this converter');
    }

    const doc = prop(schema, CONNECT_DOC_PROP);
    if (meta && typeof doc === 'string') builder.withDoc(doc);

    const versionProp = prop(schema, CONNECT_VERSION_PROP);
    let versionInt = -1;
    if (versionProp !== undefined) {
      if (typeof versionProp !== 'number') throw new DataException(`Invalid Connect version found: ${JSON.stringify(versionProp)}`);
      versionInt = Math.trunc(versionProp);
    } else if (version !== null) {
      versionInt = version;
    }
    if (versionInt >= 0) {
      if (builder.version !== null) {
        if (versionInt !== builder.version) {
          throw new DataException(`Mismatched versions: version already added to SchemaBuilder (${builder.version}) differs from version in source schema (${versionInt})`);
        }
      } else {
        builder.withVersion(versionInt);
      }
    }

    const parameters = prop(schema, CONNECT_PARAMETERS_PROP);
    if (meta && parameters !== undefined) {
      if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) {
        throw new DataException(`Expected JSON object for schema parameters but found: ${JSON.stringify(parameters)}`);
      }
      for (const [k, v] of Object.entries(parameters as Record<string, unknown>)) {
        if (typeof v !== 'string') throw new DataException(`Expected schema parameter values to be strings but found: ${JSON.stringify(v)}`);
        builder.parameter(k, v);
      }
    }
    if (schema.type !== 'union') {
      for (const [k, v] of schema.props) if (k.startsWith('avro')) builder.parameter(k, typeof v === 'string' ? v : JSON.stringify(v));
    }

    const connectDefault = prop(schema, CONNECT_DEFAULT_VALUE_PROP);
    let defaultJson = fieldDefault;
    if (defaultJson === undefined) defaultJson = connectDefault;
    else if (connectDefault === undefined) builder.parameter(AVRO_FIELD_DEFAULT_FLAG_PROP, 'true');

    const connectName = prop(schema, CONNECT_NAME_PROP);
    let name: string | null = null;
    if (connectName !== undefined) {
      if (typeof connectName !== 'string') throw new DataException(`Invalid schema name: ${JSON.stringify(connectName)}`);
      name = connectName;
    } else if (schema.type === 'record' || schema.type === 'enum') {
      name = fullName(schema);
    }
    if (name !== null && !name.startsWith(DEFAULT_SCHEMA_FULL_NAME)) {
      if (builder.name !== null) {
        if (name !== builder.name) {
          throw new DataException(`Mismatched names: name already added to SchemaBuilder (${builder.name}) differs from name in source schema (${name})`);
        }
      } else {
        builder.withName(name);
      }
    }
    if (forceOptional) builder.optional();
    if (defaultJson !== undefined && defaultJson !== null) {
      builder.withDefault(this.#defaultValueFromAvro(builder, schema, defaultJson));
    }
    return builder.build();
  }

  /** The Connect union field a branch maps to: the type name, or the record/enum name. */
  unionMemberFieldName(member: AvroSchema): string {
    if (member.type === 'record' || member.type === 'enum') {
      return this.options.enhancedSchemaSupport ? fullName(member) : member.name;
    }
    return member.type;
  }

  #defaultValueFromAvro(schema: Schema, avro: AvroSchema, json: unknown): unknown {
    const raw = this.#defaultWithoutLogical(schema, avro, json);
    return raw === null ? null : toConnectLogical(schema, raw);
  }

  #defaultWithoutLogical(schema: Schema, avro: AvroSchema, json: unknown): unknown {
    if (json === null || json === undefined) return null;
    switch (avro.type) {
      case 'int':
        return schema.type === 'INT8' || schema.type === 'INT16' || schema.type === 'INT32' ? Math.trunc(Number(json)) : null;
      case 'long': return BigInt(Math.trunc(Number(json)));
      case 'float': return Math.fround(Number(json));
      case 'double': return Number(json);
      case 'boolean': return json === true;
      case 'null': return null;
      case 'string':
      case 'enum': return typeof json === 'string' ? json : JSON.stringify(json);
      case 'bytes':
      case 'fixed':
        return typeof json === 'string' ? new Uint8Array(Buffer.from(json, 'latin1')) : null;
      case 'array':
        if (!Array.isArray(json)) throw new DataException(`Invalid JSON for array default value: ${JSON.stringify(json)}`);
        return json.map((e) => this.#defaultValueFromAvro(schema.valueSchema!, avro.items, e));
      case 'map': {
        if (json === null || typeof json !== 'object' || Array.isArray(json)) {
          throw new DataException(`Invalid JSON for map default value: ${JSON.stringify(json)}`);
        }
        return new Map(Object.entries(json).map(([k, v]) => [k, this.#defaultValueFromAvro(schema.valueSchema!, avro.values, v)]));
      }
      case 'record': {
        if (typeof json !== 'object' || Array.isArray(json)) {
          throw new DataException(`Invalid JSON for record default value: ${JSON.stringify(json)}`);
        }
        const struct = new Struct(schema);
        for (const f of avro.fields) {
          const field = schema.field(f.name)!;
          struct.put(field, this.#defaultValueFromAvro(field.schema, f.type, (json as Record<string, unknown>)[f.name]));
        }
        return struct;
      }
      case 'union': {
        const first = avro.types[0]!;
        if (first.type === 'null') return null;
        return this.#defaultValueFromAvro(schema.field(this.unionMemberFieldName(first))!.schema, first, json);
      }
    }
  }

  // ------------------------------------------------------------ Connect value -> Avro value

  /** The value avsc writes for `avroSchema` (made by fromConnectSchema from `schema`). */
  fromConnectValue(schema: Schema, avroSchema: AvroSchema, value: unknown): unknown {
    if (value === null || value === undefined) {
      if (!schema.isOptional) throw new DataException('Found null value for non-optional schema');
      return null;
    }
    if (schema.type === 'STRUCT' && schema.name === AVRO_TYPE_UNION) {
      const struct = value as Struct;
      if (!(struct instanceof Struct) || !struct.schema.equals(schema)) throw new DataException('Mismatching struct schema');
      for (const f of schema.fields) {
        const member = struct.get(f);
        if (member !== null) return this.fromConnectValue(f.schema, avroSchema, member);
      }
      return null;
    }
    if (schema.isOptional || avroSchema.type === 'union') {
      if (avroSchema.type !== 'union') throw new DataException(`An optional schema should have an Avro Union type, not ${avroSchema.type}`);
      const branch = this.#branchFor(schema, avroSchema);
      return { [branchName(branch)]: this.#fromConnectPresent(schema, branch, value) };
    }
    return this.#fromConnectPresent(schema, avroSchema, value);
  }

  #branchFor(schema: Schema, union: { types: readonly AvroSchema[] }): AvroSchema {
    const members = union.types.filter((t) => t.type !== 'null');
    const byName = members.find((t) => isNamed(t) && schema.name !== null && fullName(t) === schema.name);
    if (byName) return byName;
    const wanted = CONNECT_TO_AVRO_TYPE[schema.type];
    const byType = members.find((t) => t.type === wanted ||
      (schema.type === 'STRING' && t.type === 'enum') || (schema.type === 'BYTES' && t.type === 'fixed') ||
      (schema.type === 'MAP' && t.type === 'array' && isMapEntry(t.items)));
    if (byType) return byType;
    throw new DataException(`No Avro union branch for Connect schema ${schema.toString()}`);
  }

  #fromConnectPresent(schema: Schema, avro: AvroSchema, logical: unknown): unknown {
    const value = toAvroLogical(schema, logical);
    switch (schema.type) {
      case 'INT8':
      case 'INT16':
      case 'INT32':
      case 'FLOAT32':
      case 'FLOAT64':
        if (typeof value !== 'number') throw invalidType(schema, value);
        return value;
      case 'INT64':
        if (typeof value !== 'bigint') throw invalidType(schema, value);
        return value;
      case 'BOOLEAN':
        if (typeof value !== 'boolean') throw invalidType(schema, value);
        return value;
      case 'STRING':
        if (typeof value !== 'string') throw invalidType(schema, value);
        return value;
      case 'BYTES': {
        if (!(value instanceof Uint8Array)) throw invalidType(schema, value);
        if (avro.type === 'fixed' && value.length < avro.size && isDecimal(schema)) return signExtend(value, avro.size);
        return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      }
      case 'ARRAY': {
        if (!Array.isArray(value) || avro.type !== 'array') throw invalidType(schema, value);
        return value.map((e) => this.fromConnectValue(schema.valueSchema!, avro.items, e));
      }
      case 'MAP': {
        if (!(value instanceof Map)) throw invalidType(schema, value);
        if (avro.type === 'map') {
          const out: Record<string, unknown> = {};
          for (const [k, v] of value) out[k as string] = this.fromConnectValue(schema.valueSchema!, avro.values, v);
          return out;
        }
        if (avro.type !== 'array' || avro.items.type !== 'record') throw invalidType(schema, value);
        const entry = avro.items;
        const [keyField, valueField] = [entry.fields.find((f) => f.name === 'key')!, entry.fields.find((f) => f.name === 'value')!];
        return [...value].map(([k, v]) => ({
          key: this.fromConnectValue(schema.keySchema!, keyField.type, k),
          value: this.fromConnectValue(schema.valueSchema!, valueField.type, v),
        }));
      }
      case 'STRUCT': {
        const struct = value as Struct;
        if (!(struct instanceof Struct) || !struct.schema.equals(schema)) throw new DataException('Mismatching struct schema');
        if (avro.type !== 'record') throw invalidType(schema, value);
        const out: Record<string, unknown> = {};
        schema.fields.forEach((f: Field, i: number) => {
          const avroField = avro.fields[i]!;
          out[avroField.name] = this.fromConnectValue(f.schema, avroField.type, struct.get(f));
        });
        return out;
      }
    }
  }

  // ------------------------------------------------------------ Avro value -> Connect value

  /** The Connect value for what avsc decoded with `avroSchema`; `schema` is its toConnectSchema. */
  toConnectValue(schema: Schema, avroSchema: AvroSchema, value: unknown): unknown {
    if (value === null || value === undefined) {
      if (!schema.isOptional) throw new DataException('Found null value for non-optional schema');
      return null;
    }
    if (avroSchema.type === 'union') {
      const [branch, inner] = Object.entries(value as Record<string, unknown>)[0]!;
      const member = avroSchema.types.find((t) => branchName(t) === branch);
      if (member === undefined) throw new DataException(`Unknown union branch ${branch}`);
      if (schema.type === 'STRUCT' && schema.name === AVRO_TYPE_UNION) {
        const field = schema.field(this.unionMemberFieldName(member));
        if (field === null) throw new DataException(`Did not find matching union field for data: ${branch}`);
        return new Struct(schema).put(field, this.toConnectValue(field.schema, member, inner));
      }
      return this.toConnectValue(schema, member, inner);
    }
    let converted: unknown;
    switch (schema.type) {
      case 'INT64':
        converted = typeof value === 'bigint' ? value : BigInt(value as number);
        break;
      case 'BYTES':
        converted = new Uint8Array(value as Uint8Array);
        break;
      case 'STRING':
        converted = String(value);
        break;
      case 'ARRAY':
        converted = (value as unknown[]).map((e) => this.toConnectValue(schema.valueSchema!, (avroSchema as { items: AvroSchema }).items, e));
        break;
      case 'MAP':
        if (avroSchema.type === 'map') {
          converted = new Map(Object.entries(value as Record<string, unknown>)
            .map(([k, v]) => [k, this.toConnectValue(schema.valueSchema!, avroSchema.values, v)]));
        } else {
          const entry = (avroSchema as { items: AvroRecord }).items;
          const keyType = entry.fields.find((f) => f.name === 'key')!.type;
          const valueType = entry.fields.find((f) => f.name === 'value')!.type;
          converted = new Map((value as Array<{ key: unknown; value: unknown }>).map((e) => [
            this.toConnectValue(schema.keySchema!, keyType, e.key), this.toConnectValue(schema.valueSchema!, valueType, e.value),
          ]));
        }
        break;
      case 'STRUCT': {
        const record = avroSchema as AvroRecord;
        const struct = new Struct(schema);
        const source = value as Record<string, unknown>;
        for (const f of schema.fields) {
          const avroField = record.fields.find((a) => a.name === f.name)!;
          struct.put(f, this.toConnectValue(f.schema, avroField.type, source[f.name]));
        }
        converted = struct;
        break;
      }
      default:
        converted = value;
    }
    return toConnectLogical(schema, converted);
  }

}

function invalidType(schema: Schema, value: unknown): DataException {
  const cls = value === null ? 'null' : typeof value === 'object' ? (value as object).constructor?.name ?? 'object' : typeof value;
  return new DataException(`Invalid type for ${schema.type}: ${cls}`);
}

function isMapEntry(schema: AvroSchema): schema is AvroRecord {
  if (schema.type !== 'record') return false;
  return (schema.namespace === NAMESPACE && schema.name === MAP_ENTRY_TYPE_NAME) ||
    schema.props.get(CONNECT_INTERNAL_TYPE_NAME) === MAP_ENTRY_TYPE_NAME;
}

/** avsc's name for a union branch: the full name of a named type, else the type name. */
export function branchName(schema: AvroSchema): string {
  return isNamed(schema) ? fullName(schema as AvroNamed) : schema.type;
}

function signExtend(bytes: Uint8Array, size: number): Buffer {
  const out = Buffer.alloc(size, bytes.length > 0 && (bytes[0]! & 0x80) !== 0 ? 0xff : 0);
  out.set(bytes, size - bytes.length);
  return out;
}

function toAvroLogical(schema: Schema, value: unknown): unknown {
  switch (schema.name) {
    case Decimal.LOGICAL_NAME:
      if (!(value instanceof BigDecimal)) throw new DataException(`Invalid type for Decimal, expected BigDecimal but was ${typeof value}`);
      return Decimal.fromLogical(schema, value);
    case ConnectDate.LOGICAL_NAME:
      if (!(value instanceof Date)) throw new DataException(`Invalid type for Date, expected Date but was ${typeof value}`);
      return ConnectDate.fromLogical(schema, value);
    case Time.LOGICAL_NAME:
      if (!(value instanceof Date)) throw new DataException(`Invalid type for Time, expected Date but was ${typeof value}`);
      return Time.fromLogical(schema, value);
    case Timestamp.LOGICAL_NAME:
      if (!(value instanceof Date)) throw new DataException(`Invalid type for Timestamp, expected Date but was ${typeof value}`);
      return Timestamp.fromLogical(schema, value);
    default:
      return value;
  }
}

/** Connect's logical value (Decimal, Date, Time, Timestamp) of a value read from Avro; others as they are. */
export function toConnectLogical(schema: Schema, value: unknown): unknown {
  switch (schema.name) {
    case Decimal.LOGICAL_NAME: return Decimal.toLogical(schema, value as Uint8Array);
    case ConnectDate.LOGICAL_NAME: return ConnectDate.toLogical(schema, value as number);
    case Time.LOGICAL_NAME: return Time.toLogical(schema, value as number);
    case Timestamp.LOGICAL_NAME: return Timestamp.toLogical(schema, value as bigint);
    default: return value;
  }
}

/** A Connect default as the JSON Confluent writes in `connect.default` and field defaults. */
export function defaultValueFromConnect(schema: Schema, logical: unknown): unknown {
  if (logical === null || logical === undefined) return null;
  const value = toAvroLogical(schema, logical);
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
    case 'BOOLEAN':
    case 'STRING':
      return value;
    case 'INT64': return value as bigint;
    case 'FLOAT32': return new JavaDouble(value as number, formatJavaFloat(value as number));
    case 'FLOAT64': return new JavaDouble(value as number, formatJavaDouble(value as number));
    case 'BYTES': return Buffer.from(value as Uint8Array).toString('latin1');
    case 'ARRAY': return (value as unknown[]).map((e) => defaultValueFromConnect(schema.valueSchema!, e));
    case 'MAP': {
      const map = value as Map<unknown, unknown>;
      if (schema.keySchema!.type === 'STRING' && !schema.keySchema!.isOptional) {
        return Object.fromEntries([...map].map(([k, v]) => [k, defaultValueFromConnect(schema.valueSchema!, v)]));
      }
      return [...map].map(([k, v]) => [defaultValueFromConnect(schema.keySchema!, k), defaultValueFromConnect(schema.valueSchema!, v)]);
    }
    case 'STRUCT': {
      const struct = value as Struct;
      return Object.fromEntries(schema.fields.map((f) => [f.name, defaultValueFromConnect(f.schema, struct.get(f))]));
    }
  }
}
