// Issue 9: a group that asks for connect.protocol=eager gets Kafka's pre-2.3 behaviour: the
// "default" sub-protocol, everything revoked and reassigned on each rebalance, and no scheduled
// delay: a dead worker's tasks move as soon as the group notices.
import { KafkaBroker } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { rest, WorkerProcess } from '../support/worker-process.js';
import { allRunning, groupProperties, isEven, logLength, taskStarts, tasksByWorker, workerIdOf } from './cluster-support.js';

let broker: KafkaBroker;
const workers: WorkerProcess[] = [];
const EXPECTED = { 'eager-sink': 4 };

before(async () => {
  broker = await KafkaBroker.start();
  for (let i = 0; i < 2; i++) {
    const worker = await WorkerProcess.create({
      bootstrapServers: broker.bootstrapServers,
      properties: groupProperties('eager', { 'connect.protocol': 'eager', 'session.timeout.ms': '6000', 'heartbeat.interval.ms': '1000' }),
    });
    workers.push(worker);
    await worker.start();
  }
});

after(async () => {
  for (const w of workers) await w.stop();
  await broker?.stop();
  for (const w of workers) await rm(w.workDir, { recursive: true, force: true });
});

test('eager workers join with the default protocol, spread the tasks, and rerun everything on each rebalance', async () => {
  const created = await rest(workers[1]!.url, 'PUT', '/connectors/eager-sink/config', {
    'connector.class': 'FileStreamSink',
    file: join(workers[0]!.workDir, 'out.txt'),
    topics: 'eager-topic',
    'tasks.max': '4',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const ids = workers.map((w) => workerIdOf(w.url));
  const statuses = await allRunning(workers[0]!.url, EXPECTED, ids);
  assert.ok(isEven(tasksByWorker(statuses), ids), JSON.stringify([...tasksByWorker(statuses)]));
  for (const w of workers) assert.match(await readFile(join(w.workDir, 'worker.log'), 'utf8'), /joined group eager-group in generation \d+ \(default\)/);

  const [survivor, victim] = workers as [WorkerProcess, WorkerProcess];
  const kept = tasksByWorker(statuses).get(workerIdOf(survivor.url))!;
  const mark = await logLength(join(survivor.workDir, 'worker.log'));
  await victim.kill();
  await allRunning(survivor.url, EXPECTED, [workerIdOf(survivor.url)]);
  // Eager: the survivor stopped and started again even the tasks it kept.
  const starts = await taskStarts(join(survivor.workDir, 'worker.log'), mark);
  for (const t of kept) assert.ok(starts.has(t), `${t} was not restarted`);
});
