/**
 * A stand-in for the herder side of the worker group: it answers the membership callbacks with the
 * real Connect codecs (worker metadata out, assignments in) and records every callback, so tests
 * can wait for a rebalance and check which bytes went where. Each worker is assigned one connector
 * named after its URL, so a worker that got someone else's bytes would show it.
 */
import { type ConnectAssignment, decodeAssignment, encodeAssignment } from '../../../src/distributed/protocol/assignment.js';
import { type ConnectProtocolMode, decodeSelectedSubProtocol, encodeJoinGroupProtocols } from '../../../src/distributed/protocol/sub-protocols.js';
import { type WorkerMetadata, decodeWorkerMetadata } from '../../../src/distributed/protocol/worker-metadata.js';
import { type WorkerGroupCallbacks, WorkerGroupMember } from '../../../src/distributed/membership/worker-group-member.js';

export const CONFIG_OFFSET = 7n;

export interface AssignedEvent {
  kind: 'assigned';
  protocolName: string;
  generation: number;
  memberId: string;
  leaderId: string;
  assignment: ConnectAssignment;
}

export interface JoinPrepareEvent {
  kind: 'join-prepare';
  generation: number;
  memberId: string;
}

/** What the leader saw in one performAssignment call. */
export interface LeaderEvent {
  kind: 'leader';
  leaderId: string;
  protocolName: string;
  members: { memberId: string; metadata: WorkerMetadata }[];
}

export type HerderEvent = AssignedEvent | JoinPrepareEvent | LeaderEvent;

export function connectorOf(url: string): string {
  return `connector-of-${url}`;
}

export class RecordingHerder {
  readonly events: HerderEvent[] = [];
  readonly member: WorkerGroupMember;
  /** When set, onAssigned waits for it before returning, like a herder busy starting work. */
  busyUntil: Promise<void> | null = null;
  #current: ConnectAssignment | null = null;
  #listeners: (() => void)[] = [];

  constructor(
    readonly url: string,
    options: { bootstrapServers: string; groupId: string; mode?: ConnectProtocolMode },
  ) {
    const callbacks: WorkerGroupCallbacks = {
      metadata: () => ({
        protocols: encodeJoinGroupProtocols(options.mode ?? 'sessioned', { url, configOffset: CONFIG_OFFSET, assignment: this.#current }),
      }),
      performAssignment: async (leaderId, protocolName, members) => {
        const decoded = members.map((m) => ({ memberId: m.memberId, metadata: decodeWorkerMetadata(m.metadata) }));
        this.#record({ kind: 'leader', leaderId, protocolName, members: decoded });
        const leaderUrl = decoded.find((m) => m.memberId === leaderId)?.metadata.url ?? '';
        const { version } = decodeSelectedSubProtocol(protocolName);
        return new Map(
          decoded.map((m) => [
            m.memberId,
            encodeAssignment({
              version, error: 0, leader: leaderId, leaderUrl, configOffset: CONFIG_OFFSET,
              connectors: [connectorOf(m.metadata.url)], tasks: [], revokedConnectors: [], revokedTasks: [], delay: 0,
            }),
          ]),
        );
      },
      onAssigned: async (protocolName, bytes, generation, memberId, leaderId) => {
        this.#current = decodeAssignment(bytes);
        this.#record({ kind: 'assigned', protocolName, generation, memberId, leaderId, assignment: this.#current });
        await this.busyUntil;
      },
      onJoinPrepare: (generation, memberId) => {
        this.#record({ kind: 'join-prepare', generation, memberId });
      },
    };
    this.member = new WorkerGroupMember(
      {
        bootstrapServers: options.bootstrapServers,
        groupId: options.groupId,
        clientId: `test-${url}`,
        sessionTimeoutMs: 6_000,
        rebalanceTimeoutMs: 20_000,
        heartbeatIntervalMs: 500,
      },
      callbacks,
    );
  }

  /** The first recorded event at or after `from` that matches; waits for it if there is none yet. */
  async waitFor<E extends HerderEvent>(matches: (event: HerderEvent) => event is E, from = 0): Promise<E> {
    for (;;) {
      const found = this.events.slice(from).find(matches);
      if (found !== undefined) return found;
      await new Promise<void>((resolve) => this.#listeners.push(resolve));
    }
  }

  /** The first completed rebalance into a generation after `generation`. */
  assignedAfter(generation: number): Promise<AssignedEvent> {
    return this.waitFor((e): e is AssignedEvent => e.kind === 'assigned' && e.generation > generation);
  }

  leaderEvents(): LeaderEvent[] {
    return this.events.filter((e): e is LeaderEvent => e.kind === 'leader');
  }

  #record(event: HerderEvent): void {
    this.events.push(event);
    for (const listener of this.#listeners.splice(0)) listener();
  }
}
