import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectorTaskIdKey, type ConnectorTaskId } from '../../src/connector-task-id.js';
import { WorkerConfig } from '../../src/config/worker-config.js';
import { DistributedHerder } from '../../src/distributed/distributed-herder.js';
import { ConnectorOffsetsOperations } from '../../src/herder/connector-offsets.js';
import { NotLeaderError } from '../../src/herder/herder-errors.js';
import { StatusStoreView } from '../../src/herder/store-adapters.js';
import type { WorkerPort } from '../../src/herder/worker-port.js';
import { Loggers } from '../../src/logging/loggers.js';
import { builtinPluginRegistry } from '../../src/plugins/builtin-plugins.js';
import { LocalGroupMember } from '../../src/standalone/local-group-member.js';
import { MemoryConfigBackingStore } from '../../src/standalone/memory-config-store.js';
import { MemoryStatusBackingStore } from '../../src/standalone/memory-status-store.js';
import type { TargetState } from '../../src/storage/config-records.js';

/** Runs connectors and tasks as records only, reporting statuses as the real worker would. */
class FakeWorker implements WorkerPort {
  readonly connectors = new Map<string, TargetState>();
  readonly tasks = new Map<string, ConnectorTaskId>();
  readonly events: string[] = [];
  /** How many task configs the connectors generate (tests change it to reconfigure). */
  taskCount = 2;
  constructor(private readonly statuses: StatusStoreView) {}

  async startConnector(name: string, _config: Readonly<Record<string, string>>, target: TargetState): Promise<boolean> {
    this.connectors.set(name, target);
    this.events.push(`start ${name}`);
    await this.statuses.putConnector(name, target === 'STARTED' ? 'RUNNING' : target, null, 1);
    return true;
  }
  async connectorTaskConfigs(name: string): Promise<Record<string, string>[]> {
    return Array.from({ length: this.taskCount }, (_, i) => ({ 'task.class': 'T', n: String(i), connector: name }));
  }
  async stopConnector(name: string): Promise<void> {
    this.connectors.delete(name);
    this.events.push(`stop ${name}`);
  }
  async startTask(id: ConnectorTaskId, _c: Readonly<Record<string, string>>, _t: Readonly<Record<string, string>>, target: TargetState): Promise<boolean> {
    this.tasks.set(connectorTaskIdKey(id), id);
    this.events.push(`start ${id.connector}-${id.task}`);
    await this.statuses.putTask(id, target === 'PAUSED' ? 'PAUSED' : 'RUNNING', null, 1);
    return true;
  }
  async stopTasks(ids: readonly ConnectorTaskId[]): Promise<void> {
    for (const id of ids) {
      this.tasks.delete(connectorTaskIdKey(id));
      this.events.push(`stop ${id.connector}-${id.task}`);
    }
  }
  async setTargetState(connector: string, state: TargetState): Promise<void> {
    this.events.push(`${state} ${connector}`);
    if (this.connectors.has(connector)) {
      this.connectors.set(connector, state);
      await this.statuses.putConnector(connector, state === 'STARTED' ? 'RUNNING' : state, null, 1);
    }
  }
  connectorNames(): string[] {
    return [...this.connectors.keys()];
  }
  taskIds(): ConnectorTaskId[] {
    return [...this.tasks.values()];
  }
  isRunning(connector: string): boolean {
    return this.connectors.get(connector) === 'STARTED';
  }
  async stop(): Promise<void> {}
}

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.fail(`never happened: ${what}`);
}

function setup(extraWorkerProps: Record<string, string> = {}): { herder: DistributedHerder; worker: FakeWorker; store: MemoryConfigBackingStore; statuses: StatusStoreView } {
  const plugins = builtinPluginRegistry();
  const config = WorkerConfig.standalone(
    {
      'bootstrap.servers': '127.0.0.1:1',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'offset.storage.file.filename': '/nonexistent/offsets',
      listeners: 'http://127.0.0.1:8083',
      ...extraWorkerProps,
    },
    plugins,
  );
  const loggers = new Loggers('ERROR', { write: () => {} });
  const store = new MemoryConfigBackingStore();
  const statuses = new StatusStoreView(new MemoryStatusBackingStore(), '127.0.0.1:8083');
  const worker = new FakeWorker(statuses);
  const unused = { offsetsOf: async () => [], writeOffsets: async () => {} };
  const herder = new DistributedHerder({
    workerConfig: config,
    workerId: '127.0.0.1:8083',
    advertisedUrl: 'http://127.0.0.1:8083/',
    clusterId: 'cluster',
    plugins,
    loggers,
    worker,
    configStore: store,
    statusReader: statuses,
    statusWriter: statuses,
    offsets: new ConnectorOffsetsOperations(unused, { groupOffsets: async () => [], alterGroupOffsets: async () => {}, deleteGroupOffsets: async () => {} }),
    protocol: 'compatible',
    workerSyncTimeoutMs: 1000,
    scheduledRebalanceMaxDelayMs: 0,
    createMember: (callbacks) => new LocalGroupMember(callbacks, loggers.get('test')),
    sendTaskConfigsToLeader: async () => {
      throw new NotLeaderError(null);
    },
  });
  store.setUpdateListener(herder);
  herder.start();
  return { herder, worker, store, statuses };
}

