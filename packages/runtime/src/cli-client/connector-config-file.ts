/**
 * A connector's config as users keep it: the JSON body of POST /connectors (`{"name", "config"}`),
 * a flat JSON object, or a .properties file as connect-standalone reads it.
 */
import { readFile } from 'node:fs/promises';
import { parseProperties } from '../config/properties-file.js';
import { UsageError } from './usage-error.js';

interface ConnectorConfigFile {
  name: string;
  config: Record<string, string>;
}

export async function readConnectorConfig(path: string, nameOverride?: string): Promise<ConnectorConfigFile> {
  return connectorConfigFrom(await readFile(path, 'utf8'), path, nameOverride);
}

export function connectorConfigFrom(text: string, path: string, nameOverride?: string): ConnectorConfigFile {
  let config: Record<string, string>;
  if (path.endsWith('.properties')) {
    config = parseProperties(text);
  } else {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const body = parsed.config !== null && typeof parsed.config === 'object' ? (parsed.config as Record<string, unknown>) : parsed;
    const name = typeof parsed.name === 'string' && body !== parsed ? parsed.name : undefined;
    config = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    if (name !== undefined && config.name === undefined) config.name = name;
  }
  const name = nameOverride ?? config.name;
  if (!name) throw new UsageError(`${path} names no connector: add a name key or pass --name`);
  if (!config['connector.class']) throw new UsageError(`${path} has no connector.class`);
  return { name, config: { ...config, name } };
}
