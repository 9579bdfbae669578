import {
  AbstractConfig, ConfigDef, ConfigException, ConfigType, Importance, LambdaValidator, LruCache, SchemaBuilder, Struct, javaToString,
  type ConnectRecord, type Schema, type Transformation, type Versioned,
} from '@tsconnect/api';
import { javaSplit } from '../util/java-format.js';
import { KEY, VALUE, type RecordPart } from '../util/record-part.js';
import { fieldValue, REPLACE_NULL_WITH_DEFAULT_CONFIG, REPLACE_NULL_WITH_DEFAULT_KEY } from '../util/replace-null-with-default.js';
import { requireMap, requireStruct } from '../util/requirements.js';
import { copySchemaBasics } from '../util/schema-util.js';
import { TRANSFORMS_VERSION } from '../util/version.js';

const EXCLUDE = 'exclude';
const INCLUDE = 'include';
const RENAMES = 'renames';
/** Deprecated names of include and exclude (Kafka 2.x), still accepted when the new names are unset. */
const WHITELIST = 'whitelist';
const BLACKLIST = 'blacklist';
const PURPOSE = 'field replacement';

/** `old:new` pairs; anything but exactly one colon is a config error, worded as Kafka's. */
function parseRenameMappings(mappings: readonly string[]): Map<string, string> {
  const renames = new Map<string, string>();
  for (const mapping of mappings) {
    const parts = javaSplit(mapping, ':');
    if (parts.length !== 2) throw new ConfigException(RENAMES, javaToString(mappings), `Invalid rename mapping: ${mapping}`);
    renames.set(parts[0]!, parts[1]!);
  }
  return renames;
}

const CONFIG_DEF = new ConfigDef()
  .define({ name: EXCLUDE, type: ConfigType.LIST, defaultValue: [], importance: Importance.MEDIUM,
    documentation: 'Fields to exclude. This takes precedence over the fields to include.' })
  .define({ name: INCLUDE, type: ConfigType.LIST, defaultValue: [], importance: Importance.MEDIUM,
    documentation: 'Fields to include. If specified, only these fields will be used.' })
  .define({ name: RENAMES, type: ConfigType.LIST, defaultValue: [],
    validator: LambdaValidator.with((_name, value) => { parseRenameMappings((value ?? []) as string[]); },
      () => 'list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>'),
    importance: Importance.MEDIUM, documentation: 'Field rename mappings.' })
  .define({ name: BLACKLIST, type: ConfigType.LIST, defaultValue: null, importance: Importance.LOW,
    documentation: `Deprecated. Use ${EXCLUDE} instead.` })
  .define({ name: WHITELIST, type: ConfigType.LIST, defaultValue: null, importance: Importance.LOW,
    documentation: `Deprecated. Use ${INCLUDE} instead.` })
  .define(REPLACE_NULL_WITH_DEFAULT_KEY);

/**
 * Kafka's `ReplaceField`: keeps, drops and renames top-level fields of a Struct or schemaless map.
 * `exclude` wins over `include`; renames apply to the kept fields. Tombstones pass unchanged.
 */
export abstract class ReplaceField<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
  static readonly OVERVIEW_DOC = 'Filter or rename fields.<p/>Use the concrete transformation type designed for ' +
    'the record key (<code>org.apache.kafka.connect.transforms.ReplaceField$Key</code>) or value ' +
    '(<code>org.apache.kafka.connect.transforms.ReplaceField$Value</code>).';
  static readonly CONFIG_DEF = CONFIG_DEF;

  #exclude = new Set<string>();
  #include = new Set<string>();
  #renames = new Map<string, string>();
  #reverseRenames = new Map<string, string>();
  #replaceNullWithDefault = true;
  #schemaUpdateCache = LruCache.bySchema<Schema>(16);

  readonly #part: RecordPart;

  protected constructor(part: RecordPart) {
    this.#part = part;
  }

  version(): string {
    return TRANSFORMS_VERSION;
  }

  configure(configs: Record<string, unknown>): void {
    const config = new AbstractConfig(CONFIG_DEF, withDeprecatedNames(configs));
    this.#exclude = new Set(config.getList(EXCLUDE));
    this.#include = new Set(config.getList(INCLUDE));
    this.#renames = parseRenameMappings(config.getList(RENAMES) ?? []);
    this.#reverseRenames = new Map([...this.#renames].map(([from, to]) => [to, from]));
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG);
    this.#schemaUpdateCache = LruCache.bySchema<Schema>(16);
  }

  /** True when the field is kept: not excluded, and included when an include list is given. */
  filter(fieldName: string): boolean {
    return !this.#exclude.has(fieldName) && (this.#include.size === 0 || this.#include.has(fieldName));
  }

  renamed(fieldName: string): string {
    return this.#renames.get(fieldName) ?? fieldName;
  }

  reverseRenamed(fieldName: string): string {
    return this.#reverseRenames.get(fieldName) ?? fieldName;
  }

  apply(record: R): R {
    const value = this.#part.value(record);
    if (value === null) return record;
    return this.#part.schema(record) === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, value);
  }

  #applySchemaless(record: R, value: unknown): R {
    const updated: Record<string, unknown> = {};
    for (const [name, fieldValue] of Object.entries(requireMap(value, PURPOSE))) {
      if (this.filter(name)) updated[this.renamed(name)] = fieldValue;
    }
    return this.#part.update(record, null, updated);
  }

  #applyWithSchema(record: R, value: unknown): R {
    const struct = requireStruct(value, PURPOSE);
    const updatedSchema = this.#schemaUpdateCache.computeIfAbsent(struct.schema, (s) => this.#makeUpdatedSchema(s));
    const updated = new Struct(updatedSchema);
    for (const field of updatedSchema.fields) {
      updated.put(field.name, fieldValue(struct, this.reverseRenamed(field.name), this.#replaceNullWithDefault));
    }
    return this.#part.update(record, updatedSchema, updated);
  }

  #makeUpdatedSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const field of schema.fields) {
      if (this.filter(field.name)) builder.addField(this.renamed(field.name), field.schema);
    }
    return builder.build();
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {
    this.#schemaUpdateCache = LruCache.bySchema<Schema>(16);
  }
}

/** `whitelist`/`blacklist` stand in for `include`/`exclude` when those are not set. */
function withDeprecatedNames(configs: Record<string, unknown>): Record<string, unknown> {
  const translated = { ...configs };
  if (translated[INCLUDE] === undefined && translated[WHITELIST] != null) translated[INCLUDE] = translated[WHITELIST];
  if (translated[EXCLUDE] === undefined && translated[BLACKLIST] != null) translated[EXCLUDE] = translated[BLACKLIST];
  return translated;
}

export class ReplaceFieldKey<R extends ConnectRecord<R>> extends ReplaceField<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.ReplaceField$Key';
  constructor() { super(KEY); }
}

export class ReplaceFieldValue<R extends ConnectRecord<R>> extends ReplaceField<R> {
  static readonly className = 'org.apache.kafka.connect.transforms.ReplaceField$Value';
  constructor() { super(VALUE); }
}
