/**
 * The leader's assignment under the eager `default` sub-protocol (Kafka's EagerAssignor): every
 * member stopped everything before joining, so each gets its full assignment. Connectors, then
 * tasks, are dealt round-robin over the members sorted by id, one iterator running on from the
 * connectors into the tasks.
 */
import type { ConnectorTaskId } from '../../connector-task-id.js';
import {
  ASSIGNMENT_CONFIG_MISMATCH,
  ASSIGNMENT_NO_ERROR,
  type ConnectAssignment,
} from '../protocol/assignment.js';
import { type LeaderConfigInput, leaderConfig, maxConfigOffset } from './leader-config.js';

interface EagerAssignmentInput extends LeaderConfigInput {
  leaderId: string;
}

/** One version-0 assignment per member id. */
export function assignEager(input: EagerAssignmentInput): Map<string, ConnectAssignment> {
  const leaderUrl = input.members.find((m) => m.memberId === input.leaderId)?.url;
  if (leaderUrl === undefined) throw new RangeError(`The leader ${input.leaderId} is not a member`);
  const memberIds = input.members.map((m) => m.memberId).sort();
  const connectors = new Map<string, string[]>(memberIds.map((id) => [id, []]));
  const tasks = new Map<string, ConnectorTaskId[]>(memberIds.map((id) => [id, []]));
  const assignment = (memberId: string, error: number, configOffset: bigint): ConnectAssignment => ({
    version: 0,
    error,
    leader: input.leaderId,
    leaderUrl,
    configOffset,
    connectors: connectors.get(memberId)!,
    tasks: tasks.get(memberId)!,
    revokedConnectors: [],
    revokedTasks: [],
    delay: 0,
  });

  const config = leaderConfig(input);
  if (config === null) {
    const maxOffset = maxConfigOffset(input.members);
    return new Map(memberIds.map((id) => [id, assignment(id, ASSIGNMENT_CONFIG_MISMATCH, maxOffset)]));
  }

  let next = 0;
  const nextMember = (): string => memberIds[next++ % memberIds.length]!;
  const names = config.snapshot.connectors();
  for (const connector of names) connectors.get(nextMember())!.push(connector);
  for (const connector of names) {
    for (const task of config.snapshot.tasks(connector)) tasks.get(nextMember())!.push(task);
  }
  return new Map(memberIds.map((id) => [id, assignment(id, ASSIGNMENT_NO_ERROR, config.offset)]));
}
