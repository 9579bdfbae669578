/**
 * The instances this process runs, as Kafka's Worker: it loads connector and task plugins from the
 * registry, has each task wired to its Kafka clients, converters, transformation chain and error
 * handling by the builder of its kind (task-builders.ts), and stops them within the graceful
 * timeout. Herders decide what runs; the worker only runs it.
 */
import {
  ConnectException,
  type Connector,
  type SinkTask,
  type SourceTask,
} from '@tsconnect/api';
import { connectorTaskIdKey, formatConnectorTaskId, type ConnectorTaskId } from '../connector-task-id.js';
import { ConnectorConfig } from '../config/parsed-connector-config.js';
import type { WorkerConfig } from '../config/worker-config.js';
import type { ConfigProviders } from '../config-providers/config-providers.js';
import { unresolveTaskConfigs } from '../config-providers/config-placeholders.js';
import type { WorkerPort } from '../herder/worker-port.js';
import type { ClientLog } from '../kafka/client-log.js';
import { KafkaProducer } from '../kafka/kafka-producer.js';
import { SharedProducers } from '../kafka/shared-producers.js';
import type { ClientOverridePolicy } from '../kafka/task-client-configs.js';
import { PluginKind } from '../plugins/plugin-kind.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { TargetState } from '../storage/config-records.js';
import {
  ConnectorOffsetReader,
  OffsetStorageWriter,
  type OffsetBackingStore,
  type TransactionalOffsets,
} from '../storage/offset-backing-store.js';
import type { ConnectorStatusListener } from './connector-status-listener.js';
import { javaStackTrace } from './java-stack-trace.js';
import { buildExactlyOnceSourceTask, buildSinkTask, buildSourceTask, taskConverters, type TaskEnvironment } from './task-builders.js';
import type { TaskStatusListener } from './task-status-listener.js';
import { WorkerConnector } from './worker-connector.js';
import type { WorkerLog } from './worker-log.js';
import type { WorkerTask } from './worker-task.js';

export interface WorkerOptions {
  workerConfig: WorkerConfig;
  plugins: PluginRegistry;
  /** Resolves ${provider:path:key} references when a connector or task starts; configs are stored raw. */
  configProviders?: ConfigProviders;
  log: WorkerLog;
  connectorStatus: ConnectorStatusListener;
  taskStatus: TaskStatusListener;
  /**
   * Where source connectors and tasks read their stored offsets, and where a source task's offsets
   * go once Kafka acknowledged its records.
   */
  offsetStore: OffsetBackingStore;
  /** The log of offset reads and writes (the Kafka clients' logger). */
  offsetLog: ClientLog;
  /**
   * With exactly-once source support (distributed mode, `exactly.once.source.support=enabled`):
   * where source tasks write their offsets inside their transactions. Absent: at-least-once tasks.
   */
  transactionalOffsets?: ((connector: string) => TransactionalOffsets | Promise<TransactionalOffsets>) | null;
  /** Topic tracking: a task used a topic for the first time (called only with topic.tracking.enable=true). */
  onTopicUsed(id: ConnectorTaskId, topic: string): void;
}

type TaskClassOf = new () => SinkTask | SourceTask;

export class Worker implements WorkerPort {
  readonly #options: WorkerOptions;
  readonly #connectors = new Map<string, WorkerConnector>();
  readonly #tasks = new Map<string, WorkerTask>();
  /** The plugin version of each task instance, kept until the task has stopped (its last status carries it). */
  readonly #taskVersions = new Map<string, string | null>();
  readonly #workerProps: Record<string, string>;
  readonly #sharedProducers: SharedProducers | null;

  constructor(options: WorkerOptions) {
    this.#options = options;
    this.#workerProps = options.workerConfig.stringProperties();
    this.#sharedProducers = options.workerConfig.getBoolean('task.producer.sharing.enable')
      ? new SharedProducers((props) => KafkaProducer.fromProperties(props))
      : null;
  }

