// The example plugin as a user gets it: packed with npm pack, installed with npm into a plugin.path
// directory, then found, validated and run by a worker (counter source -> topic -> log sink).
import { KafkaBroker, repoRoot } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eventually, rest, WorkerProcess } from '../support/worker-process.js';
import { npm, running, waitForStatus } from './plugin-test-support.js';

const COUNTER = 'io.tsconnect.example.CounterSourceConnector';
const LOG_SINK = 'io.tsconnect.example.LogSinkConnector';

let broker: KafkaBroker;
let worker: WorkerProcess;
let workDir: string;
let pluginPath: string;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'tsconnect-example-plugin-'));
  pluginPath = join(workDir, 'plugins');
  await mkdir(pluginPath);
  const packed = JSON.parse(await npm(['pack', join(repoRoot(), 'plugins', 'example'), '--json', '--pack-destination', workDir], workDir)) as { filename: string }[];
  await npm(['install', '--prefix', pluginPath, join(workDir, packed[0]!.filename)], pluginPath);
  broker = await KafkaBroker.start();
  worker = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers, properties: { 'plugin.path': pluginPath } });
  await worker.start();
});

after(async () => {
  await worker?.stop();
  await broker?.stop();
  await rm(workDir, { recursive: true, force: true });
  if (worker) await rm(worker.workDir, { recursive: true, force: true });
});

describe('the example plugin installed from its npm pack tarball', () => {
  test('is listed with its version and its ConfigDef', async () => {
    const plugins = await rest<{ class: string; type: string; version?: string }[]>(worker.url, 'GET', '/connector-plugins');
    assert.deepEqual(
      plugins.body.filter((p) => p.class.startsWith('io.tsconnect.example.')),
      [
        { class: LOG_SINK, type: 'sink', version: '0.1.0' },
        { class: COUNTER, type: 'source', version: '0.1.0' },
      ],
    );
    const config = await rest<{ name: string }[]>(worker.url, 'GET', `/connector-plugins/${COUNTER}/config`);
    assert.equal(config.status, 200);
    assert.deepEqual(
      config.body.map((k) => k.name).filter((n) => ['topic', 'batch.size', 'max.count', 'poll.interval.ms'].includes(n)),
      ['topic', 'batch.size', 'max.count', 'poll.interval.ms'],
    );
  });

  test("validates a config with the plugin's ConfigDef", async () => {
    const invalid = await rest<{ error_count: number; configs: { value: { name: string; errors: string[] } }[] }>(
      worker.url,
      'PUT',
      '/connector-plugins/CounterSource/config/validate',
      { 'connector.class': 'CounterSource', name: 'v', topic: 'x', 'batch.size': '0' },
    );
    assert.equal(invalid.status, 200);
    assert.equal(invalid.body.error_count, 1);
    const batch = invalid.body.configs.find((c) => c.value.name === 'batch.size');
    assert.match(batch!.value.errors[0]!, /Value must be at least 1/);
    const valid = await rest<{ error_count: number }>(worker.url, 'PUT', '/connector-plugins/CounterSource/config/validate', {
      'connector.class': 'CounterSource',
      name: 'v',
      topic: 'x',
    });
    assert.equal(valid.body.error_count, 0);
  });

  test('runs the counter source into a topic and the log sink out of it, from the installed copy', async () => {
    const topic = 'example-counts';
    const source = await rest(worker.url, 'PUT', '/connectors/counter/config', {
      'connector.class': 'CounterSource',
      topic,
      'max.count': '5',
      'poll.interval.ms': '0',
    });
    assert.equal(source.status, 201, JSON.stringify(source.body));
    await waitForStatus(worker.url, 'counter', running);
    // The source's committed offset says Kafka acknowledged all five numbers: the topic exists.
    await eventually('the counter to commit offset 5', async () => {
      const answer = await rest<{ offsets: { partition: unknown; offset: { next?: number } }[] }>(worker.url, 'GET', '/connectors/counter/offsets');
      return answer.status === 200 && answer.body.offsets.some((o) => o.offset.next === 5) ? true : undefined;
    });
    const sink = await rest(worker.url, 'PUT', '/connectors/log/config', {
      'connector.class': 'LogSink',
      topics: topic,
      'log.prefix': 'EXAMPLE-SEEN',
    });
    assert.equal(sink.status, 201, JSON.stringify(sink.body));
    await waitForStatus(worker.url, 'log', running);
    const logFile = join(worker.workDir, 'worker.log');
    const seen = await eventually('five counted records in the log', async () => {
      const lines = (await readFile(logFile, 'utf8')).split('\n').filter((l) => l.startsWith(`EXAMPLE-SEEN ${topic}-0@`));
      return lines.length >= 5 ? lines : undefined;
    });
    assert.deepEqual(seen.map((l) => l.replace(/^.*@(\d+):.*$/, '$1')), ['0', '1', '2', '3', '4']);
    const log = await readFile(logFile, 'utf8');
    assert.match(log, new RegExp(`Importing plugin @tsconnect/plugin-example@0\\.1\\.0 from ${join(pluginPath, 'node_modules', '@tsconnect', 'plugin-example')}`.replace(/\//g, '\\/')));
  });
});
