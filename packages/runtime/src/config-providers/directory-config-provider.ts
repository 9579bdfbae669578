/**
 * Kafka's DirectoryConfigProvider: `${directory:/run/secrets:db-password}` is the content of the
 * file `db-password` in that directory (Kubernetes and Docker mount secrets this way). Only
 * regular files directly in the directory count.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ConfigData, type ConfigProvider, ConfigException } from '@tsconnect/api';
import { ALLOWED_PATHS_CONFIG, AllowedPaths, type PathRestrictedProvider } from './allowed-paths.js';

export const DIRECTORY_CONFIG_PROVIDER = 'org.apache.kafka.common.config.provider.DirectoryConfigProvider';

export class DirectoryConfigProvider implements ConfigProvider, PathRestrictedProvider {
  #allowed = new AllowedPaths(undefined);

  configure(configs: Record<string, unknown>): void {
    this.#allowed = new AllowedPaths(configs[ALLOWED_PATHS_CONFIG]);
  }

  refusesPath(path: string): boolean {
    return path !== '' && this.#allowed.parseUntrustedPath(path) === null;
  }

  async get(path: string, keys?: ReadonlySet<string>): Promise<ConfigData> {
    if (!path) return { data: {} };
    const dir = this.#allowed.parseUntrustedPath(path);
    if (dir === null) return { data: {} };
    const data: Record<string, string> = {};
    try {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (!entry.isFile() || (keys !== undefined && !keys.has(entry.name))) continue;
        data[entry.name] = await readFile(join(dir, entry.name), 'utf8');
      }
    } catch (e) {
      throw new ConfigException(`Could not list directory ${path}: ${(e as Error).message}`);
    }
    return { data };
  }

  close(): void {}
}
