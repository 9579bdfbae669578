/**
 * An in-memory Herder for REST tests: enough state for the endpoints to answer, a record of every
 * call, and per-method failures or hangs to provoke each error answer.
 */
import type { ConnectorTaskId } from '../../src/connector-task-id.js';
import type {
  Herder,
  HerderStage,
  InternalRequestSignature,
  PutConnectorConfigOptions,
  PutConnectorConfigResult,
  RestartRequest,
} from '../../src/herder/herder.js';
import { herderErrors } from '../../src/herder/herder-errors.js';
import type {
  ActiveTopicsInfo,
  ConfigInfos,
  ConfigKeyInfo,
  ConnectorInfo,
  ConnectorOffsets,
  ConnectorStateInfo,
  LoggerLevel,
  Message,
  PluginInfo,
  RequestConfig,
  ServerInfo,
  TaskInfo,
  TaskState,
} from '../../src/model/entities.js';

export interface Call {
  method: keyof Herder;
  args: unknown[];
}

export class FakeHerder implements Herder {
  readonly configs = new Map<string, Record<string, string>>();
  readonly statuses = new Map<string, ConnectorStateInfo>();
  readonly calls: Call[] = [];
  readonly failures = new Map<keyof Herder, unknown>();
  readonly hangs = new Set<keyof Herder>();
  ready = true;
  stage: HerderStage | null = null;

  /** Adds a sink connector with one task and a RUNNING status. */
  addConnector(name: string, config: Record<string, string> = {}): void {
    this.configs.set(name, { 'connector.class': 'FileStreamSink', name, ...config });
    this.statuses.set(name, {
      name,
      connector: { state: 'RUNNING', worker_id: 'w1:8083' },
      tasks: [{ id: 0, state: 'RUNNING', worker_id: 'w1:8083' }],
      type: 'sink',
    });
  }

  callsOf(method: keyof Herder): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  private async run<T>(method: keyof Herder, args: unknown[], body: () => T): Promise<T> {
    this.calls.push({ method, args });
    await Promise.resolve();
    if (this.hangs.has(method)) return new Promise<T>(() => {});
    if (this.failures.has(method)) throw this.failures.get(method);
    return body();
  }

  private info(name: string): ConnectorInfo {
    const config = this.configs.get(name);
    if (config === undefined) throw herderErrors.connectorNotFound(name);
    return { name, config: { ...config }, tasks: [{ connector: name, task: 0 }], type: 'sink' };
  }

