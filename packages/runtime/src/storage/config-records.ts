/**
 * Records of the config topic (KafkaConfigBackingStore). Keys are plain strings; values are
 * JsonConverter JSON without schemas, fields in Kafka's schema order; a null value is a tombstone.
 *
 *   key                          value
 *   connector-<name>             {"properties":{"<k>":"<v>",...}}          (null: connector deleted)
 *   task-<name>-<n>              {"properties":{...}}                       (buffered until commit)
 *   commit-<name>                {"tasks":<N>}                              (applies task configs 0..N-1)
 *   target-state-<name>          {"state":"PAUSED","state.v2":"STOPPED"}    (null: state removed)
 *   restart-connector-<name>     {"include-tasks":<bool>,"only-failed":<bool>}
 *   tasks-fencing-<name>         {"task-count":<N>}
 *   session-key                  {"key":"<base64>","algorithm":"HmacSHA256","creation-timestamp":<ms>}
 *   logger-cluster-<namespace>   {"level":"DEBUG"}
 *
 * Reading follows Kafka's dispatch: keys are matched by prefix in the order target-state-,
 * connector-, task-, commit-, restart-connector-, tasks-fencing-, then session-key exactly, then
 * logger-cluster-. Records Kafka would skip (unknown keys, wrong shapes) come back as `ignored`;
 * values that are not JSON come back as `unreadable`, which Kafka skips without advancing its
 * config offset.
 */
import { type ConnectorTaskId, formatConnectorTaskId } from '../connector-task-id.js';
import { isJsonObject, parseJsonBytes, writeJsonBytes } from './json-text.js';
import { taskIdFromKey } from './record-keys.js';

export type TargetState = 'STARTED' | 'PAUSED' | 'STOPPED';

/** Connector and task configs: string values, null allowed (the schema's values are optional strings). */
export type ConfigProperties = ReadonlyMap<string, string | null> | { readonly [key: string]: string | null };

export const configKeys = {
  connector: (name: string) => `connector-${name}`,
  task: (id: ConnectorTaskId) => `task-${formatConnectorTaskId(id)}`,
  commit: (name: string) => `commit-${name}`,
  targetState: (name: string) => `target-state-${name}`,
  restartRequest: (name: string) => `restart-connector-${name}`,
  taskCount: (name: string) => `tasks-fencing-${name}`,
  sessionKey: () => 'session-key',
  loggerLevel: (namespace: string) => `logger-cluster-${namespace}`,
};

export function encodeConnectorConfig(properties: ConfigProperties): Buffer {
  return writeJsonBytes({ properties });
}

export function encodeTaskConfig(properties: ConfigProperties): Buffer {
  return writeJsonBytes({ properties });
}

export function encodeTasksCommit(taskCount: number): Buffer {
  return writeJsonBytes({ tasks: taskCount });
}

/** `state` carries PAUSED for STOPPED, so that workers older than 3.5 (which only know it) pause. */
export function encodeTargetState(state: TargetState): Buffer {
  return writeJsonBytes({ state: state === 'STOPPED' ? 'PAUSED' : state, 'state.v2': state });
}

export function encodeRestartRequest(request: { includeTasks: boolean; onlyFailed: boolean }): Buffer {
  return writeJsonBytes({ 'include-tasks': request.includeTasks, 'only-failed': request.onlyFailed });
}

export function encodeTaskCount(taskCount: number): Buffer {
  return writeJsonBytes({ 'task-count': taskCount });
}

export function encodeSessionKey(sessionKey: { key: Buffer; algorithm: string; creationTimestamp: bigint }): Buffer {
  return writeJsonBytes({
    key: sessionKey.key.toString('base64'),
    algorithm: sessionKey.algorithm,
    'creation-timestamp': sessionKey.creationTimestamp,
  });
}

export function encodeLoggerLevel(level: string): Buffer {
  return writeJsonBytes({ level });
}

