/** The twelve Connect schema types, spelled as Kafka's `Schema.Type` enum constants. */
export type SchemaType =
  | 'INT8'
  | 'INT16'
  | 'INT32'
  | 'INT64'
  | 'FLOAT32'
  | 'FLOAT64'
  | 'BOOLEAN'
  | 'STRING'
  | 'BYTES'
  | 'ARRAY'
  | 'MAP'
  | 'STRUCT';

export const SCHEMA_TYPES: readonly SchemaType[] = Object.freeze([
  'INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64',
  'BOOLEAN', 'STRING', 'BYTES', 'ARRAY', 'MAP', 'STRUCT',
] as const);

/** Everything but ARRAY, MAP and STRUCT, as `Type.isPrimitive()`. */
export function isPrimitiveType(type: SchemaType): boolean {
  return type !== 'ARRAY' && type !== 'MAP' && type !== 'STRUCT';
}

/** The lower-case name Kafka's `Type.getName()` returns (`int32`, `float64`, ...). */
export function schemaTypeName(type: SchemaType): string {
  return type.toLowerCase();
}
