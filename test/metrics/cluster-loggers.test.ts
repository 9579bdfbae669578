// /admin/loggers with scope=cluster on a two-worker group: a level set on one worker reaches
// both through the config topic, the debug lines of the tasks on each worker appear, and stop
// when the level goes back.
import { KafkaBroker } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { eventually, rest, WorkerProcess } from '../support/worker-process.js';
import { metricValue } from './prometheus-text.js';

let broker: KafkaBroker;
const workers: WorkerProcess[] = [];
const namespace = 'org.apache.kafka.connect.runtime.Worker';
const debugLines = /^\[[^\]]+\] DEBUG \[cluster-sink\|task-\d\] .*$/gm;

interface Status {
  tasks: { id: number; state: string; worker_id: string }[];
}

async function debugCount(worker: WorkerProcess): Promise<number> {
  return ((await readFile(join(worker.workDir, 'worker.log'), 'utf8')).match(debugLines) ?? []).length;
}

/** The offset commit sequence number of the sink task on this worker: one commit a second. */
async function commitSeqNo(worker: WorkerProcess): Promise<number> {
  const text = await (await fetch(`${worker.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('kafka_connect_sink_task_offset_commit_seq_no{connector="cluster-sink"'));
  return line === undefined ? 0 : metricValue(line, 'kafka_connect_sink_task_offset_commit_seq_no')!;
}

async function commits(count: number): Promise<void> {
  for (const worker of workers) {
    const from = await commitSeqNo(worker);
    await eventually(`${count} more commits on ${worker.url}`, async () => ((await commitSeqNo(worker)) >= from + count ? true : undefined));
  }
}

before(async () => {
  broker = await KafkaBroker.start();
  const group = {
    'group.id': 'cluster-loggers',
    'config.storage.topic': 'cluster-loggers-configs',
    'offset.storage.topic': 'cluster-loggers-offsets',
    'status.storage.topic': 'cluster-loggers-status',
  };
  for (let i = 0; i < 2; i++) {
    const worker = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers, properties: group });
    workers.push(worker);
    await worker.start();
  }
});

after(async () => {
  for (const worker of workers) await worker.stop();
  await broker?.stop();
  for (const worker of workers) await rm(worker.workDir, { recursive: true, force: true });
});

test('a cluster-scoped level reaches both workers: their tasks log at DEBUG, then stop', async () => {
  const [first, second] = workers as [WorkerProcess, WorkerProcess];
  const config = { 'connector.class': 'FileStreamSink', file: join(first.workDir, 'out.txt'), topics: 'cluster-lines', 'tasks.max': '2' };
  // A 409 while the group is still rebalancing is Kafka's "try again".
  const created = await eventually('POST /connectors past 409', async () => {
    const answer = await rest(first.url, 'POST', '/connectors', { name: 'cluster-sink', config });
    return answer.status === 409 ? undefined : answer;
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await eventually('a running task on each worker', async () => {
    const status = await rest<Status>(first.url, 'GET', '/connectors/cluster-sink/status');
    const tasks = status.status === 200 ? status.body.tasks : [];
    return tasks.length === 2 && tasks.every((t) => t.state === 'RUNNING') && new Set(tasks.map((t) => t.worker_id)).size === 2 ? true : undefined;
  });
  for (const worker of workers) assert.equal(await debugCount(worker), 0, `no debug lines at INFO on ${worker.url}`);

  const set = await rest(second.url, 'PUT', `/admin/loggers/${namespace}?scope=cluster`, { level: 'debug' });
  assert.equal(set.status, 204);
  for (const worker of workers) {
    await eventually(`debug lines on ${worker.url}`, async () => ((await debugCount(worker)) > 0 ? true : undefined));
    const level = await rest<{ level: string }>(worker.url, 'GET', `/admin/loggers/${namespace}`);
    assert.equal(level.body.level, 'DEBUG');
  }

  assert.equal((await rest(first.url, 'PUT', `/admin/loggers/${namespace}?scope=cluster`, { level: 'INFO' })).status, 204);
  for (const worker of workers) {
    await eventually(`INFO on ${worker.url}`, async () => {
      const level = await rest<{ level: string }>(worker.url, 'GET', `/admin/loggers/${namespace}`);
      return level.body.level === 'INFO' ? true : undefined;
    });
  }
  await commits(2);
  const settled = await Promise.all(workers.map(debugCount));
  await commits(3);
  assert.deepEqual(await Promise.all(workers.map(debugCount)), settled, 'no debug lines after the level went back to INFO');
});
