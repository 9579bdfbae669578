/**
 * Kafka's ConverterConfig: the `converter.type` key every built-in converter's ConfigDef starts
 * with (`key`, `value` or `header`), and the `configure(configs, isKey)` plumbing that sets it.
 */
import { AbstractConfig, ConfigDef, ValidString, type ConfigProps } from '@tsconnect/api';

export const CONVERTER_TYPE_CONFIG = 'converter.type';

export type ConverterType = 'key' | 'value' | 'header';

/** A new ConfigDef holding `converter.type` (required), to which a converter adds its own keys. */
export function newConverterConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: CONVERTER_TYPE_CONFIG,
    type: 'STRING',
    validator: ValidString.in('key', 'value', 'header'),
    importance: 'LOW',
    documentation: 'How this converter will be used.',
  });
}

/** The settings with `converter.type` set as `configure(configs, isKey)` does; unchanged when isKey is undefined. */
export function withConverterType(configs: ConfigProps, isKey: boolean | undefined): ConfigProps {
  if (isKey === undefined) return configs;
  return { ...configs, [CONVERTER_TYPE_CONFIG]: isKey ? 'key' : 'value' };
}

/** A parsed converter configuration, as Kafka's ConverterConfig. */
export class ConverterConfig extends AbstractConfig {
  get converterType(): ConverterType {
    return this.getString(CONVERTER_TYPE_CONFIG) as ConverterType;
  }
}
