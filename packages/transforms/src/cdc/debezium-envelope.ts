import { isPlainObject, Struct, type ConnectRecord, type Schema } from '@tsconnect/api';
import type { EnvelopeFieldReference } from './extract-new-record-state-config.js';
import { hasField, readField, type RowValue } from './row-value.js';
import { transformDataError } from './transform-error.js';

/** A Debezium change event's parts (`op`: c create, u update, d delete, r snapshot read, t truncate). */
export interface DebeziumEnvelope {
  readonly value: RowValue;
  readonly op: string | null;
  readonly before: RowValue | null;
  readonly after: RowValue | null;
  /** The schemas of the before and after fields; null when schemaless. */
  readonly beforeSchema: Schema | null;
  readonly afterSchema: Schema | null;
}

const OPERATIONS = new Set(['c', 'u', 'd', 'r', 't']);

/**
 * The envelope of a record, or null when the record is not a change event. With a schema, as in
 * Debezium, the value schema's name must end in `.Envelope`; schemaless (JsonConverter with
 * schemas.enable=false), an object with an `op` code and a `before` or `after` key counts.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any record type, as Java's ConnectRecord<?>
export function readDebeziumEnvelope(transform: string, record: ConnectRecord<any>): DebeziumEnvelope | null {
  const { value, valueSchema } = record;
  if (valueSchema !== null) {
    if (!(valueSchema.name ?? '').endsWith('.Envelope')) return null;
    if (!(value instanceof Struct)) {
      throw transformDataError(transform, `value with envelope schema ${valueSchema.name} is not a Struct`);
    }
    return {
      value,
      op: stringField(transform, value, 'op'),
      before: rowField(transform, value, 'before'),
      after: rowField(transform, value, 'after'),
      beforeSchema: value.schema.field('before')?.schema ?? null,
      afterSchema: value.schema.field('after')?.schema ?? null,
    };
  }
  if (!isPlainObject(value) || !(Object.hasOwn(value, 'before') || Object.hasOwn(value, 'after'))) return null;
  const op = value['op'];
  if (typeof op !== 'string' || !OPERATIONS.has(op)) return null;
  return {
    value,
    op,
    before: rowField(transform, value, 'before'),
    after: rowField(transform, value, 'after'),
    beforeSchema: null,
    afterSchema: null,
  };
}

function stringField(transform: string, envelope: RowValue, name: string): string | null {
  const value = readField(envelope, name) ?? null;
  if (value !== null && typeof value !== 'string') {
    throw transformDataError(transform, `envelope field '${name}' is not a string`);
  }
  return value;
}

function rowField(transform: string, envelope: RowValue, name: string): RowValue | null {
  const value = readField(envelope, name) ?? null;
  if (value === null) return null;
  if (envelope instanceof Struct ? !(value instanceof Struct) : !isPlainObject(value)) {
    throw transformDataError(transform, `envelope field '${name}' is not a row (${envelope instanceof Struct ? 'Struct' : 'object'})`);
  }
  return value as RowValue;
}

/** A metadata value read from the envelope; absent when the envelope has no such field. */
interface EnvelopeMetadata {
  readonly schema: Schema | null;
  readonly value: unknown;
}

/**
 * Reads an add.fields / add.headers reference: from its struct (source, transaction, ...), or,
 * as Debezium does for fields another transform put there, from the envelope's top level.
 */
export function readEnvelopeMetadata(envelope: RowValue, ref: EnvelopeFieldReference): EnvelopeMetadata | null {
  if (envelope instanceof Struct) {
    const parentSchema = ref.struct === null ? envelope.schema : envelope.schema.field(ref.struct)?.schema ?? null;
    const field = parentSchema?.type === 'STRUCT' ? parentSchema.field(ref.field) : null;
    if (field) {
      const parent = ref.struct === null ? envelope : (envelope.getWithoutDefault(ref.struct) as Struct | null);
      return { schema: field.schema, value: parent === null ? null : parent.getWithoutDefault(ref.field) };
    }
    const topLevel = envelope.schema.field(ref.field);
    return topLevel ? { schema: topLevel.schema, value: envelope.getWithoutDefault(ref.field) } : null;
  }
  const parent = ref.struct === null ? envelope : envelope[ref.struct];
  if (isPlainObject(parent) && hasField(parent, ref.field)) return { schema: null, value: parent[ref.field] };
  if (ref.struct !== null && parent === null && Object.hasOwn(envelope, ref.struct)) return { schema: null, value: null };
  return hasField(envelope, ref.field) ? { schema: null, value: envelope[ref.field] } : null;
}
