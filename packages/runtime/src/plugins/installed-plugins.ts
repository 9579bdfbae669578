/**
 * Adds the plugins installed in plugin.path and beside the worker to a registry, as a worker does
 * before it starts. Only manifests are read here; each package's code is imported on first use.
 */
import { discoverPlugins, pluginPathEntries, type DiscoveredPlugins, type DiscoveryLog } from './plugin-discovery.js';
import { COMPATIBILITY_KAFKA_VERSION_CONFIG, DEFAULT_COMPATIBLE_KAFKA_VERSION } from '../config/kafka-compatibility.js';
import { claimBuiltinPluginVersion } from './builtin-plugin-version.js';
import { builtinPluginRegistry } from './builtin-plugins.js';
import type { PluginRegistry } from './plugin-registry.js';

const PLUGIN_PATH_CONFIG = 'plugin.path';
export const PLUGIN_SCANNER_LOGGER = 'org.apache.kafka.connect.runtime.isolation.PluginScanner';

async function registerInstalledPlugins(
  registry: PluginRegistry,
  workerProps: Readonly<Record<string, string | undefined>>,
  log: DiscoveryLog,
): Promise<DiscoveredPlugins> {
  const discovered = await discoverPlugins({ pluginPath: pluginPathEntries(workerProps[PLUGIN_PATH_CONFIG]), log });
  registry.registerAll(discovered.entries);
  return discovered;
}

/**
 * The built-in plugins and those installed for this worker: what a worker (or a task host of it)
 * can load. The built-ins report the Kafka release the worker claims, as Kafka's report their own.
 */
export async function workerPluginRegistry(workerProps: Readonly<Record<string, string | undefined>>, log: DiscoveryLog): Promise<PluginRegistry> {
  claimBuiltinPluginVersion(workerProps[COMPATIBILITY_KAFKA_VERSION_CONFIG] ?? DEFAULT_COMPATIBLE_KAFKA_VERSION);
  const registry = builtinPluginRegistry();
  await registerInstalledPlugins(registry, workerProps, log);
  return registry;
}
