/** The registry's schema types; a missing `schemaType` means AVRO. */
export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';

export interface SchemaReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** A schema as sent to and read from the registry: its text, type and references. */
export interface SchemaText {
  readonly schema: string;
  readonly schemaType: SchemaType;
  readonly references: readonly SchemaReference[];
}

/** A schema registered under a subject (`GET /subjects/{s}/versions/{v}`, lookup answers). */
export interface RegisteredSchema extends SchemaText {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
}

export function schemaText(schema: string, schemaType: SchemaType = 'AVRO', references: readonly SchemaReference[] = []): SchemaText {
  return { schema, schemaType, references };
}
