/**
 * The shape in which packages hand their plugins to the registry: a list of classes with the Java
 * class names they stand in for (the first is the one listed; the others, and `aliases`, are
 * extra names) and their kind. Both shapes our packages export are accepted:
 * `{ class, javaNames, aliases, kind }` (@tsconnect/transforms' builtinTransforms, cdcTransforms)
 * and `{ type, javaClassNames, aliases, kind: 'converter' | 'header_converter' | 'both' }`
 * (@tsconnect/converters' builtinConverters).
 */
import { PluginKind } from './plugin-kind.js';
import type { PluginClass, PluginEntry } from './plugin-registry.js';

type AnyClass = abstract new () => unknown;

export interface PluginTableEntry {
  readonly class?: AnyClass;
  /** The class, under the name @tsconnect/converters uses. */
  readonly type?: AnyClass;
  /** Java class names, the listed one first. Without them, the class's static `className`. */
  readonly javaNames?: readonly string[];
  readonly javaClassNames?: readonly string[];
  readonly aliases?: readonly string[];
  /** One kind, several, or 'both' for a converter that is also a header converter. */
  readonly kind: PluginKind | 'both' | readonly PluginKind[];
  /** Defaults to the version of the package the table comes from. */
  readonly version?: string | null;
}

function staticClassName(pluginClass: AnyClass): string {
  const declared = (pluginClass as { className?: unknown }).className;
  return typeof declared === 'string' ? declared : pluginClass.name;
}

function kindsOf(kind: PluginTableEntry['kind']): readonly PluginKind[] {
  if (kind === 'both') return [PluginKind.CONVERTER, PluginKind.HEADER_CONVERTER];
  return typeof kind === 'string' ? [kind] : kind;
}

/** Registry entries for a table; `version` is the default version of its plugins. */
export function tableEntries(table: Iterable<PluginTableEntry>, version: string | null): PluginEntry[] {
  const entries: PluginEntry[] = [];
  for (const row of table) {
    const pluginClass = row.class ?? row.type;
    if (!pluginClass) throw new TypeError('A plugin table entry needs its class');
    const javaNames = row.javaNames ?? row.javaClassNames ?? [];
    const [className, ...otherNames] = javaNames.length > 0 ? javaNames : [staticClassName(pluginClass)];
    for (const kind of kindsOf(row.kind)) {
      entries.push({
        className: className!,
        kind,
        version: row.version === undefined ? version : row.version,
        aliases: [...otherNames, ...(row.aliases ?? [])],
        location: 'classpath',
        load: () => Promise.resolve(pluginClass as PluginClass<unknown>),
      });
    }
  }
  return entries;
}
