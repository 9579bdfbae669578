/**
 * The leader's assignment under the `compatible` and `sessioned` sub-protocols: Kafka 4.1's
 * IncrementalCooperativeAssignor (KIP-415), as a pure function. Everything Kafka keeps in the
 * assignor between rebalances is the explicit `state` passed in and returned.
 *
 * Per rebalance:
 * - configured = the snapshot's connectors and tasks; active = what members report running;
 *   previous = the leader's view after the last rebalance it led.
 * - deleted (previous - configured) and duplicated (run by several members) work is revoked.
 * - lost (previous - active - deleted) work belonged to a member that did not come back. If no
 *   previous member is missing, or scheduled.rebalance.max.delay.ms is 0, it is reassigned now;
 *   otherwise a delay starts and every member is told to rejoin when it ends. On expiry the lost
 *   work goes to members that joined empty during the delay, or else is spread like new work.
 *   Unlike Kafka, a new member with the REST URL of a departed one (the same worker restarted) gets
 *   that worker's lost work back at once instead of at the end of the delay.
 * - With no delay active, members above their balanced share get load-balancing revocations; the
 *   freed work is assigned in the follow-up rebalance. Revoking in consecutive rebalances backs
 *   off exponentially (1 ms x 40^n, capped at the max delay) through the delay.
 * - New and reassigned work goes to the least-loaded members, connectors by connector count and
 *   tasks by task count.
 * Members receive only what is new to them, plus what they must stop.
 *
 * One deliberate difference: where Kafka walks members in Java HashMap order (which decides, for
 * example, which of two equally loaded members keeps an extra task), we walk them sorted by id,
 * so results are reproducible.
 */
import { type ConnectorTaskId, connectorTaskIdKey } from '../../connector-task-id.js';
import {
  ASSIGNMENT_CONFIG_MISMATCH,
  ASSIGNMENT_NO_ERROR,
  type ConnectAssignment,
} from '../protocol/assignment.js';
import {
  type ConnectorsAndTasks,
  Lookup,
  addAllTo,
  copyOf,
  emptyConnectorsAndTasks,
  intersection,
  isEmpty,
  removeAllFrom,
  sortedDiff,
} from './connectors-and-tasks.js';
import {
  type ConfigSnapshot,
  type GroupMember,
  type LeaderConfigInput,
  leaderConfig,
  maxConfigOffset,
} from './leader-config.js';

/** What the assignor remembers between the rebalances it leads. */
export interface CooperativeAssignorState {
  /** The leader's view of what the group runs after the last assignment it made. */
  previousAssignment: ConnectorsAndTasks;
  /** What that assignment revoked, to detect a revocation that did not take effect. */
  previousRevocation: ConnectorsAndTasks;
  /** Whether the last rebalance made load-balancing revocations. */
  revokedInPrevious: boolean;
  /** Members that joined empty while a delay for lost work was running. */
  candidateWorkersForReassignment: string[];
  /** When the running delay ends (epoch ms), 0 when none runs. */
  scheduledRebalance: number;
  /** The delay sent to members (ms), 0 when none runs. */
  delay: number;
  /** The generation of the last assignment; a mismatch with the last completed one discards `previousAssignment`. */
  previousGenerationId: number;
  previousMembers: string[];
  numSuccessiveRevokingRebalances: number;
  /** Who ran what after the last assignment, with their REST URLs, to tell whose work was lost. */
  previousOwners: WorkOfMember[];
  /** During a delay: the lost work of departed members, by their REST URL, for a restart to take back. */
  lostByUrl: { url: string; work: ConnectorsAndTasks }[];
}

interface WorkOfMember {
  memberId: string;
  url: string;
  work: ConnectorsAndTasks;
}

export function initialCooperativeAssignorState(): CooperativeAssignorState {
  return {
    previousAssignment: emptyConnectorsAndTasks(),
    previousRevocation: emptyConnectorsAndTasks(),
    revokedInPrevious: false,
    candidateWorkersForReassignment: [],
    scheduledRebalance: 0,
    delay: 0,
    previousGenerationId: -1,
    previousMembers: [],
    numSuccessiveRevokingRebalances: 0,
    previousOwners: [],
    lostByUrl: [],
  };
}

interface CooperativeAssignmentInput extends LeaderConfigInput {
  leaderId: string;
  /** The version of the selected sub-protocol: 1 (compatible) or 2 (sessioned). */
  protocolVersion: 1 | 2;
  /** The generation of the last rebalance this worker completed. */
  lastCompletedGenerationId: number;
  /** The generation being assigned. */
  generationId: number;
  /** scheduled.rebalance.max.delay.ms */
  maxDelayMs: number;
  nowMs: number;
  state: CooperativeAssignorState;
}

