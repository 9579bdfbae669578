/** The settings of io.confluent.connect.json.JsonSchemaConverter: registry keys plus JSON Schema data keys. */
import { CaseInsensitiveValidString, ConfigDef, type ConfigProps } from '@tsconnect/api';
import { defineSerdeConfig, SerdeConfig } from '../serde/serde-config.js';
import type { DecimalFormat } from './json-schema-data.js';

export const FAIL_INVALID_SCHEMA_CONFIG = 'json.fail.invalid.schema';
export const FAIL_UNKNOWN_PROPERTIES_CONFIG = 'json.fail.unknown.properties';
export const DECIMAL_FORMAT_CONFIG = 'decimal.format';
export const OBJECT_ADDITIONAL_PROPERTIES_CONFIG = 'object.additional.properties';
export const USE_OPTIONAL_FOR_NON_REQUIRED_CONFIG = 'use.optional.for.nonrequired';

export class JsonSchemaConverterConfig extends SerdeConfig {
  static readonly CONFIG_DEF: ConfigDef = defineSerdeConfig(new ConfigDef())
    .define({
      name: FAIL_INVALID_SCHEMA_CONFIG, type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM',
      documentation: 'Whether to fail serialization and deserialization if the payload is not valid for its JSON schema',
    })
    .define({
      name: FAIL_UNKNOWN_PROPERTIES_CONFIG, type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
      documentation: 'Whether to fail deserialization if unknown JSON properties are encountered (Java POJO mapping only; no effect here)',
    })
    .define({
      name: DECIMAL_FORMAT_CONFIG, type: 'STRING', defaultValue: 'BASE64',
      validator: CaseInsensitiveValidString.in('BASE64', 'NUMERIC'), importance: 'LOW',
      documentation: "Controls which format this converter will serialize decimals in: 'BASE64' (default) or 'NUMERIC'",
    })
    .define({
      name: OBJECT_ADDITIONAL_PROPERTIES_CONFIG, type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
      documentation: 'Whether to allow additional properties for object schemas.',
    })
    .define({
      name: USE_OPTIONAL_FOR_NON_REQUIRED_CONFIG, type: 'BOOLEAN', defaultValue: false, importance: 'LOW',
      documentation: 'Whether to set non-required properties to be optional.',
    });

  constructor(props: ConfigProps) {
    super(JsonSchemaConverterConfig.CONFIG_DEF, props);
  }

  get failInvalidSchema(): boolean { return this.getBoolean(FAIL_INVALID_SCHEMA_CONFIG); }
  get decimalFormat(): DecimalFormat { return this.requireString(DECIMAL_FORMAT_CONFIG).toUpperCase() as DecimalFormat; }
  get allowAdditionalProperties(): boolean { return this.getBoolean(OBJECT_ADDITIONAL_PROPERTIES_CONFIG); }
  get useOptionalForNonRequired(): boolean { return this.getBoolean(USE_OPTIONAL_FOR_NON_REQUIRED_CONFIG); }
}
