/**
 * Kafka's FileConfigProvider: `${file:/path/to/secrets.properties:key}` is the value of `key` in
 * that Java properties file.
 */
import { readFile } from 'node:fs/promises';
import { ConfigException } from '@tsconnect/api';
import { parseProperties } from '../config/properties-file.js';
import { PathRestrictedConfigProvider } from './allowed-paths.js';

export const FILE_CONFIG_PROVIDER = 'org.apache.kafka.common.config.provider.FileConfigProvider';

export class FileConfigProvider extends PathRestrictedConfigProvider {
  protected async read(file: string, path: string, keys: ReadonlySet<string> | undefined): Promise<Record<string, string>> {
    let properties: Record<string, string>;
    try {
      properties = parseProperties(await readFile(file, 'utf8'));
    } catch (e) {
      throw new ConfigException(`Could not read properties from file ${path}: ${(e as Error).message}`);
    }
    const data: Record<string, string> = {};
    for (const [key, value] of Object.entries(properties)) if (keys === undefined || keys.has(key)) data[key] = value;
    return data;
  }
}
