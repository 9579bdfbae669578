/**
 * A worker group of one, in process: standalone mode runs the same herder as distributed mode,
 * with this member standing in for the broker's group coordinator. Every (re)join runs the same
 * callbacks a real rebalance does, so one set of rules decides what runs.
 */
import type { GroupMemberPort } from '../herder/herder-ports.js';
import type { WorkerGroupCallbacks } from '../distributed/membership/worker-group-member.js';
import type { Logger } from '../logging/loggers.js';

const MEMBER_ID = 'standalone';

export class LocalGroupMember implements GroupMemberPort {
  #generation = 0;
  #pending: string | null = null;
  #running: Promise<void> | null = null;
  #stopped = false;

  readonly #callbacks: WorkerGroupCallbacks;
  readonly #log: Logger;

  constructor(
    callbacks: WorkerGroupCallbacks,
    log: Logger,
  ) {
    this.#callbacks = callbacks;
    this.#log = log;
  }

  get generation(): number {
    return this.#generation;
  }

  start(): void {
    this.requestRejoin('initial join');
  }

  requestRejoin(reason: string): void {
    if (this.#stopped) return;
    this.#pending ??= reason;
    this.#running ??= this.#loop().finally(() => {
      this.#running = null;
      // A rejoin asked for after the loop's last look and before this line would be lost otherwise.
      if (this.#pending !== null) this.requestRejoin(this.#pending);
    });
  }

  async leave(): Promise<void> {
    await this.stop();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#running;
  }

  async #loop(): Promise<void> {
    // Let the caller finish its current step first, as a real rejoin would.
    await new Promise((r) => setImmediate(r));
    while (this.#pending !== null && !this.#stopped) {
      const reason = this.#pending;
      this.#pending = null;
      try {
        await this.#callbacks.onJoinPrepare(this.#generation, MEMBER_ID, reason);
        this.#generation++;
        const { protocols } = await this.#callbacks.metadata();
        const protocol = protocols[0]!;
        const assignments = await this.#callbacks.performAssignment(MEMBER_ID, protocol.name, [{ memberId: MEMBER_ID, metadata: protocol.metadata }]);
        await this.#callbacks.onAssigned(protocol.name, assignments.get(MEMBER_ID) ?? Buffer.alloc(0), this.#generation, MEMBER_ID, MEMBER_ID);
      } catch (error) {
        this.#log.error(`Rebalance failed (${reason}); retrying`, error);
        this.#pending ??= reason;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }
}
