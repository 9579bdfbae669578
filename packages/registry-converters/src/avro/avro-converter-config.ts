/** The settings of io.confluent.connect.avro.AvroConverter: registry keys plus AvroDataConfig keys. */
import { ConfigDef, type ConfigProps } from '@tsconnect/api';
import { defineSerdeConfig, SerdeConfig } from '../serde/serde-config.js';
import {
  CONNECT_META_DATA_CONFIG, defineAvroDataConfig, ENHANCED_AVRO_SCHEMA_SUPPORT_CONFIG, SCRUB_INVALID_NAMES_CONFIG,
  type AvroDataOptions,
} from './avro-data-config.js';

export class AvroConverterConfig extends SerdeConfig {
  static readonly CONFIG_DEF: ConfigDef = defineAvroDataConfig(defineSerdeConfig(new ConfigDef()));

  constructor(props: ConfigProps) {
    super(AvroConverterConfig.CONFIG_DEF, props);
  }

  get avroDataOptions(): AvroDataOptions {
    return {
      connectMetaData: this.getBoolean(CONNECT_META_DATA_CONFIG),
      enhancedSchemaSupport: this.getBoolean(ENHANCED_AVRO_SCHEMA_SUPPORT_CONFIG),
      scrubInvalidNames: this.getBoolean(SCRUB_INVALID_NAMES_CONFIG),
      cacheSize: this.schemasCacheSize,
    };
  }
}
