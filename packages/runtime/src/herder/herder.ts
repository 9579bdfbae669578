/**
 * What the REST layer asks of a herder: one promise-returning method per operation of Kafka's
 * Herder interface, with Kafka's REST entities as results. Failures are the errors of
 * herder-errors.ts: NotLeaderError / NotAssignedError make the REST layer forward the request,
 * RebalanceNeededError becomes a 409, ConnectRestError / NotFoundException /
 * AlreadyExistsException are answered with their status, anything else is a 500.
 *
 * Which operations may throw what (as Kafka's DistributedHerder):
 * - may throw NotLeaderError (leader-only): putConnectorConfig, patchConnectorConfig,
 *   deleteConnector, stopConnector, restartConnectorAndTasks, alterConnectorOffsets,
 *   resetConnectorOffsets, putTaskConfigs, fenceZombies; restartConnector and restartTask too.
 * - may throw NotAssignedError (the leader, when another worker owns the connector or task):
 *   restartConnector, restartTask.
 * - may throw RebalanceNeededError: connectorInfo, connectorConfig, taskConfigs, the restarts,
 *   offset alter/reset, and the leader-only writes.
 * - read local state and never throw the three above: connectors, connectorStatus, taskStatus,
 *   connectorActiveTopics, pauseConnector, resumeConnector, the plugin and logger methods.
 *
 * The REST layer applies the 90 s request timeout; a herder does not need its own.
 */
import type { ConnectorTaskId } from '../connector-task-id.js';
import type {
  ActiveTopicsInfo,
  ConfigInfos,
  ConfigKeyInfo,
  ConnectorInfo,
  ConnectorOffsets,
  ConnectorStateInfo,
  InitialState,
  LoggerLevel,
  Message,
  PluginInfo,
  RequestConfig,
  ServerInfo,
  TaskInfo,
  TaskState,
} from '../model/entities.js';

export interface PutConnectorConfigOptions {
  /** false for POST /connectors (AlreadyExistsException if it exists), true for PUT .../config. */
  allowReplace: boolean;
  /** KIP-980 initial state, only from POST /connectors; written before the connector config. */
  initialState?: InitialState | null;
}

export interface PutConnectorConfigResult {
  /** true when the connector did not exist before (PUT answers 201 instead of 200). */
  created: boolean;
  info: ConnectorInfo;
}

/** KIP-745 restart: which instances to restart. */
export interface RestartRequest {
  connector: string;
  includeTasks: boolean;
  onlyFailed: boolean;
}

/**
 * The signature of an internal request (KIP-507), as received. The REST layer passes null when
 * either header is missing; the herder verifies it when the group runs the sessioned protocol
 * and throws herderErrors.signatureMissing / signatureInvalid / noSessionKey (400 / 403 / 503),
 * or a BadRequestError for an unknown algorithm.
 */
export interface InternalRequestSignature {
  /** The exact request body bytes the signature was computed over. */
  body: Uint8Array;
  /** `X-Connect-Request-Signature-Algorithm`, e.g. HmacSHA256. */
  algorithm: string;
  /** `X-Connect-Authorization`, base64-decoded (the REST layer answers 400 for bad base64). */
  signature: Uint8Array;
}

/** `cluster` writes logger-cluster-<name> to the config topic; `worker` changes this worker only. */
export type LoggerScope = 'worker' | 'cluster';

/** What a herder is doing now (Kafka's Stage), for timeout and health messages. */
export interface HerderStage {
  description: string;
  /** Epoch ms. */
  started: number;
  /** Epoch ms, null while the stage runs. */
  completed: number | null;
}

export interface Herder {
  // --- worker -------------------------------------------------------------------------------

  /** GET /: version, commit and the Kafka cluster id. */
  serverInfo(): Promise<ServerInfo>;

  /**
   * GET /health: resolves once the herder's main loop has run a no-op request (the REST layer
   * waits at most 10 s for it, then asks isReady() whether the worker is starting or stuck).
   */
  healthCheck(): Promise<void>;
  /** True once startup is complete (internal topics read, first tick done). */
  isReady(): boolean;
  /** The herder's current or last stage, for "Request timed out. ..." and health messages; null if none. */
  currentStage(): HerderStage | null;

  // --- connectors ---------------------------------------------------------------------------