  get #log(): WorkerLog {
    return this.#options.log;
  }

  get #policy(): ClientOverridePolicy {
    return this.#options.workerConfig.clientConfigOverridePolicy();
  }

  async startConnector(
    name: string,
    config: Readonly<Record<string, string>>,
    targetState: TargetState,
    requestTaskReconfiguration: () => void,
  ): Promise<boolean> {
    if (this.#connectors.has(name)) throw new ConnectException(`Connector ${name} is already running on this worker`);
    let connector: Connector;
    let isSource: boolean;
    try {
      const entry = this.#options.plugins.connector(config['connector.class'] ?? '', config['connector.plugin.version'] ?? null);
      isSource = entry.kind === PluginKind.SOURCE;
      connector = new (await entry.load())() as Connector;
    } catch (error) {
      this.#log.error(`Failed to start connector ${name}`, error);
      this.#options.connectorStatus.onFailure(name, javaStackTrace(error), asError(error));
      return false;
    }
    let resolved: Record<string, string>;
    try {
      resolved = await this.#resolve(config);
    } catch (error) {
      this.#log.error(`Failed to resolve the config of connector ${name}`, error);
      this.#options.connectorStatus.onFailure(name, javaStackTrace(error), asError(error));
      return false;
    }
    const workerConnector = new WorkerConnector({
      name,
      connector,
      config: resolved,
      statusListener: this.#options.connectorStatus,
      requestTaskReconfiguration,
      offsetReader: isSource ? this.#offsetReader(name) : null,
      log: this.#log,
    });
    this.#connectors.set(name, workerConnector);
    this.#log.info(`Starting connector ${name} (${config['connector.class']})`);
    return workerConnector.start(targetState);
  }

  async connectorTaskConfigs(name: string, config: Readonly<Record<string, string>>): Promise<Record<string, string>[]> {
    const workerConnector = this.#connectors.get(name);
    if (!workerConnector) throw new ConnectException(`Connector ${name} is not running on this worker`);
    const parsed = await ConnectorConfig.create(this.#options.plugins, config);
    const maxTasks = parsed.tasksMax();
    const connector = workerConnector.connector;
    const configs = await connector.taskConfigs(maxTasks);
    if (configs.length > maxTasks) {
      const message = `Connector ${name} generated ${configs.length} task configs, but its tasks.max is ${maxTasks}`;
      if (parsed.enforceTasksMax()) throw new ConnectException(message);
      this.#log.warn(`${message}; tasks.max.enforce=false lets them run`);
    }
    const taskClass = connector.taskClass() as TaskClassOf & { className?: string };
    const taskClassName = taskClass.className ?? taskClass.name;
    // Secrets the connector copied from its resolved config go back to their references.
    return unresolveTaskConfigs(config, configs).map((c) => {
      const out: Record<string, string> = { ...c, 'task.class': taskClassName };
      if (parsed.isSink) {
        for (const key of ['topics', 'topics.regex']) if (config[key] !== undefined) out[key] = config[key]!;
      }
      return out;
    });
  }

  async stopConnector(name: string): Promise<void> {
    const workerConnector = this.#connectors.get(name);
    if (!workerConnector) return;
    this.#connectors.delete(name);
    this.#log.info(`Stopping connector ${name}`);
    await workerConnector.shutdown();
  }

  async startTask(
    id: ConnectorTaskId,
    connectorConfig: Readonly<Record<string, string>>,
    taskConfig: Readonly<Record<string, string>>,
    targetState: TargetState,
  ): Promise<boolean> {
    const key = connectorTaskIdKey(id);
    if (this.#tasks.has(key)) throw new ConnectException(`Task ${formatConnectorTaskId(id)} is already running on this worker`);
    this.#log.info(`Starting task ${formatConnectorTaskId(id)}`);
    let task: WorkerTask;
    try {
      task = await this.#buildTask(
        id,
        await this.#resolve(connectorConfig),
        await this.#resolve(taskConfig),
        targetState === 'PAUSED' ? 'PAUSED' : 'STARTED',
      );
    } catch (error) {
      this.#log.error(`Failed to start task ${formatConnectorTaskId(id)}`, error);
      this.#options.taskStatus.onFailure(id, javaStackTrace(error), asError(error));
      this.#taskVersions.delete(key);
      return false;
    }
    this.#tasks.set(key, task);
    void task.run();
    return true;
  }

  async stopTasks(ids: readonly ConnectorTaskId[]): Promise<void> {
    await this.stopTasksGracefully(ids);
  }

  /** Stops the tasks within the graceful timeout; answers those that did not stop in time (abandoned). */
  async stopTasksGracefully(ids: readonly ConnectorTaskId[]): Promise<ConnectorTaskId[]> {
    const tasks = ids.map((id) => this.#tasks.get(connectorTaskIdKey(id))).filter((t): t is WorkerTask => t !== undefined);
    for (const id of ids) this.#tasks.delete(connectorTaskIdKey(id));
    const timeout = this.#options.workerConfig.getLong('task.shutdown.graceful.timeout.ms');
    const stopped = await Promise.all(tasks.map((t) => t.stopAndAwait(timeout)));
    for (const id of ids) if (!this.#tasks.has(connectorTaskIdKey(id))) this.#taskVersions.delete(connectorTaskIdKey(id));
    return tasks.filter((_, i) => !stopped[i]).map((t) => t.id);
  }

  async setTargetState(connector: string, state: TargetState): Promise<void> {
    const workerConnector = this.#connectors.get(connector);
    const transition = workerConnector?.transitionTo(state);
    if (state !== 'STOPPED') {
      for (const task of this.#tasks.values()) if (task.id.connector === connector) task.transitionTo(state);
    }
    await transition;
  }

  connectorNames(): string[] {
    return [...this.#connectors.keys()];
  }

  taskIds(): ConnectorTaskId[] {
    return [...this.#tasks.values()].map((t) => t.id);
  }

  isRunning(connector: string): boolean {
    return this.#connectors.get(connector)?.isRunning ?? false;
  }

  /** The plugin version of the connector instance on this worker (Kafka 4.1 writes it into its statuses), or null. */
  connectorVersion(connector: string): string | null {
    const workerConnector = this.#connectors.get(connector);
    return workerConnector ? pluginVersion(workerConnector.connector) : null;
  }

  /** The plugin version of the task instance on this worker, or null. */
  taskVersion(id: ConnectorTaskId): string | null {
    return this.#taskVersions.get(connectorTaskIdKey(id)) ?? null;
  }

  async stop(): Promise<void> {
    await this.stopTasks(this.taskIds());
    for (const name of this.connectorNames()) await this.stopConnector(name);
  }

  #topicListener(id: ConnectorTaskId): ((topic: string) => void) | null {
    if (!this.#options.workerConfig.getBoolean('topic.tracking.enable')) return null;
    return (topic) => this.#options.onTopicUsed(id, topic);
  }

  #offsetReader(connector: string): ConnectorOffsetReader {
    return new ConnectorOffsetReader(connector, this.#options.offsetStore, this.#options.offsetLog);
  }

  #resolve(config: Readonly<Record<string, string>>): Promise<Record<string, string>> {
    return this.#options.configProviders ? this.#options.configProviders.resolve(config) : Promise.resolve({ ...config });
  }

  // --- building tasks --------------------------------------------------------------------------

  /** Loads the plugin's task and hands it to the builder of its kind (task-builders.ts). */
  async #buildTask(
    id: ConnectorTaskId,
    connectorConfig: Readonly<Record<string, string>>,
    taskConfig: Readonly<Record<string, string>>,
    initialState: 'STARTED' | 'PAUSED',
  ): Promise<WorkerTask> {
    const { plugins, workerConfig } = this.#options;
    const parsed = await ConnectorConfig.create(plugins, connectorConfig, {
      topicCreationEnabled: workerConfig.getBoolean('topic.creation.enable'),
    });
    const connector = new (await parsed.connector.load())() as Connector;
    const taskClass = connector.taskClass() as TaskClassOf;
    const task = new taskClass();
    this.#taskVersions.set(connectorTaskIdKey(id), pluginVersion(task));
    const env: TaskEnvironment = {
      workerConfig,
      workerProps: this.#workerProps,
      policy: this.#policy,
      plugins,
      log: this.#log,
      taskStatus: this.#options.taskStatus,
      sharedProducers: this.#sharedProducers,
    };
    const spec = {
      id,
      connectorConfig,
      taskConfig,
      parsed,
      converters: await taskConverters(plugins, workerConfig, connectorConfig),
      initialState,
      onTopicUsed: this.#topicListener(id),
    };
    if (parsed.isSink) return buildSinkTask({ ...spec, task: task as SinkTask }, env);
    const offsets = {
      offsetReader: this.#offsetReader(id.connector),
      offsetWriter: new OffsetStorageWriter(id.connector, this.#options.offsetStore, this.#options.offsetLog),
    };
    const transactionalOffsets = this.#options.transactionalOffsets;
    if (!transactionalOffsets) return buildSourceTask({ ...spec, task: task as SourceTask }, env, offsets);
    return buildExactlyOnceSourceTask({ ...spec, task: task as SourceTask }, env, offsets, transactionalOffsets);
  }
}

/** A plugin's version(), or null when it has none or fails to tell. */
function pluginVersion(plugin: { version(): string }): string | null {
  try {
    const version = plugin.version();
    return typeof version === 'string' && version !== '' ? version : null;
  } catch {
    return null;
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
