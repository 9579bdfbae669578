// Task hosts (task.isolation=process, the default): a sink whose put() computes synchronously for
// a long time stalls neither the worker's REST API nor its group membership nor the other
// connectors, and deleting it ends its task within the graceful timeout; a host killed by a
// signal, or ended at its heap cap, fails only its own tasks with a trace that says so, and a
// REST restart brings them back with every record delivered. One broker, one worker, a test
// plugin on plugin.path.
import { KafkaJS } from '@confluentinc/kafka-javascript';
import { KafkaBroker } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eventually, rest, WorkerProcess } from '../support/worker-process.js';
import { running, waitForStatus, writeFiles, type Status } from '../plugins/plugin-test-support.js';

const GRACEFUL_TIMEOUT_MS = 5000;
const BUSY_OBSERVED_MS = 60_000;
const STRINGS = {
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
};

/** Sinks for this test: one that computes synchronously in put(), one that writes lines (and can hog its heap). */
const HOST_PROBE_PLUGIN = {
  'package.json': {
    name: 'host-probe',
    version: '1.0.0',
    type: 'module',
    main: 'index.js',
    peerDependencies: { '@tsconnect/api': '^0.1.0' },
    peerDependenciesMeta: { '@tsconnect/api': { optional: true } },
    tsconnect: {
      apiVersion: '^0.1.0',
      plugins: [
        { kind: 'sink', export: 'BusySinkConnector', className: 'test.hosts.BusySinkConnector' },
        { kind: 'sink', export: 'LineSinkConnector', className: 'test.hosts.LineSinkConnector' },
      ],
    },
  },
  'index.js': `
    import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
    import { ConfigDef, SinkConnector, SinkTask } from '@tsconnect/api';

    class SinkOf extends SinkConnector {
      version() { return '1.0.0'; }
      start(props) { this.props = props; }
      taskConfigs(max) { return Array.from({ length: max }, () => ({ ...this.props })); }
      stop() {}
      config() { return new ConfigDef(); }
    }

    /** Its first non-empty put() writes the host's pid, then computes for busy.ms without yielding. */
    export class BusySinkTask extends SinkTask {
      version() { return '1.0.0'; }
      start(props) { this.props = props; }
      put(records) {
        if (records.length === 0) return;
        writeFileSync(this.props['pid.file'], String(process.pid));
        const until = Date.now() + Number(this.props['busy.ms']);
        let x = 0;
        while (Date.now() < until) x += Math.sqrt(x + 1);
        this.x = x;
      }
      stop() {}
    }
    export class BusySinkConnector extends SinkOf { taskClass() { return BusySinkTask; } }

    /** Writes each record's value as a line; while hog.marker exists, each put() keeps memory forever. */
    const kept = [];
    export class LineSinkTask extends SinkTask {
      version() { return '1.0.0'; }
      start(props) {
        this.props = props;
        writeFileSync(props['pid.file'], String(process.pid));
      }
      put(records) {
        if (records.length > 0 && this.props['hog.marker'] && existsSync(this.props['hog.marker'])) {
          for (;;) kept.push(Array.from({ length: 100000 }, (_, i) => ({ i, text: 'kept ' + i })));
        }
        if (records.length > 0) appendFileSync(this.props['output.file'], records.map((r) => r.value + '\\n').join(''));
      }
      stop() {}
    }
    export class LineSinkConnector extends SinkOf { taskClass() { return LineSinkTask; } }
  `,
};

let broker: KafkaBroker;
let worker: WorkerProcess;
let workDir: string;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'tsconnect-task-hosts-'));
  await writeFiles(join(workDir, 'plugins', 'host-probe'), HOST_PROBE_PLUGIN);
  broker = await KafkaBroker.start();
  worker = await WorkerProcess.create({
    bootstrapServers: broker.bootstrapServers,
    properties: {
      'plugin.path': join(workDir, 'plugins'),
      'task.shutdown.graceful.timeout.ms': String(GRACEFUL_TIMEOUT_MS),
      'offset.flush.interval.ms': '500',
    },
  });
  await worker.start();
});

