/**
 * Adds the plugins installed in plugin.path and beside the worker to a registry, as a worker does
 * before it starts. Only manifests are read here; each package's code is imported on first use.
 */
import { discoverPlugins, pluginPathEntries, type DiscoveredPlugins, type DiscoveryLog } from './plugin-discovery.js';
import type { PluginRegistry } from './plugin-registry.js';

export const PLUGIN_PATH_CONFIG = 'plugin.path';

export async function registerInstalledPlugins(
  registry: PluginRegistry,
  workerProps: Readonly<Record<string, string | undefined>>,
  log: DiscoveryLog,
): Promise<DiscoveredPlugins> {
  const discovered = await discoverPlugins({ pluginPath: pluginPathEntries(workerProps[PLUGIN_PATH_CONFIG]), log });
  registry.registerAll(discovered.entries);
  return discovered;
}
