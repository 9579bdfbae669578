/**
 * Kafka's DirectoryConfigProvider: `${directory:/run/secrets:db-password}` is the content of the
 * file `db-password` in that directory (Kubernetes and Docker mount secrets this way). Only
 * regular files directly in the directory count.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigException } from '@tsconnect/api';
import { PathRestrictedConfigProvider } from './allowed-paths.js';

export const DIRECTORY_CONFIG_PROVIDER = 'org.apache.kafka.common.config.provider.DirectoryConfigProvider';

export class DirectoryConfigProvider extends PathRestrictedConfigProvider {
  protected async read(dir: string, path: string, keys: ReadonlySet<string> | undefined): Promise<Record<string, string>> {
    const data: Record<string, string> = {};
    try {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (!entry.isFile() || (keys !== undefined && !keys.has(entry.name))) continue;
        data[entry.name] = await readFile(join(dir, entry.name), 'utf8');
      }
    } catch (e) {
      throw new ConfigException(`Could not list directory ${path}: ${(e as Error).message}`);
    }
    return data;
  }
}
