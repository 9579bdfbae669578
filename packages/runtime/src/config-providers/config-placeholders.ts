/**
 * `${provider:path:key}` references in config values (Kafka's ConfigTransformer): every reference
 * whose provider knows the key is replaced by its value; others stay as written. Values are
 * looked up once per provider and path, and never resolved twice (a resolved value that looks like
 * a reference stays as it is).
 */
import type { ConfigProvider } from '@tsconnect/api';
import { ALLOWED_PATHS_CONFIG, isPathRestricted } from './allowed-paths.js';

// ConfigTransformer.DEFAULT_PATTERN: provider, optional path, key.
const REFERENCE = /\$\{([^}]*?):(?:([^}]*?):)?([^}]*?)\}/g;

export interface Resolution {
  /** The configs with every resolvable reference replaced. */
  configs: Record<string, string>;
  /** The values that replaced references: secrets to keep out of logs. */
  resolvedValues: Set<string>;
}

/** Whether a value holds a reference. */
export function hasConfigReference(value: string): boolean {
  return new RegExp(REFERENCE.source).test(value);
}

/** A config key whose value refers to a path its provider may not read. */
export interface RefusedReference {
  name: string;
  message: string;
}

/**
 * The references to paths outside their provider's `allowed.paths`. Kafka resolves them to
 * nothing and leaves the reference as written, which reaches the connector as a value; we name them.
 */
export function refusedConfigReferences(
  configs: Readonly<Record<string, string | null>>,
  providers: ReadonlyMap<string, ConfigProvider>,
): RefusedReference[] {
  const refused: RefusedReference[] = [];
  for (const [name, value] of Object.entries(configs)) {
    for (const [reference, provider, path = ''] of (value ?? '').matchAll(REFERENCE)) {
      const known = providers.get(provider!);
      if (!known || !isPathRestricted(known) || !known.refusesPath(path)) continue;
      refused.push({
        name,
        message: `The reference ${reference} reads ${path}, which is outside the ${ALLOWED_PATHS_CONFIG} of config provider ${provider}`,
      });
    }
  }
  return refused;
}

export async function resolveConfigReferences(
  configs: Readonly<Record<string, string>>,
  providers: ReadonlyMap<string, ConfigProvider>,
): Promise<Resolution> {
  // provider -> path -> keys wanted
  const wanted = new Map<string, Map<string, Set<string>>>();
  for (const value of Object.values(configs)) {
    for (const [, provider, path = '', key] of value.matchAll(REFERENCE)) {
      if (!providers.has(provider!)) continue;
      const paths = wanted.get(provider!) ?? new Map<string, Set<string>>();
      wanted.set(provider!, paths);
      const keys = paths.get(path) ?? new Set<string>();
      paths.set(path, keys);
      keys.add(key!);
    }
  }
  const found = new Map<string, Record<string, string>>(); // `${provider}\0${path}` -> data
  for (const [provider, paths] of wanted) {
    for (const [path, keys] of paths) {
      found.set(`${provider}\0${path}`, (await providers.get(provider)!.get(path, keys)).data);
    }
  }
  const resolvedValues = new Set<string>();
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(configs)) {
    out[name] = value.replace(REFERENCE, (reference, provider: string, path: string | undefined, key: string) => {
      const data = found.get(`${provider}\0${path ?? ''}`);
      if (data === undefined || !Object.hasOwn(data, key)) return reference;
      resolvedValues.add(data[key]!);
      return data[key]!;
    });
  }
  return { configs: out, resolvedValues };
}

/**
 * Task configs as they may be stored (Kafka's AbstractHerder.reverseTransform): a key whose raw
 * connector config value holds a reference gets that raw value back, so resolved secrets the
 * connector copied into its task configs do not reach the config topic.
 */
export function unresolveTaskConfigs(
  rawConnectorConfig: Readonly<Record<string, string>>,
  taskConfigs: readonly Readonly<Record<string, string>>[],
): Record<string, string>[] {
  const referencing = Object.keys(rawConnectorConfig).filter((key) => hasConfigReference(rawConnectorConfig[key]!));
  return taskConfigs.map((task) => {
    const copy = { ...task };
    for (const key of referencing) if (Object.hasOwn(copy, key)) copy[key] = rawConnectorConfig[key]!;
    return copy;
  });
}
