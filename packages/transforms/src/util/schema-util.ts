import { SchemaBuilder, type Schema } from '@tsconnect/api';

/**
 * Kafka's `SchemaUtil.copySchemaBasics`: name, version, doc and parameters onto `builder` (a
 * builder of the source's own type when not given). Optionality and default are left to the caller.
 */
export function copySchemaBasics(source: Schema, builder?: SchemaBuilder): SchemaBuilder {
  const target = builder ?? builderOfType(source);
  target.withName(source.name).withVersion(source.version).withDoc(source.doc);
  if (source.parameters !== null && source.parameters.size > 0) target.withParameters(source.parameters);
  return target;
}

function builderOfType(source: Schema): SchemaBuilder {
  if (source.type === 'ARRAY') return SchemaBuilder.array(source.valueSchema!);
  if (source.type === 'MAP') return SchemaBuilder.map(source.keySchema!, source.valueSchema!);
  return SchemaBuilder.type(source.type);
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
    const builder = copySchemaBasics(schema).optional();
    if (schema.type === 'STRUCT') for (const field of schema.fields) builder.addField(field.name, field.schema);
    copy = builder.build();
    optionalCopies.set(schema, copy);
  }
  return copy;
}
