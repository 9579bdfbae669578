// The distributed herder with the group driven by hand: the rebalance a config change asks for
// stays pending until the next assignment (so requests get RebalanceNeededError, a 409), and in a
// sessioned group the leader writes a session key and checks internal requests' signatures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkerConfig } from '../../src/config/worker-config.js';
import { DistributedHerder, type DistributedHerderOptions } from '../../src/distributed/distributed-herder.js';
import { signatureHeaders, SIGNATURE_ALGORITHM_HEADER, SIGNATURE_HEADER } from '../../src/distributed/internal-request-signing.js';
import type { WorkerGroupCallbacks } from '../../src/distributed/membership/worker-group-member.js';
import { ASSIGNMENT_NO_ERROR, encodeAssignment } from '../../src/distributed/protocol/assignment.js';
import { ConnectorOffsetsOperations } from '../../src/herder/connector-offsets.js';
import { ConnectRestError, RebalanceNeededError } from '../../src/herder/herder-errors.js';
import type { GroupMemberPort } from '../../src/herder/herder-ports.js';
import { StatusStoreView } from '../../src/herder/store-adapters.js';
import type { WorkerPort } from '../../src/herder/worker-port.js';
import { Loggers } from '../../src/logging/loggers.js';
import { builtinPluginRegistry } from '../../src/plugins/builtin-plugins.js';
import { MemoryConfigBackingStore } from '../../src/standalone/memory-config-store.js';
import { MemoryStatusBackingStore } from '../../src/standalone/memory-status-store.js';
import type { SessionKey } from '../../src/storage/cluster-config-state.js';

/** Starts nothing: these tests look at the herder's group and request handling only. */
const idleWorker: WorkerPort = {
  startConnector: async () => false,
  connectorTaskConfigs: async () => [],
  stopConnector: async () => {},
  startTask: async () => false,
  stopTasks: async () => {},
  setTargetState: async () => {},
  connectorNames: () => [],
  taskIds: () => [],
  isRunning: () => false,
  stop: async () => {},
};

/** The memory store, with the session keys and the batches of task configs written to it listed. */
class KeyedStore extends MemoryConfigBackingStore {
  keys: SessionKey[] = [];
  taskConfigBatches: string[][] = [];
  override async putSessionKey(key: SessionKey): Promise<void> {
    this.keys.push(key);
    await super.putSessionKey(key);
  }
  override async putManyTaskConfigs(updates: ReadonlyMap<string, readonly Readonly<Record<string, string>>[]>): Promise<void> {
    this.taskConfigBatches.push([...updates.keys()]);
    await super.putManyTaskConfigs(updates);
  }
}

/** Runs every connector it is given, each with one task config; lists the connectors it started. */
function runningWorker(started: string[] = []): WorkerPort {
  return {
    ...idleWorker,
    startConnector: async (name) => (started.push(name), true),
    connectorTaskConfigs: async () => [{ 'task.class': 'T' }],
    isRunning: () => true,
  };
}