const sinkConfig = (name: string) => ({
  name,
  'connector.class': 'FileStreamSink',
  topics: 'lines',
  file: '/tmp/out.txt',
  'tasks.max': '2',
});

test('a created connector starts, generates its task configs and runs its tasks', async () => {
  const { herder, worker } = setup();
  await until('first rebalance', () => herder.isLeader);
  const result = await herder.putConnectorConfig('sink', sinkConfig('sink'), { allowReplace: false });
  assert.equal(result.created, true);
  assert.deepEqual(result.info.tasks, []);
  assert.equal(result.info.type, 'sink');
  await until('two tasks running', () => worker.tasks.size === 2);
  assert.deepEqual(worker.connectorNames(), ['sink']);
  const info = await herder.connectorInfo('sink');
  assert.deepEqual(info.tasks, [{ connector: 'sink', task: 0 }, { connector: 'sink', task: 1 }]);
  const tasks = await herder.taskConfigs('sink');
  assert.equal(tasks[1]!.config['n'], '1');
  const status = await herder.connectorStatus('sink');
  assert.equal(status.connector.state, 'RUNNING');
  assert.deepEqual(status.tasks.map((t) => t.state), ['RUNNING', 'RUNNING']);
  await herder.stop();
});

test('creating an existing connector is refused; PUT replaces it and restarts the connector', async () => {
  const { herder, worker } = setup();
  await until('first rebalance', () => herder.isLeader);
  await herder.putConnectorConfig('sink', sinkConfig('sink'), { allowReplace: false });
  await assert.rejects(herder.putConnectorConfig('sink', sinkConfig('sink'), { allowReplace: false }), /Connector sink already exists/);
  await until('tasks running', () => worker.tasks.size === 2);
  const replaced = await herder.putConnectorConfig('sink', { ...sinkConfig('sink'), file: '/tmp/other.txt' }, { allowReplace: true });
  assert.equal(replaced.created, false);
  await until('connector restarted', () => worker.events.filter((e) => e === 'start sink').length === 2);
  await herder.stop();
});

test('an invalid config is refused with every error and nothing is written', async () => {
  const { herder, store } = setup();
  await until('first rebalance', () => herder.isLeader);
  await assert.rejects(
    herder.putConnectorConfig('bad', { name: 'bad', 'connector.class': 'FileStreamSink' }, { allowReplace: false }),
    (e: Error) => e.message.startsWith('Connector configuration is invalid and contains the following 2 error(s):\nMust configure one of topics or topics.regex'),
  );
  assert.equal(store.snapshot().connectorConfigs.size, 0);
  await herder.stop();
});

test('pause, resume and stop follow the target state; stop leaves no tasks', async () => {
  const { herder, worker } = setup();
  await until('first rebalance', () => herder.isLeader);
  await herder.putConnectorConfig('sink', sinkConfig('sink'), { allowReplace: false });
  await until('tasks running', () => worker.tasks.size === 2);
  await herder.pauseConnector('sink');
  await until('paused', () => worker.connectors.get('sink') === 'PAUSED');
  await herder.resumeConnector('sink');
  await until('resumed', () => worker.connectors.get('sink') === 'STARTED');
  await herder.stopConnector('sink');
  await until('tasks stopped', () => worker.tasks.size === 0 && worker.connectors.get('sink') === 'STOPPED');
  assert.deepEqual(await herder.taskConfigs('sink'), []);
  assert.equal((await herder.connectorStatus('sink')).connector.state, 'STOPPED');
  await herder.resumeConnector('sink');
  await until('tasks back', () => worker.tasks.size === 2);
  await herder.stop();
});

test('the statuses of tasks a connector no longer has are removed: stop, then pause, lists no tasks', async () => {
  const { herder, worker } = setup();
  await until('first rebalance', () => herder.isLeader);
  await herder.putConnectorConfig('sink', sinkConfig('sink'), { allowReplace: false });
  await until('tasks running', () => worker.tasks.size === 2);
  await herder.stopConnector('sink');
  await until('task statuses removed', async () => (await herder.connectorStatus('sink')).tasks.length === 0);
  assert.equal((await herder.connectorStatus('sink')).connector.state, 'STOPPED');
  await herder.pauseConnector('sink');
  await until('paused', () => worker.connectors.get('sink') === 'PAUSED');
  const status = await herder.connectorStatus('sink');
  assert.deepEqual([status.connector.state, status.tasks], ['PAUSED', []]);
  await herder.stop();
});

test('when a connector has fewer tasks, the statuses of the removed ones go', async () => {
  const { herder, worker } = setup();
  await until('first rebalance', () => herder.isLeader);
  await herder.putConnectorConfig('sink', sinkConfig('sink'), { allowReplace: false });
  await until('two task statuses', () => herder.connectorStatus('sink').then((st) => st.tasks.length === 2, () => false));
  worker.taskCount = 1;
  await herder.putConnectorConfig('sink', { ...sinkConfig('sink'), 'tasks.max': '1' }, { allowReplace: true });
  await until('one task status', async () => (await herder.connectorStatus('sink')).tasks.length === 1);
  assert.deepEqual((await herder.connectorStatus('sink')).tasks.map((t) => [t.id, t.state]), [[0, 'RUNNING']]);
  await herder.stop();
});

