import { ConnectSchema, type Schema } from '@tsconnect/api';

/** The same schema, required: AvroData and JsonSchemaData read an optional union's branch this way. */
export function nonOptional(schema: Schema): Schema {
  return new ConnectSchema(schema.type, {
    optional: false, defaultValue: schema.defaultValue, name: schema.name, version: schema.version, doc: schema.doc,
    parameters: schema.parameters,
    fields: schema.type === 'STRUCT' ? schema.fields : null,
    keySchema: schema.type === 'MAP' ? schema.keySchema : null,
    valueSchema: schema.type === 'MAP' || schema.type === 'ARRAY' ? schema.valueSchema : null,
  });
}