  serverInfo(): Promise<ServerInfo> {
    return this.run('serverInfo', [], () => ({ version: '4.1.0', commit: 'abc123', kafka_cluster_id: 'cluster-1' }));
  }
  healthCheck(): Promise<void> {
    return this.run('healthCheck', [], () => undefined);
  }
  isReady(): boolean {
    return this.ready;
  }
  currentStage(): HerderStage | null {
    return this.stage;
  }
  connectors(): Promise<string[]> {
    return this.run('connectors', [], () => [...this.configs.keys()]);
  }
  connectorInfo(name: string): Promise<ConnectorInfo> {
    return this.run('connectorInfo', [name], () => this.info(name));
  }
  connectorConfig(name: string): Promise<Record<string, string>> {
    return this.run('connectorConfig', [name], () => this.info(name).config);
  }
  putConnectorConfig(name: string, config: RequestConfig, options: PutConnectorConfigOptions): Promise<PutConnectorConfigResult> {
    return this.run('putConnectorConfig', [name, config, options], () => {
      const exists = this.configs.has(name);
      if (exists && !options.allowReplace) throw herderErrors.connectorExists(name);
      this.configs.set(name, config as Record<string, string>);
      return { created: !exists, info: { ...this.info(name), tasks: exists ? [{ connector: name, task: 0 }] : [] } };
    });
  }
  patchConnectorConfig(name: string, patch: RequestConfig): Promise<ConnectorInfo> {
    return this.run('patchConnectorConfig', [name, patch], () => {
      const config = { ...this.info(name).config };
      for (const [k, v] of Object.entries(patch)) {
        if (v === null) delete config[k];
        else config[k] = v;
      }
      this.configs.set(name, config);
      return this.info(name);
    });
  }
  deleteConnector(name: string): Promise<void> {
    return this.run('deleteConnector', [name], () => {
      this.info(name);
      this.configs.delete(name);
    });
  }
  connectorStatus(name: string): Promise<ConnectorStateInfo> {
    return this.run('connectorStatus', [name], () => {
      const status = this.statuses.get(name);
      if (status === undefined) throw herderErrors.noConnectorStatus(name);
      return status;
    });
  }
  taskStatus(id: ConnectorTaskId): Promise<TaskState> {
    return this.run('taskStatus', [id], () => {
      const task = this.statuses.get(id.connector)?.tasks.find((t) => t.id === id.task);
      if (task === undefined) throw herderErrors.noTaskStatus(id.connector, id.task);
      return task;
    });
  }
  taskConfigs(name: string): Promise<TaskInfo[]> {
    return this.run('taskConfigs', [name], () => {
      this.info(name);
      return [{ id: { connector: name, task: 0 }, config: { 'task.class': 'FileStreamSinkTask' } }];
    });
  }
  putTaskConfigs(name: string, configs: Record<string, string>[], signature: InternalRequestSignature | null): Promise<void> {
    return this.run('putTaskConfigs', [name, configs, signature], () => undefined);
  }
  fenceZombies(name: string, signature: InternalRequestSignature | null): Promise<void> {
    return this.run('fenceZombies', [name, signature], () => undefined);
  }
  restartConnector(name: string): Promise<void> {
    return this.run('restartConnector', [name], () => {
      if (!this.configs.has(name)) throw herderErrors.unknownConnector(name);
    });
  }
  restartConnectorAndTasks(request: RestartRequest): Promise<ConnectorStateInfo> {
    return this.run('restartConnectorAndTasks', [request], () => {
      const status = this.statuses.get(request.connector);
      if (status === undefined) throw herderErrors.unknownConnector(request.connector);
      return {
        ...status,
        connector: { ...status.connector, state: 'RESTARTING' },
        tasks: status.tasks.map((t) => (request.includeTasks ? { ...t, state: 'RESTARTING' } : t)),
      };
    });
  }
  restartTask(id: ConnectorTaskId): Promise<void> {
    return this.run('restartTask', [id], () => {
      if (!this.configs.has(id.connector)) throw herderErrors.unknownConnector(id.connector);
    });
  }
  pauseConnector(name: string): Promise<void> {
    return this.run('pauseConnector', [name], () => {
      if (!this.configs.has(name)) throw herderErrors.unknownConnectorTargetState(name);
    });
  }
  resumeConnector(name: string): Promise<void> {
    return this.run('resumeConnector', [name], () => undefined);
  }
  stopConnector(name: string): Promise<void> {
    return this.run('stopConnector', [name], () => undefined);
  }
  connectorActiveTopics(name: string): Promise<ActiveTopicsInfo> {
    return this.run('connectorActiveTopics', [name], () => ({ connector: name, topics: this.configs.has(name) ? ['t1'] : [] }));
  }
  resetConnectorActiveTopics(name: string): Promise<void> {
    return this.run('resetConnectorActiveTopics', [name], () => undefined);
  }
  connectorOffsets(name: string): Promise<ConnectorOffsets> {
    return this.run('connectorOffsets', [name], () => ({
      offsets: [{ partition: { kafka_topic: 't1', kafka_partition: 0 }, offset: { kafka_offset: 12345678901234567890n } }],
    }));
  }
  alterConnectorOffsets(name: string, offsets: ConnectorOffsets): Promise<Message> {
    return this.run('alterConnectorOffsets', [name, offsets], () => ({
      message: 'The offsets for this connector have been altered successfully',
    }));
  }
  resetConnectorOffsets(name: string): Promise<Message> {
    return this.run('resetConnectorOffsets', [name], () => ({ message: 'The offsets for this connector have been reset successfully' }));
  }
  validateConnectorConfig(config: RequestConfig): Promise<ConfigInfos> {
    return this.run('validateConnectorConfig', [config], () => {
      if (config['connector.class'] == null) throw herderErrors.missingConnectorType(config, '4.1.1');
      return { name: config['connector.class'], error_count: 0, groups: ['Common'], configs: [] };
    });
  }
  connectorPlugins(connectorsOnly: boolean): Promise<PluginInfo[]> {
    return this.run('connectorPlugins', [connectorsOnly], () => {
      const connectors: PluginInfo[] = [{ class: 'org.apache.kafka.connect.file.FileStreamSinkConnector', type: 'sink', version: '4.1.0' }];
      return connectorsOnly ? connectors : [...connectors, { class: 'org.apache.kafka.connect.transforms.Filter', type: 'transformation' }];
    });
  }
  pluginConfig(pluginName: string, versionRange?: string): Promise<ConfigKeyInfo[]> {
    return this.run('pluginConfig', [pluginName, versionRange], () => []);
  }
  allLoggerLevels(): Promise<Record<string, LoggerLevel>> {
    return this.run('allLoggerLevels', [], () => ({ root: { level: 'INFO', last_modified: null } }));
  }
  loggerLevel(name: string): Promise<LoggerLevel | null> {
    return this.run('loggerLevel', [name], () => (name === 'root' ? { level: 'INFO', last_modified: 1700000000000 } : null));
  }
  setWorkerLoggerLevel(namespace: string, level: string): Promise<string[]> {
    return this.run('setWorkerLoggerLevel', [namespace, level], () => [namespace, `${namespace}.child`]);
  }
  setClusterLoggerLevel(namespace: string, level: string): Promise<void> {
    return this.run('setClusterLoggerLevel', [namespace, level], () => undefined);
  }
}
