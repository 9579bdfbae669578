import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { KafkaBroker } from '@tsconnect/testinfra';
import { GroupMembershipError } from '../../../src/distributed/membership/group-errors.js';
import { WorkerGroupMember } from '../../../src/distributed/membership/worker-group-member.js';
import type { ConnectProtocolMode } from '../../../src/distributed/protocol/sub-protocols.js';
import { type AssignedEvent, CONFIG_OFFSET, type JoinPrepareEvent, type LeaderEvent, RecordingHerder, connectorOf } from './recording-herder.js';

describe('WorkerGroupMember on a real broker', () => {
  let broker: KafkaBroker;
  let herders: RecordingHerder[] = [];
  let groups = 0;

  before(async () => {
    broker = await KafkaBroker.start();
  });

  after(async () => {
    await broker.stop();
  });

  afterEach(async () => {
    await Promise.all(herders.map((h) => h.member.stop()));
    herders = [];
  });

  /** A worker in a group of its own test; `start` joins it. */
  function worker(url: string, groupId: string, mode?: ConnectProtocolMode): RecordingHerder {
    const herder = new RecordingHerder(url, { bootstrapServers: broker.bootstrapServers, groupId, mode });
    herders.push(herder);
    return herder;
  }

  function newGroupId(): string {
    groups += 1;
    return `connect-membership-test-${groups}`;
  }

  async function joinedAlone(url: string, groupId: string): Promise<{ herder: RecordingHerder; assigned: AssignedEvent }> {
    const herder = worker(url, groupId);
    herder.member.start();
    const assigned = await herder.assignedAfter(-1);
    return { herder, assigned };
  }

  it('a lone member leads its connect group, assigns from its own metadata and receives those bytes', async () => {
    const { herder, assigned } = await joinedAlone('http://w1:8083', newGroupId());
    const { member } = herder;

    assert.deepEqual(herder.events[0], { kind: 'join-prepare', generation: -1, memberId: '' });
    const [leader] = herder.leaderEvents();
    assert.ok(leader !== undefined);
    assert.equal(leader.protocolName, 'sessioned');
    assert.deepEqual(leader.members, [
      { memberId: member.memberId, metadata: { version: 2, url: 'http://w1:8083', configOffset: CONFIG_OFFSET, assignment: null } },
    ]);

    assert.equal(assigned.protocolName, 'sessioned');
    assert.equal(assigned.memberId, member.memberId);
    assert.equal(assigned.leaderId, member.memberId);
    assert.equal(assigned.generation, member.generation);
    assert.deepEqual(assigned.assignment.connectors, [connectorOf('http://w1:8083')]);
    assert.equal(assigned.assignment.leaderUrl, 'http://w1:8083');
    assert.equal(member.isLeader, true);
    assert.equal(member.protocolName, 'sessioned');
    await member.ensureActive();
  });

  it('a second member triggers a rebalance into a new generation that both join, the leader seeing both', async () => {
    const groupId = newGroupId();
    const first = await joinedAlone('http://w1:8083', groupId);
    const firstGeneration = first.assigned.generation;
    const second = worker('http://w2:8083', groupId);
    second.member.start();

    const [assigned1, assigned2] = await Promise.all([first.herder.assignedAfter(firstGeneration), second.assignedAfter(-1)]);
    assert.equal(assigned1.generation, assigned2.generation);
    assert.ok(assigned1.generation > firstGeneration);
    assert.equal(assigned1.leaderId, assigned2.leaderId);

    // The first member prepared to rejoin as the member of the generation it was in.
    const prepared = first.herder.events.filter((e): e is JoinPrepareEvent => e.kind === 'join-prepare');
    assert.deepEqual(prepared.at(-1), { kind: 'join-prepare', generation: firstGeneration, memberId: first.herder.member.memberId });

    // Exactly one of them led the new generation and saw both members' metadata, the first one's
    // carrying the assignment it held.
    const leaders = [first.herder, second].filter((h) => h.member.isLeader);
    assert.equal(leaders.length, 1);
    const leaderView = leaders[0]!.leaderEvents().at(-1) as LeaderEvent;
    const seen = new Map(leaderView.members.map((m) => [m.memberId, m.metadata]));
    assert.deepEqual([...seen.keys()].sort(), [first.herder.member.memberId, second.member.memberId].sort());
    assert.deepEqual(seen.get(first.herder.member.memberId)?.assignment?.connectors, [connectorOf('http://w1:8083')]);
    assert.equal(seen.get(second.member.memberId)?.url, 'http://w2:8083');
    assert.equal(seen.get(second.member.memberId)?.assignment, null);

    assert.deepEqual(assigned1.assignment.connectors, [connectorOf('http://w1:8083')]);
    assert.deepEqual(assigned2.assignment.connectors, [connectorOf('http://w2:8083')]);
    assert.notEqual(first.herder.member.memberId, second.member.memberId);
  });

  it('when a member leaves gracefully, the remaining one rebalances alone', async () => {
    const groupId = newGroupId();
    const first = await joinedAlone('http://w1:8083', groupId);
    const second = worker('http://w2:8083', groupId);
    second.member.start();
    const together = await second.assignedAfter(-1);
    await first.herder.assignedAfter(together.generation - 1);

    const leaversId = second.member.memberId;
    await second.member.leave();
    const alone = await first.herder.assignedAfter(together.generation);

    assert.equal(alone.leaderId, first.herder.member.memberId);
    const leaderView = first.herder.leaderEvents().at(-1) as LeaderEvent;
    assert.deepEqual(leaderView.members.map((m) => m.memberId), [first.herder.member.memberId]);
    assert.ok(!leaderView.members.some((m) => m.memberId === leaversId));
    assert.equal(second.member.state, 'stopped');
  });

  it('a member that stops heartbeating is dropped after its session timeout and the group rebalances without it', async () => {
    const groupId = newGroupId();
    const first = await joinedAlone('http://w1:8083', groupId);
    const second = worker('http://w2:8083', groupId);
    second.member.start();
    const together = await second.assignedAfter(-1);
    await first.herder.assignedAfter(together.generation - 1);

    const silentId = second.member.memberId;
    const eventsAtStop = second.events.length;
    await second.member.stop();
    const alone = await first.herder.assignedAfter(together.generation);

    const leaderView = first.herder.leaderEvents().at(-1) as LeaderEvent;
    assert.deepEqual(leaderView.members.map((m) => m.memberId), [first.herder.member.memberId]);
    assert.ok(!leaderView.members.some((m) => m.memberId === silentId));
    assert.equal(alone.leaderId, first.herder.member.memberId);
    assert.deepEqual(alone.assignment.connectors, [connectorOf('http://w1:8083')]);
    assert.equal(second.events.length, eventsAtStop, 'a stopped member gets no more callbacks');
  });

  it('requestRejoin rebalances into a new generation keeping the member id', async () => {
    const { herder, assigned } = await joinedAlone('http://w1:8083', newGroupId());
    const memberId = herder.member.memberId;
    herder.member.requestRejoin('test asks for it');
    const again = await herder.assignedAfter(assigned.generation);
    assert.equal(again.memberId, memberId);
    assert.equal(again.generation, assigned.generation + 1);
    await herder.member.ensureActive();
  });

  it('keeps heartbeating while the herder is busy in onAssigned for longer than the session timeout', async () => {
    const herder = worker('http://w1:8083', newGroupId());
    let finishWork = (): void => {};
    herder.busyUntil = new Promise<void>((resolve) => (finishWork = resolve));
    herder.member.start();
    const assigned = await herder.assignedAfter(-1);
    const memberId = herder.member.memberId;
    await new Promise((resolve) => setTimeout(resolve, 8_000)); // session.timeout.ms is 6 000
    herder.busyUntil = null;
    finishWork();

    // A member the broker had dropped would get a new member id when it rejoins.
    herder.member.requestRejoin('test asks for it after the busy spell');
    const again = await herder.assignedAfter(assigned.generation);
    assert.equal(again.memberId, memberId);
    assert.equal(again.generation, assigned.generation + 1);
  });

  it('a worker offering only the eager protocol downgrades the group to "default" with version 0 bytes', async () => {
    const groupId = newGroupId();
    const first = await joinedAlone('http://w1:8083', groupId);
    const eager = worker('http://w2:8083', groupId, 'eager');
    eager.member.start();
    const [assigned1, assigned2] = await Promise.all([first.herder.assignedAfter(first.assigned.generation), eager.assignedAfter(-1)]);

    assert.equal(assigned1.protocolName, 'default');
    assert.equal(assigned2.protocolName, 'default');
    assert.equal(assigned1.assignment.version, 0);
    assert.deepEqual(assigned2.assignment.connectors, [connectorOf('http://w2:8083')]);
    const leader = [first.herder, eager].find((h) => h.member.isLeader)!;
    const leaderView = leader.leaderEvents().at(-1) as LeaderEvent;
    assert.deepEqual(leaderView.members.map((m) => m.metadata.version), [0, 0]);
  });

  it('gives up with a GroupMembershipError when its protocols match none of the group', async () => {
    const groupId = newGroupId();
    await joinedAlone('http://w1:8083', groupId);
    const errors: GroupMembershipError[] = [];
    const stranger = new WorkerGroupMember(
      { bootstrapServers: broker.bootstrapServers, groupId, clientId: 'stranger', sessionTimeoutMs: 6_000, rebalanceTimeoutMs: 20_000, heartbeatIntervalMs: 500 },
      {
        metadata: () => ({ protocols: [{ name: 'not-a-connect-protocol', metadata: Buffer.from([0]) }] }),
        performAssignment: async () => new Map(),
        onAssigned: () => assert.fail('a member of no common protocol must not be assigned'),
        onJoinPrepare: () => {},
        onFatalError: (error) => errors.push(error),
      },
    );
    stranger.start();
    await assert.rejects(stranger.ensureActive(), GroupMembershipError);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /INCONSISTENT_GROUP_PROTOCOL/);
    assert.equal(stranger.state, 'stopped');
  });

  // Kills the broker: keep it last.
  it('reconnects and rejoins after the broker went away and came back', async () => {
    const { herder, assigned } = await joinedAlone('http://w1:8083', newGroupId());
    await broker.kill();
    await broker.restart();
    herder.member.requestRejoin('test asks for it after the broker restarted');
    const again = await herder.assignedAfter(assigned.generation);
    assert.deepEqual(again.assignment.connectors, [connectorOf('http://w1:8083')]);
    assert.equal(again.leaderId, herder.member.memberId);
    await herder.member.ensureActive();
  });
});
