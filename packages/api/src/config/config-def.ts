/**
 * A plugin's configuration, declared once: keys with types, defaults, validators, documentation
 * and UI hints. `parse` turns string properties into typed values (throwing on the first problem),
 * `validate` collects every problem per key for the REST validate endpoint. Behaves as Kafka's
 * org.apache.kafka.common.config.ConfigDef, with the same messages.
 */
import { ConfigException } from '../errors.js';
import { ConfigKey, type ConfigKeyOptions } from './config-key.js';
import { ConfigValue } from './config-value.js';
import { javaHashSetOrder } from './java-text.js';
import { parseType } from './parse-type.js';

/** Configuration properties as given: strings from the REST API, or already typed values. */
export type ConfigProps = Readonly<Record<string, unknown>>;

function missingRequired(name: string): string {
  return `Missing required configuration "${name}" which has no default value.`;
}

/** Runs `action`, turning a ConfigException into an error message on `value`. */
function collectConfigError(value: ConfigValue, action: () => void): void {
  try {
    action();
  } catch (error) {
    if (!(error instanceof ConfigException)) throw error;
    value.addErrorMessage(error.message);
  }
}

export class ConfigDef {
  readonly #keys: Map<string, ConfigKey>;
  readonly #groups: string[];

  /** A new definition, holding a copy of `base`'s keys when given. */
  constructor(base?: ConfigDef) {
    this.#keys = new Map(base ? base.#keys : []);
    this.#groups = base ? [...base.#groups] : [];
  }

  /**
   * Declares a key. Without `defaultValue` it is required.
   * @throws ConfigException if the name is already defined, or the default is invalid.
   */
  define(key: ConfigKeyOptions | ConfigKey): this {
    const configKey = key instanceof ConfigKey ? key : new ConfigKey(key);
    if (this.#keys.has(configKey.name)) {
      throw new ConfigException(`Configuration ${configKey.name} is defined twice.`);
    }
    if (configKey.group !== null && !this.#groups.includes(configKey.group)) this.#groups.push(configKey.group);
    this.#keys.set(configKey.name, configKey);
    return this;
  }

  /** The keys, in definition order. */
  get configKeys(): ReadonlyMap<string, ConfigKey> {
    return this.#keys;
  }

  /** The groups, in the order their first key was defined. */
  get groups(): readonly string[] {
    return this.#groups;
  }

  names(): string[] {
    return [...this.#keys.keys()];
  }

  /** The parsed defaults of the keys that have one. */
  defaultValues(): Record<string, unknown> {
    const defaults: Record<string, unknown> = {};
    for (const key of this.#keys.values()) if (key.hasDefault()) defaults[key.name] = key.defaultValue;
    return defaults;
  }

  /**
   * Parses and validates every defined key (undefined values count as absent, null as set to
   * null). Keys in `props` that are not defined are ignored.
   * @throws ConfigException for the first key that is missing, unparseable or invalid.
   */
  parse(props: ConfigProps): Record<string, unknown> {
    const undefinedKeys = this.#undefinedDependents();
    if (undefinedKeys.length > 0) {
      throw new ConfigException(
        `Some configurations in are referred in the dependents, but not defined: ${undefinedKeys.join(',')}`,
      );
    }
    const values: Record<string, unknown> = {};
    for (const key of this.#keys.values()) {
      values[key.name] = this.parseValue(key, props[key.name], props[key.name] !== undefined);
    }
    return values;
  }

  /** Parses one key's value, or takes its default when not set, then runs its validator. */
  parseValue(key: ConfigKey, value: unknown, isSet: boolean): unknown {
    let parsed: unknown;
    if (isSet) parsed = parseType(key.name, value, key.type);
    else if (!key.hasDefault()) throw new ConfigException(missingRequired(key.name));
    else parsed = key.defaultValue;
    key.validator?.ensureValid(key.name, parsed);
    return parsed;
  }

  /** Validates `props`, one ConfigValue per key (definition order), errors collected not thrown. */
  validate(props: Readonly<Record<string, string>>): ConfigValue[] {
    return [...this.validateAll(props).values()];
  }

  /**
   * As `validate`, by key name. Keys named in some `dependents` list but never defined get a
   * ConfigValue with an error and `visible: false`. Dependents are parsed after their parents and
   * recommenders see every parsed value.
   */
  validateAll(props: Readonly<Record<string, string>>): Map<string, ConfigValue> {
    const configValues = new Map<string, ConfigValue>();
    for (const name of this.#keys.keys()) configValues.set(name, new ConfigValue(name));
    for (const name of this.#undefinedDependents()) {
      const value = new ConfigValue(name);
      value.addErrorMessage(`${name} is referred in the dependents, but not defined.`);
      value.visible = false;
      configValues.set(name, value);
    }
    const parsed: Record<string, unknown> = {};
    const roots = this.#keysWithNoParent();
    for (const name of roots) this.#parseForValidate(name, props, parsed, configValues);
    for (const name of roots) this.#recommend(name, parsed, configValues);
    return configValues;
  }

  #undefinedDependents(): string[] {
    const names: string[] = [];
    for (const key of this.#keys.values()) {
      for (const dependent of key.dependents) if (!this.#keys.has(dependent)) names.push(dependent);
    }
    return javaHashSetOrder(names);
  }

  #keysWithNoParent(): string[] {
    const children = new Set<string>();
    for (const key of this.#keys.values()) for (const dependent of key.dependents) children.add(dependent);
    return [...this.#keys.keys()].filter((name) => !children.has(name));
  }

  #parseForValidate(
    name: string,
    props: Readonly<Record<string, string>>,
    parsed: Record<string, unknown>,
    configValues: Map<string, ConfigValue>,
  ): void {
    const key = this.#keys.get(name);
    if (!key) return;
    const configValue = configValues.get(name)!;
    let value: unknown = null;
    if (Object.hasOwn(props, name)) {
      collectConfigError(configValue, () => {
        value = parseType(name, props[name], key.type);
      });
    } else if (!key.hasDefault()) {
      configValue.addErrorMessage(missingRequired(name));
    } else {
      value = key.defaultValue;
    }
    if (key.validator) collectConfigError(configValue, () => key.validator!.ensureValid(name, value));
    configValue.value = value;
    parsed[name] = value;
    for (const dependent of key.dependents) this.#parseForValidate(dependent, props, parsed, configValues);
  }

  #recommend(name: string, parsed: Record<string, unknown>, configValues: Map<string, ConfigValue>): void {
    const key = this.#keys.get(name);
    if (!key) return;
    const configValue = configValues.get(name)!;
    const recommender = key.recommender;
    if (recommender) {
      collectConfigError(configValue, () => {
        let recommended = [...recommender.validValues(name, parsed)];
        // A key reached through several parents keeps only values every parent's pass recommended.
        if (configValue.recommendedValues.length > 0) {
          const earlier = new Set(configValue.recommendedValues);
          recommended = recommended.filter((v) => earlier.has(v));
        }
        configValue.recommendedValues = recommended;
        configValue.visible = recommender.visible(name, parsed);
      });
    }
    for (const dependent of key.dependents) this.#recommend(dependent, parsed, configValues);
  }
}