function setup(
  protocol: 'compatible' | 'sessioned',
  ports: { worker?: WorkerPort; sendTaskConfigsToLeader?: DistributedHerderOptions['sendTaskConfigsToLeader'] } = {},
) {
  const plugins = builtinPluginRegistry();
  const config = WorkerConfig.distributed(
    {
      'bootstrap.servers': '127.0.0.1:1',
      'group.id': 'group',
      'config.storage.topic': 'configs',
      'offset.storage.topic': 'offsets',
      'status.storage.topic': 'status',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      listeners: 'http://127.0.0.1:8083',
    },
    plugins,
  );
  const loggers = new Loggers('ERROR', { write: () => {} });
  const store = new KeyedStore();
  const statuses = new StatusStoreView(new MemoryStatusBackingStore(), '127.0.0.1:8083');
  const rejoins: string[] = [];
  let callbacks: WorkerGroupCallbacks | undefined;
  const member: GroupMemberPort = {
    start: () => {},
    requestRejoin: (reason) => void rejoins.push(reason),
    leave: async () => {},
    stop: async () => {},
    generation: 1,
  };
  const unused = { offsetsOf: async () => [], writeOffsets: async () => {} };
  const herder = new DistributedHerder({
    workerConfig: config,
    workerId: '127.0.0.1:8083',
    advertisedUrl: 'http://127.0.0.1:8083/',
    clusterId: 'cluster',
    plugins,
    loggers,
    worker: ports.worker ?? idleWorker,
    configStore: store,
    statusReader: statuses,
    statusWriter: statuses,
    offsets: new ConnectorOffsetsOperations(unused, { groupOffsets: async () => [], alterGroupOffsets: async () => {}, deleteGroupOffsets: async () => {} }),
    protocol,
    workerSyncTimeoutMs: 1000,
    scheduledRebalanceMaxDelayMs: 0,
    createMember: (c) => {
      callbacks = c;
      return member;
    },
    sendTaskConfigsToLeader: ports.sendTaskConfigsToLeader ?? (async () => {}),
  });
  store.setUpdateListener(herder);
  /**
   * Completes a rebalance in which this worker leads and is assigned nothing new (or, as a follower,
   * these connectors; or, as the leader, `work`), at the store's config offset unless `work` says another.
   */
  const assign = (generation: number, follower: { connectors: string[] } | null = null, work: { connectors: string[]; configOffset?: bigint } | null = null) =>
    callbacks!.onAssigned(
      protocol,
      encodeAssignment({
        version: protocol === 'sessioned' ? 2 : 1,
        error: ASSIGNMENT_NO_ERROR,
        leader: follower ? 'java' : 'me',
        leaderUrl: follower ? 'http://127.0.0.1:8084/' : 'http://127.0.0.1:8083/',
        configOffset: work?.configOffset ?? store.snapshot().offset,
        connectors: follower?.connectors ?? work?.connectors ?? [],
        tasks: [],
        revokedConnectors: [],
        revokedTasks: [],
        delay: 0,
      }),
      generation,
      'me',
      'me',
    );
  const prepareJoin = async (generation: number) => callbacks!.onJoinPrepare(generation, 'me', 'test');
  return { herder, store, rejoins, assign, prepareJoin };
}

const sinkConfig = { name: 'sink', 'connector.class': 'FileStreamSink', topics: 'lines', file: '/tmp/out.txt', 'tasks.max': '1' };

test('after a config change, requests that need the new assignment get RebalanceNeededError until the rebalance completes', async () => {
  const { herder, rejoins, assign } = setup('compatible');
  await assign(1);
  assert.equal(herder.isLeader, true);
  await herder.putConnectorConfig('sink', { ...sinkConfig }, { allowReplace: false });
  assert.deepEqual(rejoins, ['connector sink created']);
  await assert.rejects(herder.connectorInfo('sink'), RebalanceNeededError);
  await assert.rejects(herder.taskConfigs('sink'), RebalanceNeededError);
  await assert.rejects(herder.restartConnectorAndTasks({ connector: 'sink', includeTasks: false, onlyFailed: false }), RebalanceNeededError);
  // Local reads never wait for a rebalance, nor does the info GET /connectors?expand=info lists.
  assert.deepEqual(await herder.connectors(), ['sink']);
  assert.equal((await herder.connectorInfo('sink', { duringRebalance: true })).name, 'sink');
  await assign(2);
  assert.equal((await herder.connectorInfo('sink')).name, 'sink');
});

test('the leader of a compatible group neither writes a session key nor checks signatures', async () => {
  const { herder, store, assign } = setup('compatible');
  await assign(1);
  await herder.putConnectorConfig('sink', { ...sinkConfig }, { allowReplace: false });
  await assign(2);
  assert.equal(store.keys.length, 0);
  await herder.putTaskConfigs('sink', [{ 'task.class': 'T' }], null);
});

test('the leader of a sessioned group writes a session key and accepts only requests signed with it', async () => {
  const { herder, store, assign } = setup('sessioned');
  await assign(1);
  assert.equal(store.keys.length, 1);
  assert.equal(store.keys[0]!.algorithm, 'HmacSHA256');
  await herder.putConnectorConfig('sink', { ...sinkConfig }, { allowReplace: false });
  await assign(2);
  // A current key is kept across rebalances.
  assert.equal(store.keys.length, 1);

  const body = Buffer.from(JSON.stringify([{ 'task.class': 'T' }]));
  const headers = signatureHeaders(store.keys[0]!, 'HmacSHA256', body);
  const signature = { body, algorithm: headers[SIGNATURE_ALGORITHM_HEADER]!, signature: Buffer.from(headers[SIGNATURE_HEADER]!, 'base64') };
  await herder.putTaskConfigs('sink', [{ 'task.class': 'T' }], signature);
  await assert.rejects(herder.putTaskConfigs('sink', [], null), (e) => e instanceof ConnectRestError && e.status === 400);
  const forged = { ...signature, signature: Buffer.alloc(32) };
  await assert.rejects(herder.putTaskConfigs('sink', [], forged), (e) => e instanceof ConnectRestError && e.status === 403);
  await assert.rejects(herder.fenceZombies('sink', null), (e) => e instanceof ConnectRestError && e.status === 400);
  await herder.stop();
});

