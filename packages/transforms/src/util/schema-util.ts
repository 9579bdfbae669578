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
