import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ConnectorsAndTasks,
} from '../../../src/distributed/assignor/connectors-and-tasks.js';
import {
  assignIncrementalCooperative,
  initialCooperativeAssignorState,
} from '../../../src/distributed/assignor/incremental-cooperative-assignor.js';
import type { ConfigSnapshot } from '../../../src/distributed/assignor/leader-config.js';
import type { ConnectAssignment } from '../../../src/distributed/protocol/assignment.js';
import { member, notation, snapshot, work } from './fixtures.js';

const MAX_DELAY = 300_000;

/**
 * A worker group led by one leader: each rebalance runs the assignor over the members' reports
 * and has every member apply its assignment (stop the revoked work, start the new).
 */
class Group {
  readonly running = new Map<string, ConnectorsAndTasks>();
  /** REST URLs that differ from the member's default (a restarted worker has a new member id). */
  readonly urls = new Map<string, string>();
  /** What the last rebalance held back for the delay. */
  waiting: ConnectorsAndTasks = { connectors: [], tasks: [] };
  state = initialCooperativeAssignorState();
  now = 0;
  private generation = 0;
  private lastCompleted = -1;

  constructor(
    public config: ConfigSnapshot,
    private readonly maxDelay = MAX_DELAY,
  ) {}

  join(memberId: string, reporting = work()): void {
    this.running.set(memberId, reporting);
  }

  leave(memberId: string): void {
    this.running.delete(memberId);
  }

  rebalance(): Map<string, ConnectAssignment> {
    const generationId = ++this.generation;
    const ids = [...this.running.keys()].sort();
    const result = assignIncrementalCooperative({
      leaderId: ids[0]!,
      protocolVersion: 2,
      members: ids.map((id) => ({ ...member(id, this.running.get(id)!), ...(this.urls.has(id) ? { url: this.urls.get(id)! } : {}) })),
      snapshot: this.config,
      lastCompletedGenerationId: this.lastCompleted,
      generationId,
      maxDelayMs: this.maxDelay,
      nowMs: this.now,
      state: this.state,
    });
    this.state = result.state;
    this.waiting = result.waiting;
    this.lastCompleted = generationId;
    for (const [id, a] of result.assignments) {
      const revoked = new Set(notation({ connectors: a.revokedConnectors, tasks: a.revokedTasks }));
      const kept = notation(this.running.get(id)!).filter((item) => !revoked.has(item));
      this.running.set(id, work(...kept, ...notation(a)));
    }
    return result.assignments;
  }

  /** Rebalances, waiting out each delay, until no member is told to stop anything or wait. */
  settle(): void {
    for (let round = 0; round < 20; round++) {
      const assignments = [...this.rebalance().values()];
      const delay = assignments[0]!.delay;
      const revoking = assignments.some((a) => a.revokedConnectors.length + a.revokedTasks.length > 0);
      if (delay === 0 && !revoking) return;
      this.now += delay;
    }
    assert.fail('the group did not settle in 20 rebalances');
  }

  view(): Record<string, string[]> {
    return Object.fromEntries([...this.running].map(([id, w]) => [id, notation(w)]));
  }
}

const revokedOf = (a: ConnectAssignment) => notation({ connectors: a.revokedConnectors, tasks: a.revokedTasks });