test('a follower sending task configs to the leader goes on with its queue: the rebalance the write causes can start before the answer', async () => {
  const forwarded: { leaderUrl: string; connector: string; configs: Record<string, string>[] }[] = [];
  let answer!: () => void;
  const { store, assign, prepareJoin } = setup('compatible', {
    worker: runningWorker(),
    sendTaskConfigsToLeader: (leaderUrl, connector, configs) => {
      forwarded.push({ leaderUrl, connector, configs });
      return new Promise<void>((resolve) => (answer = resolve));
    },
  });
  await store.putConnectorConfig('sink', { ...sinkConfig });
  await assign(1, { connectors: ['sink'] });
  assert.deepEqual(forwarded, [{ leaderUrl: 'http://127.0.0.1:8084/', connector: 'sink', configs: [{ 'task.class': 'T' }] }]);
  // The leader answers only after the rebalance: our join preparation must not wait for it.
  let turns = 0;
  const stillWaiting = new Promise<'waiting'>((resolve) => {
    const turn = (): void => void (++turns < 100 ? setImmediate(turn) : resolve('waiting'));
    turn();
  });
  assert.equal(await Promise.race([prepareJoin(2).then(() => 'joined' as const), stillWaiting]), 'joined');
  answer();
});

test('the leader writes the task configs of the connectors it starts together, and those followers send meanwhile, in one batch', async () => {
  const { herder, store, assign } = setup('compatible', { worker: runningWorker() });
  await assign(1);
  const names = ['a', 'b', 'c', 'd'];
  for (const name of names) await store.putConnectorConfig(name, { ...sinkConfig, name });
  // A follower's connector, created earlier: its task configs arrive while the leader starts its own.
  const followers = Promise.all(['e', 'f'].map(async (name) => {
    await store.putConnectorConfig(name, { ...sinkConfig, name });
    await herder.putTaskConfigs(name, [{ 'task.class': 'T', of: name }], null);
  }));
  await assign(2, null, { connectors: names });
  await followers;
  assert.deepEqual(store.taskConfigBatches.map((b) => [...b].sort()), [['a', 'b', 'c', 'd', 'e', 'f']]);
  for (const name of [...names, 'e', 'f']) assert.equal(store.snapshot().taskCount(name), 1, name);
  assert.equal(store.snapshot().taskConfig({ connector: 'e', task: 0 })?.['of'], 'e');
});

test('task configs of a connector deleted before the batch is written are refused; the others are written', async () => {
  const { herder, store, assign } = setup('compatible');
  await assign(1);
  for (const name of ['kept', 'gone']) await store.putConnectorConfig(name, { ...sinkConfig, name });
  // The batch is a job of the herder's queue: a deletion queued first runs before it.
  const deleted = herder.deleteConnector('gone');
  const [kept, gone] = await Promise.allSettled([
    herder.putTaskConfigs('kept', [{ 'task.class': 'T' }], null),
    herder.putTaskConfigs('gone', [{ 'task.class': 'T' }], null),
  ]);
  await deleted;
  assert.equal(kept.status, 'fulfilled');
  assert.equal(gone.status, 'rejected');
  assert.match(String((gone as PromiseRejectedResult).reason), /Connector gone not found/);
  assert.deepEqual(store.taskConfigBatches, [['kept']]);
});

test('an assignment older than the config records read since still starts its work, and the worker rejoins for the newer ones', async () => {
  const started: string[] = [];
  const { herder, store, rejoins, assign } = setup('compatible', { worker: runningWorker(started) });
  await assign(1);
  await store.putConnectorConfig('a', { ...sinkConfig, name: 'a' });
  const assignedAt = store.snapshot().offset;
  await store.putConnectorConfig('b', { ...sinkConfig, name: 'b' });
  rejoins.length = 0;
  await assign(2, null, { connectors: ['a'], configOffset: assignedAt });
  assert.deepEqual(started, ['a']);
  assert.deepEqual(rejoins, ['config records past the assignment']);
  // Until that rebalance completes, requests that need it are told to wait (a 409).
  await assert.rejects(herder.connectorInfo('b'), RebalanceNeededError);

  // An assignment ahead of what this worker could read starts nothing.
  rejoins.length = 0;
  await assign(3, null, { connectors: ['a', 'b'], configOffset: store.snapshot().offset + 5n });
  assert.deepEqual(started, ['a']);
  assert.deepEqual(rejoins, ['config offset mismatch']);
});
