/**
 * What the distributed and the standalone herder share, as Kafka's AbstractHerder: status
 * answers built from the status store, config validation, plugin listings, loggers and the
 * restart plan. Subclasses own the config state and how writes reach it.
 */
import { ConfigException, type ConfigKeyInfo as ApiConfigKeyInfo, configKeyInfos } from '@tsconnect/api';
import { compareConnectorTaskIds, connectorTaskId, type ConnectorTaskId } from '../connector-task-id.js';
import { validateConnectorConfig } from '../config/connector-config-validation.js';
import { ConfigProviders } from '../config-providers/config-providers.js';
import { sinkConnectorConfigDef, sourceConnectorConfigDef } from '../config/connector-config.js';
import type { WorkerConfig } from '../config/worker-config.js';
import { type LogLevel, type Loggers, ROOT_LOGGER, parseLogLevel } from '../logging/loggers.js';
import { PluginKind } from '../plugins/plugin-kind.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type {
  ActiveTopicsInfo,
  ConfigInfos,
  ConfigKeyInfo,
  ConnectorInfo,
  ConnectorStateInfo,
  ConnectorType,
  LoggerLevel,
  PluginInfo,
  RequestConfig,
  ServerInfo,
  TaskState,
} from '../model/entities.js';
import type { StatusValue } from '../storage/status-records.js';
import type { HerderStage, RestartRequest } from './herder.js';
import { BadRequestError, ConnectRestError, herderErrors } from './herder-errors.js';
import { COMPATIBILITY_KAFKA_VERSION_CONFIG, withOrderField } from '../config/kafka-compatibility.js';
import { PluginVersionRange } from '../plugins/plugin-version-range.js';

/** The status lookups a herder answers from (the status store). */
export interface StatusReader {
  connectorStatus(connector: string): StatusValue | null;
  taskStatus(id: ConnectorTaskId): StatusValue | null;
  taskStatuses(connector: string): { id: ConnectorTaskId; status: StatusValue }[];
  /** Topics the connector's tasks have used (topic tracking). */
  activeTopics(connector: string): string[];
}

export const WORKER_COMMIT = 'tsconnect';

/** Which instances a restart touches, from the current statuses (Kafka's RestartPlan). */
export interface RestartPlan {
  restartConnector: boolean;
  tasks: ConnectorTaskId[];
  /** The planned state the REST answer shows. */
  planned: ConnectorStateInfo;
}

export abstract class HerderBase {
  #stage: HerderStage | null = null;
  #providers: ConfigProviders | null = null;

  protected constructor(
    protected readonly workerConfig: WorkerConfig,
    protected readonly plugins: PluginRegistry,
    protected readonly statuses: StatusReader,
    protected readonly loggers: Loggers,
    protected readonly workerId: string,
  ) {}

  protected abstract kafkaClusterId(): string | null;
  /** The raw config of a connector in the current config state, or undefined. */
  protected abstract rawConnectorConfig(name: string): Readonly<Record<string, string>> | undefined;

  async serverInfo(): Promise<ServerInfo> {
    // The Kafka release we answer like (clients gate features on it).
    return { version: this.claimedKafkaVersion(), commit: WORKER_COMMIT, kafka_cluster_id: this.kafkaClusterId() };
  }

  /** compatibility.kafka.version */
  protected claimedKafkaVersion(): string {
    return this.workerConfig.requireString(COMPATIBILITY_KAFKA_VERSION_CONFIG);
  }

  currentStage(): HerderStage | null {
    return this.#stage;
  }

  /** Runs `work` as a named stage, so timeouts and /health can say what the worker was doing. */
  protected async inStage<T>(description: string, work: () => Promise<T>): Promise<T> {
    const stage: HerderStage = { description, started: Date.now(), completed: null };
    this.#stage = stage;
    try {
      return await work();
    } finally {
      stage.completed = Date.now();
    }
  }

  /** source, sink or unknown, from the connector class in the config. */
  protected connectorType(config: Readonly<Record<string, string | null>> | undefined): ConnectorType {
    const className = config?.['connector.class'];
    if (!className) return 'unknown';
    const entry = this.plugins.find(className, [PluginKind.SOURCE, PluginKind.SINK]);
    if (!entry) return 'unknown';
    return entry.kind === PluginKind.SOURCE ? 'source' : 'sink';
  }

