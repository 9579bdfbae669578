/**
 * An Avro schema as a tree that keeps every property (`connect.*`, `logicalType`, ...), read from
 * and written to schema JSON the way Avro Java does (`Schema.toString()`): key order, namespaces
 * left out when inherited, named types written once and referred to by name afterwards. Our
 * schema text therefore equals the text Confluent's AvroConverter registers.
 */
import { DataException } from '@tsconnect/api';

export type AvroPrimitiveType = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

/** Property values are JSON values; doubles that Jackson prints as `1.0` are `JavaDouble`. */
export type Props = Map<string, unknown>;

export interface AvroPrimitive { readonly type: AvroPrimitiveType; readonly props: Props }
export interface AvroField {
  readonly name: string;
  readonly type: AvroSchema;
  readonly doc: string | null;
  /** `undefined` when the field has no default; `null` is a default of null. */
  readonly defaultValue: unknown;
  readonly props: Props;
}
interface Named { readonly name: string; readonly namespace: string | null; readonly doc: string | null; readonly props: Props }
export interface AvroRecord extends Named { readonly type: 'record'; fields: AvroField[] }
export interface AvroEnum extends Named { readonly type: 'enum'; readonly symbols: readonly string[]; readonly defaultSymbol: string | null }
export interface AvroFixed extends Named { readonly type: 'fixed'; readonly size: number }
export interface AvroArray { readonly type: 'array'; readonly items: AvroSchema; readonly props: Props }
export interface AvroMap { readonly type: 'map'; readonly values: AvroSchema; readonly props: Props }
export interface AvroUnion { readonly type: 'union'; readonly types: readonly AvroSchema[] }

export type AvroNamed = AvroRecord | AvroEnum | AvroFixed;
export type AvroSchema = AvroPrimitive | AvroNamed | AvroArray | AvroMap | AvroUnion;

/** A double property or default, printed as Java's `Double.toString` does (1 -> `1.0`). */
export class JavaDouble {
  constructor(readonly value: number, readonly text: string) {}
}

const PRIMITIVES = new Set<string>(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

export function isNamed(schema: AvroSchema): schema is AvroNamed {
  return schema.type === 'record' || schema.type === 'enum' || schema.type === 'fixed';
}

export function fullName(schema: AvroNamed): string {
  return schema.namespace ? `${schema.namespace}.${schema.name}` : schema.name;
}

export function prop(schema: AvroSchema, key: string): unknown {
  return schema.type === 'union' ? undefined : schema.props.get(key);
}

// ---------------------------------------------------------------- parsing

const RECORD_KEYS = new Set(['type', 'name', 'namespace', 'doc', 'fields', 'aliases']);
const ENUM_KEYS = new Set(['type', 'name', 'namespace', 'doc', 'symbols', 'default', 'aliases']);
const FIXED_KEYS = new Set(['type', 'name', 'namespace', 'doc', 'size', 'aliases']);
const FIELD_KEYS = new Set(['name', 'type', 'doc', 'default', 'order', 'aliases']);

function propsOf(json: Record<string, unknown>, reserved: ReadonlySet<string>): Props {
  const props: Props = new Map();
  for (const [k, v] of Object.entries(json)) if (!reserved.has(k)) props.set(k, v);
  return props;
}

function splitFullName(name: string, namespace: string | null): [string | null, string] {
  const dot = name.lastIndexOf('.');
  if (dot >= 0) return [name.slice(0, dot), name.slice(dot + 1)];
  return [namespace === '' ? null : namespace, name];
}

/** Parses schema text (as the registry returns it) into a tree. */
export function parseAvroSchema(text: string): AvroSchema {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new DataException(`Invalid Avro schema: ${(cause as Error).message}`, { cause });
  }
  return parseNode(json, null, new Map());
}

