/**
 * A worker's membership in its Connect group: Kafka's classic group protocol (FindCoordinator,
 * JoinGroup, SyncGroup, Heartbeat, LeaveGroup) with protocol type `connect`, the part of Java's
 * AbstractCoordinator that WorkerCoordinator builds on. It moves opaque bytes only: the herder
 * supplies the metadata of each join and, on the leader, the assignments; it decodes what it gets.
 *
 * Two activities run in the background after `start()`:
 * - the join loop, which (re)joins whenever a rejoin is needed: onJoinPrepare, JoinGroup (retried
 *   with the member id the broker hands out on MEMBER_ID_REQUIRED), performAssignment on the
 *   leader, SyncGroup, onAssigned; failed steps back off and retry, rediscovering the coordinator
 *   when it moved or the connection broke;
 * - the heartbeat timer, which heartbeats every heartbeat.interval.ms while the member is in a
 *   stable generation, also while the herder's callbacks are still running. REBALANCE_IN_PROGRESS
 *   and a stale generation request a rejoin; no successful heartbeat for session.timeout.ms means
 *   the broker has dropped the member, which then rejoins as a new one.
 * JoinGroup and SyncGroup never overlap a heartbeat: heartbeats are sent in the stable state only
 * and a join waits for the heartbeat in flight.
 */
import { type Connection, type ConnectionOptions, heartbeatV4, joinGroupV9, leaveGroupV5, syncGroupV5 } from '@platformatic/kafka';
import { type ClientLog, defaultClientLog } from '../../kafka/client-log.js';
import { CONNECT_PROTOCOL_TYPE, type JoinGroupProtocol } from '../protocol/sub-protocols.js';
import { GroupCoordinator } from './group-coordinator.js';
import { GroupErrorCode, GroupMembershipError, describeGroupError, groupErrorAction, groupErrorCodeOf } from './group-errors.js';

export interface WorkerGroupMemberOptions {
  /** `host:port` pairs, comma separated or as a list (bootstrap.servers). */
  bootstrapServers: string | string[];
  groupId: string;
  clientId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** request.timeout.ms (40 000); JoinGroup may take up to rebalance.timeout.ms + 5 s regardless. */
  requestTimeoutMs?: number;
  /** retry.backoff.ms (100): the first pause after a failed step, doubled up to retryBackoffMaxMs. */
  retryBackoffMs?: number;
  /** retry.backoff.max.ms (1 000). */
  retryBackoffMaxMs?: number;
  /** Static membership (group.instance.id); Connect workers leave it unset. */
  groupInstanceId?: string | null;
  /** Socket options for the coordinator connections: connectTimeout, TLS, SASL. */
  connection?: Omit<ConnectionOptions, 'requestTimeout'>;
  log?: ClientLog;
}

export interface GroupMemberMetadata {
  memberId: string;
  metadata: Buffer;
}

/** What the herder does for and with the group membership. */
export interface WorkerGroupCallbacks {
  /** The protocols offered in the next JoinGroup, built fresh from the config snapshot and current assignment. */
  metadata(): { protocols: JoinGroupProtocol[] } | Promise<{ protocols: JoinGroupProtocol[] }>;
  /** Leader only: every member's metadata for the selected protocol in, each member's assignment out. */
  performAssignment(leaderId: string, protocolName: string, members: GroupMemberMetadata[]): Promise<Map<string, Buffer>>;
  /** A rebalance completed; `assignment` is what the leader assigned this member (empty if nothing). */
  onAssigned(protocolName: string, assignment: Buffer, generation: number, memberId: string, leaderId: string): void | Promise<void>;
  /**
   * The member is about to (re)join; the eager protocol stops all work here. `generation` is -1 and
   * `memberId` empty when the member has no generation any more (first join, or dropped by the group).
   * The join waits for it; heartbeats of the current generation go on meanwhile.
   */
  onJoinPrepare(generation: number, memberId: string, reason: string): void | Promise<void>;
  /** The member gave up (fenced, misconfigured, unauthorized); it has stopped. */
  onFatalError?(error: GroupMembershipError): void;
}

