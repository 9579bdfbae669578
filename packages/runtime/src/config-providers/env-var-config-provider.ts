/**
 * Kafka's EnvVarConfigProvider: `${env:DB_PASSWORD}` (no path) is that environment variable.
 * `allowlist.pattern` limits which variables may be read (all by default).
 */
import { type ConfigData, type ConfigProvider, ConfigException } from '@tsconnect/api';

export const ENV_VAR_CONFIG_PROVIDER = 'org.apache.kafka.common.config.provider.EnvVarConfigProvider';
const ALLOWLIST_PATTERN_CONFIG = 'allowlist.pattern';

export class EnvVarConfigProvider implements ConfigProvider {
  readonly #env: Readonly<Record<string, string | undefined>>;
  #allowed: RegExp | null = null;

  constructor(env: Readonly<Record<string, string | undefined>> = process.env) {
    this.#env = env;
  }

  configure(configs: Record<string, unknown>): void {
    const pattern = configs[ALLOWLIST_PATTERN_CONFIG];
    // Java's Matcher.matches(): the whole name must match.
    this.#allowed = typeof pattern === 'string' && pattern !== '' ? new RegExp(`^(?:${pattern})$`) : null;
  }

  async get(path: string, keys?: ReadonlySet<string>): Promise<ConfigData> {
    if (path) throw new ConfigException(`Path is not supported for EnvVarConfigProvider, invalid value '${path}'`);
    const data: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.#env)) {
      if (value === undefined || (keys !== undefined && !keys.has(name))) continue;
      if (this.#allowed === null || this.#allowed.test(name)) data[name] = value;
    }
    return { data };
  }

  close(): void {}
}
