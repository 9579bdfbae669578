/**
 * One declared configuration key: everything `ConfigDef.define` was told about it. The default
 * is parsed to the key's type, and checked by its validator, when the key is declared, so a bad
 * default fails at plugin load rather than at the first connector start.
 */
import type { ConfigType, Importance, Width } from './config-type.js';
import { parseType } from './parse-type.js';
import type { Recommender } from './recommender.js';
import type { Validator } from './validators.js';

/** The default of a key that has none: the key is required. */
export const NO_DEFAULT: unique symbol = Symbol('NO_DEFAULT');
export type NoDefault = typeof NO_DEFAULT;

export interface ConfigKeyOptions {
  name: string;
  type: ConfigType;
  /** Leave out (or pass NO_DEFAULT) to make the key required; null is a real default. */
  defaultValue?: unknown;
  validator?: Validator | null;
  importance: Importance;
  documentation: string | null;
  /** Kafka's REST validate shows groups, and keys within a group by orderInGroup. */
  group?: string | null;
  /** Defaults to -1, as for Kafka keys defined without a group. */
  orderInGroup?: number;
  /** Defaults to NONE. */
  width?: Width;
  /** Defaults to the key's name. */
  displayName?: string;
  /** Keys whose recommendations or visibility depend on this key's value. */
  dependents?: string[];
  recommender?: Recommender | null;
  /** Internal keys are left out of generated documentation. */
  internalConfig?: boolean;
}

export class ConfigKey {
  readonly name: string;
  readonly type: ConfigType;
  /** The parsed default, or NO_DEFAULT for a required key. */
  readonly defaultValue: unknown;
  readonly validator: Validator | null;
  readonly importance: Importance;
  readonly documentation: string | null;
  readonly group: string | null;
  readonly orderInGroup: number;
  readonly width: Width;
  readonly displayName: string;
  readonly dependents: readonly string[];
  readonly recommender: Recommender | null;
  readonly internalConfig: boolean;

  constructor(options: ConfigKeyOptions) {
    this.name = options.name;
    this.type = options.type;
    const hasDefault = options.defaultValue !== undefined && options.defaultValue !== NO_DEFAULT;
    this.defaultValue = hasDefault ? parseType(options.name, options.defaultValue, options.type) : NO_DEFAULT;
    this.validator = options.validator ?? null;
    if (this.validator && hasDefault) this.validator.ensureValid(this.name, this.defaultValue);
    this.importance = options.importance;
    this.documentation = options.documentation;
    this.group = options.group ?? null;
    this.orderInGroup = options.orderInGroup ?? -1;
    this.width = options.width ?? 'NONE';
    this.displayName = options.displayName ?? options.name;
    this.dependents = [...(options.dependents ?? [])];
    this.recommender = options.recommender ?? null;
    this.internalConfig = options.internalConfig ?? false;
  }

  hasDefault(): boolean {
    return this.defaultValue !== NO_DEFAULT;
  }
}
