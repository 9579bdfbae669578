import { CastKey, CastValue } from '../smt/cast.js';
import { DropHeaders } from '../smt/drop-headers.js';
import { ExtractFieldKey, ExtractFieldValue } from '../smt/extract-field.js';
import { Filter } from '../smt/filter.js';
import { FlattenKey, FlattenValue } from '../smt/flatten.js';
import { HeaderFromKey, HeaderFromValue } from '../smt/header-from.js';
import { HoistFieldKey, HoistFieldValue } from '../smt/hoist-field.js';
import { InsertFieldKey, InsertFieldValue } from '../smt/insert-field.js';
import { InsertHeader } from '../smt/insert-header.js';
import { MaskFieldKey, MaskFieldValue } from '../smt/mask-field.js';
import { RegexRouter } from '../smt/regex-router.js';
import { ReplaceFieldKey, ReplaceFieldValue } from '../smt/replace-field.js';
import { SetSchemaMetadataKey, SetSchemaMetadataValue } from '../smt/set-schema-metadata.js';
import { TimestampConverterKey, TimestampConverterValue } from '../smt/timestamp-converter.js';
import { TimestampRouter } from '../smt/timestamp-router.js';
import { ValueToKey } from '../smt/value-to-key.js';
import { HasHeaderKey } from '../predicates/has-header-key.js';
import { RecordIsTombstone } from '../predicates/record-is-tombstone.js';
import { TopicNameMatches } from '../predicates/topic-name-matches.js';

export type PluginKind = 'transformation' | 'predicate';

/** A plugin class the worker can instantiate with `new` and then `configure`. */
export type PluginClass = new () => unknown;

/** One built-in plugin, in the shape of `cdcTransforms` entries. */
export interface BuiltinTransformEntry {
  /** The class, constructed without arguments. */
  readonly class: PluginClass;
  /** The Java class names connector configs use in `transforms.<alias>.type` (`...InsertField$Value`). */
  readonly javaNames: readonly string[];
  /** Short names Kafka also accepts (the simple name of a top-level class, as Kafka's plugin aliases). */
  readonly aliases: readonly string[];
  readonly kind: PluginKind;
}

const TRANSFORMATIONS = [
  CastKey, CastValue, DropHeaders, ExtractFieldKey, ExtractFieldValue, Filter, FlattenKey, FlattenValue,
  HeaderFromKey, HeaderFromValue, HoistFieldKey, HoistFieldValue, InsertFieldKey, InsertFieldValue, InsertHeader,
  MaskFieldKey, MaskFieldValue, RegexRouter, ReplaceFieldKey, ReplaceFieldValue, SetSchemaMetadataKey,
  SetSchemaMetadataValue, TimestampConverterKey, TimestampConverterValue, TimestampRouter, ValueToKey,
];
const PREDICATES = [HasHeaderKey, RecordIsTombstone, TopicNameMatches];

function entry(plugin: PluginClass & { readonly className: string }, kind: PluginKind): BuiltinTransformEntry {
  const simpleName = plugin.className.slice(plugin.className.lastIndexOf('.') + 1);
  return { class: plugin, javaNames: [plugin.className], aliases: simpleName.includes('$') ? [] : [simpleName], kind };
}

/** Kafka's built-in transformations and predicates (connect-transforms), by Java class name. */
export const builtinTransforms: readonly BuiltinTransformEntry[] = Object.freeze([
  ...TRANSFORMATIONS.map((plugin) => entry(plugin, 'transformation')),
  ...PREDICATES.map((plugin) => entry(plugin, 'predicate')),
]);

/** The built-in class for a Java class name or alias, or undefined: a resolver for `createTransformChain`. */
export function resolveBuiltinTransform(className: string): PluginClass | undefined {
  return builtinTransforms.find((e) => e.javaNames.includes(className) || e.aliases.includes(className))?.class;
}
