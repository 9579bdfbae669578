// The tsconnect CLI against our worker and against Kafka 4.1's Java worker: one broker, one
// worker of each, a contexts file naming both. Every command runs once per context and what it
// prints (stdout, stderr, exit code) must be the same once each side's own strings are replaced:
// its tag in connector names and topics, its directory, its worker id, its plugin versions.
import { JavaConnectWorker, KafkaBroker, repoRoot } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { eventually, WorkerProcess } from '../support/worker-process.js';

const run = promisify(execFile);
const CLI = join(repoRoot(), 'packages', 'runtime', 'dist', 'src', 'cli-client', 'tsconnect.js');

interface Side {
  context: 'java' | 'ours';
  url: string;
  dir: string;
  tag: string;
}

interface Printed {
  code: number;
  stdout: string;
  stderr: string;
}

let broker: KafkaBroker;
let java: JavaConnectWorker;
let ours: WorkerProcess;
let sides: Side[];
let configDir: string;

/** `{tag}` and `{dir}` stand for the side's own names. */
function fill(text: string, side: Side): string {
  return text.replaceAll('{tag}', side.tag).replaceAll('{dir}', side.dir);
}

function normalise(text: string, side: Side): string {
  return text
    .replaceAll(side.dir, '{dir}')
    .replaceAll(side.tag, '{tag}')
    .replaceAll(side.url.replace(/^https?:\/\//, ''), '<worker>')
    // Plugin versions: Kafka's 4.1.1 against our package's own.
    .replace(/^(Version:\s+)\S+$/m, '$1<version>')
    // Columns are padded to their widest cell, which the replacements above changed.
    .replace(/ {2,}/g, '  ');
}

async function tsconnect(side: Side, ...args: string[]): Promise<Printed> {
  const env = { ...process.env, TSCONNECT_CONFIG: join(configDir, 'config.json') };
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, '--context', side.context, ...args.map((a) => fill(a, side))], { env });
    return { code: 0, stdout: normalise(stdout, side), stderr: normalise(stderr, side) };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: normalise(failed.stdout, side), stderr: normalise(failed.stderr, side) };
  }
}

/** Runs a command on both sides and asserts they printed the same; returns what ours printed. */
async function same(...args: string[]): Promise<Printed> {
  const [j, o] = await Promise.all(sides.map((side) => tsconnect(side, ...args)));
  assert.deepEqual(o, j, `tsconnect ${args.join(' ')}: ours (actual) vs java (expected)`);
  return o!;
}

/** Waits until a command prints what `done` accepts on both sides. */
async function bothUntil(what: string, args: string[], done: (printed: Printed) => boolean): Promise<void> {
  await Promise.all(sides.map((side) => eventually(`${side.context}: ${what}`, async () => (done(await tsconnect(side, ...args)) ? true : undefined), 300, 200)));
}

function connectorState(name: string, state: string, tasks: number): (p: Printed) => boolean {
  return (p) => {
    const connectors = JSON.parse(p.stdout || '[]') as { name: string; state: string; tasks: { state: string }[] }[];
    const c = connectors.find((x) => x.name === name);
    return c !== undefined && c.state === state && c.tasks.length === tasks && c.tasks.every((t) => t.state === state);
  };
}

before(async () => {
  broker = await KafkaBroker.start();
  const [j, o] = await Promise.all([
    JavaConnectWorker.start({ bootstrapServers: broker.bootstrapServers, heapMb: 512 }),
    (async () => {
      const w = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers });
      await w.start();
      return w;
    })(),
  ]);
  java = j;
  ours = o;
  configDir = await mkdtemp(join(tmpdir(), 'cli-parity-'));
  sides = [
    { context: 'java', url: java.url, dir: await mkdtemp(join(tmpdir(), 'cli-java-')), tag: 'JAVASIDE' },
    { context: 'ours', url: ours.url, dir: await mkdtemp(join(tmpdir(), 'cli-ours-')), tag: 'OURSSIDE' },
  ];
  const contexts = Object.fromEntries(sides.map((s) => [s.context, { url: s.url }]));
  await writeFile(join(configDir, 'config.json'), JSON.stringify({ currentContext: 'ours', contexts }));
  for (const side of sides) {
    await writeFile(join(side.dir, 'source.txt'), 'one\ntwo\nthree\n');
    const sink = { name: `sink-${side.tag}`, config: { 'connector.class': 'FileStreamSink', 'tasks.max': '1', topics: `cli-lines-${side.tag}`, file: join(side.dir, 'sink.txt') } };
    await writeFile(join(side.dir, 'sink.json'), JSON.stringify(sink));
    await writeFile(join(side.dir, 'bad-sink.json'), JSON.stringify({ ...sink, config: { ...sink.config, 'tasks.max': 'zero', 'errors.tolerance': 'some' } }));
    await writeFile(join(side.dir, 'source.properties'), [
      `name=source-${side.tag}`,
      'connector.class=org.apache.kafka.connect.file.FileStreamSourceConnector',
      'tasks.max=1',
      `topic=cli-lines-${side.tag}`,
      `file=${join(side.dir, 'source.txt')}`,
    ].join('\n'));
    await writeFile(join(side.dir, 'offsets.json'), JSON.stringify({ offsets: [{ partition: { filename: join(side.dir, 'source.txt') }, offset: { position: 4 } }] }));
  }
});