interface CooperativeAssignmentResult {
  /** One assignment per member id: newly assigned and revoked work, and the delay. */
  assignments: Map<string, ConnectAssignment>;
  /** What each member runs once it applied its assignment (Kafka's LeaderState); empty on CONFIG_MISMATCH. */
  allocations: Map<string, ConnectorsAndTasks>;
  /** Lost work this assignment holds back until the delay ends: nobody runs it meanwhile. */
  waiting: ConnectorsAndTasks;
  state: CooperativeAssignorState;
}

export function assignIncrementalCooperative(input: CooperativeAssignmentInput): CooperativeAssignmentResult {
  const leaderUrl = input.members.find((m) => m.memberId === input.leaderId)?.url;
  if (leaderUrl === undefined) throw new RangeError(`The leader ${input.leaderId} is not a member`);
  const members = [...input.members].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
  const fill = (error: number, configOffset: bigint, work: WorkPerMember, delay: number) =>
    new Map(
      members.map((m): [string, ConnectAssignment] => {
        const assigned = work.assigned.get(m.memberId) ?? emptyConnectorsAndTasks();
        const revoked = work.revoked.get(m.memberId) ?? emptyConnectorsAndTasks();
        return [
          m.memberId,
          {
            version: input.protocolVersion,
            error,
            leader: input.leaderId,
            leaderUrl,
            configOffset,
            connectors: assigned.connectors,
            tasks: assigned.tasks,
            revokedConnectors: revoked.connectors,
            revokedTasks: revoked.tasks,
            delay,
          },
        ];
      }),
    );

  const config = leaderConfig(input);
  if (config === null) {
    const nothing: WorkPerMember = { assigned: new Map(), revoked: new Map() };
    return {
      assignments: fill(ASSIGNMENT_CONFIG_MISMATCH, maxConfigOffset(members), nothing, 0),
      allocations: new Map(),
      waiting: emptyConnectorsAndTasks(),
      state: cloneState(input.state),
    };
  }
  const round = new AssignmentRound(cloneState(input.state), input.maxDelayMs, input.nowMs);
  const { work, allocations } = round.run(members, config.snapshot, input.lastCompletedGenerationId, input.generationId);
  return {
    assignments: fill(ASSIGNMENT_NO_ERROR, config.offset, work, round.state.delay),
    allocations,
    waiting: round.waiting,
    state: round.state,
  };
}

interface WorkPerMember {
  assigned: Map<string, ConnectorsAndTasks>;
  revoked: Map<string, ConnectorsAndTasks>;
}

/** A member's work as the assignment is being built. */
interface WorkerLoad extends ConnectorsAndTasks {
  worker: string;
}

class AssignmentRound {
  /** Lost work held back by this round. */
  waiting = emptyConnectorsAndTasks();
  readonly #maxDelay: number;
  readonly #now: number;

  constructor(
    readonly state: CooperativeAssignorState,
    maxDelay: number,
    now: number,
  ) {
    this.#maxDelay = maxDelay;
    this.#now = now;
  }