/** A config-topic record to write: its key, and its value (null: a tombstone). */
export interface ConfigWrite {
  key: string;
  value: Buffer | null;
}

/**
 * The records of each config-store write (spec §2.1), in the order they are written: the Kafka
 * store sends them to the topic, the standalone store applies them to its state.
 */
export const configWrites = {
  /** The initial target state first when given (KIP-980), then the config. */
  connectorConfig: (connector: string, properties: ConfigProperties, initialState?: TargetState | null): ConfigWrite[] => [
    ...(initialState ? [configWrites.targetState(connector, initialState)] : []),
    { key: configKeys.connector(connector), value: encodeConnectorConfig(properties) },
  ],
  connectorRemoval: (connector: string): ConfigWrite[] => [
    { key: configKeys.connector(connector), value: null },
    { key: configKeys.targetState(connector), value: null },
  ],
  /** Task i gets configs[i]; they apply once the commit record follows. */
  taskConfigs: (connector: string, configs: readonly ConfigProperties[]): ConfigWrite[] =>
    configs.map((config, task) => ({ key: configKeys.task({ connector, task }), value: encodeTaskConfig(config) })),
  tasksCommit: (connector: string, taskCount: number): ConfigWrite => ({ key: configKeys.commit(connector), value: encodeTasksCommit(taskCount) }),
  targetState: (connector: string, state: TargetState): ConfigWrite => ({ key: configKeys.targetState(connector), value: encodeTargetState(state) }),
  restartRequest: (request: { connector: string; includeTasks: boolean; onlyFailed: boolean }): ConfigWrite => ({
    key: configKeys.restartRequest(request.connector),
    value: encodeRestartRequest(request),
  }),
  taskCount: (connector: string, taskCount: number): ConfigWrite => ({ key: configKeys.taskCount(connector), value: encodeTaskCount(taskCount) }),
  sessionKey: (sessionKey: { key: Buffer; algorithm: string; creationTimestamp: bigint }): ConfigWrite => ({
    key: configKeys.sessionKey(),
    value: encodeSessionKey(sessionKey),
  }),
  loggerLevel: (namespace: string, level: string): ConfigWrite => ({ key: configKeys.loggerLevel(namespace), value: encodeLoggerLevel(level) }),
};

export type ConfigRecord =
  | { type: 'connector-config'; connector: string; properties: Map<string, string | null> }
  | { type: 'connector-deleted'; connector: string }
  | { type: 'task-config'; task: ConnectorTaskId; properties: Map<string, string | null> }
  | { type: 'tasks-commit'; connector: string; taskCount: number }
  | { type: 'target-state'; connector: string; state: TargetState }
  | { type: 'target-state-deleted'; connector: string }
  | { type: 'restart-request'; connector: string; includeTasks: boolean; onlyFailed: boolean }
  | { type: 'task-count'; connector: string; taskCount: number }
  | { type: 'session-key'; key: Buffer; algorithm: string; creationTimestamp: bigint }
  | { type: 'logger-level'; namespace: string; level: string }
  | { type: 'ignored'; key: string; reason: string }
  | { type: 'unreadable'; key: string; reason: string };

const TARGET_STATES: readonly string[] = ['STARTED', 'PAUSED', 'STOPPED'];

