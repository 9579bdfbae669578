/**
 * The worker's config providers (KIP-297/KIP-421), declared as in Kafka:
 *
 *   config.providers=file,dir,env
 *   config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider
 *   config.providers.file.param.allowed.paths=/etc/kafka/secrets
 *
 * They resolve `${provider:path:key}` in the worker's own settings at start-up and in connector
 * and task configs only when a connector or task starts; the configs stored and shown by GET stay
 * as written. Every resolved value is handed to the redactor, which keeps it out of logs and
 * status traces.
 */
import { type ConfigProvider, ConfigException } from '@tsconnect/api';
import { DIRECTORY_CONFIG_PROVIDER, DirectoryConfigProvider } from './directory-config-provider.js';
import { ENV_VAR_CONFIG_PROVIDER, EnvVarConfigProvider } from './env-var-config-provider.js';
import { FILE_CONFIG_PROVIDER, FileConfigProvider } from './file-config-provider.js';
import { refusedConfigReferences, resolveConfigReferences, type RefusedReference } from './config-placeholders.js';
import { SecretRedactor } from './secret-redactor.js';

/** The provider classes we ship, by the Java class names configs use. */
const BUILTIN_CONFIG_PROVIDERS: ReadonlyMap<string, () => ConfigProvider> = new Map<string, () => ConfigProvider>([
  [FILE_CONFIG_PROVIDER, () => new FileConfigProvider()],
  [DIRECTORY_CONFIG_PROVIDER, () => new DirectoryConfigProvider()],
  [ENV_VAR_CONFIG_PROVIDER, () => new EnvVarConfigProvider()],
]);

export class ConfigProviders {
  readonly #providers: ReadonlyMap<string, ConfigProvider>;
  readonly redactor: SecretRedactor;

  constructor(providers: ReadonlyMap<string, ConfigProvider>, redactor = new SecretRedactor()) {
    this.#providers = providers;
    this.redactor = redactor;
  }

  /**
   * The providers `config.providers` names, configured with their `param.*` settings.
   * @throws ConfigException for a provider without a class, or a class we do not have.
   */
  static fromWorkerProperties(
    props: Readonly<Record<string, string>>,
    classes: ReadonlyMap<string, () => ConfigProvider> = BUILTIN_CONFIG_PROVIDERS,
    redactor = new SecretRedactor(),
  ): ConfigProviders {
    const names = (props['config.providers'] ?? '').split(',').map((n) => n.trim()).filter((n) => n !== '');
    const providers = new Map<string, ConfigProvider>();
    for (const name of names) {
      const classKey = `config.providers.${name}.class`;
      const className = props[classKey]?.trim();
      if (!className) throw new ConfigException(classKey, null, `config.providers names ${name} but ${classKey} is not set`);
      const create = classes.get(className);
      if (!create) throw new ConfigException(classKey, className, `Class ${className} could not be found; known config providers: ${[...classes.keys()].join(', ')}`);
      const provider = create();
      const paramPrefix = `config.providers.${name}.param.`;
      const params: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(props)) if (key.startsWith(paramPrefix)) params[key.slice(paramPrefix.length)] = value;
      provider.configure(params);
      providers.set(name, provider);
    }
    return new ConfigProviders(providers, redactor);
  }

  get names(): string[] {
    return [...this.#providers.keys()];
  }

  /** The keys whose references name a path outside their provider's allowed.paths (validation reports them). */
  refusedReferences(configs: Readonly<Record<string, string | null>>): RefusedReference[] {
    return refusedConfigReferences(configs, this.#providers);
  }

  /**
   * The configs with their references resolved; the resolved values become known secrets.
   * Call it on a connector's config before starting the connector and on each task's config
   * before starting the task, never on what is stored or shown.
   * @throws ConfigException when a reference names a path outside its provider's allowed.paths.
   */
  async resolve(configs: Readonly<Record<string, string>>): Promise<Record<string, string>> {
    if (this.#providers.size === 0) return { ...configs };
    const refused = this.refusedReferences(configs);
    if (refused.length > 0) throw new ConfigException(refused.map((r) => `${r.name}: ${r.message}`).join('; '));
    const { configs: resolved, resolvedValues } = await resolveConfigReferences(configs, this.#providers);
    this.redactor.add(resolvedValues);
    return resolved;
  }

  async close(): Promise<void> {
    for (const provider of this.#providers.values()) await provider.close();
  }
}

/**
 * The worker's properties with their own references resolved (Kafka resolves the worker config
 * through its providers at start-up, so `sasl.jaas.config=${file:...}` works), the providers for
 * the connectors, and the redactor that knows every secret seen so far (resolved values and the
 * worker's password settings).
 */
export async function resolveWorkerConfigProviders(
  props: Readonly<Record<string, string>>,
  classes: ReadonlyMap<string, () => ConfigProvider> = BUILTIN_CONFIG_PROVIDERS,
): Promise<{ props: Record<string, string>; providers: ConfigProviders; redactor: SecretRedactor }> {
  const providers = ConfigProviders.fromWorkerProperties(props, classes);
  const resolved = await providers.resolve(props);
  providers.redactor.addSecretsOf(resolved);
  return { props: resolved, providers, redactor: providers.redactor };
}