  run(
    members: GroupMember[],
    snapshot: ConfigSnapshot,
    lastCompletedGenerationId: number,
    generationId: number,
  ): { work: WorkPerMember; allocations: Map<string, ConnectorsAndTasks> } {
    const s = this.state;
    if (s.previousGenerationId !== lastCompletedGenerationId) s.previousAssignment = emptyConnectorsAndTasks();

    const connectors = [...snapshot.connectors()];
    const configured: ConnectorsAndTasks = { connectors, tasks: connectors.flatMap((c) => snapshot.tasks(c)) };
    const active = emptyConnectorsAndTasks();
    for (const m of members) addAllTo(active, m.assignment);

    // A revocation that did not take effect: start again from what members actually run.
    if (!isEmpty(s.previousRevocation)) {
      if (!isEmpty(intersection(s.previousRevocation, active))) s.previousAssignment = copyOf(active);
      s.previousRevocation = emptyConnectorsAndTasks();
    }

    const deleted = sortedDiff(s.previousAssignment, configured);
    const duplicated = duplicatedAssignments(members);
    const lost = sortedDiff(s.previousAssignment, active, deleted);
    const created = sortedDiff(configured, s.previousAssignment, active);

    const current = workerLoads(members);
    for (const load of current) removeAllFrom(load, deleted);

    const toRevoke = new Map<string, ConnectorsAndTasks>();
    const deletedToRevoke = perMemberIntersection(members, deleted);
    const duplicatedToRevoke = perMemberIntersection(members, duplicated);
    addAllPerMember(toRevoke, deletedToRevoke);
    addAllPerMember(toRevoke, duplicatedToRevoke);

    const next = workerLoads(members);
    removeAllPerMember(next, deletedToRevoke);
    removeAllPerMember(next, duplicatedToRevoke);

    const lostToReassign = this.#handleLostAssignments(lost, next, members);

    if (s.delay === 0) {
      const balancing = loadBalancingRevocations(configured, next);
      if (s.revokedInPrevious && balancing.size > 0) {
        s.numSuccessiveRevokingRebalances++;
        s.delay = consecutiveRevokingBackoff(this.#maxDelay, s.numSuccessiveRevokingRebalances);
        if (s.delay !== 0) {
          s.scheduledRebalance = this.#now + s.delay;
        } else {
          addAllPerMember(toRevoke, balancing);
          removeAllPerMember(next, balancing);
        }
      } else if (balancing.size > 0) {
        addAllPerMember(toRevoke, balancing);
        removeAllPerMember(next, balancing);
        s.revokedInPrevious = true;
      } else if (s.revokedInPrevious) {
        // The group has converged: reset the backoff.
        s.revokedInPrevious = false;
        s.numSuccessiveRevokingRebalances = 0;
      }
    } else {
      s.revokedInPrevious = false;
    }

    const toAssign = copyOf(created);
    addAllTo(toAssign, lostToReassign);
    assignConnectors(next, toAssign.connectors);
    assignTasks(next, toAssign.tasks);

    const assigned = new Map<string, ConnectorsAndTasks>();
    const currentByWorker = new Map(current.map((load) => [load.worker, load]));
    for (const load of next) {
      assigned.set(load.worker, newWork(load, currentByWorker.get(load.worker)!));
    }

    s.previousAssignment = this.#previousAssignmentAfter(toRevoke, next, lost);
    s.previousGenerationId = generationId;
    s.previousMembers = members.map((m) => m.memberId);
    const urls = new Map(members.map((m) => [m.memberId, m.url]));
    s.previousOwners = next.map((load) => ({ memberId: load.worker, url: urls.get(load.worker)!, work: copyOf(load) }));

    const allocations = new Map(next.map((load): [string, ConnectorsAndTasks] => [load.worker, copyOf(load)]));
    return { work: { assigned, revoked: toRevoke }, allocations };
  }

  /** Decides what lost work to reassign now; keeps the delay bookkeeping. */
  #handleLostAssignments(lost: ConnectorsAndTasks, next: WorkerLoad[], members: GroupMember[]): ConnectorsAndTasks {
    const s = this.state;
    const reassign = emptyConnectorsAndTasks();
    if (isEmpty(lost) && !s.revokedInPrevious) {
      this.#resetDelay();
      return reassign;
    }

    const activeMembers = new Set(next.map((load) => load.worker));
    if (s.scheduledRebalance <= 0 && s.previousMembers.every((m) => activeMembers.has(m))) {
      // Nobody left: the lost work most likely missed its assignment in the previous round.
      addAllTo(reassign, lost);
      return reassign;
    }
    if (this.#maxDelay === 0) {
      addAllTo(reassign, lost);
      return reassign;
    }

    if (s.scheduledRebalance > 0 && this.#now >= s.scheduledRebalance) {
      const byWorker = new Map(next.map((load) => [load.worker, load]));
      const candidates = s.candidateWorkersForReassignment
        .map((worker) => byWorker.get(worker))
        .filter((load): load is WorkerLoad => load !== undefined);
      if (candidates.length > 0) {
        lost.connectors.forEach((c, i) => candidates[i % candidates.length]!.connectors.push(c));
        lost.tasks.forEach((t, i) => candidates[i % candidates.length]!.tasks.push(t));
      } else {
        addAllTo(reassign, lost);
      }
      this.#resetDelay();
      // The full delay has passed, so revoking in consecutive rebalances is allowed again.
      s.revokedInPrevious = false;
    } else {
      const held = this.#returnLostWorkToRestartedMembers(lost, next, members);
      if (isEmpty(held)) {
        this.#resetDelay();
        return reassign;
      }
      this.waiting = held;
      for (const load of next) {
        if (isEmpty(load) && !s.candidateWorkersForReassignment.includes(load.worker)) {
          s.candidateWorkersForReassignment.push(load.worker);
        }
      }
      if (this.#now < s.scheduledRebalance) {
        const remaining = s.scheduledRebalance - this.#now;
        s.delay = remaining > 0 ? Math.min(remaining, this.#maxDelay) : 0;
      } else {
        s.delay = this.#maxDelay;
      }
      s.scheduledRebalance = this.#now + s.delay;
    }
    return reassign;
  }

  /**
   * Gives a member that joined with the REST URL of a departed member (the same worker, restarted)
   * the lost work of that member, in place in `next`. Returns the lost work still held.
   */
  #returnLostWorkToRestartedMembers(lost: ConnectorsAndTasks, next: WorkerLoad[], members: GroupMember[]): ConnectorsAndTasks {
    const s = this.state;
    const present = new Set(members.map((m) => m.memberId));
    for (const owner of s.previousOwners) {
      if (present.has(owner.memberId)) continue;
      const ownLost = intersection(owner.work, lost);
      if (isEmpty(ownLost)) continue;
      const entry = s.lostByUrl.find((e) => e.url === owner.url);
      if (entry === undefined) s.lostByUrl.push({ url: owner.url, work: ownLost });
      else addAllTo(entry.work, ownLost);
    }
    const held = copyOf(lost);
    const previous = new Set(s.previousMembers);
    for (const m of members) {
      if (previous.has(m.memberId)) continue;
      const entry = s.lostByUrl.find((e) => e.url === m.url);
      const load = next.find((l) => l.worker === m.memberId);
      if (entry === undefined || load === undefined) continue;
      const back = intersection(entry.work, held);
      addAllTo(load, back);
      removeAllFrom(held, back);
      s.lostByUrl = s.lostByUrl.filter((e) => e !== entry);
    }
    return held;
  }

