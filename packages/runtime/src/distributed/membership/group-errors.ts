/**
 * The broker error codes the worker group's JoinGroup, SyncGroup, Heartbeat, LeaveGroup and
 * FindCoordinator responses carry, and what a member does about each: rediscover the coordinator,
 * rejoin (keeping or dropping its member id), back off and retry, or give up.
 */
import { ConnectException } from '@tsconnect/api';
import { ResponseError } from '@platformatic/kafka';

export const GroupErrorCode = {
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  ILLEGAL_GENERATION: 22,
  INCONSISTENT_GROUP_PROTOCOL: 23,
  INVALID_GROUP_ID: 24,
  UNKNOWN_MEMBER_ID: 25,
  INVALID_SESSION_TIMEOUT: 26,
  REBALANCE_IN_PROGRESS: 27,
  GROUP_AUTHORIZATION_FAILED: 30,
  MEMBER_ID_REQUIRED: 79,
  GROUP_MAX_SIZE_REACHED: 81,
  FENCED_INSTANCE_ID: 82,
} as const;

/** What the member does after a failed group request. */
type GroupErrorAction =
  /** The coordinator moved, is unavailable or the connection broke: find it again, then retry. */
  | 'rediscover'
  /** The coordinator is loading the group, or failed this request: retry after a backoff. */
  | 'retry'
  /** The group is rebalancing or moved on to a newer generation: join again as the same member. */
  | 'rejoin'
  /** The coordinator no longer knows this member: join again with an empty member id. */
  | 'rejoin-as-new-member'
  /** Misconfiguration or fencing that retrying cannot fix. */
  | 'fatal';

interface BrokerError {
  apiCode: number;
  apiId?: string;
  message?: string;
}

function brokerErrorOf(error: unknown): BrokerError | undefined {
  if (!(error instanceof ResponseError)) return undefined;
  return (error.errors as Partial<BrokerError>[]).find((e): e is BrokerError => typeof e?.apiCode === 'number');
}

/** The broker error code of a failed request; undefined for failures without one (network, timeout). */
export function groupErrorCodeOf(error: unknown): number | undefined {
  return brokerErrorOf(error)?.apiCode;
}

/** A one-line account of a failure, naming the broker error (e.g. `REBALANCE_IN_PROGRESS: ...`) when there is one. */
export function describeGroupError(error: unknown): string {
  const broker = brokerErrorOf(error);
  if (broker !== undefined) return `${broker.apiId ?? broker.apiCode}: ${broker.message ?? ''}`;
  return error instanceof Error ? error.message : String(error);
}

export function groupErrorAction(error: unknown): GroupErrorAction {
  const code = groupErrorCodeOf(error);
  switch (code) {
    case undefined:
    case GroupErrorCode.NOT_COORDINATOR:
    case GroupErrorCode.COORDINATOR_NOT_AVAILABLE:
      return 'rediscover';
    case GroupErrorCode.COORDINATOR_LOAD_IN_PROGRESS:
      return 'retry';
    case GroupErrorCode.REBALANCE_IN_PROGRESS:
    case GroupErrorCode.ILLEGAL_GENERATION:
    case GroupErrorCode.MEMBER_ID_REQUIRED:
      return 'rejoin';
    case GroupErrorCode.UNKNOWN_MEMBER_ID:
      return 'rejoin-as-new-member';
    case GroupErrorCode.FENCED_INSTANCE_ID:
    case GroupErrorCode.INCONSISTENT_GROUP_PROTOCOL:
    case GroupErrorCode.INVALID_SESSION_TIMEOUT:
    case GroupErrorCode.GROUP_MAX_SIZE_REACHED:
    case GroupErrorCode.GROUP_AUTHORIZATION_FAILED:
    case GroupErrorCode.INVALID_GROUP_ID:
      return 'fatal';
    default:
      // Anything else (REQUEST_TIMED_OUT, UNKNOWN_SERVER_ERROR, ...) fails this attempt only, as in
      // Java, where the herder's next poll tries again.
      return 'retry';
  }
}

/** The worker can no longer take part in its group (fenced, misconfigured, unauthorized). */
export class GroupMembershipError extends ConnectException {}
