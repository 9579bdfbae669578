/**
 * What a Connect schema means for a column, after logical types are taken into account: Kafka
 * Connect's own (Decimal, Date, Time, Timestamp) and Debezium's common ones (io.debezium.time.*,
 * Json, Uuid, VariableScaleDecimal), which CDC pipelines carry. Dialects map kinds to column types
 * and bind values by kind, so each logical type is recognized in one place.
 */
import type { Schema } from '@tsconnect/api';

export type ColumnKind =
  | 'int8' | 'int16' | 'int32' | 'int64' | 'float32' | 'float64' | 'boolean' | 'string' | 'bytes'
  | 'decimal' | 'date' | 'time' | 'timestamp' | 'timestamptz' | 'json' | 'uuid'
  | 'array' | 'map' | 'struct';

/** The unit of an integer time value (Debezium's Micro/Nano types), or 'date' for Connect's Date objects. */
export type TimeUnit = 'object' | 'days' | 'millis' | 'micros' | 'nanos' | 'text';

const DEBEZIUM_TIME = 'io.debezium.time.';

export function columnKind(schema: Schema): ColumnKind {
  switch (schema.name) {
    case 'org.apache.kafka.connect.data.Decimal':
      return 'decimal';
    case 'org.apache.kafka.connect.data.Date':
    case `${DEBEZIUM_TIME}Date`:
      return 'date';
    case 'org.apache.kafka.connect.data.Time':
    case `${DEBEZIUM_TIME}Time`:
    case `${DEBEZIUM_TIME}MicroTime`:
    case `${DEBEZIUM_TIME}NanoTime`:
      return 'time';
    case 'org.apache.kafka.connect.data.Timestamp':
    case `${DEBEZIUM_TIME}Timestamp`:
    case `${DEBEZIUM_TIME}MicroTimestamp`:
    case `${DEBEZIUM_TIME}NanoTimestamp`:
      return 'timestamp';
    case `${DEBEZIUM_TIME}ZonedTimestamp`:
      return 'timestamptz';
    case 'io.debezium.data.Json':
      return 'json';
    case 'io.debezium.data.Uuid':
      return 'uuid';
    case 'io.debezium.data.VariableScaleDecimal':
      return 'decimal';
  }
  switch (schema.type) {
    case 'INT8': return 'int8';
    case 'INT16': return 'int16';
    case 'INT32': return 'int32';
    case 'INT64': return 'int64';
    case 'FLOAT32': return 'float32';
    case 'FLOAT64': return 'float64';
    case 'BOOLEAN': return 'boolean';
    case 'STRING': return 'string';
    case 'BYTES': return 'bytes';
    case 'ARRAY': return 'array';
    case 'MAP': return 'map';
    case 'STRUCT': return 'struct';
  }
}

/** How a time-kind value is represented, from its logical name. */
export function timeUnit(schema: Schema): TimeUnit {
  switch (schema.name) {
    case `${DEBEZIUM_TIME}Date`: return 'days';
    case `${DEBEZIUM_TIME}Time`:
    case `${DEBEZIUM_TIME}Timestamp`: return 'millis';
    case `${DEBEZIUM_TIME}MicroTime`:
    case `${DEBEZIUM_TIME}MicroTimestamp`: return 'micros';
    case `${DEBEZIUM_TIME}NanoTime`:
    case `${DEBEZIUM_TIME}NanoTimestamp`: return 'nanos';
    case `${DEBEZIUM_TIME}ZonedTimestamp`: return 'text';
    default: return 'object';
  }
}

/** The declared precision of a Decimal (`connect.decimal.precision`, set by Avro and Debezium), or null. */
export function decimalPrecision(schema: Schema): number | null {
  const text = schema.parameters?.get('connect.decimal.precision');
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : null;
}

/** The Decimal scale, or null for Debezium's VariableScaleDecimal. */
export function decimalScale(schema: Schema): number | null {
  const text = schema.parameters?.get('scale');
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : null;
}

/** True for an ARRAY whose elements are a primitive (non-logical-nested) kind. */
export function isPrimitiveArray(schema: Schema): boolean {
  if (schema.type !== 'ARRAY' || !schema.valueSchema) return false;
  const kind = columnKind(schema.valueSchema);
  return kind !== 'array' && kind !== 'map' && kind !== 'struct';
}