  protected connectorInfoOf(name: string, config: Readonly<Record<string, string>>, taskCount: number): ConnectorInfo {
    return {
      name,
      config: { ...config },
      tasks: Array.from({ length: taskCount }, (_, task) => ({ connector: name, task })),
      type: this.connectorType(config),
    };
  }

  async connectorStatus(name: string): Promise<ConnectorStateInfo> {
    const status = this.statuses.connectorStatus(name);
    if (status === null) throw herderErrors.noConnectorStatus(name);
    const tasks = this.statuses
      .taskStatuses(name)
      .sort((a, b) => compareConnectorTaskIds(a.id, b.id))
      .map(({ id, status: s }) => taskStateOf(id.task, s));
    return {
      name,
      connector: {
        state: status.state,
        worker_id: status.workerId,
        ...(status.trace ? { trace: status.trace } : {}),
        ...(status.version ? { version: status.version } : {}),
      },
      tasks,
      type: this.connectorType(this.rawConnectorConfig(name)),
    };
  }

  async taskStatus(id: ConnectorTaskId): Promise<TaskState> {
    const status = this.statuses.taskStatus(id);
    if (status === null) throw herderErrors.noTaskStatus(id.connector, id.task);
    return taskStateOf(id.task, status);
  }

  async connectorActiveTopics(name: string): Promise<ActiveTopicsInfo> {
    return { connector: name, topics: [...this.statuses.activeTopics(name)].sort() };
  }

  /** Validation errors of a connector config, as the 400 of create/PUT lists them. */
  protected async validationErrors(config: RequestConfig): Promise<string[]> {
    const infos = await this.validateConnectorConfig(config);
    return infos.configs.flatMap((c) => c.value?.errors ?? []);
  }

  async validateConnectorConfig(config: RequestConfig): Promise<ConfigInfos> {
    if (config['connector.class'] === undefined || config['connector.class'] === null) {
      throw herderErrors.missingConnectorType(config, this.claimedKafkaVersion());
    }
    const worker = this.workerConfig;
    const infos = await validateConnectorConfig(this.plugins, config, {
      worker,
      configProviders: this.#configProviders(),
      ...(worker.mode === 'distributed' ? { exactlyOnceSource: worker.getString('exactly.once.source.support') === 'enabled' } : {}),
    });
    const version = this.claimedKafkaVersion();
    return { ...infos, configs: infos.configs.map((c) => (c.definition ? { ...c, definition: withOrderField(c.definition, version) } : c)) };
  }