describe('incremental cooperative assignor', () => {
  it('gives a lone worker everything, with protocol version, leader and offset', () => {
    const group = new Group(snapshot({ a: 2 }));
    group.join('w1');
    const a = group.rebalance().get('w1')!;
    assert.deepEqual(notation(a), ['a', 'a-0', 'a-1']);
    assert.deepEqual(revokedOf(a), []);
    assert.deepEqual(
      { version: a.version, error: a.error, leader: a.leader, leaderUrl: a.leaderUrl, configOffset: a.configOffset, delay: a.delay },
      { version: 2, error: 0, leader: 'w1', leaderUrl: 'http://w1:8083', configOffset: 10n, delay: 0 },
    );
  });

  it('when a worker joins, revokes only what must move, then assigns it to the newcomer', () => {
    const group = new Group(snapshot({ a: 2, b: 2 }));
    group.join('w1');
    group.rebalance();
    group.join('w2');

    const revoking = group.rebalance();
    assert.deepEqual(revokedOf(revoking.get('w1')!), ['a', 'a-0', 'a-1']);
    assert.deepEqual(notation(revoking.get('w1')!), []);
    assert.deepEqual(notation(revoking.get('w2')!), []);

    const followUp = group.rebalance();
    assert.deepEqual(notation(followUp.get('w2')!), ['a', 'a-0', 'a-1']);
    assert.deepEqual(revokedOf(followUp.get('w1')!), []);
    assert.equal(followUp.get('w1')!.delay, 0);
    assert.deepEqual(group.view(), { w1: ['b', 'b-0', 'b-1'], w2: ['a', 'a-0', 'a-1'] });
  });

  it('holds a departed worker\'s work for the scheduled delay, then reassigns it', () => {
    const group = new Group(snapshot({ a: 2, b: 2 }));
    group.join('w1');
    group.join('w2');
    group.settle();
    const w2Work = group.view()['w2']!;
    group.leave('w2');

    group.now = 1_000;
    const started = group.rebalance().get('w1')!;
    assert.equal(started.delay, MAX_DELAY);
    assert.deepEqual(notation(started), []);
    assert.equal(group.state.scheduledRebalance, 301_000);

    assert.deepEqual(notation(group.waiting), w2Work, 'the held work is reported as waiting');

    group.now = 101_000;
    const meanwhile = group.rebalance().get('w1')!;
    assert.equal(meanwhile.delay, 200_000, 'the remaining time of the same delay');
    assert.deepEqual(notation(meanwhile), []);

    group.now = 301_000;
    const expired = group.rebalance().get('w1')!;
    assert.equal(expired.delay, 0);
    assert.deepEqual(notation(expired), w2Work);
    assert.deepEqual(notation(group.waiting), []);
    assert.equal(group.state.scheduledRebalance, 0);
  });

  it('drops the delay when the departed worker comes back still running its work', () => {
    const group = new Group(snapshot({ a: 2, b: 2 }));
    group.join('w1');
    group.join('w2');
    group.settle();
    const before = group.view();
    group.leave('w2');
    group.now = 1_000;
    assert.equal(group.rebalance().get('w1')!.delay, MAX_DELAY);

    group.now = 61_000;
    group.join('w2', work(...before['w2']!));
    const back = group.rebalance();
    for (const a of back.values()) {
      assert.equal(a.delay, 0);
      assert.deepEqual(notation(a), []);
      assert.deepEqual(revokedOf(a), []);
    }
    assert.deepEqual(group.view(), before);
    assert.equal(group.state.scheduledRebalance, 0);
  });

  it('gives the lost work to a worker that joined empty during the delay', () => {
    const group = new Group(snapshot({ a: 2, b: 2 }));
    group.join('w1');
    group.join('w2');
    group.settle();
    const before = group.view();
    group.leave('w2');
    group.now = 1_000;
    group.rebalance();

    group.now = 61_000;
    group.join('w3');
    const waiting = group.rebalance();
    assert.equal(waiting.get('w3')!.delay, 240_000);
    assert.deepEqual(notation(waiting.get('w3')!), []);
    assert.deepEqual(group.state.candidateWorkersForReassignment, ['w3']);

    group.now = 301_000;
    const expired = group.rebalance();
    assert.deepEqual(notation(expired.get('w3')!), before['w2']);
    assert.deepEqual(notation(expired.get('w1')!), []);
    assert.deepEqual(revokedOf(expired.get('w1')!), []);
  });

  it('gives a restarted worker (new member id, same REST URL) its lost work back at once, unlike Kafka', () => {
    const group = new Group(snapshot({ a: 2, b: 2, c: 2 }));
    group.join('w1');
    group.join('w2');
    group.join('w3');
    group.settle();
    const before = group.view();
    group.leave('w2');
    group.leave('w3');
    group.now = 1_000;
    assert.equal(group.rebalance().get('w1')!.delay, MAX_DELAY);

    group.now = 11_000;
    group.urls.set('w2-restarted', 'http://w2:8083');
    group.join('w2-restarted');
    const back = group.rebalance();
    assert.deepEqual(notation(back.get('w2-restarted')!), before['w2']);
    assert.deepEqual(notation(back.get('w1')!), []);
    assert.equal(back.get('w1')!.delay, 290_000, 'w3\'s work still waits');
    assert.deepEqual(notation(group.waiting), before['w3']);

    group.now = 21_000;
    group.urls.set('w3-restarted', 'http://w3:8083');
    group.join('w3-restarted');
    const all = group.rebalance();
    assert.deepEqual(notation(all.get('w3-restarted')!), before['w3']);
    for (const a of all.values()) assert.equal(a.delay, 0);
    assert.deepEqual(notation(group.waiting), []);
    assert.equal(group.state.scheduledRebalance, 0);
  });

  it('reassigns lost work at once when scheduled.rebalance.max.delay.ms is 0', () => {
    const group = new Group(snapshot({ a: 1, b: 1 }), 0);
    group.join('w1');
    group.join('w2');
    group.settle();
    group.leave('w2');
    const a = group.rebalance().get('w1')!;
    assert.equal(a.delay, 0);
    assert.deepEqual(group.view(), { w1: ['a', 'a-0', 'b', 'b-0'] });
  });

  it('revokes deleted connectors and their tasks from the worker running them', () => {
    const group = new Group(snapshot({ a: 1, b: 1 }));
    group.join('w1');
    group.join('w2');
    group.settle();
    const holder = Object.entries(group.view()).find(([, w]) => w.includes('b'))![0];
    group.config = snapshot({ a: 1 }, 11n);
    const a = group.rebalance().get(holder)!;
    assert.deepEqual(revokedOf(a), ['b', 'b-0']);
    assert.equal(a.configOffset, 10n, 'members reported offset 10, the max of the members');
  });

  it('revokes work that several workers run from all of them, then assigns it once', () => {
    const group = new Group(snapshot({ a: 1 }));
    group.join('w1', work('a', 'a-0'));
    group.join('w2', work('a-0'));
    const a = group.rebalance();
    assert.deepEqual(revokedOf(a.get('w1')!), ['a-0']);
    assert.deepEqual(revokedOf(a.get('w2')!), ['a-0']);
    group.settle();
    const all = Object.values(group.view()).flat().sort();
    assert.deepEqual(all, ['a', 'a-0']);
  });

  it('backs off when revoking in consecutive rebalances', () => {
    const group = new Group(snapshot({ a: 6 }));
    group.join('w1');
    group.rebalance();
    group.join('w2');
    assert.deepEqual(revokedOf(group.rebalance().get('w1')!), ['a-0', 'a-1', 'a-2']);

    group.join('w3');
    const second = group.rebalance();
    for (const a of second.values()) {
      assert.equal(a.delay, 40, '1 ms x 40^1');
      assert.deepEqual(revokedOf(a), []);
    }

    group.now += 40;
    const third = group.rebalance();
    assert.deepEqual(revokedOf(third.get('w1')!), ['a-3']);
    group.settle();
    assert.deepEqual(
      Object.values(group.view()).map((w) => w.filter((item) => item.includes('-')).length).sort(),
      [2, 2, 2],
    );
  });

  it('balances many connectors and tasks within one as workers come and go', () => {
    const group = new Group(snapshot({ c1: 1, c2: 2, c3: 3, c4: 4, c5: 5, c6: 6, c7: 7 }));
    const assertBalanced = () => {
      const loads = [...group.running.values()];
      const connectors = loads.map((w) => w.connectors.length);
      const tasks = loads.map((w) => w.tasks.length);
      assert.ok(Math.max(...connectors) - Math.min(...connectors) <= 1, `connectors ${connectors}`);
      assert.ok(Math.max(...tasks) - Math.min(...tasks) <= 1, `tasks ${tasks}`);
      const all = loads.flatMap(notation).sort();
      assert.equal(all.length, 7 + 28, 'every connector and task runs exactly once');
      assert.equal(new Set(all).size, all.length);
    };
    for (const id of ['w1', 'w2', 'w3', 'w4', 'w5']) {
      group.join(id);
      group.settle();
      assertBalanced();
    }
    group.leave('w2');
    group.settle();
    assertBalanced();
  });

  it('answers CONFIG_MISMATCH and keeps its state when the leader is behind', () => {
    const state = initialCooperativeAssignorState();
    const result = assignIncrementalCooperative({
      leaderId: 'w1',
      protocolVersion: 1,
      members: [member('w1', work(), 10n), member('w2', work('a'), 12n)],
      snapshot: snapshot({ a: 1 }, 10n),
      lastCompletedGenerationId: -1,
      generationId: 1,
      maxDelayMs: MAX_DELAY,
      nowMs: 0,
      state,
    });
    for (const a of result.assignments.values()) {
      assert.equal(a.error, 1);
      assert.equal(a.version, 1);
      assert.equal(a.configOffset, 12n);
      assert.deepEqual(notation(a), []);
    }
    assert.deepEqual(result.state, state);
  });
});
