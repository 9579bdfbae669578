/**
 * A connector's configuration as the worker reads it to start the connector, as Kafka's
 * ConnectorConfig / SinkConnectorConfig / SourceConnectorConfig objects: the framework keys and
 * the keys of its transformations and predicates (and topic creation groups, for a source that
 * uses them), parsed; any problem throws ConfigException naming the key.
 */
import { AbstractConfig, ConfigException, ConfigValue, type ConfigDef } from '@tsconnect/api';
import { PluginKind } from '../plugins/plugin-kind.js';
import type { PluginEntry, PluginRegistry } from '../plugins/plugin-registry.js';
import { sinkConnectorConfigDef, sourceConnectorConfigDef, validateSinkTopics } from './connector-config.js';
import { enrichConnectorConfigDef, NEGATE_CONFIG, PREDICATE_CONFIG } from './connector-config-enrichment.js';
import { enrichTopicCreationConfigDef, usesTopicCreation } from './topic-creation-config.js';

interface ConnectorConfigOptions {
  /** The worker's topic.creation.enable: whether topic.creation.* groups are read. */
  topicCreationEnabled?: boolean;
}

/** One `transforms` alias: its class, its own settings (prefix removed) and its predicate. */
interface TransformationSpec {
  alias: string;
  type: string;
  configs: Record<string, unknown>;
  predicate: { alias: string; type: string; configs: Record<string, unknown>; negate: boolean } | null;
}

export class ConnectorConfig extends AbstractConfig {
  readonly connector: PluginEntry;
  readonly #plugins: PluginRegistry;

  private constructor(
    definition: ConfigDef,
    props: Readonly<Record<string, string>>,
    connector: PluginEntry,
    plugins: PluginRegistry,
  ) {
    super(definition, props);
    this.connector = connector;
    this.#plugins = plugins;
  }

  /**
   * Parses `props` for the connector its `connector.class` names.
   * @throws ConnectException when the connector is unknown; ConfigException for a bad value.
   */
  static async create(
    plugins: PluginRegistry,
    props: Readonly<Record<string, string>>,
    options: ConnectorConfigOptions = {},
  ): Promise<ConnectorConfig> {
    const connectorClass = props['connector.class'];
    if (connectorClass === undefined) {
      throw new ConfigException('Missing required configuration "connector.class" which has no default value.');
    }
    const connector = plugins.connector(connectorClass, props['connector.plugin.version'] ?? null);
    const isSink = connector.kind === PluginKind.SINK;
    let definition = isSink ? sinkConnectorConfigDef({ plugins }) : sourceConnectorConfigDef({ plugins });
    if (isSink) {
      const problems = new Map<string, ConfigValue>();
      validateSinkTopics(props, problems);
      const first = [...problems.values()].find((value) => value.errorMessages.length > 0);
      if (first) throw new ConfigException(first.name, first.value, first.errorMessages[0]);
    } else if ((options.topicCreationEnabled ?? true) && usesTopicCreation(props)) {
      definition = enrichTopicCreationConfigDef(definition, props);
    }
    return new ConnectorConfig(await enrichConnectorConfigDef(plugins, definition, props, true), props, connector, plugins);
  }

  get isSink(): boolean {
    return this.connector.kind === PluginKind.SINK;
  }

  name(): string {
    return this.requireString('name');
  }

  tasksMax(): number {
    return this.getInt('tasks.max');
  }

  enforceTasksMax(): boolean {
    return this.getBoolean('tasks.max.enforce');
  }

  errorRetryTimeout(): number {
    return this.getLong('errors.retry.timeout');
  }

  errorMaxDelayInMillis(): number {
    return this.getLong('errors.retry.delay.max.ms');
  }

  /** errors.tolerance=all: problem records are skipped rather than failing the task. */
  toleratesAllErrors(): boolean {
    return this.requireString('errors.tolerance').toLowerCase() === 'all';
  }

  enableErrorLog(): boolean {
    return this.getBoolean('errors.log.enable');
  }

  includeRecordDetailsInErrorLog(): boolean {
    return this.getBoolean('errors.log.include.messages');
  }

  /** The sink's dead letter queue topic, or '' when there is none (always '' for sources). */
  dlqTopicName(): string {
    return this.isSink ? this.requireString('errors.deadletterqueue.topic.name') : '';
  }

  #className(key: string): string {
    return this.#plugins.resolveClassName(this.getClass(key) as string);
  }

  /**
   * The transformation chain as configured, in order, as Kafka's transformationStages reads it:
   * each gets its settings with the prefix removed and without predicate/negate (`type` stays);
   * class names are resolved to full Java names.
   * @throws ConfigException `Unknown configuration 'predicates.<p>.type'` for an unlisted predicate.
   */
  transformations(): TransformationSpec[] {
    return this.requireList('transforms').map((alias) => {
      const prefix = `transforms.${alias}.`;
      const configs = this.originalsWithPrefix(prefix);
      const predicateAlias = configs[PREDICATE_CONFIG] as string | undefined;
      const negate = String(configs[NEGATE_CONFIG] ?? 'false').toLowerCase() === 'true';
      delete configs[PREDICATE_CONFIG];
      delete configs[NEGATE_CONFIG];
      let predicate: TransformationSpec['predicate'] = null;
      if (predicateAlias !== undefined) {
        const predicatePrefix = `predicates.${predicateAlias}.`;
        predicate = {
          alias: predicateAlias,
          type: this.#className(`${predicatePrefix}type`),
          configs: this.originalsWithPrefix(predicatePrefix),
          negate,
        };
      }
      return { alias, type: this.#className(`${prefix}type`), configs, predicate };
    });
  }
}
