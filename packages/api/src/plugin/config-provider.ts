/** Values a config provider resolved, with an optional time-to-live in milliseconds. */
export interface ConfigData {
  data: Record<string, string>;
  ttl?: number;
}

/**
 * Resolves `${provider:path:key}` references in configurations (secrets kept out of the config),
 * as Kafka's `ConfigProvider`.
 */
export interface ConfigProvider {
  configure(configs: Record<string, unknown>): void;
  /** All values at `path`, or only the named `keys`. */
  get(path: string, keys?: ReadonlySet<string>): Promise<ConfigData>;
  close(): void | Promise<void>;
}
