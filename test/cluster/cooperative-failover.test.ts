// Issue 9: three of our workers in one group under the incremental cooperative protocol. Work is
// spread evenly; a worker killed with SIGKILL has its tasks rerun on the others after
// scheduled.rebalance.max.delay.ms while the survivors' tasks keep running; a rolling restart
// loses nothing and some worker answers REST throughout; a killed leader loses no accepted write.
import { KafkaBroker } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eventually, rest, WorkerProcess } from '../support/worker-process.js';
import {
  allRunning,
  connectorsByWorker,
  groupProperties,
  isEven,
  ledLastRebalance,
  LineStream,
  logLength,
  missingLines,
  statusOf,
  taskStarts,
  tasksByWorker,
  workerIdOf,
} from './cluster-support.js';

// sessioned = incremental cooperative with signed internal requests (Kafka's default).
const PROTOCOL = 'sessioned';
const SINKS = ['sink-a', 'sink-b', 'sink-c'];
const EXPECTED: Record<string, number> = { source: 1, 'sink-a': 3, 'sink-b': 3, 'sink-c': 3 };

let broker: KafkaBroker;
const workers: WorkerProcess[] = [];
let stream: LineStream;
let workDir: string;

const ids = () => workers.map((w) => workerIdOf(w.url));
const logOf = (w: WorkerProcess) => join(w.workDir, 'worker.log');

before(async () => {
  broker = await KafkaBroker.start();
  for (let i = 0; i < 3; i++) {
    const worker = await WorkerProcess.create({
      bootstrapServers: broker.bootstrapServers,
      properties: groupProperties('coop', {
        'connect.protocol': PROTOCOL,
        'scheduled.rebalance.max.delay.ms': '4000',
        'session.timeout.ms': '6000',
        'heartbeat.interval.ms': '1000',
      }),
    });
    workers.push(worker);
    await worker.start();
  }
  workDir = workers[0]!.workDir;
  stream = new LineStream(join(workDir, 'input.txt'), 'line');
});

after(async () => {
  await stream?.stop();
  for (const w of workers) await w.stop();
  await broker?.stop();
  for (const w of workers) await rm(w.workDir, { recursive: true, force: true });
});

