/** The data-mapping settings of Confluent's AvroDataConfig. */
import type { ConfigDef } from '@tsconnect/api';

export const CONNECT_META_DATA_CONFIG = 'connect.meta.data';
export const ENHANCED_AVRO_SCHEMA_SUPPORT_CONFIG = 'enhanced.avro.schema.support';
export const SCRUB_INVALID_NAMES_CONFIG = 'scrub.invalid.names';
export const AVRO_USE_LOGICAL_TYPE_CONVERTERS_CONFIG = 'avro.use.logical.type.converters';

export interface AvroDataOptions {
  readonly connectMetaData: boolean;
  readonly enhancedSchemaSupport: boolean;
  readonly scrubInvalidNames: boolean;
  readonly cacheSize: number;
}

export const DEFAULT_AVRO_DATA_OPTIONS: AvroDataOptions = Object.freeze({
  connectMetaData: true, enhancedSchemaSupport: false, scrubInvalidNames: false, cacheSize: 1000,
});

export function defineAvroDataConfig(def: ConfigDef): ConfigDef {
  return def
    .define({
      name: CONNECT_META_DATA_CONFIG, type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
      documentation: 'Toggle for enabling/disabling connect converter to add its meta data to the output schema or not',
    })
    .define({
      name: ENHANCED_AVRO_SCHEMA_SUPPORT_CONFIG, type: 'BOOLEAN', defaultValue: false, importance: 'LOW',
      documentation: 'Toggle for enabling/disabling enhanced avro schema support: Enum symbol preservation and Package Name awareness',
    })
    .define({
      name: SCRUB_INVALID_NAMES_CONFIG, type: 'BOOLEAN', defaultValue: false, importance: 'LOW',
      documentation: 'Whether to scrub invalid names by replacing invalid characters with valid characters',
    })
    .define({
      name: AVRO_USE_LOGICAL_TYPE_CONVERTERS_CONFIG, type: 'BOOLEAN', defaultValue: false, importance: 'LOW',
      documentation: 'If true, use logical type converter in generic record. The Connect values are the same either way.',
    });
}
