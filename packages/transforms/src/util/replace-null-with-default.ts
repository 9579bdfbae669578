import { ConfigType, Importance, type ConfigKeyOptions, type Struct } from '@tsconnect/api';

export const REPLACE_NULL_WITH_DEFAULT_CONFIG = 'replace.null.with.default';

/** The `replace.null.with.default` key (KIP-1040), shared by the field transforms. */
export const REPLACE_NULL_WITH_DEFAULT_KEY: ConfigKeyOptions = Object.freeze({
  name: REPLACE_NULL_WITH_DEFAULT_CONFIG,
  type: ConfigType.BOOLEAN,
  defaultValue: true,
  importance: Importance.MEDIUM,
  documentation: 'Whether to replace fields that have a default value and that are null to the default value. ' +
    'When set to true, the default value is used, otherwise null is used.',
});

/** A struct field's value, with or without the fallback to the field's default. */
export function fieldValue(struct: Struct, fieldName: string, replaceNullWithDefault: boolean): unknown {
  return replaceNullWithDefault ? struct.get(fieldName) : struct.getWithoutDefault(fieldName);
}