  /** The worker's config providers as configured (validation asks them which paths they refuse; nothing is read). */
  #configProviders(): ConfigProviders {
    if (!this.#providers) {
      const props: Record<string, string> = {};
      for (const [k, v] of Object.entries(this.workerConfig.originals())) if (v !== undefined && v !== null) props[k] = String(v);
      this.#providers = ConfigProviders.fromWorkerProperties(props);
    }
    return this.#providers;
  }

  /** Refuses a connector config that would not validate: Kafka's 400 with every error listed. */
  protected async checkConnectorConfig(config: RequestConfig): Promise<void> {
    const errors = await this.validationErrors(config);
    if (errors.length > 0) throw herderErrors.invalidConfig(errors);
  }

  async connectorPlugins(connectorsOnly: boolean): Promise<PluginInfo[]> {
    return this.plugins.pluginInfos(connectorsOnly) as PluginInfo[];
  }

  async pluginConfig(pluginName: string, versionRange?: string): Promise<ConfigKeyInfo[]> {
    const kinds = Object.values(PluginKind);
    const requested = versionRange && versionRange !== 'latest' ? versionRange : null;
    let range: PluginVersionRange | null = null;
    try {
      range = PluginVersionRange.parse(requested);
    } catch {
      throw new BadRequestError(`Invalid version specification: ${versionRange}`);
    }
    const entry = this.plugins.find(pluginName, kinds, requested);
    if (!entry) {
      const installed = this.plugins.installedVersions(pluginName, kinds);
      if (installed) {
        throw new BadRequestError(
          `Plugin ${installed.className} not found that matches the version range ${range}, available versions: [${installed.versions.join(', ')}]`,
        );
      }
      throw new ConnectRestError(404, `Unknown plugin ${pluginName}.`);
    }
    const instance = new (await entry.load())() as { config?: () => import('@tsconnect/api').ConfigDef };
    if (typeof instance.config !== 'function') throw new BadRequestError(`${pluginName} is not a plugin with a configuration`);
    const version = this.claimedKafkaVersion();
    const own = (configKeyInfos(instance.config().configKeys) as ApiConfigKeyInfo[]).map((k) => withOrderField(k, version));
    if (entry.kind !== PluginKind.SOURCE && entry.kind !== PluginKind.SINK) return own;
    const ownNames = new Set(own.map((k) => k.name));
    // As Kafka 4.1: connector.plugin.version defaults to the version of the plugin described.
    const options = { connectorVersion: entry.version };
    const frameworkDef = entry.kind === PluginKind.SINK ? sinkConnectorConfigDef(options) : sourceConnectorConfigDef(options);
    const framework = (configKeyInfos(frameworkDef.configKeys) as ApiConfigKeyInfo[])
      .filter((k) => !ownNames.has(k.name))
      .map((k) => withOrderField(k, version));
    return [...own, ...framework];
  }

  async allLoggerLevels(): Promise<Record<string, LoggerLevel>> {
    const levels: Record<string, LoggerLevel> = {};
    for (const [name, level] of this.loggers.explicitLevels()) {
      levels[name] = { level: level.level, last_modified: level.lastModified };
    }
    return levels;
  }

  async loggerLevel(name: string): Promise<LoggerLevel | null> {
    const level = this.loggers.levelOf(name);
    return level === null ? null : { level: level.level, last_modified: level.lastModified };
  }

  async setWorkerLoggerLevel(namespace: string, level: string): Promise<string[]> {
    return this.loggers.setLevel(namespace || ROOT_LOGGER, toLogLevel(level));
  }

  /**
   * The KIP-745 plan: the connector restarts when !onlyFailed or it FAILED; each task when
   * includeTasks and (!onlyFailed or it FAILED). The answer shows RESTARTING for those.
   */
  protected restartPlan(request: RestartRequest): RestartPlan {
    const status = this.statuses.connectorStatus(request.connector);
    if (status === null) throw herderErrors.unknownConnector(request.connector);
    const restartConnector = !request.onlyFailed || status.state === 'FAILED';
    const taskStatuses = this.statuses.taskStatuses(request.connector).sort((a, b) => compareConnectorTaskIds(a.id, b.id));
    const tasks = request.includeTasks
      ? taskStatuses.filter(({ status: s }) => !request.onlyFailed || s.state === 'FAILED').map(({ id }) => id)
      : [];
    const restarting = new Set(tasks.map((t) => t.task));
    return {
      restartConnector,
      tasks,
      planned: {
        name: request.connector,
        connector: {
          state: restartConnector ? 'RESTARTING' : status.state,
          worker_id: status.workerId,
          ...(!restartConnector && status.trace ? { trace: status.trace } : {}),
          ...(status.version ? { version: status.version } : {}),
        },
        tasks: taskStatuses.map(({ id, status: s }) =>
          restarting.has(id.task) ? { id: id.task, state: 'RESTARTING', worker_id: s.workerId, ...(s.version ? { version: s.version } : {}) } : taskStateOf(id.task, s),
        ),
        type: this.connectorType(this.rawConnectorConfig(request.connector)),
      },
    };
  }

  /** The task id of `connector` numbered `task`. */
  protected taskId(connector: string, task: number): ConnectorTaskId {
    return connectorTaskId(connector, task);
  }
}

function taskStateOf(task: number, status: StatusValue): TaskState {
  return {
    id: task,
    state: status.state,
    worker_id: status.workerId,
    ...(status.trace ? { trace: status.trace } : {}),
    ...(status.version ? { version: status.version } : {}),
  };
}

function toLogLevel(level: string): LogLevel {
  const parsed = parseLogLevel(level);
  if (parsed === null) throw new ConfigException(`invalid log level '${level}'.`);
  return parsed;
}
