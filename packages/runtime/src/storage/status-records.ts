/**
 * Records of the status topic (KafkaStatusBackingStore). Keys are plain strings; values are
 * JsonConverter JSON without schemas, fields in Kafka's schema order; a null value is a tombstone
 * (the DESTROYED state, or a reset of topic tracking).
 *
 *   status-connector-<name>
 *     {"state":"RUNNING","trace":null,"worker_id":"<id>","generation":7,"version":null}
 *   status-task-<name>-<n>
 *     the same shape
 *   status-topic-<topic>:connector-<name>
 *     {"topic":{"name":"<topic>","connector":"<name>","task":0,"discoverTimestamp":<ms>}}
 *
 * `version` (the plugin version) exists from Kafka 4.1; we always write it, null when unknown,
 * and read records without it.
 */
import { type ConnectorTaskId, formatConnectorTaskId } from '../connector-task-id.js';
import { isJsonObject, parseJsonBytes, writeJsonBytes } from './json-text.js';
import { taskIdFromKey } from './record-keys.js';

export type ConnectorState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'FAILED' | 'RESTARTING' | 'STOPPED';

const STATES: readonly string[] = ['UNASSIGNED', 'RUNNING', 'PAUSED', 'FAILED', 'RESTARTING', 'STOPPED'];

/**
 * The states a worker reports for itself with Kafka's putSafe: written only over no status, its
 * own, or another worker's of a generation no newer, so a worker that lost its assignment does
 * not overwrite its successor's status.
 */
export const SAFELY_WRITTEN_STATES: ReadonlySet<ConnectorState> = new Set<ConnectorState>(['UNASSIGNED', 'FAILED']);

export interface StatusValue {
  state: ConnectorState;
  /** The stack trace of a FAILED connector or task, else null. */
  trace: string | null;
  workerId: string;
  generation: number;
  /** The plugin version; null when unknown or written by a worker older than 4.1. */
  version: string | null;
}

export interface TopicStatusValue {
  topic: string;
  connector: string;
  task: number;
  discoverTimestamp: bigint;
}

export const statusKeys = {
  connector: (name: string) => `status-connector-${name}`,
  task: (id: ConnectorTaskId) => `status-task-${formatConnectorTaskId(id)}`,
  topic: (topic: string, connector: string) => `status-topic-${topic}:connector-${connector}`,
};

export function encodeStatus(status: StatusValue): Buffer {
  return writeJsonBytes({
    state: status.state,
    trace: status.trace,
    worker_id: status.workerId,
    generation: status.generation,
    version: status.version,
  });
}

export function encodeTopicStatus(status: TopicStatusValue): Buffer {
  return writeJsonBytes({
    topic: {
      name: status.topic,
      connector: status.connector,
      task: status.task,
      discoverTimestamp: status.discoverTimestamp,
    },
  });
}

export type StatusRecord =
  | { type: 'connector-status'; connector: string; status: StatusValue }
  | { type: 'connector-status-deleted'; connector: string }
  | { type: 'task-status'; task: ConnectorTaskId; status: StatusValue }
  | { type: 'task-status-deleted'; task: ConnectorTaskId }
  | { type: 'topic-status'; status: TopicStatusValue }
  | { type: 'topic-status-deleted'; topic: string; connector: string }
  | { type: 'ignored'; key: string; reason: string };

export function parseStatusRecord(key: string, value: Buffer | null): StatusRecord {
  const ignored = (reason: string): StatusRecord => ({ type: 'ignored', key, reason });
  let json: unknown = null;
  if (value !== null) {
    try {
      json = parseJsonBytes(value);
    } catch (e) {
      return ignored((e as Error).message);
    }
  }

  if (key.startsWith('status-connector-')) {
    const connector = key.slice('status-connector-'.length);
    if (json === null) return { type: 'connector-status-deleted', connector };
    const status = statusOf(json);
    if (status === null) return ignored(`invalid status for connector '${connector}'`);
    return { type: 'connector-status', connector, status };
  }
  if (key.startsWith('status-task-')) {
    const task = taskIdFromKey(key, 2);
    if (task === null) return ignored(`'${key}' cannot be parsed as a task status key`);
    if (json === null) return { type: 'task-status-deleted', task };
    const status = statusOf(json);
    if (status === null) return ignored(`invalid status for task ${formatConnectorTaskId(task)}`);
    return { type: 'task-status', task, status };
  }
  if (key.startsWith('status-topic-')) {
    const rest = key.slice('status-topic-'.length);
    const separator = rest.indexOf(':connector-');
    if (separator < 0) return ignored(`'${key}' cannot be parsed as a topic status key`);
    const topic = rest.slice(0, separator);
    const connector = rest.slice(separator + ':connector-'.length);
    if (json === null) return { type: 'topic-status-deleted', topic, connector };
    const status = topicStatusOf(json);
    if (status === null) return ignored(`invalid topic status for '${topic}' of connector '${connector}'`);
    return { type: 'topic-status', status };
  }
  return ignored(`unknown status record key '${key}'`);
}

function statusOf(json: unknown): StatusValue | null {
  if (!isJsonObject(json)) return null;
  const { state, trace, worker_id: workerId, generation, version } = json;
  if (typeof state !== 'string' || !STATES.includes(state)) return null;
  if (trace !== undefined && trace !== null && typeof trace !== 'string') return null;
  if (typeof workerId !== 'string') return null;
  if (typeof generation !== 'number' || !Number.isInteger(generation)) return null;
  if (version !== undefined && version !== null && typeof version !== 'string') return null;
  return {
    state: state as ConnectorState,
    trace: trace ?? null,
    workerId,
    generation: generation | 0,
    version: version ?? null,
  };
}

function topicStatusOf(json: unknown): TopicStatusValue | null {
  if (!isJsonObject(json) || !isJsonObject(json['topic'])) return null;
  const { name, connector, task, discoverTimestamp } = json['topic'];
  if (typeof name !== 'string' || typeof connector !== 'string') return null;
  if (typeof task !== 'number' || !Number.isInteger(task)) return null;
  if (typeof discoverTimestamp !== 'number' || !Number.isInteger(discoverTimestamp)) return null;
  return { topic: name, connector, task: task | 0, discoverTimestamp: BigInt(discoverTimestamp) };
}