function parseNode(json: unknown, space: string | null, names: Map<string, AvroNamed>): AvroSchema {
  if (typeof json === 'string') {
    if (PRIMITIVES.has(json)) return { type: json as AvroPrimitiveType, props: new Map() };
    const named = (json.includes('.') ? undefined : names.get(space ? `${space}.${json}` : json)) ?? names.get(json);
    if (named === undefined) throw new DataException(`Invalid Avro schema: undefined name ${json}`);
    return named;
  }
  if (Array.isArray(json)) return { type: 'union', types: json.map((t) => parseNode(t, space, names)) };
  if (json === null || typeof json !== 'object') throw new DataException(`Invalid Avro schema: ${JSON.stringify(json)}`);
  const obj = json as Record<string, unknown>;
  const type = obj['type'];
  if (typeof type !== 'string') return parseNode(type, space, names);
  if (PRIMITIVES.has(type)) return { type: type as AvroPrimitiveType, props: propsOf(obj, new Set(['type'])) };
  switch (type) {
    case 'array':
      return { type, items: parseNode(obj['items'], space, names), props: propsOf(obj, new Set(['type', 'items'])) };
    case 'map':
      return { type, values: parseNode(obj['values'], space, names), props: propsOf(obj, new Set(['type', 'values'])) };
    case 'record':
    case 'error':
    case 'enum':
    case 'fixed': {
      const givenSpace = typeof obj['namespace'] === 'string' ? obj['namespace'] : space;
      const [namespace, name] = splitFullName(String(obj['name']), givenSpace);
      const doc = typeof obj['doc'] === 'string' ? obj['doc'] : null;
      let named: AvroNamed;
      if (type === 'enum') {
        named = {
          type, name, namespace, doc, symbols: obj['symbols'] as string[],
          defaultSymbol: typeof obj['default'] === 'string' ? obj['default'] : null, props: propsOf(obj, ENUM_KEYS),
        };
      } else if (type === 'fixed') {
        named = { type, name, namespace, doc, size: Number(obj['size']), props: propsOf(obj, FIXED_KEYS) };
      } else {
        named = { type: 'record', name, namespace, doc, fields: [], props: propsOf(obj, RECORD_KEYS) };
      }
      names.set(fullName(named), named);
      if (named.type === 'record') {
        for (const f of obj['fields'] as Record<string, unknown>[]) {
          named.fields.push({
            name: String(f['name']),
            type: parseNode(f['type'], namespace, names),
            doc: typeof f['doc'] === 'string' ? f['doc'] : null,
            defaultValue: Object.hasOwn(f, 'default') ? f['default'] : undefined,
            props: propsOf(f, FIELD_KEYS),
          });
        }
      }
      return named;
    }
    default: {
      return parseNode(type, space, names);
    }
  }
}

// ---------------------------------------------------------------- writing

/** The schema's JSON text, byte for byte as Avro Java's `Schema.toString()`. */
export function writeAvroSchema(schema: AvroSchema): string {
  return writeJson(toJsonTree(schema, new Set(), null));
}

function toJsonTree(schema: AvroSchema, written: Set<string>, space: string | null): unknown {
  switch (schema.type) {
    case 'union':
      return schema.types.map((t) => toJsonTree(t, written, space));
    case 'array':
      return withProps({ type: 'array', items: toJsonTree(schema.items, written, space) }, schema.props);
    case 'map':
      return withProps({ type: 'map', values: toJsonTree(schema.values, written, space) }, schema.props);
    case 'record':
    case 'enum':
    case 'fixed': {
      const full = fullName(schema);
      if (written.has(full)) return schema.namespace === null || schema.namespace === space ? schema.name : full;
      written.add(full);
      const out: Record<string, unknown> = { type: schema.type, name: schema.name };
      if (schema.namespace !== null) {
        if (schema.namespace !== space) out['namespace'] = schema.namespace;
      } else if (space !== null) {
        out['namespace'] = '';
      }
      if (schema.doc !== null) out['doc'] = schema.doc;
      if (schema.type === 'record') {
        out['fields'] = schema.fields.map((f) => {
          const field: Record<string, unknown> = { name: f.name, type: toJsonTree(f.type, written, schema.namespace) };
          if (f.doc !== null) field['doc'] = f.doc;
          if (f.defaultValue !== undefined) field['default'] = f.defaultValue;
          return withProps(field, f.props);
        });
      } else if (schema.type === 'enum') {
        out['symbols'] = schema.symbols;
        if (schema.defaultSymbol !== null) out['default'] = schema.defaultSymbol;
      } else {
        out['size'] = schema.size;
      }
      return withProps(out, schema.props);
    }
    default:
      return schema.props.size === 0 ? schema.type : withProps({ type: schema.type }, schema.props);
  }
}

function withProps(out: Record<string, unknown>, props: Props): Record<string, unknown> {
  for (const [k, v] of props) out[k] = v;
  return out;
}

/** Compact JSON as Jackson writes it; `JavaDouble` keeps Java's number text. */
function writeJson(value: unknown): string {
  if (value instanceof JavaDouble) return value.text;
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
  const parts = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`);
  return `{${parts.join(',')}}`;
}