  #resetDelay(): void {
    this.state.lostByUrl = [];
    this.state.candidateWorkersForReassignment = [];
    this.state.scheduledRebalance = 0;
    this.state.delay = 0;
  }

  /** The leader's view for the next round: what runs after this one, plus lost work not yet reassigned. */
  #previousAssignmentAfter(
    revoked: Map<string, ConnectorsAndTasks>,
    next: WorkerLoad[],
    lost: ConnectorsAndTasks,
  ): ConnectorsAndTasks {
    const view = emptyConnectorsAndTasks();
    for (const load of next) addAllTo(view, load);
    for (const r of revoked.values()) {
      removeAllFrom(view, r);
      addAllTo(this.state.previousRevocation, r);
    }
    addAllTo(view, lost);
    return view;
  }
}

function cloneState(state: CooperativeAssignorState): CooperativeAssignorState {
  return {
    ...state,
    previousAssignment: copyOf(state.previousAssignment),
    previousRevocation: copyOf(state.previousRevocation),
    candidateWorkersForReassignment: [...state.candidateWorkersForReassignment],
    previousMembers: [...state.previousMembers],
    previousOwners: state.previousOwners.map((o) => ({ ...o, work: copyOf(o.work) })),
    lostByUrl: state.lostByUrl.map((e) => ({ url: e.url, work: copyOf(e.work) })),
  };
}

function workerLoads(members: GroupMember[]): WorkerLoad[] {
  return members.map((m) => ({ worker: m.memberId, ...copyOf(m.assignment) }));
}

/** Work listed more than once across the members' reports. */
function duplicatedAssignments(members: GroupMember[]): ConnectorsAndTasks {
  const connectorCounts = new Map<string, number>();
  const taskCounts = new Map<string, { task: ConnectorTaskId; count: number }>();
  for (const m of members) {
    for (const c of m.assignment.connectors) connectorCounts.set(c, (connectorCounts.get(c) ?? 0) + 1);
    for (const t of m.assignment.tasks) {
      const key = connectorTaskIdKey(t);
      const entry = taskCounts.get(key) ?? { task: t, count: 0 };
      entry.count++;
      taskCounts.set(key, entry);
    }
  }
  return {
    connectors: [...connectorCounts].filter(([, n]) => n > 1).map(([c]) => c),
    tasks: [...taskCounts.values()].filter((e) => e.count > 1).map((e) => e.task),
  };
}

function perMemberIntersection(members: GroupMember[], set: ConnectorsAndTasks): Map<string, ConnectorsAndTasks> {
  const result = new Map<string, ConnectorsAndTasks>();
  for (const m of members) {
    const common = intersection(m.assignment, set);
    if (!isEmpty(common)) result.set(m.memberId, common);
  }
  return result;
}

