/**
 * What both assignors share: the members as the leader sees them in JoinGroup, the config
 * snapshot the assignment is computed from, and the rule that the leader may only assign from a
 * config at least as new as every member's.
 */
import type { ConnectorTaskId } from '../../connector-task-id.js';
import { decodeWorkerMetadata } from '../protocol/worker-metadata.js';
import type { ConnectorsAndTasks } from './connectors-and-tasks.js';

export interface GroupMember {
  memberId: string;
  /** The worker's advertised REST URL. */
  url: string;
  /** The config offset the worker reported (next offset to read). */
  configOffset: bigint;
  /** What the worker runs now, as reported in its metadata (empty for eager members). */
  assignment: ConnectorsAndTasks;
}

/** A member as the leader reads it from the JoinGroup response: its id and metadata bytes. */
export function decodeGroupMember(memberId: string, metadata: Buffer): GroupMember {
  const { url, configOffset, assignment } = decodeWorkerMetadata(metadata);
  return {
    memberId,
    url,
    configOffset,
    assignment: { connectors: assignment?.connectors ?? [], tasks: assignment?.tasks ?? [] },
  };
}

/**
 * What the assignors read of a config snapshot: its offset, its connectors and their tasks. A
 * structural subset of the herder's ClusterConfigState (storage/cluster-config-state.ts), which
 * the herder passes as it is; narrow so that the assignors can be tested on small fixtures.
 */
export interface ConfigSnapshot {
  readonly offset: bigint;
  /** Sorted by name. */
  connectors(): readonly string[];
  /** Tasks 0..n-1 of the committed task count (none when there is none). */
  tasks(connector: string): ConnectorTaskId[];
}

export interface LeaderConfigInput {
  members: readonly GroupMember[];
  /** The leader's config snapshot when the assignment started. */
  snapshot: ConfigSnapshot;
  /**
   * A snapshot read to the end of the config topic, which the caller takes when `snapshot` is
   * behind `maxConfigOffset(members)` (Kafka's configFreshSnapshot).
   */
  refreshedSnapshot?: ConfigSnapshot;
}

export function maxConfigOffset(members: readonly GroupMember[]): bigint {
  if (members.length === 0) throw new RangeError('An assignment needs at least one member');
  return members.reduce((max, m) => (m.configOffset > max ? m.configOffset : max), members[0]!.configOffset);
}

/**
 * The snapshot and offset to assign at, or null when the leader is behind some member even after
 * refreshing: then every member gets CONFIG_MISMATCH at `maxOffset`.
 */
export function leaderConfig(input: LeaderConfigInput): { snapshot: ConfigSnapshot; offset: bigint } | null {
  const maxOffset = maxConfigOffset(input.members);
  if (input.snapshot.offset >= maxOffset) return { snapshot: input.snapshot, offset: maxOffset };
  const refreshed = input.refreshedSnapshot;
  if (refreshed === undefined || refreshed.offset < maxOffset) return null;
  return { snapshot: refreshed, offset: refreshed.offset };
}