after(async () => {
  await worker?.stop();
  await broker?.stop();
  if (worker) await rm(worker.workDir, { recursive: true, force: true });
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function create(name: string, config: Record<string, string>): Promise<void> {
  const answer = await rest(worker.url, 'PUT', `/connectors/${name}/config`, { 'tasks.max': '1', ...STRINGS, ...config });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
}

/** A file source feeding `topic` and a LineSink writing it to a file: the lines written so far. */
async function linePipeline(name: string, sinkConfig: Record<string, string> = {}): Promise<{ input: string; output: string; pidFile: string }> {
  const input = join(workDir, `${name}.in`);
  const output = join(workDir, `${name}.out`);
  const pidFile = join(workDir, `${name}.pid`);
  await writeFile(input, '');
  await writeFile(output, '');
  await create(`${name}-source`, { 'connector.class': 'FileStreamSource', file: input, topic: name });
  await create(`${name}-sink`, { 'connector.class': 'test.hosts.LineSinkConnector', topics: name, 'output.file': output, 'pid.file': pidFile, ...sinkConfig });
  await waitForStatus(worker.url, `${name}-source`, running);
  await waitForStatus(worker.url, `${name}-sink`, running);
  return { input, output, pidFile };
}

async function linesIn(file: string): Promise<Set<string>> {
  return new Set((await readFile(file, 'utf8')).split('\n').filter((l) => l !== ''));
}

async function waitForLines(file: string, expected: string[]): Promise<void> {
  await eventually(`${expected.length} lines in ${file}`, async () => {
    const seen = await linesIn(file);
    return expected.every((l) => seen.has(l)) ? true : undefined;
  });
}

async function completedRebalances(): Promise<number> {
  const text = await (await fetch(`${worker.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('kafka_connect_worker_rebalance_completed_rebalances_total'));
  assert.ok(line, 'the rebalance metric is served');
  return Number(line.split(' ').pop());
}

/** The worker took a dead host's sink consumer out of its group, and the group has no member left. */
async function orphanRemoved(task: string, group: string): Promise<void> {
  await eventually(`the removal of ${task}'s consumer from ${group} in the worker's log`, async () =>
    (await readFile(join(worker.workDir, 'worker.log'), 'utf8')).includes(`Removed 1 member(s) of task ${task}'s consumer from group ${group}`) || undefined);
  const admin = new KafkaJS.Kafka({ kafkaJS: { brokers: [broker.bootstrapServers], logLevel: KafkaJS.logLevel.NOTHING } }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([group]);
    const left = groups.flatMap((g) => g.members).filter((m) => m.clientId === `connector-consumer-${task}`);
    assert.deepEqual(left.map((m) => m.memberId), [], 'no member of the dead consumer is left in the group');
  } finally {
    await admin.disconnect();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function timed(path: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${worker.url}${path}`);
  await response.arrayBuffer();
  assert.equal(response.status, 200, path);
  return performance.now() - started;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

describe('task hosts', () => {
  test('a sink computing synchronously for a minute stalls neither REST, nor the group, nor other connectors; delete ends it', async (t) => {
    const pipe = await linePipeline('pipe');
    const busyInput = join(workDir, 'busy.in');
    const busyPid = join(workDir, 'busy.pid');
    await writeFile(busyInput, '');
    await create('busy-source', { 'connector.class': 'FileStreamSource', file: busyInput, topic: 'busy' });
    // A connector known to hog its event loop asks for a host of its own (docs/task-hosts.md).
    await create('busy', { 'connector.class': 'test.hosts.BusySinkConnector', topics: 'busy', 'busy.ms': '600000', 'pid.file': busyPid, 'task.host.dedicated': 'true' });
    await waitForStatus(worker.url, 'busy', running);
    await appendFile(pipe.input, 'before\n');
    await waitForLines(pipe.output, ['before']);
    const rebalancesBefore = await completedRebalances();

    await appendFile(busyInput, 'go\n');
    const pid = await eventually('the busy task computing', async () => Number(await readFile(busyPid, 'utf8').catch(() => '')) || undefined);
    const latencies: number[] = [];
    const written: string[] = [];
    const started = Date.now();
    for (let i = 0; Date.now() - started < BUSY_OBSERVED_MS; i++) {
      latencies.push(await timed('/'), await timed('/connectors/pipe-sink/status'));
      if (i % 10 === 0) {
        written.push(`during-${i}`);
        await appendFile(pipe.input, `during-${i}\n`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(isAlive(pid), 'the busy task was still computing throughout');
    await waitForLines(pipe.output, written);
    const p99 = percentile(latencies, 99);
    t.diagnostic(`REST while the sink computed: ${latencies.length} calls, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`);
    assert.ok(p99 < 200, `p99 of GET / and status was ${p99.toFixed(1)} ms`);
    assert.equal(await completedRebalances(), rebalancesBefore, 'the worker kept its group membership (no rebalance)');
    const busyStatus = await rest<Status>(worker.url, 'GET', '/connectors/busy/status');
    assert.equal(busyStatus.body.tasks[0]!.state, 'RUNNING');

    const deleting = Date.now();
    assert.equal((await rest(worker.url, 'DELETE', '/connectors/busy')).status, 204);
    await eventually('the busy task host ended', async () => (isAlive(pid) ? undefined : true), 600, 100);
    const endedAfter = Date.now() - deleting;
    t.diagnostic(`the stuck task's host ended ${endedAfter} ms after DELETE (graceful timeout ${GRACEFUL_TIMEOUT_MS} ms)`);
    assert.ok(endedAfter < GRACEFUL_TIMEOUT_MS + 5000, `ended ${endedAfter} ms after DELETE`);
    await appendFile(pipe.input, 'after\n');
    await waitForLines(pipe.output, ['after']);
  });

  test('a host killed by SIGKILL fails only its tasks with a trace; a REST restart delivers every record', async () => {
    const kill = await linePipeline('kill', { 'task.host.dedicated': 'true' });
    const rebalancesBefore = await completedRebalances();
    const lines = Array.from({ length: 2000 }, (_, i) => `kill-${i}`);
    await appendFile(kill.input, lines.slice(0, 1000).join('\n') + '\n');
    await eventually('some lines delivered', async () => ((await linesIn(kill.output)).size > 0 ? true : undefined));
    process.kill(Number(await readFile(kill.pidFile, 'utf8')), 'SIGKILL');
    await appendFile(kill.input, lines.slice(1000).join('\n') + '\n');

    const failed = await waitForStatus(worker.url, 'kill-sink', (s) => s.tasks[0]?.state === 'FAILED');
    assert.match(failed.tasks[0]!.trace ?? '', /Task host \d+ \(pid \d+\) was ended by signal SIGKILL; task kill-sink-0 stopped with it/);
    assert.equal(failed.connector.state, 'FAILED', 'the connector instance ran in the same dedicated host');
    // Its consumer does not linger in the group for session.timeout.ms: the worker removes it.
    await orphanRemoved('kill-sink-0', 'connect-kill-sink');
    await waitForStatus(worker.url, 'kill-source', running);
    await waitForStatus(worker.url, 'pipe-sink', running);

    assert.equal((await rest(worker.url, 'POST', '/connectors/kill-sink/restart?includeTasks=true')).status, 202);
    await waitForStatus(worker.url, 'kill-sink', running);
    await waitForLines(kill.output, lines);
    assert.equal(await completedRebalances(), rebalancesBefore, 'no rebalance: the worker never left its group');
  });

  test('a host that reaches task.host.max.heap.mb fails its tasks saying so; a restart delivers every record', async () => {
    const marker = join(workDir, 'hog.marker');
    await writeFile(marker, 'hog');
    const hog = await linePipeline('hog', { 'task.host.max.heap.mb': '64', 'hog.marker': marker });
    const lines = Array.from({ length: 500 }, (_, i) => `hog-${i}`);
    await appendFile(hog.input, lines.join('\n') + '\n');
    const failed = await waitForStatus(worker.url, 'hog-sink', (s) => s.tasks[0]?.state === 'FAILED');
    assert.match(failed.tasks[0]!.trace ?? '', /reached its heap limit \(task\.host\.max\.heap\.mb=64\) and was ended by V8/);
    await orphanRemoved('hog-sink-0', 'connect-hog-sink');
    await waitForStatus(worker.url, 'pipe-sink', running);

    await rm(marker);
    assert.equal((await rest(worker.url, 'POST', '/connectors/hog-sink/restart?includeTasks=true')).status, 202);
    await waitForStatus(worker.url, 'hog-sink', running);
    await waitForLines(hog.output, lines);
  });
});
