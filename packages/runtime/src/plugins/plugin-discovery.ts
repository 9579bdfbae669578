/**
 * Finds the plugin packages installed in plugin.path and beside the worker by reading their
 * package.json manifests only; nothing is imported. A plugin.path entry may be a plugin package,
 * or a directory holding them: as subfolders, in its node_modules, or in a subfolder's
 * node_modules (where `npm install --prefix <entry>/<name> <package>` puts one), scoped
 * packages included. A package with a broken manifest, an API range the worker does not satisfy
 * or a missing entry file is skipped with one log line saying why.
 */
import { existsSync, realpathSync } from 'node:fs';
import { readdir, readFile, realpath } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { satisfiesApiRange } from './api-version-range.js';
import { hasManifest, ManifestError, parsePluginManifest, type PluginManifest } from './plugin-manifest.js';
import { packageEntryFile, PluginPackage } from './plugin-package.js';
import type { PluginEntry } from './plugin-registry.js';
import { sharedPluginApi, type SharedPluginApi } from './shared-plugin-api.js';
import { SHARED_SPECIFIER } from './shared-api-hooks.js';

export interface DiscoveryLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

interface DiscoveryOptions {
  /** The plugin.path entries, in order. */
  pluginPath?: readonly string[];
  /** node_modules directories beside the worker; by default, those above the runtime package. */
  besideWorker?: readonly string[];
  /** The plugin API the worker shares; by default its own @tsconnect/api. */
  api?: Pick<SharedPluginApi, 'dir' | 'version'>;
  log: DiscoveryLog;
}

interface SkippedPlugin {
  readonly dir: string;
  readonly reason: string;
}

export interface DiscoveredPlugins {
  readonly packages: readonly PluginPackage[];
  readonly skipped: readonly SkippedPlugin[];
  /** Registry entries of every plugin the packages provide. */
  readonly entries: readonly PluginEntry[];
}

/** plugin.path as the worker config holds it: a comma-separated list, or a parsed LIST. */
export function pluginPathEntries(value: string | readonly string[] | null | undefined): string[] {
  const items = typeof value === 'string' ? value.split(',') : (value ?? []);
  return items.map((item) => item.trim()).filter((item) => item !== '').map((item) => resolve(item));
}

/** The node_modules directories from the runtime package up to the file system root. */
function workerNodeModules(): string[] {
  const dirs: string[] = [];
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (!dir.endsWith('node_modules')) {
      const candidate = join(dir, 'node_modules');
      if (existsSync(candidate)) dirs.push(candidate);
    }
    const parent = dirname(dir);
    if (parent === dir) return dirs;
    dir = parent;
  }
}

type PackageJson = Record<string, unknown>;

interface Candidate {
  readonly dir: string;
  /** The parsed package.json, or the reason it could not be read. */
  readonly packageJson: PackageJson | string;
}

async function readPackageJson(dir: string): Promise<Candidate | null> {
  let text: string;
  try {
    text = await readFile(join(dir, 'package.json'), 'utf8');
  } catch {
    return null;
  }
  try {
    const packageJson = JSON.parse(text) as PackageJson;
    return hasManifest(packageJson) ? { dir, packageJson } : null;
  } catch (error) {
    // Unreadable JSON only matters when it looks like it was meant to be a plugin.
    return text.includes('"tsconnect"') ? { dir, packageJson: `package.json is not valid JSON: ${(error as Error).message}` } : null;
  }
}

async function subdirectories(dir: string): Promise<string[]> {
  try {
    const children = await readdir(dir, { withFileTypes: true });
    return children
      .filter((c) => (c.isDirectory() || c.isSymbolicLink()) && !c.name.startsWith('.'))
      .map((c) => join(dir, c.name))
      .sort();
  } catch {
    return [];
  }
}

/** The package directories of a node_modules-style directory, scoped ones included. */
async function packageDirs(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const child of await subdirectories(dir)) {
    if (child.slice(dir.length + 1).startsWith('@')) out.push(...(await subdirectories(child)));
    else out.push(child);
  }
  return out;
}

async function candidatesIn(packages: readonly string[]): Promise<Candidate[]> {
  return (await Promise.all(packages.map(readPackageJson))).filter((c): c is Candidate => c !== null);
}