describe('three workers, incremental cooperative rebalancing', () => {
  test('connectors and their tasks are spread evenly over the three workers', async () => {
    stream.start();
    const created = await rest(workers[1]!.url, 'POST', '/connectors', {
      name: 'source',
      config: { 'connector.class': 'FileStreamSource', file: stream.file, topic: 'stream', 'tasks.max': '1' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    for (const sink of SINKS) {
      // Through different workers: followers forward the write to the leader.
      const answer = await rest(workers[SINKS.indexOf(sink)]!.url, 'PUT', `/connectors/${sink}/config`, {
        'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
        file: join(workDir, `${sink}.txt`),
        topics: 'stream',
        'tasks.max': '3',
      });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
    }
    const statuses = await allRunning(workers[2]!.url, EXPECTED, ids());
    const tasks = tasksByWorker(statuses);
    assert.ok(isEven(tasks, ids()), `tasks uneven: ${JSON.stringify([...tasks])}`);
    assert.ok(isEven(connectorsByWorker(statuses), ids()), `connectors uneven: ${JSON.stringify([...connectorsByWorker(statuses)])}`);
  });

  test('a worker killed with SIGKILL: its tasks run again on the others, the survivors never stop theirs', async () => {
    const before = await allRunning(workers[0]!.url, EXPECTED, ids());
    // Kill a worker that is not the leader and runs tasks, so its work is "lost" in the assignor's terms.
    const victim = await (async () => {
      for (const w of workers) if (!(await ledLastRebalance(logOf(w))) && tasksByWorker(before).has(workerIdOf(w.url))) return w;
      throw new Error('no follower runs tasks');
    })();
    const survivors = workers.filter((w) => w !== victim);
    const survivorIds = survivors.map((w) => workerIdOf(w.url));
    const kept = new Map<string, string>();
    for (const [worker, tasks] of tasksByWorker(before)) if (survivorIds.includes(worker)) for (const t of tasks) kept.set(t, worker);
    const marks = await Promise.all(survivors.map((w) => logLength(logOf(w))));

    await victim.kill();
    // Watch the survivors' tasks while the group notices the death and waits out the delay.
    const moved: string[] = [];
    const after = await eventually(
      'the killed worker\'s tasks running elsewhere',
      async () => {
        const statuses = await allRunning(survivors[0]!.url, EXPECTED, ids(), 1).catch(() => undefined);
        const now = statuses ?? (await Promise.all(Object.keys(EXPECTED).map((c) => statusOf(survivors[0]!.url, c))));
        for (const s of now) {
          for (const t of s?.tasks ?? []) {
            const id = `${s!.name}-${t.id}`;
            if (kept.has(id) && (t.worker_id !== kept.get(id) || t.state !== 'RUNNING')) moved.push(`${id} ${t.state} on ${t.worker_id}`);
          }
        }
        return statuses && statuses.every((s) => s.tasks.every((t) => survivorIds.includes(t.worker_id))) ? statuses : undefined;
      },
      400,
      250,
    );
    assert.deepEqual(moved, [], 'a survivor\'s task moved or left RUNNING');
    // No survivor restarted a task it already ran.
    for (const [i, w] of survivors.entries()) {
      const starts = await taskStarts(logOf(w), marks[i]);
      const restarted = [...starts.keys()].filter((t) => kept.get(t) === workerIdOf(w.url));
      assert.deepEqual(restarted, [], `${w.url} restarted tasks it kept`);
    }
    assert.ok(isEven(tasksByWorker(after), survivorIds), `tasks uneven: ${JSON.stringify([...tasksByWorker(after)])}`);

    await victim.start();
    const rebalanced = await eventually('the restarted worker taking its share', async () => {
      const s = await allRunning(victim.url, EXPECTED, ids(), 1).catch(() => undefined);
      return s && isEven(tasksByWorker(s), ids()) ? s : undefined;
    });
    assert.ok(tasksByWorker(rebalanced).has(workerIdOf(victim.url)));
  });

  test('a rolling restart of all three under a steady stream: REST answers throughout, nothing is lost', async () => {
    let polls = 0;
    const unanswered: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const answers = await Promise.all(
          workers.map((w) =>
            rest<string[]>(w.url, 'GET', '/connectors')
              .then((a) => a.status === 200 && a.body.length === 4)
              .catch(() => false),
          ),
        );
        polls++;
        if (!answers.some((ok) => ok)) unanswered.push(polls);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      for (const w of workers) {
        await w.stop();
        await w.start();
        await allRunning(w.url, EXPECTED, ids());
      }
    } finally {
      // A failed wait must not leave the poller running: the file would never end.
      polling = false;
      await poller;
    }
    assert.ok(polls > 10);
    assert.deepEqual(unanswered, [], 'polls with no worker answering GET /connectors');

    await stream.stop();
    const expected = stream.expected();
    assert.ok(expected.length > 0);
    for (const sink of SINKS) {
      assert.deepEqual(await missingLines(join(workDir, `${sink}.txt`), expected), [], `${sink} lost lines`);
    }
  });

  test('a killed leader is replaced and every config write it accepted survives', async () => {
    let leader: WorkerProcess | undefined;
    for (const w of workers) if (await ledLastRebalance(logOf(w))) leader = w;
    assert.ok(leader, 'no worker logged that it leads');
    const follower = workers.find((w) => w !== leader)!;
    const names = Array.from({ length: 5 }, (_, i) => `late-${i}`);
    for (const name of names) {
      const answer = await rest(follower.url, 'PUT', `/connectors/${name}/config`, {
        'connector.class': 'FileStreamSink',
        file: join(workDir, `${name}.txt`),
        topics: 'stream',
        'tasks.max': '1',
      });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
    }
    await leader.kill();
    const alive = workers.filter((w) => w !== leader);
    const all = { ...EXPECTED, ...Object.fromEntries(names.map((n) => [n, 1])) };
    const statuses = await allRunning(follower.url, all, alive.map((w) => workerIdOf(w.url)));
    assert.equal(statuses.length, 4 + names.length);
    const listed = await rest<string[]>(alive[1]!.url, 'GET', '/connectors');
    assert.deepEqual([...listed.body].sort(), Object.keys(all).sort());
    await eventually('a new leader', async () => {
      for (const w of alive) if (await ledLastRebalance(logOf(w))) return true;
      return undefined;
    });
  });
});