type WorkerGroupMemberState = 'created' | 'unjoined' | 'joining' | 'stable' | 'stopped';

/** Rebalance timeout headroom Java gives JoinGroup over the request timeout. */
const JOIN_GROUP_TIMEOUT_MARGIN_MS = 5_000;
const NO_GENERATION = -1;
const NO_MEMBER_ID = '';

/** A herder callback threw: log it, back off and join again. */
class CallbackFailure extends Error {}

export class WorkerGroupMember {
  readonly #options: Required<Omit<WorkerGroupMemberOptions, 'connection' | 'groupInstanceId'>> & { groupInstanceId: string | null };
  readonly #callbacks: WorkerGroupCallbacks;
  readonly #coordinator: GroupCoordinator;
  readonly #log: ClientLog;

  #state: WorkerGroupMemberState = 'created';
  #generation = NO_GENERATION;
  #memberId = NO_MEMBER_ID;
  #leaderId = '';
  #protocolName: string | null = null;
  /** Why the next join happens; null while no rejoin is needed. */
  #rejoinReason: string | null = 'initial join';
  #joinPrepared = false;
  #failure: GroupMembershipError | null = null;

  #loop: Promise<void> | null = null;
  #sleeper: { wake: () => void; idle: boolean } | null = null;
  #activeWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];

  #heartbeatTimer: NodeJS.Timeout | null = null;
  #heartbeatInFlight: Promise<void> | null = null;
  #lastHeartbeatAt = 0;

