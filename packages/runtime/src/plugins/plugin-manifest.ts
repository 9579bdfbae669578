/**
 * The plugin manifest: one field, `tsconnect`, in a plugin package's package.json, which tells the
 * worker what the package provides without running its code.
 *
 * ```json
 * "tsconnect": {
 *   "apiVersion": "^0.1.0",
 *   "plugins": [
 *     { "kind": "source", "export": "CounterSourceConnector",
 *       "className": "io.tsconnect.example.CounterSourceConnector", "aliases": ["Counter"] },
 *     { "kind": ["converter", "header_converter"], "export": "UpperCaseConverter",
 *       "className": "com.acme.UpperCaseConverter" }
 *   ]
 * }
 * ```
 *
 * `apiVersion` is the npm range of @tsconnect/api versions the package works with; `export` names
 * the class among the exports of the package's main entry; `className` is the name connector
 * configs use (a Java class name when the plugin stands in for one); the plugin version is the
 * package's `version`. docs/plugin-authors.md documents it for authors.
 */
import { PluginKind } from './plugin-kind.js';

const MANIFEST_FIELD = 'tsconnect';

/** The kinds as a manifest names them; Kafka's "configprovider" is accepted too. */
const MANIFEST_KINDS: Readonly<Record<string, PluginKind>> = {
  source: PluginKind.SOURCE,
  sink: PluginKind.SINK,
  converter: PluginKind.CONVERTER,
  header_converter: PluginKind.HEADER_CONVERTER,
  transformation: PluginKind.TRANSFORMATION,
  predicate: PluginKind.PREDICATE,
  config_provider: PluginKind.CONFIG_PROVIDER,
  configprovider: PluginKind.CONFIG_PROVIDER,
};

interface ManifestPlugin {
  readonly kinds: readonly PluginKind[];
  /** The export of the package's main entry that is the plugin's class. */
  readonly exportName: string;
  readonly className: string;
  readonly aliases: readonly string[];
}

export interface PluginManifest {
  readonly packageName: string;
  readonly packageVersion: string;
  /** The npm range of plugin API versions the package supports. */
  readonly apiVersion: string;
  readonly plugins: readonly ManifestPlugin[];
}

/** Why a package.json is not a usable plugin manifest; the message is the reason logged. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

const JAVA_CLASS_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Whether a parsed package.json declares itself a plugin package (has the manifest field). */
export function hasManifest(packageJson: unknown): boolean {
  return isObject(packageJson) && MANIFEST_FIELD in packageJson;
}

function parsePlugin(value: unknown, index: number): ManifestPlugin {
  const where = `${MANIFEST_FIELD}.plugins[${index}]`;
  if (!isObject(value)) throw new ManifestError(`${where} is not an object`);
  const rawKinds = Array.isArray(value.kind) ? value.kind : [value.kind];
  const kinds = rawKinds.map((k) => (typeof k === 'string' ? MANIFEST_KINDS[k] : undefined));
  if (rawKinds.length === 0 || kinds.some((k) => k === undefined)) {
    throw new ManifestError(`${where}.kind ${JSON.stringify(value.kind)} is not one of ${Object.keys(MANIFEST_KINDS).join(', ')}`);
  }
  if (!nonEmptyString(value.export)) throw new ManifestError(`${where}.export must name an export of the package`);
  if (!nonEmptyString(value.className) || !JAVA_CLASS_NAME.test(value.className)) {
    throw new ManifestError(`${where}.className ${JSON.stringify(value.className)} is not a class name such as com.example.MySinkConnector`);
  }
  const aliases = value.aliases ?? [];
  if (!Array.isArray(aliases) || !aliases.every(nonEmptyString)) throw new ManifestError(`${where}.aliases must be a list of names`);
  return { kinds: [...new Set(kinds as PluginKind[])], exportName: value.export, className: value.className, aliases };
}

/**
 * The manifest of a parsed package.json.
 * @throws ManifestError naming what is wrong.
 */
export function parsePluginManifest(packageJson: unknown): PluginManifest {
  if (!isObject(packageJson)) throw new ManifestError('package.json is not a JSON object');
  const { name, version } = packageJson;
  if (!nonEmptyString(name)) throw new ManifestError('package.json has no name');
  if (!nonEmptyString(version)) throw new ManifestError('package.json has no version');
  const manifest = packageJson[MANIFEST_FIELD];
  if (!isObject(manifest)) throw new ManifestError(`"${MANIFEST_FIELD}" is not an object`);
  if (!nonEmptyString(manifest.apiVersion)) throw new ManifestError(`${MANIFEST_FIELD}.apiVersion must be the range of @tsconnect/api versions supported, such as "^0.1.0"`);
  if (!Array.isArray(manifest.plugins) || manifest.plugins.length === 0) throw new ManifestError(`${MANIFEST_FIELD}.plugins must list at least one plugin`);
  const plugins = manifest.plugins.map(parsePlugin);
  const seen = new Set<string>();
  for (const plugin of plugins) {
    for (const kind of plugin.kinds) {
      const key = `${kind} ${plugin.className}`;
      if (seen.has(key)) throw new ManifestError(`${plugin.className} is listed twice as a ${kind}`);
      seen.add(key);
    }
  }
  return { packageName: name, packageVersion: version, apiVersion: manifest.apiVersion, plugins };
}
