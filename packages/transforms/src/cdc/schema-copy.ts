import { ConnectSchema, SchemaBuilder, type Schema } from '@tsconnect/api';

/** A struct builder carrying the schema's name, version, doc and parameters (Kafka's SchemaUtil.copySchemaBasics). */
export function structBuilderLike(schema: Schema): SchemaBuilder {
  const builder = SchemaBuilder.struct().withName(schema.name).withVersion(schema.version).withDoc(schema.doc);
  if (schema.parameters !== null) builder.withParameters(schema.parameters);
  return builder;
}

const optionalCopies = new WeakMap<Schema, Schema>();

/**
 * The same schema made optional, without its default: what a copied metadata field may hold.
 * Remembered per schema, so derived row schemas can be cached by identity.
 */
export function optionalCopy(schema: Schema): Schema {
  if (schema.isOptional && schema.defaultValue === null) return schema;
  let copy = optionalCopies.get(schema);
  if (copy === undefined) {
    copy = makeOptionalCopy(schema);
    optionalCopies.set(schema, copy);
  }
  return copy;
}

function makeOptionalCopy(schema: Schema): Schema {
  const nested = schema.type === 'STRUCT';
  const container = schema.type === 'ARRAY' || schema.type === 'MAP';
  return new ConnectSchema(schema.type, {
    optional: true,
    name: schema.name,
    version: schema.version,
    doc: schema.doc,
    parameters: schema.parameters,
    fields: nested ? schema.fields : null,
    keySchema: schema.type === 'MAP' ? schema.keySchema : null,
    valueSchema: container ? schema.valueSchema : null,
  });
}
