/**
 * The distributed herder, as Kafka's DistributedHerder: it keeps the config topic's state, takes
 * part in the worker group (the leader computes assignments), runs what it is assigned through
 * the worker, and answers the REST API. Leader-only writes from other workers are refused with
 * NotLeaderError, which the REST layer forwards to the leader.
 *
 * Node runs one thread, so Kafka's herder thread becomes a serial queue: rebalance handling,
 * config reactions, task reconfiguration, restarts and the REST writes to the config topic run
 * one at a time, in order, each checking leadership and the config state when its turn comes. A
 * queued job never awaits another queued job (it would wait for itself): it calls the private
 * steps, never the public methods that queue. The few writes that bypass the queue say why.
 */
import { ConnectException } from '@tsconnect/api';
import { connectorTaskIdKey, type ConnectorTaskId } from '../connector-task-id.js';
import type { WorkerConfig } from '../config/worker-config.js';
import { type ConnectorOffsetsOperations } from '../herder/connector-offsets.js';
import type { Herder, InternalRequestSignature, PutConnectorConfigOptions, PutConnectorConfigResult, RestartRequest } from '../herder/herder.js';
import { HerderBase, type StatusReader } from '../herder/herder-base.js';
import { BadRequestError, NotAssignedError, NotLeaderError, RebalanceNeededError, herderErrors } from '../herder/herder-errors.js';
import type { ConfigStore, ConfigUpdateListener, GroupMemberPort, StatusWriter } from '../herder/herder-ports.js';
import { SerialQueue } from '../herder/serial-queue.js';
import { connectMetrics } from '../metrics/connect-metrics.js';
import type { WorkerPort } from '../herder/worker-port.js';
import type { Logger, Loggers } from '../logging/loggers.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { ConnectorInfo, ConnectorOffsets, Message, RequestConfig, TaskInfo } from '../model/entities.js';
import type { ClusterConfigState, SessionKey } from '../storage/cluster-config-state.js';
import type { TargetState } from '../storage/config-records.js';
import { assignEager } from './assignor/eager-assignor.js';
import {
  type CooperativeAssignorState,
  assignIncrementalCooperative,
  initialCooperativeAssignorState,
} from './assignor/incremental-cooperative-assignor.js';
import { decodeGroupMember, maxConfigOffset } from './assignor/leader-config.js';
import { type ConnectorsAndTasks, emptyConnectorsAndTasks } from './assignor/connectors-and-tasks.js';
import { generateSessionKey, signatureHeaders, verifyInternalRequest } from './internal-request-signing.js';
import type { GroupMemberMetadata, WorkerGroupCallbacks } from './membership/worker-group-member.js';
import { ASSIGNMENT_NO_ERROR, type ConnectAssignment, decodeAssignment, encodeAssignment } from './protocol/assignment.js';
import { type ConnectProtocolMode, decodeSelectedSubProtocol, encodeJoinGroupProtocols, type JoinGroupProtocol } from './protocol/sub-protocols.js';

export interface DistributedHerderOptions {
  workerConfig: WorkerConfig;
  workerId: string;
  advertisedUrl: string;
  clusterId: string;
  plugins: PluginRegistry;
  loggers: Loggers;
  worker: WorkerPort;
  configStore: ConfigStore;
  statusReader: StatusReader;
  statusWriter: StatusWriter;
  offsets: ConnectorOffsetsOperations;
  /** connect.protocol, worker.sync.timeout.ms and scheduled.rebalance.max.delay.ms. */
  protocol: ConnectProtocolMode;
  workerSyncTimeoutMs: number;
  scheduledRebalanceMaxDelayMs: number;
  createMember(callbacks: WorkerGroupCallbacks): GroupMemberPort;
  /**
   * Sends a follower's task configs to the leader's internal endpoint: POST
   * <leaderUrl>connectors/<connector>/tasks?forward=true with body JSON.stringify(configs) and the
   * given headers, which carry the KIP-507 signature over exactly that body in a sessioned group
   * (empty otherwise).
   */
  sendTaskConfigsToLeader(leaderUrl: string, connector: string, configs: Record<string, string>[], signatureHeaders: Record<string, string>): Promise<void>;
  /**
   * With exactly-once source support: fences the transactional producers with these ids (their
   * open transactions are aborted and they can write no more). Absent: exactly-once support is off.
   */
  fenceProducers?: ((transactionalIds: readonly string[]) => Promise<void>) | null;
}

const TASK_RECONFIG_BACKOFF_MS = 250;
const TASK_RECONFIG_MAX_BACKOFF_MS = 60_000;

export class DistributedHerder extends HerderBase implements Herder, ConfigUpdateListener {
  readonly #options: DistributedHerderOptions;
  readonly #log: Logger;
  readonly #serial = new SerialQueue();
  readonly #member: GroupMemberPort;
  readonly #mode: ConnectProtocolMode;

  /** What this worker runs (connectors and tasks), as its current assignment says. */
  readonly #connectors = new Set<string>();
  readonly #tasks = new Map<string, ConnectorTaskId>();
  #hasAssignment = false;

