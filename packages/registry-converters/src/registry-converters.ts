/**
 * The converters this package provides, under the Java class names connector configs use
 * (`value.converter=io.confluent.connect.avro.AvroConverter`), for the worker's plugin registry.
 */
import { AvroConverter } from './avro/avro-converter.js';
import { JsonSchemaConverter } from './json-schema/json-schema-converter.js';

export interface RegistryConverterEntry {
  readonly class: typeof AvroConverter | typeof JsonSchemaConverter;
  readonly javaNames: readonly string[];
  readonly aliases: readonly string[];
  readonly kind: 'converter';
}

export const registryConverters: readonly RegistryConverterEntry[] = Object.freeze([
  Object.freeze({
    class: AvroConverter,
    javaNames: Object.freeze(['io.confluent.connect.avro.AvroConverter']),
    aliases: Object.freeze(['AvroConverter', 'Avro']),
    kind: 'converter' as const,
  }),
  Object.freeze({
    class: JsonSchemaConverter,
    javaNames: Object.freeze(['io.confluent.connect.json.JsonSchemaConverter']),
    aliases: Object.freeze(['JsonSchemaConverter', 'JsonSchema']),
    kind: 'converter' as const,
  }),
]);