after(async () => {
  await Promise.all([java?.stop(), ours?.stop()]);
  await broker?.stop();
  for (const dir of [configDir, ...(sides ?? []).map((s) => s.dir)]) if (dir) await rm(dir, { recursive: true, force: true });
  if (ours) await rm(ours.workDir, { recursive: true, force: true });
});

describe('tsconnect against both workers', () => {
  test('get connectors on an empty cluster: the header only', async () => {
    assert.equal((await same('get', 'connectors')).stdout, 'NAME  TYPE  STATE  TASKS  CLASS\n');
  });

  test('get plugins lists the file connectors with their type on both', async () => {
    for (const side of sides) {
      const plugins = JSON.parse((await tsconnect(side, 'get', 'plugins', '-o', 'json')).stdout) as { class: string; type: string }[];
      for (const type of ['sink', 'source']) {
        const cls = `org.apache.kafka.connect.file.FileStream${type === 'sink' ? 'Sink' : 'Source'}Connector`;
        assert.ok(plugins.some((p) => p.class === cls && p.type === type), `${side.context}: ${cls}`);
      }
    }
  });

  test('apply validates first: an invalid config is refused with its errors per key, exit 1', async () => {
    const printed = await same('apply', '-f', '{dir}/bad-sink.json');
    assert.equal(printed.code, 1);
    assert.match(printed.stderr, /^connector\/sink-\{tag\} is not valid:\n {2}errors\.tolerance: .*\n {2}tasks\.max: /);
    assert.equal((await same('get', 'connectors')).stdout, 'NAME  TYPE  STATE  TASKS  CLASS\n');
  });

  test('apply creates a connector from JSON, then from .properties; applying again configures it', async () => {
    assert.equal((await same('apply', '-f', '{dir}/sink.json')).stdout, 'connector/sink-{tag} created\n');
    assert.equal((await same('apply', '-f', '{dir}/source.properties')).stdout, 'connector/source-{tag} created\n');
    await bothUntil('both connectors RUNNING', ['get', 'connectors', '-o', 'json'], (p) =>
      connectorState('sink-{tag}', 'RUNNING', 1)(p) && connectorState('source-{tag}', 'RUNNING', 1)(p));
    assert.equal((await same('apply', '-f', '{dir}/sink.json')).stdout, 'connector/sink-{tag} configured\n');
    await bothUntil('the sink RUNNING again', ['get', 'connectors', '-o', 'json'], connectorState('sink-{tag}', 'RUNNING', 1));
  });

  test('get connectors and get workers print the same tables', async () => {
    const connectors = await same('get', 'connectors');
    assert.match(connectors.stdout, /^sink-\{tag\}\s+sink\s+RUNNING\s+1\/1 RUNNING\s+FileStreamSink$/m);
    assert.match(connectors.stdout, /^source-\{tag\}\s+source\s+RUNNING\s+1\/1 RUNNING\s+org\.apache\.kafka\.connect\.file\.FileStreamSourceConnector$/m);
    assert.equal((await same('get', 'workers')).stdout, 'WORKER  CONNECTORS  TASKS\n<worker>  2  2\n');
  });

  test('get offsets and describe connector, once the source committed its position', async () => {
    await bothUntil('the source offset at the end of the file', ['get', 'offsets', 'source-{tag}', '-o', 'json'], (p) =>
      JSON.stringify(JSON.parse(p.stdout).offsets).includes('"position":14'));
    assert.match((await same('get', 'offsets', 'source-{tag}')).stdout, /^\{"filename":"\{dir\}\/source.txt"\}\s+\{"position":14\}$/m);
    // Each side commits the sink's consumer offsets on its own flush interval: wait for both.
    await bothUntil('the sink tracking its topic, its offsets committed', ['describe', 'connector', 'sink-{tag}'], (p) =>
      /^Topics:\s+cli-lines-/m.test(p.stdout) && p.stdout.includes('{"kafka_offset":3}'));
    const described = await same('describe', 'connector', 'sink-{tag}');
    assert.match(described.stdout, /^State:\s+RUNNING$/m);
    assert.match(described.stdout, /^Topics:\s+cli-lines-\{tag\}$/m);
    assert.match(described.stdout, /^ {2}0\s+RUNNING\s+<worker>$/m);
    assert.match(described.stdout, /^ {2}file = \{dir\}\/sink.txt$/m);
    await same('describe', 'connector', 'source-{tag}', '-o', 'json');
  });

  test('patch changes one key and keeps the others', async () => {
    assert.equal((await same('patch', 'connector', 'sink-{tag}', '-s', 'file={dir}/sink2.txt')).stdout, 'connector/sink-{tag} patched\n');
    // The connector runs with the new config before its task does: wait for the task's new config,
    // or the task's restart may be sampled on one side only (seen once on Java: 0 UNASSIGNED).
    await Promise.all(sides.map((side) => eventually(`${side.context}: the sink's task on the patched config`, async () => {
      const tasks = await (await fetch(`${side.url}/connectors/${fill('sink-{tag}', side)}/tasks`)).json() as { config: Record<string, string> }[];
      return tasks[0]?.config.file === fill('{dir}/sink2.txt', side) ? true : undefined;
    }, 300, 200)));
    await bothUntil('the sink RUNNING after the patch', ['get', 'connectors', '-o', 'json'], connectorState('sink-{tag}', 'RUNNING', 1));
    // The old task's stop and the new one's start may still be under way on either side: the
    // descriptions must agree once both have settled (bounded).
    const described = await eventually('the same description on both sides', async () => {
      try {
        return await same('describe', 'connector', 'sink-{tag}');
      } catch {
        return undefined;
      }
    }, 50, 200);
    assert.match(described.stdout, /^ {2}file = \{dir\}\/sink2.txt$/m);
    assert.match(described.stdout, /^ {2}topics = cli-lines-\{tag\}$/m);
  });

  test('pause, resume and restart with tasks', async () => {
    assert.equal((await same('pause', 'connector', 'sink-{tag}')).stdout, 'connector/sink-{tag} paused\n');
    await bothUntil('the sink PAUSED', ['get', 'connectors', '-o', 'json'], connectorState('sink-{tag}', 'PAUSED', 1));
    await same('get', 'connectors');
    assert.equal((await same('resume', 'connector', 'sink-{tag}')).stdout, 'connector/sink-{tag} resumed\n');
    await bothUntil('the sink RUNNING', ['get', 'connectors', '-o', 'json'], connectorState('sink-{tag}', 'RUNNING', 1));
    assert.equal((await same('restart', 'connector', 'sink-{tag}', '--include-tasks')).stdout, 'connector/sink-{tag} restarted\n');
    await bothUntil('the sink RUNNING after its restart', ['get', 'connectors', '-o', 'json'], connectorState('sink-{tag}', 'RUNNING', 1));
    assert.equal((await same('restart', 'task', 'sink-{tag}', '0')).stdout, 'task/sink-{tag}-0 restarted\n');
  });

  test('offsets alter and reset need the connector stopped', async () => {
    const refused = await same('offsets', 'reset', 'source-{tag}');
    assert.equal(refused.code, 1);
    assert.equal((await same('stop', 'connector', 'source-{tag}')).stdout, 'connector/source-{tag} stopped\n');
    await bothUntil('the source STOPPED', ['get', 'connectors', '-o', 'json'], connectorState('source-{tag}', 'STOPPED', 0));
    assert.equal((await same('offsets', 'alter', 'source-{tag}', '-f', '{dir}/offsets.json')).code, 0);
    assert.match((await same('get', 'offsets', 'source-{tag}')).stdout, /\{"position":4\}$/m);
    assert.equal((await same('offsets', 'reset', 'source-{tag}')).code, 0);
    assert.equal((await same('get', 'offsets', 'source-{tag}')).stdout, 'PARTITION  OFFSET\n');
  });

  test('logs level reads the root logger and sets a namespace on every worker', async () => {
    await same('logs', 'level', 'root', '-o', 'json');
    assert.equal((await same('logs', 'level', 'org.apache.kafka.connect.file', 'DEBUG', '--scope', 'cluster')).code, 0);
    await bothUntil('the file namespace at DEBUG', ['logs', 'level', 'org.apache.kafka.connect.file', '-o', 'json'], (p) => JSON.parse(p.stdout).level === 'DEBUG');
  });

  test('delete, and an unknown connector is a 404 on both', async () => {
    assert.equal((await same('delete', 'connector', 'sink-{tag}')).stdout, 'connector/sink-{tag} deleted\n');
    assert.equal((await same('delete', 'connector', 'source-{tag}')).stdout, 'connector/source-{tag} deleted\n');
    const missing = await same('describe', 'connector', 'nope-{tag}');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /\(HTTP 404\)/);
    await bothUntil('no connectors left', ['get', 'connectors', '-o', 'json'], (p) => JSON.parse(p.stdout).length === 0);
  });
});