function addAllPerMember(to: Map<string, ConnectorsAndTasks>, add: Map<string, ConnectorsAndTasks>): void {
  for (const [worker, work] of add) {
    const existing = to.get(worker);
    if (existing === undefined) to.set(worker, copyOf(work));
    else addAllTo(existing, work);
  }
}

function removeAllPerMember(loads: WorkerLoad[], remove: Map<string, ConnectorsAndTasks>): void {
  for (const load of loads) {
    const r = remove.get(load.worker);
    if (r !== undefined) removeAllFrom(load, r);
  }
}

/** `next` minus `current`, in `next`'s order. */
function newWork(next: ConnectorsAndTasks, current: ConnectorsAndTasks): ConnectorsAndTasks {
  const had = new Lookup(current);
  return {
    connectors: next.connectors.filter((c) => !had.hasConnector(c)),
    tasks: next.tasks.filter((t) => !had.hasTask(t)),
  };
}

/**
 * Revocations that bring every member down to its balanced share: total / members, and one more
 * for as many members as the remainder, the extras going to the first members that already hold
 * more than the minimum.
 */
function loadBalancingRevocations(
  configured: ConnectorsAndTasks,
  workers: WorkerLoad[],
): Map<string, ConnectorsAndTasks> {
  const result = new Map<string, ConnectorsAndTasks>();
  if (workers.every(isEmpty) || isEmpty(configured)) return result;
  const connectors = revocationsOf(configured.connectors.length, workers, (w) => w.connectors);
  const tasks = revocationsOf(configured.tasks.length, workers, (w) => w.tasks);
  for (const [worker, revoked] of connectors) result.set(worker, { connectors: revoked, tasks: [] });
  for (const [worker, revoked] of tasks) {
    const existing = result.get(worker);
    if (existing === undefined) result.set(worker, { connectors: [], tasks: revoked });
    else existing.tasks = revoked;
  }
  return result;
}

function revocationsOf<T>(total: number, workers: WorkerLoad[], allocation: (w: WorkerLoad) => T[]): Map<string, T[]> {
  const result = new Map<string, T[]>();
  const minPerWorker = Math.floor(total / workers.length);
  const workersWithExtra = total % workers.length;
  const atMin = workers.filter((w) => allocation(w).length === minPerWorker).length;
  const atMinPlusOne = workers.filter((w) => allocation(w).length === minPerWorker + 1).length;
  if (atMinPlusOne === workersWithExtra && atMin + atMinPlusOne === workers.length) return result;

  let extrasGiven = 0;
  for (const worker of workers) {
    const size = allocation(worker).length;
    if (size <= minPerWorker) continue;
    let max: number;
    if (extrasGiven < workersWithExtra) {
      extrasGiven++;
      if (size === minPerWorker + 1) continue;
      max = minPerWorker + 1;
    } else {
      max = minPerWorker;
    }
    result.set(worker.worker, allocation(worker).slice(0, size - max));
  }
  return result;
}

/** Kafka's ExponentialBackoff(initial 1 ms (0 when the max is 0), multiplier 40, max, no jitter). */
function consecutiveRevokingBackoff(maxDelay: number, attempts: number): number {
  const initial = Math.min(maxDelay, maxDelay === 0 ? 0 : 1);
  const expMax = maxDelay > initial ? Math.log(maxDelay / Math.max(initial, 1)) / Math.log(40) : 0;
  if (expMax === 0) return initial;
  const term = initial * Math.pow(40, Math.min(attempts, expMax));
  const value = Math.trunc(term);
  return value > maxDelay ? maxDelay : value;
}

/** Deals connectors to the members with the fewest, round after round (Kafka's assignConnectors). */
function assignConnectors(workers: WorkerLoad[], connectors: string[]): void {
  dealTo(workers, connectors, (w) => w.connectors);
}

function assignTasks(workers: WorkerLoad[], tasks: ConnectorTaskId[]): void {
  dealTo(workers, tasks, (w) => w.tasks);
}

function dealTo<T>(workers: WorkerLoad[], items: T[], allocation: (w: WorkerLoad) => T[]): void {
  if (items.length === 0) return;
  workers.sort(
    (a, b) => allocation(a).length - allocation(b).length || (a.worker < b.worker ? -1 : a.worker > b.worker ? 1 : 0),
  );
  const first = workers[0]!;
  let i = 0;
  while (i < items.length) {
    const firstLoad = allocation(first).length;
    let upTo = workers.findIndex((w) => allocation(w).length > firstLoad);
    if (upTo === -1) upTo = workers.length;
    for (const worker of workers.slice(0, upTo)) {
      allocation(worker).push(items[i++]!);
      if (i === items.length) break;
    }
  }
}
