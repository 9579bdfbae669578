/**
 * The JSON of Kafka Connect's REST config endpoints, built from a ConfigDef and its validation:
 * `PUT /connector-plugins/{p}/config/validate` answers ConfigInfos, `GET
 * /connector-plugins/{p}/config` a ConfigKeyInfo list. The objects are created with their fields
 * in the order Kafka's Jackson entities write them, so JSON.stringify matches a Java worker byte
 * for byte. Values are strings as ConfigDef.convertToString writes them (see convertToString).
 */
import type { ConfigKey } from './config-key.js';
import type { ConfigType } from './config-type.js';
import type { ConfigValue } from './config-value.js';
import { convertToString } from './parse-type.js';

export interface ConfigKeyInfo {
  name: string;
  type: ConfigType;
  required: boolean;
  default_value: string | null;
  importance: string;
  documentation: string | null;
  group: string | null;
  width: string;
  display_name: string;
  dependents: string[];
  /** Kafka <= 4.1 writes orderInGroup as "order", after the other fields. */
  order: number;
}

export interface ConfigValueInfo {
  name: string;
  value: string | null;
  recommended_values: (string | null)[];
  errors: string[];
  visible: boolean;
}

export interface ConfigInfo {
  /** null for a value with no declared key. */
  definition: ConfigKeyInfo | null;
  /** null for a key that was not validated. */
  value: ConfigValueInfo | null;
}

export interface ConfigInfos {
  name: string;
  error_count: number;
  groups: string[];
  configs: ConfigInfo[];
}

/** A key's definition as the REST API shows it; `prefix` is prepended to its name. */
export function configKeyInfo(key: ConfigKey, prefix = ''): ConfigKeyInfo {
  const required = !key.hasDefault();
  return {
    name: prefix + key.name,
    type: key.type,
    required,
    default_value: required ? null : convertToString(key.defaultValue, key.type),
    importance: key.importance,
    documentation: key.documentation ?? null,
    group: key.group ?? null,
    width: key.width,
    display_name: key.displayName,
    dependents: [...key.dependents],
    order: key.orderInGroup,
  };
}

/** A validated value as the REST API shows it; `type` is null for a value with no key. */
export function configValueInfo(value: ConfigValue, type: ConfigType | null): ConfigValueInfo {
  // A LIST key's recommendations are single elements, written as strings.
  const recommendedType = type === 'LIST' ? 'STRING' : type;
  return {
    name: value.name,
    value: convertToString(value.value, type),
    recommended_values: value.recommendedValues.map((v) => convertToString(v, recommendedType)),
    errors: [...value.errorMessages],
    visible: value.visible,
  };
}

/** The GET /connector-plugins/{p}/config answer for one definition. */
export function configKeyInfos(configKeys: ReadonlyMap<string, ConfigKey>): ConfigKeyInfo[] {
  return [...configKeys.values()].map((key) => configKeyInfo(key));
}

/**
 * The validate answer, as Kafka's AbstractHerder.generateResult: values with no declared key
 * first (in the given order), then every declared key in definition order with its value (or
 * null). `error_count` counts every error message of both.
 */
export function configInfos(
  name: string,
  configKeys: ReadonlyMap<string, ConfigKey>,
  configValues: Iterable<ConfigValue>,
  groups: readonly string[],
): ConfigInfos {
  let errorCount = 0;
  const configs: ConfigInfo[] = [];
  const valuesByName = new Map<string, ConfigValue>();
  for (const value of configValues) {
    valuesByName.set(value.name, value);
    if (!configKeys.has(value.name)) {
      configs.push({ definition: null, value: configValueInfo(value, null) });
      errorCount += value.errorMessages.length;
    }
  }
  for (const [keyName, key] of configKeys) {
    const value = valuesByName.get(keyName);
    if (value) errorCount += value.errorMessages.length;
    configs.push({ definition: configKeyInfo(key), value: value ? configValueInfo(value, key.type) : null });
  }
  return { name, error_count: errorCount, groups: [...groups], configs };
}

/** Several validate answers as one (framework, connector, converters...): groups de-duplicated. */
export function mergeConfigInfos(name: string, ...parts: (ConfigInfos | null)[]): ConfigInfos {
  let errorCount = 0;
  const groups = new Set<string>();
  const configs: ConfigInfo[] = [];
  for (const part of parts) {
    if (!part) continue;
    errorCount += part.error_count;
    for (const group of part.groups) groups.add(group);
    configs.push(...part.configs);
  }
  return { name, error_count: errorCount, groups: [...groups], configs };
}
