/**
 * Kafka's ConnectorConfig.enrich: for each alias listed in `transforms` and `predicates`, the
 * definition gains `<prefix>type` (group "Transforms: <alias>" / "Predicates: <alias>", order 0),
 * `<prefix>plugin.version` (order 1, Kafka 4.1's KIP-891) and the plugin's own keys embedded under
 * `transforms.<alias>.` from order 2; transforms also get
 * the implicit `predicate` and `negate` keys, which mask plugin keys of those names. Plugins are
 * loaded here, before validation, so the validators stay synchronous.
 */
import { ConfigDef, ConfigException, ConnectException, NO_DEFAULT, parseType, type Recommender, type Validator } from '@tsconnect/api';
import { PluginKind } from '../plugins/plugin-kind.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { PluginVersionRange } from '../plugins/plugin-version-range.js';
import { JAVA_INTERFACE, PREDICATES_GROUP, TRANSFORMS_GROUP } from './connector-config.js';
import { embedConfigDef } from './embed-config-def.js';

export const PREDICATE_CONFIG = 'predicate';
export const NEGATE_CONFIG = 'negate';

interface Enrichable {
  kind: PluginKind;
  aliasKey: 'transforms' | 'predicates';
  group: string;
  /** The plugin interface's simple name, used in display names and messages. */
  label: 'Transformation' | 'Predicate';
}

const TRANSFORMS: Enrichable = {
  kind: PluginKind.TRANSFORMATION,
  aliasKey: 'transforms',
  group: TRANSFORMS_GROUP,
  label: 'Transformation',
};
const PREDICATES: Enrichable = {
  kind: PluginKind.PREDICATE,
  aliasKey: 'predicates',
  group: PREDICATES_GROUP,
  label: 'Predicate',
};

type Props = Readonly<Record<string, string | null | undefined>>;

/**
 * What loading the plugin named by a `type` key, in the version its `plugin.version` key asks for,
 * gave: its ConfigDef, or why there is none (`versionMismatch`: installed, but not in that version).
 * `versions` are the installed versions of the class, `latest` the highest (the version key's default).
 */
type Resolution = ({ configDef: ConfigDef } | { error: Error; notFound: boolean; versionMismatch?: true }) & {
  versions: string[];
  latest: string | null;
};

async function resolve(
  plugins: PluginRegistry,
  what: Enrichable,
  typeKey: string,
  name: string | null,
  version: string | null,
): Promise<Resolution> {
  const unversioned = { versions: [], latest: null };
  if (name === null) return { error: new ConfigException(typeKey, null, `Not a ${what.label}`), notFound: false, ...unversioned };
  const latest = plugins.find(name, [what.kind]);
  const versions = latest ? [...new Set(plugins.plugins(what.kind).filter((e) => e.className === latest.className).map((e) => e.version ?? 'undefined'))] : [];
  const known = { versions, latest: latest?.version ?? null };
  const mismatch = latest ? versionMismatch(plugins, what, latest.className, version, versions) : null;
  if (mismatch) return { error: mismatch, notFound: false, versionMismatch: true, ...known };
  const entry = latest ? plugins.find(name, [what.kind], version) : null;
  if (!entry) {
    const other = plugins.find(name, Object.values(PluginKind));
    if (other) {
      const message = `Class class ${other.className} is not a subclass of interface ${JAVA_INTERFACE[what.kind]}`;
      return { error: new ConfigException(message), notFound: false, ...known };
    }
    return { error: new ConfigException(typeKey, name, `Class ${name} could not be found.`), notFound: true, ...known };
  }
  let instance: { config(): ConfigDef | null };
  try {
    const PluginClass = await entry.load();
    instance = new PluginClass() as { config(): ConfigDef | null };
  } catch (error) {
    const message = `Error getting config definition from ${what.label}: ${(error as Error).message}`;
    return { error: new ConfigException(typeKey, `class ${entry.className}`, message), notFound: false, ...known };
  }
  const configDef = instance.config();
  if (!configDef) {
    return { error: new ConnectException(`${entry.className}.config() must return a ConfigDef that is not null.`), notFound: false, ...known };
  }
  return { configDef, ...known };
}

/**
 * Why `version` fits no installed version of the class, as Kafka words it for transformations and
 * predicates (an exact version is the range [v,v]); null when one fits.
 */