  #leaderId = '';
  #leaderUrl: string | null = null;
  #memberId = '';
  #generation = -1;
  #protocolVersion = 0;
  #lastCompletedGeneration = -1;
  #needsReconfigRebalance = false;
  #cooperative: CooperativeAssignorState = initialCooperativeAssignorState();
  /** Lost work the leader's last assignment held back for scheduled.rebalance.max.delay.ms. */
  #waitingLost: ConnectorsAndTasks = emptyConnectorsAndTasks();
  /** The leader's view of who runs what, to point plain restarts at the owner. */
  #owners = new Map<string, string>();
  /** Connectors known from the config topic, to tell a new connector from an update. */
  readonly #knownConnectors = new Set<string>();
  #scheduledRejoin: NodeJS.Timeout | null = null;
  #keyRotation: NodeJS.Timeout | null = null;
  /** Pending retries of task-config writes, and the attempts so far, by connector. */
  readonly #reconfigRetries = new Map<string, NodeJS.Timeout>();
  readonly #reconfigAttempts = new Map<string, number>();
  /** Task configs sent (to the leader, or to this leader's next write) and not yet written (their JSON), by connector. */
  readonly #sendingTaskConfigs = new Map<string, string>();
  /** The leader's task-config writes waiting for its next batch, by connector. */
  readonly #pendingTaskConfigs = new Map<string, PendingTaskConfigs>();
  #taskConfigBatchQueued = false;
  #ready = false;
  #markReady!: () => void;
  readonly #readyPromise = new Promise<void>((resolve) => {
    this.#markReady = resolve;
  });
  #stopping = false;

  constructor(options: DistributedHerderOptions) {
    super(options.workerConfig, options.plugins, options.statusReader, options.loggers, options.workerId);
    this.#options = options;
    this.#log = options.loggers.get('org.apache.kafka.connect.runtime.distributed.DistributedHerder');
    this.#mode = options.protocol;
    for (const name of options.configStore.snapshot().connectors()) this.#knownConnectors.add(name);
    this.#member = options.createMember({
      metadata: () => this.#metadata(),
      performAssignment: (leaderId, protocolName, members) => this.#performAssignment(leaderId, protocolName, members),
      onAssigned: (protocolName, assignment, generation, memberId, leaderId) =>
        this.#serial.run(() => this.#onAssigned(protocolName, assignment, generation, memberId, leaderId)),
      onJoinPrepare: (generation, memberId, reason) => this.#serial.run(() => this.#onJoinPrepare(generation, memberId, reason)),
      onFatalError: (error) => this.#log.error('The worker left the group for good', error),
    });
  }

  /** Joins the group; the stores must already have been read. */
  start(): void {
    this.#member.start();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#scheduledRejoin) clearTimeout(this.#scheduledRejoin);
    if (this.#keyRotation) clearTimeout(this.#keyRotation);
    for (const connector of [...this.#reconfigRetries.keys()]) this.#cancelReconfigRetry(connector);
    await this.#member.leave('the worker is stopping');
    await this.#serial.run(async () => {
      await this.#stopAll();
    });
  }

  get isLeader(): boolean {
    return this.#memberId !== '' && this.#memberId === this.#leaderId;
  }

  get generation(): number {
    return this.#generation;
  }

  protected kafkaClusterId(): string | null {
    return this.#options.clusterId;
  }

  protected rawConnectorConfig(name: string): Readonly<Record<string, string>> | undefined {
    return this.#snapshot().connectorConfig(name);
  }

  #snapshot(): ClusterConfigState {
    return this.#options.configStore.snapshot();
  }

  // --- group callbacks -------------------------------------------------------------------------

  #currentAssignment(): ConnectAssignment | null {
    if (!this.#hasAssignment) return null;
    return {
      version: this.#protocolVersion,
      error: ASSIGNMENT_NO_ERROR,
      leader: this.#leaderId,
      leaderUrl: this.#leaderUrl ?? '',
      configOffset: this.#snapshot().offset,
      connectors: [...this.#connectors].sort(),
      tasks: [...this.#tasks.values()],
      revokedConnectors: [],
      revokedTasks: [],
      delay: 0,
    };
  }

  #metadata(): { protocols: JoinGroupProtocol[] } {
    return {
      protocols: encodeJoinGroupProtocols(this.#mode, {
        url: this.#options.advertisedUrl,
        configOffset: this.#snapshot().offset,
        assignment: this.#currentAssignment(),
      }),
    };
  }

  async #performAssignment(leaderId: string, protocolName: string, raw: GroupMemberMetadata[]): Promise<Map<string, Buffer>> {
    const protocol = decodeSelectedSubProtocol(protocolName);
    const members = raw.map((m) => decodeGroupMember(m.memberId, m.metadata));
    const snapshot = this.#snapshot();
    let refreshedSnapshot: ClusterConfigState | undefined;
    if (snapshot.offset < maxConfigOffset(members)) {
      await this.#options.configStore.refresh(this.#options.workerSyncTimeoutMs);
      refreshedSnapshot = this.#snapshot();
    }
    const urls = new Map(members.map((m) => [m.memberId, m.url]));
    let assignments: Map<string, ConnectAssignment>;
    const owners = new Map<string, string>();
    this.#waitingLost = emptyConnectorsAndTasks();
    if (protocol.version === 0) {
      assignments = assignEager({ members, snapshot, ...(refreshedSnapshot ? { refreshedSnapshot } : {}), leaderId });
      for (const [memberId, a] of assignments) {
        for (const c of a.connectors) owners.set(c, urls.get(memberId)!);
        for (const t of a.tasks) owners.set(connectorTaskIdKey(t), urls.get(memberId)!);
      }
    } else {
      const result = assignIncrementalCooperative({
        members,
        snapshot,
        ...(refreshedSnapshot ? { refreshedSnapshot } : {}),
        leaderId,
        protocolVersion: protocol.version as 1 | 2,
        lastCompletedGenerationId: this.#lastCompletedGeneration,
        generationId: this.#member.generation,
        maxDelayMs: this.#options.scheduledRebalanceMaxDelayMs,
        nowMs: Date.now(),
        state: this.#cooperative,
      });
      this.#cooperative = result.state;
      this.#waitingLost = result.waiting;
      assignments = result.assignments;
      for (const [memberId, allocation] of result.allocations) {
        for (const c of allocation.connectors) owners.set(c, urls.get(memberId)!);
        for (const t of allocation.tasks) owners.set(connectorTaskIdKey(t), urls.get(memberId)!);
      }
    }
    this.#owners = owners;
    return new Map([...assignments].map(([memberId, a]) => [memberId, encodeAssignment(a)]));
  }

  async #onJoinPrepare(_generation: number, _memberId: string, reason: string): Promise<void> {
    connectMetrics.rebalance.rebalanceStarted();
    this.#log.info(`Rebalance started (${reason})`);
    // The eager protocol revokes everything before each rebalance.
    if (this.#protocolVersion === 0 && this.#hasAssignment) {
      await this.#stopAll();
      this.#hasAssignment = false;
    }
  }

  async #onAssigned(protocolName: string, bytes: Buffer, generation: number, memberId: string, leaderId: string): Promise<void> {
    if (this.#stopping) return;
    this.#memberId = memberId;
    this.#generation = generation;
    this.#protocolVersion = decodeSelectedSubProtocol(protocolName).version;
    if (bytes.length === 0) {
      this.#member.requestRejoin('empty assignment');
      return;
    }
    const assignment = decodeAssignment(bytes);
    this.#leaderId = assignment.leader || leaderId;
    this.#leaderUrl = assignment.leaderUrl || null;
    const store = this.#options.configStore;
    if (assignment.error !== ASSIGNMENT_NO_ERROR) {
      this.#log.info(`Assignment failed (config offset ${assignment.configOffset}); reading the config topic and rejoining`);
      await store.refresh(this.#options.workerSyncTimeoutMs).catch((e) => this.#log.warn('Reading the config topic failed', e));
      this.#member.requestRejoin('config mismatch');
      return;
    }

    // Revocations first (cooperative), then check the config offset, then start new work.
    const revokedTasks = assignment.revokedTasks.filter((t) => this.#tasks.has(connectorTaskIdKey(t)));
    const revokedConnectors = assignment.revokedConnectors.filter((c) => this.#connectors.has(c));
    if (revokedTasks.length > 0) await this.#stopTasks(revokedTasks);
    for (const c of revokedConnectors) await this.#stopConnector(c);

    if (this.#snapshot().offset < assignment.configOffset) {
      try {
        await store.refresh(this.#options.workerSyncTimeoutMs);
      } catch (error) {
        this.#log.warn('Could not catch up with the config topic in time; rejoining', error);
      }
    }
    const offset = this.#snapshot().offset;
    if (offset < assignment.configOffset) {
      this.#log.info(`Config offset ${offset} is behind the assignment's ${assignment.configOffset}; rejoining before starting work`);
      this.#hasAssignment = true;
      this.#member.requestRejoin('config offset mismatch');
      return;
    }
    // Kafka's herder compares the snapshot it took before joining, which the records read since
    // cannot move; ours is the store's live one. Records past the assignment's offset (POSTs and
    // task configs that keep coming while a thousand connectors start) leave the assigned work
    // valid, so it starts now, with the configs read since (work whose config is gone is skipped),
    // and the next rebalance assigns what the newer records add. Refusing it made every such
    // rebalance a wasted one.
    const pastAssignment = offset > assignment.configOffset;
    if (pastAssignment) {
      this.#log.info(`Config offset ${offset} is past the assignment's ${assignment.configOffset}; starting the assigned work, then rejoining`);
      this.#member.requestRejoin('config records past the assignment');
    }

    this.#hasAssignment = true;
    // Ready (GET /health answers healthy) once the worker has joined and holds an assignment.
    this.#ready = true;
    this.#markReady();
    this.#needsReconfigRebalance = pastAssignment;
    this.#lastCompletedGeneration = generation;
    connectMetrics.rebalance.rebalanceSucceeded(generation, this.#leaderUrl ?? this.#leaderId);
    // Started side by side, as Kafka's herder hands them to its start-and-stop executor.
    await Promise.all([...assignment.connectors.map((c) => this.#startConnector(c)), ...assignment.tasks.map((t) => this.#startTask(t))]);
    this.#log.info(
      `Finished rebalance of generation ${generation}: running ${this.#connectors.size} connector(s) and ${this.#tasks.size} task(s)` +
        (this.isLeader ? ' as leader' : ''),
    );
    if (revokedConnectors.length + revokedTasks.length > 0 || assignment.revokedConnectors.length + assignment.revokedTasks.length > 0) {
      this.#member.requestRejoin('revocation');
    }
    if (assignment.delay > 0) this.#scheduleRejoin(assignment.delay);
    // Only the leader knows what waits; every member knows for how long.
    const waiting = this.isLeader ? this.#waitingLost : emptyConnectorsAndTasks();
    connectMetrics.rebalance.delayScheduled(assignment.delay, waiting.connectors.length, waiting.tasks.length);
    await this.#checkForKeyRotation();
    if (this.isLeader) {
      await this.#markLostWorkUnassigned(generation);
      await this.#deleteStatusesOfRemovedTasks();
      for (const connector of this.#snapshot().connectors()) {
        if (this.#snapshot().isInconsistent(connector) && this.#connectors.has(connector)) {
          void this.#serial.run(() => this.#reconfigureTasks(connector));
        }
      }
    }
  }

  /**
   * As Kafka's leader after each rebalance (KAFKA-9472): the statuses of tasks that a connector no
   * longer has (fewer task configs, or none once STOPPED) are removed from the status topic.
   */
  async #deleteStatusesOfRemovedTasks(): Promise<void> {
    const state = this.#snapshot();
    // An inconsistent connector's task count is not known until its configs are rewritten.
    const removed = state.connectors().filter((connector) => !state.isInconsistent(connector)).flatMap((connector) =>
      this.#options.statusReader.taskStatuses(connector).map(({ id }) => id).filter((id) => id.task >= state.taskCount(connector)));
    if (removed.length === 0) return;
    this.#log.info(`Removing the statuses of ${removed.length} task(s) that no longer exist`);
    await this.#options.statusWriter.deleteTasks(removed);
  }

  /**
   * The leader says, in the status topic and its metrics, that the lost work it holds back for the
   * delay runs nowhere: otherwise its status would still read RUNNING on the departed worker.
   * Kafka keeps that stale status; a later owner's RUNNING (a newer generation) replaces ours.
   */
  async #markLostWorkUnassigned(generation: number): Promise<void> {
    const waiting = this.#waitingLost;
    const statuses = this.#options.statusReader;
    const writer = this.#options.statusWriter;
    const stale = (status: { state: string } | null) => status !== null && status.state !== 'UNASSIGNED';
    await Promise.all([
      ...waiting.connectors
        .filter((c) => stale(statuses.connectorStatus(c)))
        .map((c) => writer.putConnector(c, 'UNASSIGNED', null, generation, statuses.connectorStatus(c)?.version ?? null)),
      ...waiting.tasks
        .filter((t) => stale(statuses.taskStatus(t)))
        .map((t) => writer.putTask(t, 'UNASSIGNED', null, generation, statuses.taskStatus(t)?.version ?? null)),
    ]);
  }

  #scheduleRejoin(delayMs: number): void {
    if (this.#scheduledRejoin) clearTimeout(this.#scheduledRejoin);
    this.#scheduledRejoin = setTimeout(() => {
      this.#scheduledRejoin = null;
      this.#member.requestRejoin('scheduled rebalance delay expired');
    }, delayMs);
    this.#scheduledRejoin.unref();
  }

  // --- session keys (KIP-507) -----------------------------------------------------------------

  /** Requests between workers are signed and verified only in a sessioned group. */
  #internalRequestValidationEnabled(): boolean {
    return this.#protocolVersion >= 2;
  }

  #sessionKey(): SessionKey | null {
    return this.#snapshot().sessionKey;
  }

  /** The leader writes a key when there is none or the current one has outlived inter.worker.key.ttl.ms. */
  async #checkForKeyRotation(): Promise<void> {
    if (this.#keyRotation) clearTimeout(this.#keyRotation);
    this.#keyRotation = null;
    if (this.#stopping || !this.isLeader || !this.#internalRequestValidationEnabled()) return;
    const config = this.#options.workerConfig;
    const ttlMs = config.getInt('inter.worker.key.ttl.ms');
    const current = this.#sessionKey();
    const now = Date.now();
    const expiresAt = current ? Number(current.creationTimestamp) + ttlMs : now;
    if (expiresAt > now) {
      this.#scheduleKeyRotation(expiresAt - now);
      return;
    }
    const key = generateSessionKey(
      config.interWorkerKeyGenerationAlgorithm(),
      (config.get('inter.worker.key.size') as number | null) ?? null,
      now,
    );
    try {
      await this.#options.configStore.putSessionKey(key);
      this.#log.info('Wrote a new session key to the config topic');
      this.#scheduleKeyRotation(ttlMs);
    } catch (error) {
      this.#log.warn('Writing a new session key failed; retrying', error);
      this.#scheduleKeyRotation(TASK_RECONFIG_BACKOFF_MS * 4);
    }
  }

  #scheduleKeyRotation(delayMs: number): void {
    if (this.#keyRotation) clearTimeout(this.#keyRotation);
    this.#keyRotation = setTimeout(() => void this.#serial.run(() => this.#checkForKeyRotation()), Math.min(delayMs, 2 ** 31 - 1));
    this.#keyRotation.unref();
  }

  onSessionKeyUpdate(_key: SessionKey): void {
    if (this.isLeader) void this.#serial.run(() => this.#checkForKeyRotation());
  }

  #verifyInternalRequest(signature: InternalRequestSignature | null): void {
    if (!this.#internalRequestValidationEnabled()) return;
    verifyInternalRequest(signature, this.#sessionKey(), this.#options.workerConfig.interWorkerVerificationAlgorithms());
  }

  /** The signature headers of an internal request with this body: none outside a sessioned group or without a key yet. */
  #signedHeaders(body: string): Record<string, string> {
    const key = this.#sessionKey();
    if (!this.#internalRequestValidationEnabled() || !key) return {};
    return signatureHeaders(key, this.#options.workerConfig.interWorkerSignatureAlgorithm(), body);
  }

  #requestRebalance(reason: string): void {
    this.#needsReconfigRebalance = true;
    if (!this.#stopping) this.#member.requestRejoin(reason);
  }

  // --- running work --------------------------------------------------------------------------

  async #startConnector(connector: string): Promise<void> {
    const config = this.#snapshot().connectorConfig(connector);
    if (!config) return;
    this.#connectors.add(connector);
    const target = this.#snapshot().targetState(connector) ?? 'STARTED';
    const started = await this.#options.worker.startConnector(connector, config, target, () => this.#requestTaskReconfiguration(connector));
    if (started && target === 'STARTED') await this.#reconfigureTasks(connector);
  }

  async #stopConnector(connector: string): Promise<void> {
    this.#connectors.delete(connector);
    this.#cancelReconfigRetry(connector);
    this.#reconfigAttempts.delete(connector);
    await this.#options.worker.stopConnector(connector);
  }

  async #startTask(id: ConnectorTaskId): Promise<void> {
    const state = this.#snapshot();
    const connectorConfig = state.connectorConfig(id.connector);
    const taskConfig = state.taskConfig(id);
    if (!connectorConfig || !taskConfig) return;
    this.#tasks.set(connectorTaskIdKey(id), id);
    await this.#options.worker.startTask(id, connectorConfig, taskConfig, state.targetState(id.connector) ?? 'STARTED');
  }

  async #stopTasks(ids: readonly ConnectorTaskId[]): Promise<void> {
    for (const id of ids) this.#tasks.delete(connectorTaskIdKey(id));
    await this.#options.worker.stopTasks(ids);
  }

  async #stopAll(): Promise<void> {
    await this.#stopTasks([...this.#tasks.values()]);
    for (const c of [...this.#connectors]) await this.#stopConnector(c);
  }

  #requestTaskReconfiguration(connector: string): void {
    void this.#serial.run(() => this.#reconfigureTasks(connector));
  }

  /** Recomputes a running connector's task configs and has the leader write them if they changed. */
  async #reconfigureTasks(connector: string): Promise<void> {
    if (this.#stopping || !this.#connectors.has(connector) || !this.#options.worker.isRunning(connector)) return;
    const state = this.#snapshot();
    const config = state.connectorConfig(connector);
    if (!config || state.targetState(connector) !== 'STARTED') return;
    let configs: Record<string, string>[];
    try {
      configs = await this.#options.worker.connectorTaskConfigs(connector, config);
    } catch (error) {
      this.#log.error(`Failed to reconfigure connector's tasks (${connector})`, error);
      return;
    }
    const current = state.tasks(connector).map((id) => state.taskConfig(id));
    const unchanged =
      !state.isInconsistent(connector) &&
      current.length === configs.length &&
      configs.every((c, i) => sameConfig(c, current[i]));
    if (unchanged) {
      this.#reconfigAttempts.delete(connector);
      return;
    }
    this.#cancelReconfigRetry(connector);
    this.#sendTaskConfigs(connector, configs);
  }

  /**
   * New task configs go to the leader's next batch of writes, without waiting on the serial queue:
   * a follower sends them to the leader as Kafka's herder hands them to its forwarding executor (the
   * write makes the leader start a rebalance, and a worker still waiting for the answer could not
   * join it: the group would evict it after rebalance.timeout.ms); the leader queues its own, since
   * a job of the queue cannot wait for the batch written by a later job. Configs already on their
   * way are not sent twice.
   */
  #sendTaskConfigs(connector: string, configs: Record<string, string>[]): void {
    const leaderUrl = this.#leaderUrl;
    if (!this.isLeader && !leaderUrl) {
      this.#retryTaskReconfiguration(connector, new ConnectException('No known leader to send task configs to'));
      return;
    }
    const body = JSON.stringify(configs);
    if (this.#sendingTaskConfigs.get(connector) === body) return;
    this.#sendingTaskConfigs.set(connector, body);
    const sent = this.isLeader
      ? this.#queueTaskConfigWrite(connector, configs)
      : this.#options.sendTaskConfigsToLeader(leaderUrl!, connector, configs, this.#signedHeaders(body));
    sent.then(
      () => this.#reconfigAttempts.delete(connector),
      (error: unknown) => {
        if (!this.#stopping && this.#connectors.has(connector)) this.#retryTaskReconfiguration(connector, error);
      },
    ).finally(() => {
      if (this.#sendingTaskConfigs.get(connector) === body) this.#sendingTaskConfigs.delete(connector);
    });
  }

  /**
   * The leader writes task configs in batches: what arrives (its own connectors' and the
   * followers') while a batch or any other job of the queue runs goes into one write of the next
   * batch, so a thousand connectors that start together cost a few writes, not a thousand in a row.
   */
  #queueTaskConfigWrite(connector: string, configs: Record<string, string>[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const pending = this.#pendingTaskConfigs.get(connector);
      // The newest configs of a connector win; whoever waited for older ones learns when they are written.
      if (pending) {
        pending.configs = configs;
        pending.waiters.push({ resolve, reject });
      } else {
        this.#pendingTaskConfigs.set(connector, { configs, waiters: [{ resolve, reject }] });
      }
      if (this.#taskConfigBatchQueued) return;
      this.#taskConfigBatchQueued = true;
      void this.#serial.run(() => this.#writeTaskConfigBatch());
    });
  }

  /** Writes the waiting task configs of every connector that still exists, while this worker leads. */
  async #writeTaskConfigBatch(): Promise<void> {
    this.#taskConfigBatchQueued = false;
    const batch = [...this.#pendingTaskConfigs];
    this.#pendingTaskConfigs.clear();
    const settle = (pending: PendingTaskConfigs, error?: unknown) => {
      for (const waiter of pending.waiters) {
        if (error === undefined) waiter.resolve();
        else waiter.reject(error);
      }
    };
    const plain = new Map<string, Record<string, string>[]>();
    const fenced: [string, PendingTaskConfigs, Fencing][] = [];
    for (const [connector, pending] of batch) {
      try {
        this.#requireLeader();
        this.#requireKnown(connector);
      } catch (error) {
        settle(pending, error);
        continue;
      }
      const fencing = this.#fencingOf(connector);
      if (fencing === null) plain.set(connector, pending.configs);
      else fenced.push([connector, pending, fencing]);
    }
    if (plain.size > 0) {
      try {
        await this.#options.configStore.putManyTaskConfigs(plain);
        for (const [connector, pending] of batch) if (plain.has(connector)) settle(pending);
      } catch (error) {
        for (const [connector, pending] of batch) if (plain.has(connector)) settle(pending, error);
      }
    }
    // Exactly-once source connectors fence their old task producers between writes: one at a time.
    for (const [connector, pending, fencing] of fenced) {
      try {
        await this.#writeFencedTaskConfigs(connector, pending.configs, fencing);
        settle(pending);
      } catch (error) {
        settle(pending, error);
      }
    }
  }

  /**
   * Retried later, off the serial queue, so a rebalance (a new leader) can come first (Kafka's
   * exponential backoff from 250 ms to 60 s, for as long as the connector stays here).
   */
  #retryTaskReconfiguration(connector: string, error: unknown): void {
    this.#cancelReconfigRetry(connector);
    const attempt = this.#reconfigAttempts.get(connector) ?? 0;
    this.#reconfigAttempts.set(connector, attempt + 1);
    const delayMs = Math.min(TASK_RECONFIG_BACKOFF_MS * 2 ** attempt, TASK_RECONFIG_MAX_BACKOFF_MS);
    this.#log.warn(`Writing task configs of ${connector} failed; retrying in ${delayMs} ms`, error);
    const timer = setTimeout(() => {
      this.#reconfigRetries.delete(connector);
      this.#requestTaskReconfiguration(connector);
    }, delayMs);
    timer.unref();
    this.#reconfigRetries.set(connector, timer);
  }

  #cancelReconfigRetry(connector: string): void {
    const timer = this.#reconfigRetries.get(connector);
    if (timer) clearTimeout(timer);
    this.#reconfigRetries.delete(connector);
  }

  // --- config topic reactions ----------------------------------------------------------------

  onConnectorConfigUpdate(connector: string): void {
    if (!this.#knownConnectors.has(connector)) {
      this.#knownConnectors.add(connector);
      this.#requestRebalance(`connector ${connector} created`);
      return;
    }
    if (!this.#connectors.has(connector)) return;
    void this.#serial.run(async () => {
      if (!this.#connectors.has(connector)) return;
      this.#log.info(`Restarting connector ${connector} with its new configuration`);
      await this.#stopConnector(connector);
      await this.#startConnector(connector);
    });
  }

  onConnectorConfigRemove(connector: string): void {
    this.#knownConnectors.delete(connector);
    void this.#serial.run(async () => {
      const tasks = [...this.#tasks.values()].filter((t) => t.connector === connector);
      if (tasks.length > 0) await this.#stopTasks(tasks);
      if (this.#connectors.has(connector)) await this.#stopConnector(connector);
      if (this.isLeader) {
        const statuses = this.#options.statusReader;
        await this.#options.statusWriter.deleteConnector(connector, statuses.taskStatuses(connector).map((s) => s.id));
        // As Kafka, a deleted connector's active topics go too: a new one of that name starts with none.
        await this.#options.statusWriter.resetActiveTopics(connector, statuses.activeTopics(connector));
      }
    });
    this.#requestRebalance(`connector ${connector} deleted`);
  }

  onTaskConfigUpdate(tasks: ConnectorTaskId[]): void {
    if (tasks.length === 0 && this.#connectors.size === 0) return;
    // A running task keeps the config it started with. As Kafka does (cooperative protocol), the
    // tasks of a reconfigured connector that run here restart with their new configs; a task
    // count that changed is the leader's to assign in the rebalance. (Eager rebalances restart everything.)
    if (this.#protocolVersion > 0) {
      const connectors = new Set(tasks.map((t) => t.connector));
      void this.#serial.run(async () => {
        const local = [...this.#tasks.values()].filter((t) => connectors.has(t.connector));
        if (local.length === 0) return;
        this.#log.info(`Restarting ${local.length} task(s) of ${[...connectors].join(', ')} with their new configs`);
        await this.#stopTasks(local);
        for (const t of local) await this.#startTask(t);
      });
    }
    this.#requestRebalance('task configs updated');
  }

  onConnectorTargetStateChange(connector: string): void {
    void this.#serial.run(async () => {
      const state = this.#snapshot().targetState(connector);
      if (!state || !this.#connectors.has(connector)) {
        if (state) await this.#applyTaskTargetState(connector, state);
        return;
      }
      await this.#options.worker.setTargetState(connector, state);
      await this.#applyTaskTargetState(connector, state);
      if (state === 'STARTED') await this.#reconfigureTasks(connector);
    });
  }

  async #applyTaskTargetState(connector: string, state: TargetState): Promise<void> {
    // Tasks of a connector this worker does not run follow the target state on their own worker.
    const mine = [...this.#tasks.values()].some((t) => t.connector === connector);
    if (mine && state !== 'STOPPED') await this.#options.worker.setTargetState(connector, state);
  }

  onRestartRequest(request: { connector: string; includeTasks: boolean; onlyFailed: boolean }): void {
    void this.#serial.run(() => this.#processRestart(request));
  }

  onLoggingLevelUpdate(namespace: string, level: string): void {
    try {
      this.loggers.setLevel(namespace, level.toUpperCase() as never);
    } catch (error) {
      this.#log.warn(`Ignoring cluster log level ${level} for ${namespace}`, error);
    }
  }

  /** Each worker restarts the instances of a KIP-745 request that it runs. */
  async #processRestart(request: RestartRequest): Promise<void> {
    let plan;
    try {
      plan = this.restartPlan(request);
    } catch {
      return;
    }
    const writer = this.#options.statusWriter;
    const statuses = this.#options.statusReader;
    // RESTARTING keeps the plugin version of the instance being restarted.
    if (plan.restartConnector && this.#connectors.has(request.connector)) {
      const version = statuses.connectorStatus(request.connector)?.version ?? null;
      await writer.putConnector(request.connector, 'RESTARTING', null, this.#generation, version);
      await this.#stopConnector(request.connector);
      await this.#startConnector(request.connector);
    }
    const tasks = plan.tasks.filter((t) => this.#tasks.has(connectorTaskIdKey(t)));
    for (const t of tasks) await writer.putTask(t, 'RESTARTING', null, this.#generation, statuses.taskStatus(t)?.version ?? null);
    if (tasks.length > 0) {
      await this.#stopTasks(tasks);
      for (const t of tasks) await this.#startTask(t);
    }
  }

  // --- REST operations -------------------------------------------------------------------------

  #requireLeader(): void {
    if (!this.isLeader) throw new NotLeaderError(this.#leaderUrl);
  }

  #requireKnown(name: string): ClusterConfigState {
    const state = this.#snapshot();
    if (!state.contains(name)) throw herderErrors.connectorNotFound(name);
    return state;
  }

  /** Kafka's checkRebalanceNeeded: a config change was read and the rebalance it asked for has not completed. */
  #checkRebalance(): void {
    if (this.#needsReconfigRebalance) throw new RebalanceNeededError();
  }

  async healthCheck(): Promise<void> {
    // Kafka's herder answers health checks only once it has joined the group.
    await this.#readyPromise;
    await this.#serial.run(async () => undefined);
  }

  isReady(): boolean {
    return this.#ready;
  }

  /** Resolves once the first rebalance gave this worker an assignment. */
  whenReady(): Promise<void> {
    return this.#readyPromise;
  }

  async connectors(): Promise<string[]> {
    return [...this.#snapshot().connectors()];
  }

  async connectorInfo(name: string, options: { duringRebalance?: boolean } = {}): Promise<ConnectorInfo> {
    if (!options.duringRebalance) this.#checkRebalance();
    const state = this.#requireKnown(name);
    return this.connectorInfoOf(name, state.connectorConfig(name)!, state.taskCount(name));
  }

  async connectorConfig(name: string): Promise<Record<string, string>> {
    return { ...this.#requireKnown(name).connectorConfig(name)! };
  }

  async putConnectorConfig(name: string, config: RequestConfig, options: PutConnectorConfigOptions): Promise<PutConnectorConfigResult> {
    return this.inStage(`writing the config of connector ${name}`, async () => {
      if (config['connector.class'] === undefined || config['connector.class'] === null) throw herderErrors.missingConnectorType(config, this.claimedKafkaVersion());
      // As Kafka's herder: the config is validated first (an invalid one is a 400 even when the
      // name is taken), then the leader checks that the name is free.
      // Validation runs off the queue, as Kafka validates off its herder thread.
      await this.checkConnectorConfig(config);
      return this.#serial.run(async () => {
        this.#requireLeader();
        const state = this.#snapshot();
        const exists = state.contains(name);
        if (exists && !options.allowReplace) throw herderErrors.connectorExists(name);
        const clean = config as Record<string, string>;
        const target = options.initialState ? initialTarget(options.initialState) : null;
        await this.#options.configStore.putConnectorConfig(name, clean, target);
        return { created: !exists, info: this.connectorInfoOf(name, clean, exists ? this.#snapshot().taskCount(name) : 0) };
      });
    });
  }

  async patchConnectorConfig(name: string, patch: RequestConfig): Promise<ConnectorInfo> {
    const current = this.#requireKnown(name).connectorConfig(name)!;
    const merged: RequestConfig = { ...current };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    // A patched `name` is stored as given, as Kafka does; the connector keeps its key.
    return (await this.putConnectorConfig(name, merged, { allowReplace: true })).info;
  }

  async deleteConnector(name: string): Promise<void> {
    await this.#serial.run(async () => {
      this.#requireLeader();
      this.#requireKnown(name);
      await this.#options.configStore.removeConnectorConfig(name);
    });
  }

  async taskConfigs(name: string): Promise<TaskInfo[]> {
    this.#checkRebalance();
    const state = this.#requireKnown(name);
    return state.tasks(name).map((id) => ({ id: { connector: name, task: id.task }, config: { ...state.taskConfig(id)! } }));
  }

  /** A follower's task configs: checked now, written with the leader's next batch (which checks again). */
  async putTaskConfigs(name: string, configs: Record<string, string>[], signature: InternalRequestSignature | null): Promise<void> {
    this.#verifyInternalRequest(signature);
    this.#requireLeader();
    this.#requireKnown(name);
    await this.#queueTaskConfigWrite(name, configs);
  }

  /**
   * The leader writes the new task configs of a source connector with exactly-once support: the
   * producers of the task ids the new generation drops are fenced next (those it keeps are fenced
   * by their successors' transactional ids), once their tasks are told to stop by the new configs;
   * then a task-count record, as Kafka's leader writes one after fencing (Java workers of a mixed
   * cluster wait for it before starting the tasks).
   */
  async #writeFencedTaskConfigs(connector: string, configs: Record<string, string>[], fencing: Fencing): Promise<void> {
    const store = this.#options.configStore;
    const state = this.#snapshot();
    const previous = Math.max(state.taskCount(connector), state.taskCountRecord(connector) ?? 0);
    await store.putTaskConfigs(connector, configs);
    if (previous > configs.length) await fencing.fence(configs.length, previous);
    await store.putTaskCountRecord(connector, configs.length);
  }

  /** How to fence a source connector's task producers, or null (not a source, or exactly-once off). */
  #fencingOf(connector: string): Fencing | null {
    const fenceProducers = this.#options.fenceProducers;
    if (!fenceProducers || this.connectorType(this.#snapshot().connectorConfig(connector)) !== 'source') return null;
    const groupId = this.#options.workerConfig.groupId();
    return {
      fence: async (from, to) => {
        const ids = Array.from({ length: to - from }, (_, i) => `${groupId}-${connector}-${from + i}`);
        this.#log.info(`Fencing the producers of ${ids.length} task(s) of ${connector}: ${ids.join(', ')}`);
        await fenceProducers(ids);
      },
    };
  }

  /** Internal PUT /connectors/{c}/fence: fences every task producer of the connector, then records the task count. */
  async fenceZombies(name: string, signature: InternalRequestSignature | null): Promise<void> {
    await this.#serial.run(async () => {
      this.#verifyInternalRequest(signature);
      this.#requireKnown(name);
      const fencing = this.#fencingOf(name);
      if (fencing === null) {
        throw new BadRequestError(this.#options.fenceProducers
          ? `Connector ${name} is not a source connector: it has no producers to fence`
          : 'Exactly-once source support is not enabled on this worker, so there are no zombies to fence');
      }
      this.#requireLeader();
      const state = this.#snapshot();
      const count = state.taskCount(name);
      await fencing.fence(0, Math.max(count, state.taskCountRecord(name) ?? 0));
      await this.#options.configStore.putTaskCountRecord(name, count);
    });
  }

  async restartConnector(name: string): Promise<void> {
    if (!this.#snapshot().contains(name)) throw herderErrors.unknownConnector(name);
    this.#checkRebalance();
    if (this.#connectors.has(name)) {
      await this.#serial.run(async () => {
        await this.#stopConnector(name);
        await this.#startConnector(name);
      });
      return;
    }
    this.#requireLeader();
    throw new NotAssignedError(this.#owners.get(name) ?? null);
  }

  async restartTask(id: ConnectorTaskId): Promise<void> {
    const state = this.#snapshot();
    if (!state.contains(id.connector)) throw herderErrors.unknownConnector(id.connector);
    if (id.task < 0 || id.task >= state.taskCount(id.connector)) throw herderErrors.unknownTask(id.connector, id.task);
    this.#checkRebalance();
    if (this.#tasks.has(connectorTaskIdKey(id))) {
      await this.#serial.run(async () => {
        await this.#stopTasks([id]);
        await this.#startTask(id);
      });
      return;
    }
    this.#requireLeader();
    throw new NotAssignedError(this.#owners.get(connectorTaskIdKey(id)) ?? null);
  }

  async restartConnectorAndTasks(request: RestartRequest): Promise<ConnectorStateInfoOf> {
    return this.#serial.run(async () => {
      if (!this.#snapshot().contains(request.connector)) throw herderErrors.unknownConnector(request.connector);
      this.#checkRebalance();
      this.#requireLeader();
      const plan = this.restartPlan(request);
      await this.#options.configStore.putRestartRequest(request);
      return plan.planned;
    });
  }

  // Target states bypass the queue: any worker writes one record at once, as Kafka's herder
  // writes them from the request thread, so a pause is not held up by a rebalance in progress.
  async pauseConnector(name: string): Promise<void> {
    if (!this.#snapshot().contains(name)) throw herderErrors.unknownConnectorTargetState(name);
    await this.#options.configStore.putTargetState(name, 'PAUSED');
  }

  async resumeConnector(name: string): Promise<void> {
    if (!this.#snapshot().contains(name)) throw herderErrors.unknownConnectorTargetState(name);
    await this.#options.configStore.putTargetState(name, 'STARTED');
  }

  async stopConnector(name: string): Promise<void> {
    await this.#serial.run(async () => {
      if (!this.#snapshot().contains(name)) throw herderErrors.unknownConnectorTargetState(name);
      this.#requireLeader();
      await this.#options.configStore.putTaskConfigs(name, []);
      await this.#options.configStore.putTargetState(name, 'STOPPED');
    });
  }

  /** Status records, not config: written from the request, as Kafka's herder does. */
  async resetConnectorActiveTopics(name: string): Promise<void> {
    await this.#options.statusWriter.resetActiveTopics(name, this.#options.statusReader.activeTopics(name));
  }

  async connectorOffsets(name: string): Promise<ConnectorOffsets> {
    const state = this.#requireKnown(name);
    return this.#options.offsets.read(name, this.connectorType(state.connectorConfig(name)));
  }

  /**
   * Offset changes bypass the queue: they go to the offsets topic or the consumer group, not the
   * config topic, and Kafka's herder too hands their writing to the worker, off its thread.
   */
  #requireStopped(name: string): ClusterConfigState {
    this.#checkRebalance();
    const state = this.#requireKnown(name);
    this.#requireLeader();
    if (state.targetState(name) !== 'STOPPED' || state.taskCount(name) !== 0) throw herderErrors.offsetsNeedStoppedConnector(name);
    return state;
  }

  async alterConnectorOffsets(name: string, offsets: ConnectorOffsets): Promise<Message> {
    const state = this.#requireStopped(name);
    return this.#options.offsets.alter(name, this.connectorType(state.connectorConfig(name)), offsets);
  }

  async resetConnectorOffsets(name: string): Promise<Message> {
    const state = this.#requireStopped(name);
    return this.#options.offsets.reset(name, this.connectorType(state.connectorConfig(name)));
  }

  /** One record any worker writes at once, off the queue, as Kafka's herder does. */
  async setClusterLoggerLevel(namespace: string, level: string): Promise<void> {
    await this.#options.configStore.putLoggerLevel(namespace, level);
  }

  /** The status of this worker's instances is written with the current generation. */
  statusGeneration(): number {
    return Math.max(this.#generation, 0);
  }

  /** For tests and diagnostics: what this worker runs. */
  runningWork(): { connectors: string[]; tasks: ConnectorTaskId[] } {
    return { connectors: [...this.#connectors].sort(), tasks: [...this.#tasks.values()] };
  }
}

type ConnectorStateInfoOf = Awaited<ReturnType<HerderBase['connectorStatus']>>;

/** Fences a source connector's task producers of the task ids [from, to). */
interface Fencing {
  fence(from: number, to: number): Promise<void>;
}

/** A connector's task configs waiting for the leader's next batch, and who waits for them to be written. */
interface PendingTaskConfigs {
  configs: Record<string, string>[];
  waiters: { resolve(): void; reject(error: unknown): void }[];
}

function initialTarget(state: string): TargetState {
  switch (state) {
    case 'PAUSED':
      return 'PAUSED';
    case 'STOPPED':
      return 'STOPPED';
    default:
      return 'STARTED';
  }
}

function sameConfig(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>> | undefined): boolean {
  if (!b) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

