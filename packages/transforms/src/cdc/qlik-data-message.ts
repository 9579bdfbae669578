import { hasField, isRowValue, readField, type RowValue } from './row-value.js';
import { transformDataError } from './transform-error.js';

/** `headers.operation` of a Qlik Replicate data message; REFRESH rows come from a full load. */
type QlikOperation = 'INSERT' | 'UPDATE' | 'DELETE' | 'REFRESH';
const OPERATIONS: ReadonlySet<string> = new Set<QlikOperation>(['INSERT', 'UPDATE', 'DELETE', 'REFRESH']);

/** The parts of a data message the unwrapping reads. */
export interface QlikDataMessage {
  readonly operation: QlikOperation;
  readonly data: RowValue | null;
  /** Only filled when the Replicate task includes before images. */
  readonly beforeData: RowValue | null;
  readonly headers: RowValue;
}

/**
 * Reads a Qlik Replicate data message, or returns null when the value is none: either the JSON
 * wrapper `{magic: "atMSG", type: "DT", ..., message: {data, beforeData, headers}}` (other types,
 * such as metadata messages "MD", are not data messages) or the bare `{data, beforeData, headers}`
 * record of its Avro output; each as a Struct or a schemaless object. A value that is a data
 * message but malformed throws a DataException naming the field.
 */
export function readQlikDataMessage(transform: string, value: unknown): QlikDataMessage | null {
  if (!isRowValue(value)) return null;
  let message: RowValue = value;
  if (hasField(value, 'magic') && hasField(value, 'message')) {
    if (readField(value, 'type') !== 'DT') return null;
    const inner = readField(value, 'message');
    if (!isRowValue(inner)) throw transformDataError(transform, "field 'message' of a DT message is not a record");
    message = inner;
  }
  if (!hasField(message, 'data') || !hasField(message, 'headers')) return null;
  const headers = readField(message, 'headers');
  if (!isRowValue(headers)) throw transformDataError(transform, "field 'headers' of a data message is not a record");
  const operation = readField(headers, 'operation');
  if (typeof operation !== 'string') {
    throw transformDataError(transform, "field 'headers.operation' of a data message is missing or not a string");
  }
  if (!OPERATIONS.has(operation)) {
    throw transformDataError(transform, `field 'headers.operation' has the unknown operation '${operation}'`);
  }
  return {
    operation: operation as QlikOperation,
    data: rowOrNull(transform, message, 'data'),
    beforeData: rowOrNull(transform, message, 'beforeData'),
    headers,
  };
}

function rowOrNull(transform: string, message: RowValue, name: string): RowValue | null {
  const row = readField(message, name) ?? null;
  if (row !== null && !isRowValue(row)) throw transformDataError(transform, `field '${name}' of a data message is not a record`);
  return row;
}
