/**
 * The plugins every worker has without installing anything. Adding a package's table is one line
 * in BUILTIN_PLUGIN_TABLES.
 */
import { builtinConverters } from '@tsconnect/converters';
import { registryConverters } from '@tsconnect/registry-converters';
import { builtinTransforms, cdcTransforms } from '@tsconnect/transforms';
import { fileStreamConnectors } from '../connectors/file/file-stream-plugins.js';
import { builtinPluginVersion } from './builtin-plugin-version.js';
import { PluginRegistry } from './plugin-registry.js';
import { tableEntries, type PluginTableEntry } from './plugin-table.js';

const BUILTIN_PLUGIN_TABLES: readonly (readonly PluginTableEntry[])[] = [
  fileStreamConnectors,
  builtinConverters,
  registryConverters,
  builtinTransforms,
  cdcTransforms,
];

/** A registry holding the built-in plugins, to which discovered plugins can be added. */
export function builtinPluginRegistry(): PluginRegistry {
  const registry = new PluginRegistry();
  for (const table of BUILTIN_PLUGIN_TABLES) registry.registerAll(tableEntries(table, builtinPluginVersion()));
  return registry;
}