test('delete stops everything and the connector is gone', async () => {
  const { herder, worker } = setup();
  await until('first rebalance', () => herder.isLeader);
  await herder.putConnectorConfig('sink', sinkConfig('sink'), { allowReplace: false });
  await until('tasks running', () => worker.tasks.size === 2);
  await herder.deleteConnector('sink');
  await until('all stopped', () => worker.tasks.size === 0 && worker.connectors.size === 0);
  await assert.rejects(herder.connectorInfo('sink'), /Connector sink not found/);
  await until('status gone', () => herder.connectorStatus('sink').then(() => false, () => true));
  await assert.rejects(herder.connectorStatus('sink'), /No status found for connector sink/);
  await herder.stop();
});

test("a deleted connector's active topics go with it: one created again under its name has none", async () => {
  const { herder, worker, statuses } = setup();
  await until('first rebalance', () => herder.isLeader);
  await herder.putConnectorConfig('sink', sinkConfig('sink'), { allowReplace: false });
  await until('tasks running', () => worker.tasks.size === 2);
  await statuses.putTopic('sink', 0, 'lines');
  assert.deepEqual((await herder.connectorActiveTopics('sink')).topics, ['lines']);
  await herder.deleteConnector('sink');
  await until('topics gone', async () => (await herder.connectorActiveTopics('sink')).topics.length === 0);
  await herder.putConnectorConfig('sink', sinkConfig('sink'), { allowReplace: false });
  await until('tasks running again', () => worker.tasks.size === 2);
  assert.deepEqual((await herder.connectorActiveTopics('sink')).topics, []);
  await herder.stop();
});

test('restart with tasks answers the planned state and restarts what it names', async () => {
  const { herder, worker } = setup();
  await until('first rebalance', () => herder.isLeader);
  await herder.putConnectorConfig('sink', sinkConfig('sink'), { allowReplace: false });
  await until('tasks running', () => worker.tasks.size === 2);
  const before = worker.events.length;
  const planned = await herder.restartConnectorAndTasks({ connector: 'sink', includeTasks: true, onlyFailed: false });
  assert.equal(planned.connector.state, 'RESTARTING');
  assert.deepEqual(planned.tasks.map((t) => t.state), ['RESTARTING', 'RESTARTING']);
  await until('restarted', () => worker.events.slice(before).filter((e) => e.startsWith('start')).length === 3);
  const onlyFailed = await herder.restartConnectorAndTasks({ connector: 'sink', includeTasks: true, onlyFailed: true });
  assert.equal(onlyFailed.connector.state, 'RUNNING');
  await assert.rejects(herder.restartConnectorAndTasks({ connector: 'nope', includeTasks: false, onlyFailed: false }), /Unknown connector: nope/);
  await herder.stop();
});

test('answers as the Kafka release compatibility.kafka.version names: 4.1.1 by default, 4.4.0 when asked', async () => {
  for (const [props, version, orderField] of [[{}, '4.1.1', 'order'], [{ 'compatibility.kafka.version': '4.4.0' }, '4.4.0', 'order_in_group']] as const) {
    const { herder } = setup(props);
    assert.equal((await herder.serverInfo()).version, version);
    const definitions = await herder.pluginConfig('FileStreamSink');
    assert.ok(definitions.every((d) => orderField in d && !(orderField === 'order' ? 'order_in_group' in d : 'order' in d)), JSON.stringify(definitions[0]));
    // The field keeps its place: last, after dependents.
    assert.deepEqual(Object.keys(definitions[0]!).slice(-2), ['dependents', orderField]);
    await assert.rejects(herder.validateConnectorConfig({ topics: 't' }), {
      message: version === '4.1.1' ? 'Connector config {topics=t} contains no connector type' : 'Connector config contains no connector type',
    });
    const validated = await herder.validateConnectorConfig(sinkConfig('sink'));
    assert.ok(validated.configs.every((c) => c.definition === null || orderField in c.definition));
    await herder.stop();
  }
  assert.throws(() => setup({ 'compatibility.kafka.version': '3.9.0' }), /compatibility\.kafka\.version/);
});

test('a plugin config asked for a version range answers as Kafka does: invalid range, or no version in it', async () => {
  const { herder } = setup();
  await assert.rejects(herder.pluginConfig('FileStreamSink', '[9.0,'), { message: 'Invalid version specification: [9.0,' });
  await assert.rejects(herder.pluginConfig('FileStreamSink', '[9.0,10.0]'), {
    message: 'Plugin org.apache.kafka.connect.file.FileStreamSinkConnector not found that matches the version range [9.0,10.0], available versions: [4.1.1]',
  });
  assert.ok((await herder.pluginConfig('FileStreamSink', '[4.0,5.0)')).length > 0);
  await herder.stop();
});
