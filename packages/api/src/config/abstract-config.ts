/**
 * A parsed configuration a plugin reads its settings from, as Kafka's AbstractConfig: construct
 * it from a ConfigDef and the properties (parsing throws ConfigException on the first bad key),
 * then read typed values by key. Extend it to add accessors named after your settings.
 */
import { ConfigException } from '../errors.js';
import type { ConfigDef, ConfigProps } from './config-def.js';
import type { ConfigType } from './config-type.js';
import type { ClassValue } from './parse-type.js';
import { Password } from './password.js';

export class AbstractConfig {
  readonly definition: ConfigDef;
  readonly #originals: Record<string, unknown>;
  readonly #values: Record<string, unknown>;

  constructor(definition: ConfigDef, originals: ConfigProps) {
    this.definition = definition;
    this.#originals = { ...originals };
    this.#values = definition.parse(this.#originals);
  }

  /**
   * The parsed value of a defined key (null when its default is null).
   * @throws ConfigException `Unknown configuration 'x'` for a key the definition lacks.
   */
  get(key: string): unknown {
    if (!Object.hasOwn(this.#values, key)) throw new ConfigException(`Unknown configuration '${key}'`);
    return this.#values[key];
  }

  #typed<T>(key: string, type: ConfigType, check: (value: unknown) => boolean): T | null {
    const value = this.get(key);
    const declared = this.definition.configKeys.get(key)!.type;
    if (value !== null && (declared !== type || !check(value))) {
      throw new ConfigException(`Configuration '${key}' is of type ${declared}, not ${type}`);
    }
    return value as T | null;
  }

  /** Numbers and booleans are expected to have a value; use get() for a key that may be null. Strings and lists: requireString/requireList. */
  #required<T>(key: string, value: T | null): T {
    if (value === null) throw new ConfigException(`Configuration '${key}' has no value`);
    return value;
  }

  getString(key: string): string | null {
    return this.#typed(key, 'STRING', (v) => typeof v === 'string');
  }

  getList(key: string): string[] | null {
    return this.#typed(key, 'LIST', Array.isArray);
  }

  /**
   * A string key that always has a value (a default other than null, or no default so that it is
   * required): the value, never null, so callers need not assert it.
   * @throws ConfigException `Configuration 'x' has no value` for a key whose default is null.
   */
  requireString(key: string): string {
    return this.#required(key, this.getString(key));
  }

  /**
   * A list key that always has a value (a default other than null, or required): the value, never
   * null.
   * @throws ConfigException `Configuration 'x' has no value` for a key whose default is null.
   */
  requireList(key: string): string[] {
    return this.#required(key, this.getList(key));
  }

  getPassword(key: string): Password | null {
    return this.#typed(key, 'PASSWORD', (v) => v instanceof Password);
  }

  getClass(key: string): ClassValue | null {
    return this.#typed(key, 'CLASS', (v) => typeof v === 'string' || typeof v === 'function');
  }

  getBoolean(key: string): boolean {
    return this.#required(key, this.#typed<boolean>(key, 'BOOLEAN', (v) => typeof v === 'boolean'));
  }

  getInt(key: string): number {
    return this.#required(key, this.#typed<number>(key, 'INT', (v) => typeof v === 'number'));
  }

  getShort(key: string): number {
    return this.#required(key, this.#typed<number>(key, 'SHORT', (v) => typeof v === 'number'));
  }

  /** A JS number: exact up to 2^53. */
  getLong(key: string): number {
    return this.#required(key, this.#typed<number>(key, 'LONG', (v) => typeof v === 'number'));
  }

  getDouble(key: string): number {
    return this.#required(key, this.#typed<number>(key, 'DOUBLE', (v) => typeof v === 'number'));
  }

  /** Every parsed value, by key. */
  values(): Record<string, unknown> {
    return { ...this.#values };
  }

  /** The properties as given, including keys the definition does not know. */
  originals(): Record<string, unknown> {
    return { ...this.#originals };
  }

  /**
   * The given properties whose key starts with `prefix` (and is longer than it), with the prefix
   * removed unless `strip` is false: how a plugin hands `my.client.*` settings to a library.
   */
  originalsWithPrefix(prefix: string, strip = true): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.#originals)) {
      if (key.startsWith(prefix) && key.length > prefix.length) {
        result[strip ? key.slice(prefix.length) : key] = value;
      }
    }
    return result;
  }

  /**
   * The parsed values, where a property `<prefix><key>` for a defined key overrides that key's
   * value (parsed and validated as the key itself would be).
   */
  valuesWithPrefixOverride(prefix: string): Record<string, unknown> {
    const result = this.values();
    for (const [name, value] of Object.entries(this.originalsWithPrefix(prefix))) {
      const key = this.definition.configKeys.get(name);
      if (key) result[name] = this.definition.parseValue(key, value, true);
    }
    return result;
  }
}