export function parseConfigRecord(key: string, value: Buffer | null): ConfigRecord {
  let json: unknown = null;
  if (value !== null) {
    try {
      json = parseJsonBytes(value);
    } catch (e) {
      return { type: 'unreadable', key, reason: (e as Error).message };
    }
  }
  const ignored = (reason: string): ConfigRecord => ({ type: 'ignored', key, reason });
  const after = (prefix: string) => key.slice(prefix.length);

  if (key.startsWith('target-state-')) {
    const connector = after('target-state-');
    if (json === null) return { type: 'target-state-deleted', connector };
    if (!isJsonObject(json)) return ignored(`target state for connector '${connector}' is not an object`);
    // Prefer state.v2; a non-string there falls back on the pre-3.5 `state` field.
    const v2 = json['state.v2'];
    const state = typeof v2 === 'string' ? v2 : json['state'];
    if (typeof state !== 'string') return ignored(`target state for connector '${connector}' has no string 'state'`);
    if (!TARGET_STATES.includes(state)) return ignored(`invalid target state for connector '${connector}': ${state}`);
    return { type: 'target-state', connector, state: state as TargetState };
  }
  if (key.startsWith('connector-')) {
    const connector = after('connector-');
    if (json === null) return { type: 'connector-deleted', connector };
    const properties = propertiesOf(json);
    if (properties === null) return ignored(`config for connector '${connector}' has no 'properties' object`);
    return { type: 'connector-config', connector, properties };
  }
  if (key.startsWith('task-')) {
    const task = taskIdFromKey(key, 1);
    if (task === null) return ignored(`'${key}' cannot be parsed as a task config key`);
    if (json === null) return ignored(`task config for ${formatConnectorTaskId(task)} is unexpectedly null`);
    const properties = propertiesOf(json);
    if (properties === null) return ignored(`task config for ${formatConnectorTaskId(task)} has no 'properties' object`);
    return { type: 'task-config', task, properties };
  }
  if (key.startsWith('commit-')) {
    const connector = after('commit-');
    const taskCount = isJsonObject(json) ? int32Of(json['tasks']) : null;
    if (taskCount === null) return ignored(`task commit for connector '${connector}' has no integer 'tasks'`);
    return { type: 'tasks-commit', connector, taskCount };
  }
  if (key.startsWith('restart-connector-')) {
    const connector = after('restart-connector-');
    if (!isJsonObject(json)) return ignored(`restart request for connector '${connector}' is not an object`);
    // Non-boolean flags default to false, as in Kafka.
    return {
      type: 'restart-request',
      connector,
      includeTasks: json['include-tasks'] === true,
      onlyFailed: json['only-failed'] === true,
    };
  }
  if (key.startsWith('tasks-fencing-')) {
    const connector = after('tasks-fencing-');
    const taskCount = isJsonObject(json) ? int32Of(json['task-count']) : null;
    if (taskCount === null) return ignored(`task count record for connector '${connector}' has no 'task-count'`);
    return { type: 'task-count', connector, taskCount };
  }
  if (key === 'session-key') {
    if (!isJsonObject(json)) return ignored('session key is not an object');
    const { key: encoded, algorithm, 'creation-timestamp': created } = json;
    if (typeof encoded !== 'string') return ignored("session key has no string 'key'");
    if (typeof algorithm !== 'string') return ignored("session key has no string 'algorithm'");
    if (typeof created !== 'number' || !Number.isInteger(created)) {
      return ignored("session key has no integer 'creation-timestamp'");
    }
    return { type: 'session-key', key: Buffer.from(encoded, 'base64'), algorithm, creationTimestamp: BigInt(created) };
  }
  if (key.startsWith('logger-cluster-')) {
    const namespace = after('logger-cluster-');
    if (!isJsonObject(json) || typeof json['level'] !== 'string') {
      return ignored(`logging level for namespace '${namespace}' has no string 'level'`);
    }
    return { type: 'logger-level', namespace, level: json['level'] };
  }
  return ignored(`unknown config record key '${key}'`);
}

/** A JSON integer read as Java reads it into an int (Long.intValue wraps to 32 bits). */
function int32Of(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value | 0 : null;
}

function propertiesOf(json: unknown): Map<string, string | null> | null {
  if (!isJsonObject(json) || !isJsonObject(json['properties'])) return null;
  return new Map(Object.entries(json['properties']).map(([k, v]): [string, string | null] => [k, configString(v)]));
}

/** Config values are strings; anything else a foreign writer put there is read in its JSON form. */
function configString(value: unknown): string | null {
  if (value === null || typeof value === 'string') return value;
  return JSON.stringify(value);
}