  /** GET /connectors: names of the connectors in the config snapshot. */
  connectors(): Promise<string[]>;
  /**
   * GET /connectors/{c}: NotFoundException `Connector <c> not found`. `duringRebalance`: the config
   * as this worker has read it, even while a rebalance is pending (Kafka's synchronous
   * AbstractHerder.connectorInfo, which GET /connectors?expand=info uses).
   */
  connectorInfo(name: string, options?: { duringRebalance?: boolean }): Promise<ConnectorInfo>;
  /** GET /connectors/{c}/config: the raw config (placeholders unresolved). */
  connectorConfig(name: string): Promise<Record<string, string>>;
  /**
   * POST /connectors and PUT /connectors/{c}/config. `config` already contains `name`. Validation
   * errors: herderErrors.invalidConfig (400); existing name with allowReplace=false:
   * herderErrors.connectorExists (409).
   */
  putConnectorConfig(name: string, config: RequestConfig, options: PutConnectorConfigOptions): Promise<PutConnectorConfigResult>;
  /** PATCH /connectors/{c}/config: null values remove keys, others overwrite; then as PUT. 404 if unknown. */
  patchConnectorConfig(name: string, patch: RequestConfig): Promise<ConnectorInfo>;
  /** DELETE /connectors/{c}: 404 if unknown. */
  deleteConnector(name: string): Promise<void>;

  /** GET /connectors/{c}/status: herderErrors.noConnectorStatus (404) until a status exists. */
  connectorStatus(name: string): Promise<ConnectorStateInfo>;
  /** GET /connectors/{c}/tasks/{t}/status: herderErrors.noTaskStatus (404). */
  taskStatus(id: ConnectorTaskId): Promise<TaskState>;
  /** GET /connectors/{c}/tasks: task configs including task.class. */
  taskConfigs(name: string): Promise<TaskInfo[]>;
  /** internal POST /connectors/{c}/tasks: write task configs (leader only). */
  putTaskConfigs(name: string, configs: Record<string, string>[], signature: InternalRequestSignature | null): Promise<void>;
  /** internal PUT /connectors/{c}/fence: zombie fencing of an exactly-once source connector (leader only). */
  fenceZombies(name: string, signature: InternalRequestSignature | null): Promise<void>;

  /** POST /connectors/{c}/restart (no flags): restart the connector instance on its owner. */
  restartConnector(name: string): Promise<void>;
  /** POST /connectors/{c}/restart?includeTasks&onlyFailed: the planned state, RESTARTING where due. */
  restartConnectorAndTasks(request: RestartRequest): Promise<ConnectorStateInfo>;
  /** POST /connectors/{c}/tasks/{t}/restart. */
  restartTask(id: ConnectorTaskId): Promise<void>;
  /** PUT /connectors/{c}/pause: writes target state PAUSED (any worker). */
  pauseConnector(name: string): Promise<void>;
  /** PUT /connectors/{c}/resume: writes target state STARTED (any worker). */
  resumeConnector(name: string): Promise<void>;
  /** PUT /connectors/{c}/stop: zero task configs, then target state STOPPED (leader only). */
  stopConnector(name: string): Promise<void>;

  /** GET /connectors/{c}/topics: an empty list (not 404) for unknown connectors. */
  connectorActiveTopics(name: string): Promise<ActiveTopicsInfo>;
  /** PUT /connectors/{c}/topics/reset. */
  resetConnectorActiveTopics(name: string): Promise<void>;

  /** GET /connectors/{c}/offsets. */
  connectorOffsets(name: string): Promise<ConnectorOffsets>;
  /** PATCH /connectors/{c}/offsets (non-empty, checked by the REST layer); herderErrors.offsetsNeedStoppedConnector. */
  alterConnectorOffsets(name: string, offsets: ConnectorOffsets): Promise<Message>;
  /** DELETE /connectors/{c}/offsets. */
  resetConnectorOffsets(name: string): Promise<Message>;

  // --- plugins ------------------------------------------------------------------------------

  /** PUT /connector-plugins/{p}/config/validate; herderErrors.missingConnectorType if no connector.class. */
  validateConnectorConfig(config: RequestConfig): Promise<ConfigInfos>;
  /** GET /connector-plugins: sinks, sources, then (all) transformations, predicates, converters, header converters. */
  connectorPlugins(connectorsOnly: boolean): Promise<PluginInfo[]>;
  /**
   * GET /connector-plugins/{p}/config[?version=range]: `Unknown plugin <p>.` (404), a non-plugin
   * class or an invalid version range (400).
   */
  pluginConfig(pluginName: string, versionRange?: string): Promise<ConfigKeyInfo[]>;

  // --- loggers ------------------------------------------------------------------------------

  /** GET /admin/loggers: loggers with an explicitly set level, plus root. */
  allLoggerLevels(): Promise<Record<string, LoggerLevel>>;
  /** GET /admin/loggers/{name}: null when unknown (the REST layer answers 404). */
  loggerLevel(name: string): Promise<LoggerLevel | null>;
  /** PUT /admin/loggers/{name}?scope=worker: the sorted names of the loggers changed. Level already validated. */
  setWorkerLoggerLevel(namespace: string, level: string): Promise<string[]>;
  /** PUT /admin/loggers/{name}?scope=cluster: writes logger-cluster-<namespace>. */
  setClusterLoggerLevel(namespace: string, level: string): Promise<void>;
}
