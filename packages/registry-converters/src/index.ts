export * from './registry/schema-registry-error.js';
export * from './registry/registered-schema.js';
export * from './registry/schema-registry-client.js';
export * from './serde/wire-format.js';
export * from './serde/subject-name-strategy.js';
export * from './serde/serde-config.js';
export * from './avro/avro-schema.js';
export * from './avro/avro-data-config.js';
export * from './avro/avro-data.js';
export * from './avro/avsc-types.js';
export * from './avro/avro-converter-config.js';
export * from './avro/avro-converter.js';
export * from './json-schema/json-text.js';
export {
  JsonSchemaData, JSON_TYPE_ENUM, JSON_TYPE_ONE_OF, CONNECT_INDEX_PROP, plainToJsonValue,
  type DecimalFormat, type JsonSchemaDataOptions, type JsonSchemaNode,
} from './json-schema/json-schema-data.js';
export * from './json-schema/json-schema-validator.js';
export * from './json-schema/json-schema-converter-config.js';
export * from './json-schema/json-schema-converter.js';
export * from './registry-converters.js';