/** The plugin packages one plugin.path entry holds. */
async function pluginPathCandidates(entry: string): Promise<Candidate[]> {
  const itself = await readPackageJson(entry);
  if (itself) return [itself];
  const out: Candidate[] = [];
  for (const child of await packageDirs(entry)) {
    if (child === join(entry, 'node_modules')) {
      out.push(...(await candidatesIn(await packageDirs(child))));
      continue;
    }
    const candidate = await readPackageJson(child);
    if (candidate) out.push(candidate);
    else out.push(...(await candidatesIn(await packageDirs(join(child, 'node_modules')))));
  }
  return out;
}

/** The copy of @tsconnect/api Node would resolve from `dir`, real path, or null. */
function nearestApiCopy(dir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    const copy = join(d, 'node_modules', ...SHARED_SPECIFIER.split('/'));
    if (existsSync(join(copy, 'package.json'))) return realpathSync(copy);
    if (dirname(d) === d) return null;
  }
}

/** The package's manifest, or why the package is skipped. */
function reasonToSkip(candidate: Candidate, api: Pick<SharedPluginApi, 'version'>): string | PluginManifest {
  if (typeof candidate.packageJson === 'string') return candidate.packageJson;
  let manifest: PluginManifest;
  try {
    manifest = parsePluginManifest(candidate.packageJson);
  } catch (error) {
    if (error instanceof ManifestError) return `broken manifest: ${error.message}`;
    throw error;
  }
  try {
    if (!satisfiesApiRange(api.version, manifest.apiVersion)) {
      return `it supports ${SHARED_SPECIFIER} ${manifest.apiVersion}, this worker has ${api.version}`;
    }
  } catch {
    return `broken manifest: tsconnect.apiVersion "${manifest.apiVersion}" is not an npm version range`;
  }
  return manifest;
}

/** Reads the manifests of the plugins installed in plugin.path and beside the worker. */
export async function discoverPlugins(options: DiscoveryOptions): Promise<DiscoveredPlugins> {
  const { log } = options;
  const api = options.api ?? sharedPluginApi();
  const candidates: Candidate[] = [];
  for (const entry of options.pluginPath ?? []) {
    if (!existsSync(entry)) {
      log.warn(`Could not get listing for plugin path: ${entry}. Ignoring.`);
      continue;
    }
    candidates.push(...(await pluginPathCandidates(entry)));
  }
  for (const nodeModules of options.besideWorker ?? workerNodeModules()) {
    candidates.push(...(await candidatesIn(await packageDirs(nodeModules))));
  }

  const seen = new Set<string>();
  const packages: PluginPackage[] = [];
  const skipped: SkippedPlugin[] = [];
  for (const candidate of candidates) {
    const dir = await realpath(candidate.dir);
    if (seen.has(dir)) continue;
    seen.add(dir);
    const name = typeof candidate.packageJson === 'object' && typeof candidate.packageJson.name === 'string' ? candidate.packageJson.name : dir;
    const manifest = reasonToSkip(candidate, api);
    const entryFile = typeof manifest === 'string' ? null : packageEntryFile(dir, candidate.packageJson as PackageJson);
    if (typeof manifest === 'string' || entryFile === null) {
      const reason = typeof manifest === 'string' ? manifest : 'its main entry file does not exist (is the package built?)';
      log.warn(`Skipping plugin ${name} at ${dir}: ${reason}`);
      skipped.push({ dir, reason });
      continue;
    }
    const pluginPackage = new PluginPackage(dir, manifest, entryFile, log);
    const earlier = packages.find((p) => p.id === pluginPackage.id);
    if (earlier) {
      // plugin.path is read first, so what a user installed there wins over a copy beside the worker.
      log.info(`Ignoring plugin ${pluginPackage.id} at ${dir}: the same version was loaded from ${earlier.dir}`);
      continue;
    }
    const copy = nearestApiCopy(dir);
    if (copy !== null && copy !== api.dir) {
      log.warn(
        `Plugin ${pluginPackage.id} at ${dir} has its own copy of ${SHARED_SPECIFIER} (${copy}); it gets the worker's shared copy ` +
          `${api.version} instead. Declare ${SHARED_SPECIFIER} as a peer dependency, not a dependency.`,
      );
    }
    log.info(`Loading plugin ${pluginPackage.id} from ${dir}: ${manifest.plugins.map((p) => p.className).join(', ')}`);
    packages.push(pluginPackage);
  }
  return { packages, skipped, entries: packages.flatMap((p) => p.entries()) };
}
