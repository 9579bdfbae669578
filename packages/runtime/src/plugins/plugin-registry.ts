/**
 * The plugins a worker can instantiate, by kind, found by the names Kafka accepts: the full Java
 * class name, the simple name, or the simple name without its kind's suffix ("FileStreamSink"),
 * as Kafka's PluginUtils.computeAliases builds them (an alias two classes share is dropped), plus
 * any extra aliases an entry declares (our own names). An entry is loaded only when asked for,
 * so plugins discovered on disk can be listed without importing them; the same class may be
 * registered in several versions, the latest answering when no version is asked for.
 */
import { ConnectException } from '@tsconnect/api';
import type { PluginInfo, PluginType } from '../model/entities.js';
import { compareVersions } from './compare-versions.js';
import { ALIAS_SUFFIX, CONNECTOR_KINDS, LISTED_PLUGIN_KINDS, type PluginKind } from './plugin-kind.js';
import { PluginVersionRange } from './plugin-version-range.js';

export { compareVersions };

/** A plugin class: instantiated with no arguments, as Kafka instantiates plugins. */
export type PluginClass<T = unknown> = new () => T;

export interface PluginEntry<T = unknown> {
  /** The Java class name the plugin answers to, nested classes with `$` (`InsertField$Value`). */
  readonly className: string;
  readonly kind: PluginKind;
  /** null for a plugin with no version (Kafka prints "undefined"). */
  readonly version: string | null;
  /** Extra names it answers to, besides those derived from the class name. */
  readonly aliases?: readonly string[];
  /** Where it came from, as Kafka's PluginDesc shows it ("classpath" for built-ins). */
  readonly location?: string;
  load(): Promise<PluginClass<T>>;
}


const UNDEFINED_VERSION = 'undefined';

