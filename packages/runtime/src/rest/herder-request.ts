/**
 * Running a herder operation for a REST request (Kafka's HerderRequestHandler): the request
 * timeout, and forwarding to the worker that must handle it.
 *
 * Forwarding (spec §1.2): when the operation throws a RequestTargetError, the same method, path
 * and body go to `<target><path>?forward=<bool>`. A request without `forward` is sent on with
 * forward=true; one with forward=true that misses again is sent on with forward=false; one with
 * forward=false that misses is a 409. Only Authorization is copied (plus, for the internal
 * endpoints, the signature headers: see internal-resource.ts).
 */
import type { Request } from 'express';
import type { Herder, HerderStage } from '../herder/herder.js';
import { ConnectRestError, RebalanceNeededError, REBALANCE_NEEDED_MESSAGE, RequestTargetError } from '../herder/herder-errors.js';
import type { RemoteResponse, RestClient } from './rest-client.js';
import { forwardParam } from './query-params.js';
import { isTimedOut, withTimeout } from '../util/with-timeout.js';

/** What the resources share. */
export interface RestContext {
  herder: Herder;
  restClient: RestClient;
  /** 90 000 in Kafka. */
  requestTimeoutMs: number;
  /** 10 000 in Kafka. */
  healthCheckTimeoutMs: number;
  /** topic.tracking.enable */
  topicTrackingEnabled: boolean;
  /** topic.tracking.allow.reset */
  topicTrackingResetAllowed: boolean;
}

/** Awaits a herder operation; 500 "Request timed out..." after the request timeout. */
export async function completeRequest<T>(ctx: RestContext, operation: () => Promise<T>): Promise<T> {
  const result = await withTimeout(operation, ctx.requestTimeoutMs);
  if (isTimedOut(result)) throw new ConnectRestError(500, timeoutMessage(ctx.herder.currentStage()));
  return result;
}

function timeoutMessage(stage: HerderStage | null): string {
  if (stage === null) return 'Request timed out';
  if (stage.completed !== null) {
    return `Request timed out. The last operation the worker completed was ${stage.description}, which began at ${javaInstant(stage.started)} and completed at ${javaInstant(stage.completed)}`;
  }
  return `Request timed out. The worker is currently ${stage.description}, which began at ${javaInstant(stage.started)}`;
}

/** Kafka's Stage.summarize, for health answers. */
export function summarizeStage(stage: HerderStage): string {
  if (stage.completed !== null) {
    return `The last operation the worker completed was ${stage.description}, which began at ${javaInstant(stage.started)} and completed at ${javaInstant(stage.completed)}.`;
  }
  return `The worker is currently ${stage.description}, which began at ${javaInstant(stage.started)}.`;
}

/** java.time.Instant.toString of epoch millis: the fraction only when non-zero. */
export function javaInstant(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

export interface Forwarding<T> {
  /** The path on the target worker, percent-encoded (e.g. `/connectors/my%20conn/config`). */
  path: string;
  /** Query parameters sent after `forward` (restart's includeTasks / onlyFailed). */
  query?: [string, string][];
  /** The JSON body to send (serialised), or the exact bytes. */
  body?: unknown;
  rawBody?: Uint8Array;
  /** Headers copied besides Authorization. */
  headers?: Record<string, string>;
  /** Turns the target's answer into this operation's result. */
  fromRemote: (response: RemoteResponse) => T;
}

/**
 * Awaits a herder operation that may have to run elsewhere; on NotLeaderError / NotAssignedError
 * forwards as `forwarding` says. A RebalanceNeededError is a 409.
 */
export async function completeOrForwardRequest<T>(
  ctx: RestContext,
  req: Request,
  operation: () => Promise<T>,
  forwarding: Forwarding<T>,
): Promise<T> {
  try {
    return await completeRequest(ctx, operation);
  } catch (e) {
    if (e instanceof RebalanceNeededError) throw new ConnectRestError(409, REBALANCE_NEEDED_MESSAGE, { cause: e });
    if (!(e instanceof RequestTargetError)) throw e;
    const forward = forwardParam(req);
    if (forward === false) {
      throw new ConnectRestError(409, 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)', { cause: e });
    }
    if (e.forwardUrl === null) {
      throw new ConnectRestError(
        409,
        'Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway.',
        { cause: e },
      );
    }
    const url = forwardUrl(e.forwardUrl, forwarding.path, [['forward', String(forward === null)], ...(forwarding.query ?? [])]);
    const headers: Record<string, string> = { ...forwarding.headers };
    const authorization = req.get('authorization');
    if (authorization !== undefined) headers.authorization = authorization;
    const body = forwarding.rawBody ?? (forwarding.body === undefined ? undefined : JSON.stringify(forwarding.body));
    const response = await ctx.restClient.request(url, { method: req.method, headers, body });
    return forwarding.fromRemote(response);
  }
}

/** `<base><path>?<query>` without a doubled slash (as JAX-RS UriBuilder.path joins them). */
function forwardUrl(base: string, path: string, query: [string, string][]): string {
  const joined = `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  const search = new URLSearchParams(query).toString();
  return `${joined}?${search}`;
}
