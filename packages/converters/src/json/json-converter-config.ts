/** Kafka's JsonConverterConfig: the keys of `org.apache.kafka.connect.json.JsonConverter`. */
import { CaseInsensitiveValidString, type ConfigDef, type ConfigProps } from '@tsconnect/api';
import { ConverterConfig, newConverterConfigDef } from '../converter-config.js';

export const SCHEMAS_ENABLE_CONFIG = 'schemas.enable';
export const SCHEMAS_CACHE_SIZE_CONFIG = 'schemas.cache.size';
export const DECIMAL_FORMAT_CONFIG = 'decimal.format';
export const REPLACE_NULL_WITH_DEFAULT_CONFIG = 'replace.null.with.default';

export type DecimalFormat = 'BASE64' | 'NUMERIC';

function jsonConverterConfigDef(): ConfigDef {
  return newConverterConfigDef()
    .define({
      name: SCHEMAS_ENABLE_CONFIG, type: 'BOOLEAN', defaultValue: true, importance: 'HIGH',
      documentation: 'Include schemas within each of the serialized values and keys.',
      group: 'Schemas', orderInGroup: 0, width: 'MEDIUM', displayName: 'Enable Schemas',
    })
    .define({
      name: SCHEMAS_CACHE_SIZE_CONFIG, type: 'INT', defaultValue: 1000, importance: 'HIGH',
      documentation: 'The maximum number of schemas that can be cached in this converter instance.',
      group: 'Schemas', orderInGroup: 1, width: 'MEDIUM', displayName: 'Schema Cache Size',
    })
    .define({
      name: DECIMAL_FORMAT_CONFIG, type: 'STRING', defaultValue: 'BASE64',
      validator: CaseInsensitiveValidString.in('BASE64', 'NUMERIC'), importance: 'LOW',
      documentation: 'Controls which format this converter will serialize decimals in.' +
        " This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
      group: 'Serialization', orderInGroup: 0, width: 'MEDIUM', displayName: 'Decimal Format',
    })
    .define({
      name: REPLACE_NULL_WITH_DEFAULT_CONFIG, type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
      documentation: 'Whether to replace fields that have a default value and that are null to the default value.' +
        ' When set to true, the default value is used, otherwise null is used.',
      group: 'Serialization', orderInGroup: 1, width: 'MEDIUM', displayName: 'Replace null with default',
    });
}

export class JsonConverterConfig extends ConverterConfig {
  static readonly CONFIG_DEF: ConfigDef = jsonConverterConfigDef();

  readonly schemasEnabled: boolean;
  readonly schemaCacheSize: number;
  readonly decimalFormat: DecimalFormat;
  readonly replaceNullWithDefault: boolean;

  constructor(props: ConfigProps) {
    super(JsonConverterConfig.CONFIG_DEF, props);
    this.schemasEnabled = this.getBoolean(SCHEMAS_ENABLE_CONFIG);
    this.schemaCacheSize = this.getInt(SCHEMAS_CACHE_SIZE_CONFIG);
    this.decimalFormat = this.requireString(DECIMAL_FORMAT_CONFIG).toUpperCase() as DecimalFormat;
    this.replaceNullWithDefault = this.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG);
  }
}