/** Java's Class.getSimpleName: the part after the last `.` and, for nested classes, `$`. */
export function simpleClassName(className: string): string {
  return className.slice(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
}

/** The simple name without the kind's suffix, when the suffix is not the whole name. */
export function prunedClassName(className: string, kind: PluginKind): string {
  const simple = simpleClassName(className);
  const position = simple.lastIndexOf(ALIAS_SUFFIX[kind]);
  return position > 0 ? simple.slice(0, position) : simple;
}

function byNameThenVersion(a: PluginEntry, b: PluginEntry): number {
  if (a.className !== b.className) return a.className < b.className ? -1 : 1;
  return compareVersions(a.version ?? UNDEFINED_VERSION, b.version ?? UNDEFINED_VERSION);
}

/** Kafka's PluginDesc.toString, which its "no such connector" messages list. */
function describe(entry: PluginEntry): string {
  const version = entry.version ?? UNDEFINED_VERSION;
  return (
    `PluginDesc{klass=class ${entry.className}, name='${entry.className}', version='${version}', ` +
    `encodedVersion=${version}, type=${entry.kind}, typeName='${entry.kind}', location='${entry.location ?? 'classpath'}'}`
  );
}

function pick(candidates: readonly PluginEntry[], range: PluginVersionRange | null): PluginEntry | null {
  if (range === null) return candidates.at(-1) ?? null;
  const chosen = range.match(candidates.flatMap((e) => (e.version === null ? [] : [e.version])));
  return chosen === null ? null : (candidates.findLast((e) => e.version !== null && compareVersions(e.version, chosen) === 0) ?? null);
}

export class PluginRegistry {
  readonly #entries: PluginEntry[] = [];
  #aliases: Map<string, string> | null = null;

  /** Adds plugins; registering the same class, kind and version twice keeps the first. */
  register(...entries: PluginEntry[]): this {
    for (const entry of entries) {
      const duplicate = this.#entries.some(
        (e) => e.className === entry.className && e.kind === entry.kind && e.version === entry.version,
      );
      if (!duplicate) this.#entries.push(entry);
    }
    this.#aliases = null;
    return this;
  }

  registerAll(entries: Iterable<PluginEntry>): this {
    return this.register(...entries);
  }

  /** The entries of the given kinds (all when none), sorted by class name then version. */
  plugins(...kinds: PluginKind[]): PluginEntry[] {
    return this.#entries.filter((e) => kinds.length === 0 || kinds.includes(e.kind)).sort(byNameThenVersion);
  }

  #aliasTable(): Map<string, string> {
    if (this.#aliases) return this.#aliases;
    const candidates = new Map<string, Set<string>>();
    const add = (alias: string, className: string) => {
      if (!candidates.has(alias)) candidates.set(alias, new Set());
      candidates.get(alias)!.add(className);
    };
    for (const entry of this.#entries) {
      add(simpleClassName(entry.className), entry.className);
      add(prunedClassName(entry.className, entry.kind), entry.className);
      for (const alias of entry.aliases ?? []) add(alias, entry.className);
    }
    this.#aliases = new Map();
    for (const [alias, classNames] of candidates) {
      if (classNames.size === 1) this.#aliases.set(alias, [...classNames][0]!);
    }
    return this.#aliases;
  }

  /** The full class name `name` stands for (itself when it is one, or is unknown). */
  resolveClassName(name: string): string {
    if (this.#entries.some((e) => e.className === name)) return name;
    return this.#aliasTable().get(name) ?? name;
  }

  /**
   * The entry `name` (class name or alias) refers to among `kinds`, in the version `version` asks
   * for (see PluginVersionRange: null or "latest" for the latest, a version, or a Maven range):
   * the highest version it allows. null when there is none, or the requirement does not parse.
   */
  find(name: string, kinds: readonly PluginKind[], version: string | null = null): PluginEntry | null {
    const candidates = this.#candidates(name, kinds);
    let range: PluginVersionRange | null;
    try {
      range = PluginVersionRange.parse(version);
    } catch {
      return null;
    }
    return pick(candidates, range);
  }

  #candidates(name: string, kinds: readonly PluginKind[]): PluginEntry[] {
    const className = this.resolveClassName(name);
    return this.#entries.filter((e) => e.className === className && kinds.includes(e.kind)).sort(byNameThenVersion);
  }

  /**
   * Kafka's VersionedPluginLoadingException when `name` is installed, but in no version `version`
   * allows; null when it is absent, or a version fits.
   */
  versionMismatch(name: string, kinds: readonly PluginKind[], version: string | null): ConnectException | null {
    const installed = this.installedVersions(name, kinds);
    if (installed === null) return null;
    let range: PluginVersionRange | null;
    try {
      range = PluginVersionRange.parse(version);
    } catch (error) {
      return error as ConnectException;
    }
    if (pick(this.#candidates(name, kinds), range)) return null;
    return new ConnectException(
      `Plugin loader for ${installed.className} not found that matches the version range ${range}, available versions: [${installed.versions.join(', ')}]`,
    );
  }

  /** The class `name` stands for and its installed versions, or null when none is installed. */
  installedVersions(name: string, kinds: readonly PluginKind[]): { className: string; versions: string[] } | null {
    const candidates = this.#candidates(name, kinds);
    if (candidates.length === 0) return null;
    return { className: candidates[0]!.className, versions: candidates.map((e) => e.version ?? UNDEFINED_VERSION) };
  }

  /**
   * The connector `name` refers to, as Kafka's Plugins.connectorClass finds it: by class name or
   * alias, else by a simple name equal to `name` or `name + "Connector"`.
   * @throws ConnectException with Kafka's messages when none or several match.
   */
  connector(name: string, version: string | null = null): PluginEntry {
    const found = this.find(name, CONNECTOR_KINDS, version);
    if (found) return found;
    const mismatch = this.versionMismatch(name, CONNECTOR_KINDS, version);
    if (mismatch) throw mismatch;
    const range = PluginVersionRange.parse(version);
    const connectors = this.plugins(...CONNECTOR_KINDS);
    const matches = connectors.filter((e) => {
      const simple = simpleClassName(e.className);
      return (simple === name || simple === `${name}Connector`) && (range === null || (e.version !== null && range.contains(e.version)));
    });
    if (matches.length === 0) {
      throw new ConnectException(
        `Failed to find any class that implements Connector and which name matches ${name}, available connectors are: ${connectors.map(describe).join(', ')}`,
      );
    }
    const classNames = new Set(matches.map((e) => e.className));
    if (classNames.size > 1) {
      throw new ConnectException(
        `More than one connector matches alias ${name}. Please use full package and class name instead. Classes found: ${matches.map(describe).join(', ')}`,
      );
    }
    return matches.at(-1)!;
  }

  /**
   * A new instance of the plugin `name` of one of `kinds`, or null when there is none.
   * @throws ConnectException when it is installed, but in no version `version` allows.
   */
  async newInstance<T>(name: string, kinds: readonly PluginKind[], version: string | null = null): Promise<T | null> {
    const entry = this.find(name, kinds, version);
    if (!entry) {
      const mismatch = this.versionMismatch(name, kinds, version);
      if (mismatch) throw mismatch;
      return null;
    }
    const PluginClass = (await entry.load()) as PluginClass<T>;
    return new PluginClass();
  }

  /**
   * `GET /connector-plugins`: sinks, sources, then (unless connectorsOnly) transformations,
   * predicates, converters and header converters, each sorted by class name and version.
   */
  pluginInfos(connectorsOnly = true): PluginInfo[] {
    const kinds = connectorsOnly ? CONNECTOR_KINDS : LISTED_PLUGIN_KINDS;
    return kinds.flatMap((kind) =>
      this.plugins(kind).map((entry) => {
        const info: PluginInfo = { class: entry.className, type: entry.kind as PluginType };
        if (entry.version !== null && entry.version !== UNDEFINED_VERSION) info.version = entry.version;
        return info;
      }),
    );
  }
}