  constructor(options: WorkerGroupMemberOptions, callbacks: WorkerGroupCallbacks) {
    this.#options = {
      bootstrapServers: options.bootstrapServers,
      groupId: options.groupId,
      clientId: options.clientId,
      sessionTimeoutMs: options.sessionTimeoutMs,
      rebalanceTimeoutMs: options.rebalanceTimeoutMs,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      requestTimeoutMs: options.requestTimeoutMs ?? 40_000,
      retryBackoffMs: options.retryBackoffMs ?? 100,
      retryBackoffMaxMs: options.retryBackoffMaxMs ?? 1_000,
      groupInstanceId: options.groupInstanceId ?? null,
      log: options.log ?? defaultClientLog,
    };
    this.#callbacks = callbacks;
    this.#log = this.#options.log;
    this.#coordinator = new GroupCoordinator({
      bootstrapServers: options.bootstrapServers,
      groupId: options.groupId,
      clientId: options.clientId,
      connection: {
        ...options.connection,
        requestTimeout: Math.max(this.#options.requestTimeoutMs, options.rebalanceTimeoutMs + JOIN_GROUP_TIMEOUT_MARGIN_MS),
      },
    });
  }

  get state(): WorkerGroupMemberState {
    return this.#state;
  }

  /** The member id the coordinator gave this worker; empty before the first join. */
  get memberId(): string {
    return this.#memberId;
  }

  /** The generation of the last completed join; -1 when none. */
  get generation(): number {
    return this.#generation;
  }

  get leaderId(): string {
    return this.#leaderId;
  }

  get isLeader(): boolean {
    return this.#memberId !== NO_MEMBER_ID && this.#leaderId === this.#memberId;
  }

  /** The sub-protocol the group selected in the last join. */
  get protocolName(): string | null {
    return this.#protocolName;
  }

  /** Starts joining the group in the background; callbacks report the outcome. */
  start(): void {
    if (this.#state !== 'created') throw new GroupMembershipError('The worker group member was already started');
    this.#state = 'unjoined';
    this.#scheduleHeartbeat();
    this.#loop = this.#run();
  }

  /** Asks for a rebalance: the member joins again as soon as it can. */
  requestRejoin(reason: string): void {
    if (!this.#isRunning()) return;
    this.#rejoinReason ??= reason;
    if (this.#sleeper?.idle === true) this.#sleeper.wake();
  }

  /** Resolves once the member is in a stable generation with no rejoin pending; rejects if it stops first. */
  ensureActive(): Promise<void> {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    if (this.#state === 'stopped') return Promise.reject(new GroupMembershipError('The worker group member has stopped'));
    if (this.#state === 'stable' && this.#rejoinReason === null) return Promise.resolve();
    return new Promise((resolve, reject) => this.#activeWaiters.push({ resolve, reject }));
  }

  /** Leaves the group (LeaveGroup, so the others rebalance at once) and closes the connections. */
  async leave(reason = 'the worker is shutting down'): Promise<void> {
    if (this.#state === 'stopped') return;
    await this.#halt();
    if (this.#memberId !== NO_MEMBER_ID) {
      const member = { memberId: this.#memberId, groupInstanceId: this.#options.groupInstanceId, reason };
      try {
        await this.#coordinator.withOwnConnection((connection) => leaveGroupV5.api.async(connection, this.#options.groupId, [member]));
        this.#log.info(`Member ${this.#memberId} left group ${this.#options.groupId}`);
      } catch (error) {
        this.#log.warn(`Member ${this.#memberId} could not leave group ${this.#options.groupId}: ${describeGroupError(error)}`);
      }
    }
    await this.#close();
  }

  /**
   * Stops without leaving: the group notices only when the session times out. Waits for a callback
   * in progress, so do not await it from inside one.
   */
  async stop(): Promise<void> {
    if (this.#state === 'stopped') return;
    await this.#halt();
    await this.#close();
  }

  #isRunning(): boolean {
    return this.#state !== 'created' && this.#state !== 'stopped' && this.#failure === null;
  }

  // ---- the join loop ----

  async #run(): Promise<void> {
    let backoffMs = this.#options.retryBackoffMs;
    while (this.#isRunning()) {
      const reason = this.#rejoinReason;
      if (reason === null) {
        this.#settleActiveWaiters();
        await this.#sleep(undefined, true);
        continue;
      }
      this.#rejoinReason = null;
      try {
        await this.#joinAndSync(reason);
        backoffMs = this.#options.retryBackoffMs;
      } catch (error) {
        this.#rejoinReason ??= reason;
        if (!this.#isRunning()) break;
        this.#state = 'unjoined';
        if (this.#handleJoinFailure(error)) {
          await this.#sleep(backoffMs, false);
          backoffMs = Math.min(backoffMs * 2, this.#options.retryBackoffMaxMs);
        }
      }
    }
  }

  async #joinAndSync(reason: string): Promise<void> {
    if (!this.#joinPrepared) {
      await this.#tell('onJoinPrepare', () => this.#callbacks.onJoinPrepare(this.#generation, this.#memberId, reason));
      this.#joinPrepared = true;
    }
    this.#state = 'joining';
    await this.#heartbeatInFlight;
    const { protocols } = await this.#ask('metadata', () => this.#callbacks.metadata());

    const joined = await this.#joinGroup(protocols, reason);
    const protocolName = joined.protocolName;
    if (protocolName === null || protocolName === undefined) throw new GroupMembershipError('JoinGroup selected no protocol');
    this.#generation = joined.generationId;
    this.#memberId = joined.memberId ?? this.#memberId;
    this.#leaderId = joined.leader;
    this.#protocolName = protocolName;

    let assignments: { memberId: string; assignment: Buffer }[] = [];
    if (this.isLeader && !joined.skipAssignment) {
      const members = joined.members.map((m) => ({ memberId: m.memberId, metadata: m.metadata ?? Buffer.alloc(0) }));
      this.#log.debug(`Member ${this.#memberId} leads generation ${joined.generationId} of ${this.#options.groupId} with ${members.length} member(s)`);
      const assigned = await this.#ask('performAssignment', () => this.#callbacks.performAssignment(joined.leader, protocolName, members));
      assignments = [...assigned].map(([memberId, assignment]) => ({ memberId, assignment }));
    }
    const connection = await this.#coordinatorConnection();
    const synced = await syncGroupV5.api.async(
      connection, this.#options.groupId, this.#generation, this.#memberId, this.#options.groupInstanceId,
      CONNECT_PROTOCOL_TYPE, protocolName, assignments,
    );

    this.#state = 'stable';
    this.#lastHeartbeatAt = performance.now();
    this.#joinPrepared = false;
    this.#log.info(`Member ${this.#memberId} joined group ${this.#options.groupId} in generation ${this.#generation} (${protocolName})`);
    await this.#tell('onAssigned', () =>
      this.#callbacks.onAssigned(protocolName, synced.assignment, this.#generation, this.#memberId, this.#leaderId),
    );
  }

  /** JoinGroup, repeated once with the member id the broker assigns on MEMBER_ID_REQUIRED (KIP-394). */
  async #joinGroup(protocols: JoinGroupProtocol[], reason: string): Promise<joinGroupV9.JoinGroupResponse> {
    for (;;) {
      const connection = await this.#coordinatorConnection();
      try {
        return await joinGroupV9.api.async(
          connection, this.#options.groupId, this.#options.sessionTimeoutMs, this.#options.rebalanceTimeoutMs,
          this.#memberId, this.#options.groupInstanceId, CONNECT_PROTOCOL_TYPE, protocols, reason,
        );
      } catch (error) {
        const assignedId: unknown = (error as { response?: { memberId?: unknown } }).response?.memberId;
        if (groupErrorCodeOf(error) !== GroupErrorCode.MEMBER_ID_REQUIRED || typeof assignedId !== 'string') throw error;
        this.#memberId = assignedId;
      }
    }
  }

  /** The coordinator connection for the next request; fails once the member is stopping. */
  async #coordinatorConnection(): Promise<Connection> {
    const connection = await this.#coordinator.connection();
    if (!this.#isRunning()) throw new GroupMembershipError('The worker group member has stopped');
    return connection;
  }

  /** Acts on a failed join; says whether to back off before the next attempt. */
  #handleJoinFailure(error: unknown): boolean {
    if (error instanceof CallbackFailure) return true;
    if (error instanceof GroupMembershipError) {
      this.#fail(error);
      return false;
    }
    const code = groupErrorCodeOf(error);
    const action = groupErrorAction(error);
    this.#log.debug(`Joining group ${this.#options.groupId} failed (${action}): ${describeGroupError(error)}`);
    switch (action) {
      case 'rediscover':
        this.#coordinator.forget(code === undefined);
        return true;
      case 'retry':
        return true;
      case 'rejoin':
        if (code === GroupErrorCode.ILLEGAL_GENERATION) this.#generation = NO_GENERATION;
        return false;
      case 'rejoin-as-new-member':
        this.#resetMembership();
        return false;
      case 'fatal':
        this.#fail(new GroupMembershipError(`Worker group ${this.#options.groupId}: ${describeGroupError(error)}`, { cause: error }));
        return false;
    }
  }

  /** Runs a herder callback whose result the join needs; a failure fails this join attempt. */
  async #ask<T>(name: string, call: () => T | Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      this.#log.error(`Worker group callback ${name} failed: ${describeGroupError(error)}`);
      throw new CallbackFailure(name, { cause: error });
    }
  }

  /** Runs a herder callback that only informs it; a failure is logged. */
  async #tell(name: string, call: () => void | Promise<void>): Promise<void> {
    try {
      await call();
    } catch (error) {
      this.#log.error(`Worker group callback ${name} failed: ${describeGroupError(error)}`);
    }
  }

  // ---- heartbeats ----

  #scheduleHeartbeat(): void {
    this.#heartbeatTimer = setTimeout(() => {
      this.#heartbeatTick();
      if (this.#isRunning()) this.#scheduleHeartbeat();
    }, this.#options.heartbeatIntervalMs);
  }

  #heartbeatTick(): void {
    if (this.#state !== 'stable') return;
    if (performance.now() - this.#lastHeartbeatAt > this.#options.sessionTimeoutMs) {
      this.#loseMembership(`no successful heartbeat for session.timeout.ms (${this.#options.sessionTimeoutMs} ms)`);
      return;
    }
    this.#heartbeatInFlight ??= this.#heartbeat().finally(() => {
      this.#heartbeatInFlight = null;
    });
  }

  async #heartbeat(): Promise<void> {
    const generation = this.#generation;
    try {
      const connection = await this.#coordinatorConnection();
      await heartbeatV4.api.async(connection, this.#options.groupId, generation, this.#memberId, this.#options.groupInstanceId);
      this.#lastHeartbeatAt = performance.now();
    } catch (error) {
      if (!this.#isRunning() || this.#state !== 'stable' || this.#generation !== generation) return;
      const code = groupErrorCodeOf(error);
      switch (groupErrorAction(error)) {
        case 'rejoin':
          if (code === GroupErrorCode.REBALANCE_IN_PROGRESS) this.#lastHeartbeatAt = performance.now();
          else this.#generation = NO_GENERATION;
          this.requestRejoin(code === GroupErrorCode.REBALANCE_IN_PROGRESS ? 'the group is rebalancing' : 'the generation is stale');
          return;
        case 'rejoin-as-new-member':
          this.#resetMembership();
          this.requestRejoin('the coordinator no longer knows this member');
          return;
        case 'rediscover':
          this.#log.debug(`Heartbeat to group ${this.#options.groupId} failed: ${describeGroupError(error)}`);
          this.#coordinator.forget(code === undefined);
          return;
        case 'retry':
          return;
        case 'fatal':
          this.#fail(new GroupMembershipError(`Worker group ${this.#options.groupId}: ${describeGroupError(error)}`, { cause: error }));
          return;
      }
    }
  }

  /** The broker has dropped this member by now: drop the connection and rejoin as a new member. */
  #loseMembership(reason: string): void {
    this.#log.warn(`Member ${this.#memberId} of group ${this.#options.groupId} is lost: ${reason}`);
    this.#resetMembership();
    this.#state = 'unjoined';
    this.#coordinator.forget(true);
    this.requestRejoin(reason);
  }

  #resetMembership(): void {
    this.#generation = NO_GENERATION;
    this.#memberId = NO_MEMBER_ID;
    this.#leaderId = '';
  }

  // ---- stopping ----

  #fail(error: GroupMembershipError): void {
    if (this.#failure !== null) return;
    this.#failure = error;
    this.#log.error(`Member of group ${this.#options.groupId} gives up: ${error.message}`);
    void this.stop();
    this.#callbacks.onFatalError?.(error);
  }

  /** Ends the loop and the heartbeats, failing any request in flight. */
  async #halt(): Promise<void> {
    const wasRunning = this.#state !== 'created';
    this.#state = 'stopped';
    if (this.#heartbeatTimer !== null) clearTimeout(this.#heartbeatTimer);
    this.#heartbeatTimer = null;
    this.#sleeper?.wake();
    if (wasRunning) this.#coordinator.disconnect();
    await this.#loop;
    await this.#heartbeatInFlight;
  }

  async #close(): Promise<void> {
    await this.#coordinator.close();
    const error = this.#failure ?? new GroupMembershipError('The worker group member has stopped');
    for (const waiter of this.#activeWaiters.splice(0)) waiter.reject(error);
  }

  #settleActiveWaiters(): void {
    for (const waiter of this.#activeWaiters.splice(0)) waiter.resolve();
  }

  /** Waits `ms` (forever if undefined); stop() always wakes it, requestRejoin() only when `idle`. */
  #sleep(ms: number | undefined, idle: boolean): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const sleeper = {
        idle,
        wake: () => {
          clearTimeout(timer);
          if (this.#sleeper === sleeper) this.#sleeper = null;
          resolve();
        },
      };
      if (ms !== undefined) timer = setTimeout(sleeper.wake, ms);
      this.#sleeper = sleeper;
    });
  }
}
