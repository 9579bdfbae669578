/**
 * Kafka's FileConfigProvider: `${file:/path/to/secrets.properties:key}` is the value of `key` in
 * that Java properties file.
 */
import { readFile } from 'node:fs/promises';
import { type ConfigData, type ConfigProvider, ConfigException } from '@tsconnect/api';
import { parseProperties } from '../config/properties-file.js';
import { ALLOWED_PATHS_CONFIG, AllowedPaths, type PathRestrictedProvider } from './allowed-paths.js';

export const FILE_CONFIG_PROVIDER = 'org.apache.kafka.common.config.provider.FileConfigProvider';

export class FileConfigProvider implements ConfigProvider, PathRestrictedProvider {
  #allowed = new AllowedPaths(undefined);

  configure(configs: Record<string, unknown>): void {
    this.#allowed = new AllowedPaths(configs[ALLOWED_PATHS_CONFIG]);
  }

  refusesPath(path: string): boolean {
    return path !== '' && this.#allowed.parseUntrustedPath(path) === null;
  }

  async get(path: string, keys?: ReadonlySet<string>): Promise<ConfigData> {
    if (!path) return { data: {} };
    const file = this.#allowed.parseUntrustedPath(path);
    if (file === null) return { data: {} };
    let properties: Record<string, string>;
    try {
      properties = parseProperties(await readFile(file, 'utf8'));
    } catch (e) {
      throw new ConfigException(`Could not read properties from file ${path}: ${(e as Error).message}`);
    }
    const data: Record<string, string> = {};
    for (const [key, value] of Object.entries(properties)) if (keys === undefined || keys.has(key)) data[key] = value;
    return { data };
  }

  close(): void {}
}
