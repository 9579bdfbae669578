/**
 * An installed plugin package: its directory, manifest and main entry. Its code is imported on
 * first use only, from its own directory, so it resolves its own dependencies from its own tree;
 * one import serves every plugin the package provides.
 */
import { ConnectException } from '@tsconnect/api';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginManifest } from './plugin-manifest.js';
import type { PluginClass, PluginEntry } from './plugin-registry.js';
import { shareWorkerPluginApi } from './shared-plugin-api.js';

interface PluginLoadLog {
  info(message: string): void;
  error(message: string): void;
}

const CONDITIONS = new Set(['node', 'import', 'default']);

/** The target of an `exports` value for `import` under Node's conditions, or null. */
function exportTarget(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const target = exportTarget(item);
      if (target) return target;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const map = value as Record<string, unknown>;
  if (Object.keys(map).some((k) => k.startsWith('.'))) return exportTarget(map['.']);
  for (const [condition, target] of Object.entries(map)) {
    if (!CONDITIONS.has(condition)) continue;
    const found = exportTarget(target);
    if (found) return found;
  }
  return null;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/**
 * The file `import '<package>'` loads, from its package.json's `exports` (the "." entry under the
 * node/import/default conditions), else `main` (with Node's legacy .js and /index.js fallbacks),
 * else index.js; null when that file does not exist.
 */
export function packageEntryFile(dir: string, packageJson: { exports?: unknown; main?: unknown }): string | null {
  if (packageJson.exports !== undefined) {
    const target = exportTarget(packageJson.exports);
    return target && isFile(join(dir, target)) ? join(dir, target) : null;
  }
  const main = typeof packageJson.main === 'string' ? packageJson.main : 'index.js';
  for (const candidate of [main, `${main}.js`, join(main, 'index.js')]) {
    if (isFile(join(dir, candidate))) return join(dir, candidate);
  }
  return null;
}

export class PluginPackage {
  #module: Promise<Record<string, unknown>> | null = null;

  readonly #log: PluginLoadLog;

  constructor(
    readonly dir: string,
    readonly manifest: PluginManifest,
    readonly entryFile: string,
    log: PluginLoadLog,
  ) {
    this.#log = log;
  }

  /** "name@version", as log lines and messages name the package. */
  get id(): string {
    return `${this.manifest.packageName}@${this.manifest.packageVersion}`;
  }

  /** As Kafka's PluginDesc shows a plugin's location. */
  get location(): string {
    return pathToFileURL(this.dir).href + '/';
  }

  /** Registry entries for every plugin in the manifest, each loading lazily through this package. */
  entries(): PluginEntry[] {
    return this.manifest.plugins.flatMap((plugin) =>
      plugin.kinds.map((kind) => ({
        className: plugin.className,
        kind,
        version: this.manifest.packageVersion,
        aliases: plugin.aliases,
        location: this.location,
        load: () => this.load(plugin.exportName),
      })),
    );
  }

  /**
   * The class exported as `exportName`.
   * @throws ConnectException naming the package and the reason when it cannot be imported or
   *   does not export that class; the import failure is logged once.
   */
  async load(exportName: string): Promise<PluginClass> {
    if (!this.#module) {
      shareWorkerPluginApi();
      this.#log.info(`Importing plugin ${this.id} from ${this.dir}`);
      this.#module = import(pathToFileURL(this.entryFile).href).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        const message = `Plugin ${this.id} at ${this.dir} failed to load: ${reason}`;
        this.#log.error(message);
        throw new ConnectException(message, { cause: error });
      });
    }
    const module = await this.#module;
    const exported = module[exportName];
    if (typeof exported !== 'function') {
      throw new ConnectException(`Plugin ${this.id} at ${this.dir} does not export a class named ${exportName}, which its tsconnect manifest lists`);
    }
    return exported as PluginClass;
  }
}