function versionMismatch(plugins: PluginRegistry, what: Enrichable, className: string, version: string | null, versions: string[]): ConfigException | null {
  if (version === null || plugins.find(className, [what.kind], version)) return null;
  try {
    PluginVersionRange.parse(version);
  } catch (error) {
    return new ConfigException((error as Error).message);
  }
  const text = version.replace(/\s+/g, '');
  const range = /^[[(]/.test(text) ? text : `[${text},${text}]`;
  return new ConfigException(`Plugin ${className} not found that matches the version range ${range}, available versions: [${versions.join(', ')}]`);
}

function negateRequiresPredicate(props: Props, prefix: string): void {
  const negate = prefix + NEGATE_CONFIG;
  const predicate = prefix + PREDICATE_CONFIG;
  if (Object.hasOwn(props, negate) && !Object.hasOwn(props, predicate)) {
    throw new ConfigException(
      `Config '${negate}' was provided but there is no config '${predicate}' defining a predicate to be negated.`,
    );
  }
}

function implicitTransformKeys(): ConfigDef {
  return new ConfigDef()
    .define({
      name: PREDICATE_CONFIG,
      type: 'STRING',
      defaultValue: null,
      importance: 'MEDIUM',
      documentation: 'The alias of a predicate used to determine whether to apply this transformation.',
    })
    .define({
      name: NEGATE_CONFIG,
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'MEDIUM',
      documentation: 'Whether the configured predicate should be negated.',
    });
}

function classRecommender(plugins: PluginRegistry, kind: PluginKind): Recommender {
  return {
    validValues: () => [...new Set(plugins.plugins(kind).map((e) => e.className))],
    visible: () => true,
  };
}

async function enrichKind(
  plugins: PluginRegistry,
  target: ConfigDef,
  props: Props,
  what: Enrichable,
  requireFullConfig: boolean,
): Promise<void> {
  const aliases = parseType(what.aliasKey, props[what.aliasKey], 'LIST');
  if (!Array.isArray(aliases)) return;
  const kindName = what.label.toLowerCase();
  for (const alias of new Set(aliases as string[])) {
    const prefix = `${what.aliasKey}.${alias}.`;
    const group = `${what.group}: ${alias}`;
    const typeKey = `${prefix}type`;
    const versionKey = `${prefix}plugin.version`;
    const typeName = parseType(typeKey, props[typeKey], 'CLASS') as string | null;
    const version = (props[versionKey] ?? null) as string | null;
    const resolution = await resolve(plugins, what, typeKey, typeName, version);
    const typeValidator: Validator = {
      ensureValid: (_name, value) => {
        if (value !== null && 'notFound' in resolution && resolution.notFound) throw resolution.error;
        if (what === TRANSFORMS) negateRequiresPredicate(props, prefix);
        if (value !== null && 'error' in resolution) throw resolution.error;
      },
      toString: () => `valid configs for ${alias} ${kindName}`,
    };
    target.define({
      name: typeKey,
      type: 'CLASS',
      defaultValue: NO_DEFAULT,
      validator: typeValidator,
      importance: 'HIGH',
      documentation: `Class for the '${alias}' ${kindName}.`,
      group,
      orderInGroup: 0,
      width: 'LONG',
      displayName: `${what.label} type for ${alias}`,
      dependents: [],
      recommender: classRecommender(plugins, what.kind),
    });
    target.define({
      name: versionKey,
      type: 'STRING',
      defaultValue: resolution.latest,
      validator: {
        // Also called on the default when defined: only the version asked for can be wrong.
        ensureValid: (_name, value) => {
          if (value === version && 'versionMismatch' in resolution) throw resolution.error;
        },
        toString: () => `a version of the ${alias} ${kindName}`,
      },
      importance: 'HIGH',
      documentation: `Version of the '${alias}' ${kindName}.`,
      group,
      orderInGroup: 1,
      width: 'LONG',
      displayName: `${what.label} version for ${alias}`,
      dependents: [],
      recommender: { validValues: () => resolution.versions, visible: () => true },
    });
    if ('error' in resolution) {
      if (requireFullConfig) throw resolution.error;
      continue;
    }
    const aliasDef = what === TRANSFORMS ? implicitTransformKeys() : new ConfigDef();
    for (const key of resolution.configDef.configKeys.values()) {
      // The implicit keys mask a transformation's own keys of the same name.
      if (what === TRANSFORMS && (key.name === PREDICATE_CONFIG || key.name === NEGATE_CONFIG)) continue;
      aliasDef.define(key);
    }
    embedConfigDef(target, prefix, group, 2, aliasDef);
  }
}

/**
 * The connector definition `base` enriched with the keys of the transformations and predicates
 * `props` names. With `requireFullConfig` (starting a connector), a missing or unusable plugin
 * throws; without it (validating), its keys are simply left out and validation reports it.
 */
export async function enrichConnectorConfigDef(
  plugins: PluginRegistry,
  base: ConfigDef,
  props: Props,
  requireFullConfig: boolean,
): Promise<ConfigDef> {
  const enriched = new ConfigDef(base);
  await enrichKind(plugins, enriched, props, TRANSFORMS, requireFullConfig);
  await enrichKind(plugins, enriched, props, PREDICATES, requireFullConfig);
  return enriched;
}
