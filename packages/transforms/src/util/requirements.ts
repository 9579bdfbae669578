import { DataException, isPlainObject, javaClassName, SinkRecord, SourceRecord, Struct, type Schema } from '@tsconnect/api';

/** Kafka's `nullSafeClassName`: the bare Java class name a Java worker would print. */
function nullSafeClassName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return javaClassNameOf(value).replace(/^class /, '');
}

/** `Object.getClass()` as Java prints it (`class java.lang.String`). */
export function javaClassNameOf(value: unknown): string {
  if (value instanceof SinkRecord) return 'class org.apache.kafka.connect.sink.SinkRecord';
  if (value instanceof SourceRecord) return 'class org.apache.kafka.connect.source.SourceRecord';
  return javaClassName(value);
}

/** A schemaless value's fields: plain objects as they are, string-keyed Maps copied into one. */
function asFieldMap(value: unknown): Record<string, unknown> | null {
  if (isPlainObject(value)) return value;
  if (value instanceof Map && [...value.keys()].every((k) => typeof k === 'string')) {
    return Object.fromEntries(value) as Record<string, unknown>;
  }
  return null;
}

/** The schemaless value as a field map; anything else fails as Kafka's `Requirements.requireMap`. */
export function requireMap(value: unknown, purpose: string): Record<string, unknown> {
  const map = asFieldMap(value);
  if (map === null) {
    throw new DataException(
      `Only Map objects supported in absence of schema for [${purpose}], found: ${nullSafeClassName(value)}`,
    );
  }
  return map;
}

export function requireMapOrNull(value: unknown, purpose: string): Record<string, unknown> | null {
  return value === null || value === undefined ? null : requireMap(value, purpose);
}

export function requireStruct(value: unknown, purpose: string): Struct {
  if (!(value instanceof Struct)) {
    throw new DataException(`Only Struct objects supported for [${purpose}], found: ${nullSafeClassName(value)}`);
  }
  return value;
}

export function requireStructOrNull(value: unknown, purpose: string): Struct | null {
  return value === null || value === undefined ? null : requireStruct(value, purpose);
}

export function requireSchema(schema: Schema | null, purpose: string): Schema {
  if (schema === null) throw new DataException(`Schema required for [${purpose}]`);
  return schema;
}

export function requireSinkRecord(record: unknown, purpose: string): SinkRecord {
  if (!(record instanceof SinkRecord)) {
    throw new DataException(`Only SinkRecord supported for [${purpose}], found: ${nullSafeClassName(record)}`);
  }
  return record;
}

/** True for the values schemaless transforms treat as nested maps. */
export function isFieldMap(value: unknown): boolean {
  return asFieldMap(value) !== null;
}
