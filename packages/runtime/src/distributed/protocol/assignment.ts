/**
 * The assignment the group leader hands each worker in its SyncGroup response
 * (ConnectProtocol.Assignment and, from version 1, ExtendedAssignment).
 *
 *   Assignment V0 =>
 *     version         INT16   0
 *     error           INT16   0 NO_ERROR, 1 CONFIG_MISMATCH
 *     leader          STRING  the leader's member id
 *     leader-url      STRING  the leader's advertised REST URL
 *     config-offset   INT64   config topic offset the assignment was computed at
 *     assignment      ARRAY of ConnectorAssignment
 *
 *   Assignment V1, V2 (compatible, sessioned) =>
 *     version         INT16   1 | 2
 *     error, leader, leader-url, config-offset   as V0
 *     assignment      nullable ARRAY of ConnectorAssignment   newly assigned (incremental)
 *     revoked         nullable ARRAY of ConnectorAssignment   to stop now
 *     delay           INT32   ms until a scheduled rebalance, 0 for none
 *
 *   ConnectorAssignment =>
 *     connector       STRING
 *     tasks           ARRAY of INT32   task numbers; -1 stands for the Connector instance itself
 *
 * Like Kafka's WorkerCoordinator, the decoder reads every version >= 0 with the V1 layout and
 * tolerates missing trailing fields: no `assignment`/`revoked` means none, no `delay` means 0.
 * The five leading fields are required. A negative version is rejected.
 */
import { type ConnectorTaskId, connectorTaskId } from '../../connector-task-id.js';
import { WireReader, WireWriter, GroupProtocolError } from './wire.js';

/** The task number that stands for the Connector instance in a ConnectorAssignment. */
const CONNECTOR_TASK = -1;

export const ASSIGNMENT_NO_ERROR = 0;
/** The leader could not catch up with the newest config offset; workers read to the end and rejoin. */
export const ASSIGNMENT_CONFIG_MISMATCH = 1;

export interface ConnectAssignment {
  version: number;
  error: number;
  leader: string;
  leaderUrl: string;
  configOffset: bigint;
  connectors: string[];
  tasks: ConnectorTaskId[];
  /** Always empty in version 0. */
  revokedConnectors: string[];
  revokedTasks: ConnectorTaskId[];
  /** Milliseconds; always 0 in version 0. */
  delay: number;
}

export function encodeAssignment(assignment: ConnectAssignment): Buffer {
  const { version } = assignment;
  if (!Number.isInteger(version) || version < 0) {
    throw new GroupProtocolError(`Unsupported assignment version: ${version}`);
  }
  const writer = new WireWriter()
    .int16(version)
    .int16(assignment.error)
    .string(assignment.leader)
    .string(assignment.leaderUrl)
    .int64(assignment.configOffset)
    .array(groupByConnector(assignment.connectors, assignment.tasks), writeConnectorAssignment);
  if (version === 0) {
    if (assignment.revokedConnectors.length > 0 || assignment.revokedTasks.length > 0 || assignment.delay !== 0) {
      throw new GroupProtocolError('An assignment of version 0 cannot carry revocations or a delay');
    }
    return writer.toBuffer();
  }
  return writer
    .array(groupByConnector(assignment.revokedConnectors, assignment.revokedTasks), writeConnectorAssignment)
    .int32(assignment.delay)
    .toBuffer();
}

export function decodeAssignment(bytes: Buffer): ConnectAssignment {
  const reader = new WireReader(bytes, 'Connect assignment');
  const version = reader.int16('version');
  if (version < 0) throw reader.error(`unsupported version ${version}`);
  const error = reader.int16('error');
  const leader = reader.string('leader');
  const leaderUrl = reader.string('leader-url');
  const configOffset = reader.int64('config-offset');
  const assigned = reader.remaining > 0 ? reader.nullableArray('assignment', readConnectorAssignment) : null;
  const revoked = reader.remaining > 0 ? reader.nullableArray('revoked', readConnectorAssignment) : null;
  const delay = reader.remaining > 0 ? reader.int32('delay') : 0;
  const [connectors, tasks] = ungroup(assigned ?? []);
  const [revokedConnectors, revokedTasks] = ungroup(revoked ?? []);
  return { version, error, leader, leaderUrl, configOffset, connectors, tasks, revokedConnectors, revokedTasks, delay };
}

interface ConnectorAssignment {
  connector: string;
  tasks: number[];
}

/**
 * Groups connectors and tasks per connector name as Kafka does: each distinct connector gets
 * CONNECTOR_TASK first, then the tasks are appended under their connector, entries in order of
 * first appearance.
 */
function groupByConnector(connectors: readonly string[], tasks: readonly ConnectorTaskId[]): ConnectorAssignment[] {
  const byConnector = new Map<string, number[]>();
  const entry = (name: string): number[] => {
    let list = byConnector.get(name);
    if (list === undefined) byConnector.set(name, (list = []));
    return list;
  };
  for (const name of new Set(connectors)) entry(name).push(CONNECTOR_TASK);
  for (const task of tasks) entry(task.connector).push(task.task);
  return [...byConnector].map(([connector, taskNumbers]) => ({ connector, tasks: taskNumbers }));
}

function ungroup(entries: readonly ConnectorAssignment[]): [string[], ConnectorTaskId[]] {
  const connectors: string[] = [];
  const tasks: ConnectorTaskId[] = [];
  for (const { connector, tasks: taskNumbers } of entries) {
    for (const task of taskNumbers) {
      if (task === CONNECTOR_TASK) connectors.push(connector);
      else tasks.push(connectorTaskId(connector, task));
    }
  }
  return [connectors, tasks];
}

function writeConnectorAssignment(writer: WireWriter, entry: ConnectorAssignment): void {
  writer.string(entry.connector).array(entry.tasks, (w, task) => w.int32(task));
}

function readConnectorAssignment(reader: WireReader): ConnectorAssignment {
  return { connector: reader.string('connector'), tasks: reader.array('tasks', (r) => r.int32('tasks')) };
}
