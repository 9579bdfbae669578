import { ConfigException } from '@tsconnect/api';
import { type ConfigProviders, resolveWorkerConfigProviders } from '../config-providers/config-providers.js';
import { redactingLogSink } from '../config-providers/secret-redactor.js';
import { readPropertiesFile } from '../config/properties-file.js';
import { applyObservabilityConfig } from '../metrics/observability-config.js';
import { loggers as defaultLoggers, type Loggers } from '../logging/loggers.js';
import { builtinPluginRegistry } from '../plugins/builtin-plugins.js';
import { registerInstalledPlugins } from '../plugins/installed-plugins.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { COMPATIBILITY_KAFKA_VERSION_CONFIG, DEFAULT_COMPATIBLE_KAFKA_VERSION } from '../config/kafka-compatibility.js';
import { claimBuiltinPluginVersion } from '../plugins/builtin-plugin-version.js';

const SHUTDOWN_TIMEOUT_MS = 60_000;

/**
 * The shared command-line shell: read the worker properties, start, stop cleanly on SIGINT or
 * SIGTERM. A bad config ends start-up with its message (which names the key) and exit code 1.
 */
export async function runCli(
  command: string,
  usageArgs: string,
  start: (
    props: Record<string, string>,
    plugins: PluginRegistry,
    loggers: Loggers,
    extraArgs: string[],
    providers: ConfigProviders,
  ) => Promise<{ stop(): Promise<void> }>,
): Promise<void> {
  const [file, ...rest] = process.argv.slice(2);
  if (!file || file === '--help' || file === '-h') {
    console.error(`Usage: ${command} ${usageArgs}`);
    process.exit(1);
  }
  const log = defaultLoggers.get('org.apache.kafka.connect.cli.AbstractConnectCli');
  let worker: { stop(): Promise<void> };
  try {
    // ${provider:path:key} references in the worker config are resolved at start-up, as Kafka
    // does; every secret seen is kept out of the log from then on.
    const { props, providers, redactor } = await resolveWorkerConfigProviders(await readPropertiesFile(file));
    applyObservabilityConfig(props);
    defaultLoggers.setSink(redactingLogSink(defaultLoggers.sink, redactor));
    // The built-ins report the Kafka release the worker claims, as Kafka's report their own.
    claimBuiltinPluginVersion(props[COMPATIBILITY_KAFKA_VERSION_CONFIG] ?? DEFAULT_COMPATIBLE_KAFKA_VERSION);
    const plugins = builtinPluginRegistry();
    await registerInstalledPlugins(plugins, props, defaultLoggers.get('org.apache.kafka.connect.runtime.isolation.PluginScanner'));
    const running = await start(props, plugins, defaultLoggers, rest, providers);
    worker = {
      async stop() {
        await running.stop();
        await providers.close();
      },
    };
  } catch (error) {
    if (error instanceof ConfigException) {
      console.error(`${command}: invalid configuration in ${file}: ${error.message}`);
    } else {
      log.error('Failed to start Connect', error);
    }
    process.exit(1);
  }
  let exiting = false;
  const shutdown = (signal: string): void => {
    if (exiting) return;
    exiting = true;
    log.info(`Received ${signal}, stopping`);
    // Stopping needs the brokers (leaving the group, committing offsets); never hang on them.
    setTimeout(() => {
      log.error(`Stopping took longer than ${SHUTDOWN_TIMEOUT_MS} ms; exiting`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    worker
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error('Error while stopping', error);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
