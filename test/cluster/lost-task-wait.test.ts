// Issue 22's waiting task: a source task whose worker is SIGKILLed and restarted, in a group of
// three of our workers and then in a group of three Java 4.1 workers, each with the same short
// scheduled.rebalance.max.delay.ms. Kafka holds the lost task unassigned until the delay ends,
// even when the same worker is back sooner, and meanwhile its status still says RUNNING on the
// dead worker. Ours must say UNASSIGNED (status and metrics) while it waits, and run the task
// again no later than Java does: a restarted worker (same REST URL) takes its work back at once.
import { JavaConnectWorker, KafkaBroker } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { metricValue } from '../metrics/prometheus-text.js';
import { kafkaClient } from '../jdbc/jdbc-pipeline-support.js';
import { eventually, rest, startWorkerGroup } from '../support/worker-process.js';
import { allRunning, groupProperties, ledLastRebalance, LineStream, workerIdOf, type ConnectorStatus } from './cluster-support.js';

const MAX_DELAY_MS = 15_000;
const CONNECTORS = ['wait-0', 'wait-1', 'wait-2'];
const JAVA_VERSION = '4.1.1';

/** The three members of one group as the scenario drives them, ours or Java's. */
interface Side {
  label: 'ours' | 'java';
  urls(): string[];
  kill(index: number): Promise<void>;
  restart(index: number): Promise<void>;
  /** Resolves once the group noticed the departure and holds the lost work (checked per side). */
  waiting(victim: number, task: { connector: string; id: number }): Promise<void>;
  stop(): Promise<void>;
}

let broker: KafkaBroker;
const streams: LineStream[] = [];
const cleanups: (() => Promise<void>)[] = [];

before(async () => {
  broker = await KafkaBroker.start({ version: JAVA_VERSION });
});

after(async () => {
  for (const s of streams) await s.stop();
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  await broker?.stop();
});

function properties(name: string): Record<string, string> {
  return groupProperties(name, {
    'connect.protocol': 'sessioned',
    'scheduled.rebalance.max.delay.ms': String(MAX_DELAY_MS),
    'session.timeout.ms': '6000',
    'heartbeat.interval.ms': '1000',
  });
}

async function topicEnd(topic: string): Promise<number> {
  const admin = kafkaClient(broker.bootstrapServers).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

async function metricsOf(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  return response.text();
}

async function oursSide(): Promise<Side> {
  const props = properties('wait-ours');
  const workers = await startWorkerGroup(3, broker.bootstrapServers, props, cleanups);
  return {
    label: 'ours',
    urls: () => workers.map((w) => w.url),
    kill: (i) => workers[i]!.kill(),
    restart: (i) => workers[i]!.start(),
    async waiting(victim, task) {
      const leader = workers[0]!;
      assert.ok(await ledLastRebalance(join(leader.workDir, 'worker.log')), 'the first worker leads');
      const follower = workers[victim === 1 ? 2 : 1]!;
      // The truth while it waits: UNASSIGNED in both status answers, on every live worker.
      for (const w of [leader, follower]) {
        await eventually(`${task.connector}-${task.id} UNASSIGNED on ${w.url}`, async () => {
          const all = await rest<ConnectorStatus>(w.url, 'GET', `/connectors/${task.connector}/status`);
          const one = await rest<{ state: string }>(w.url, 'GET', `/connectors/${task.connector}/tasks/${task.id}/status`);
          const inAll = all.body.tasks.find((t) => t.id === task.id);
          return inAll?.state === 'UNASSIGNED' && one.body.state === 'UNASSIGNED' ? true : undefined;
        });
      }
      // And the metrics: the leader counts what waits, every member has the time left.
      const leaderMetrics = await eventually('the leader reporting the lost task', async () => {
        const text = await metricsOf(leader.url);
        return (metricValue(text, 'kafka_connect_worker_rebalance_lost_tasks_waiting') ?? 0) >= 1 ? text : undefined;
      });
      const remaining = metricValue(leaderMetrics, 'kafka_connect_worker_rebalance_scheduled_rebalance_delay_remaining_ms') ?? 0;
      assert.ok(remaining > 0 && remaining <= MAX_DELAY_MS, `delay remaining on the leader: ${remaining}`);
      const followerRemaining = metricValue(await metricsOf(follower.url), 'kafka_connect_worker_rebalance_scheduled_rebalance_delay_remaining_ms') ?? 0;
      assert.ok(followerRemaining > 0 && followerRemaining <= MAX_DELAY_MS, `delay remaining on a follower: ${followerRemaining}`);
      assert.equal(metricValue(await metricsOf(follower.url), 'kafka_connect_worker_rebalance_lost_tasks_waiting'), 0);
    },
    async stop() {
      for (const w of workers) await w.stop();
    },
  };
}

async function javaSide(): Promise<Side> {
  const props = properties('wait-java');
  const workers: JavaConnectWorker[] = [];
  const start = async (extra: Record<string, string> = {}) =>
    JavaConnectWorker.start({ bootstrapServers: broker.bootstrapServers, properties: { ...props, ...extra }, heapMb: 384, version: JAVA_VERSION, startTimeoutMs: 600_000 });
  for (let i = 0; i < 3; i++) {
    const w = await start();
    await eventually('the Java worker in the group', async () => (/Joined group at generation/.test(await readFile(w.logFile, 'utf8')) ? true : undefined));
    workers.push(w);
  }
  cleanups.push(async () => {
    for (const w of workers) await w.stop();
  });
  let logFrom = 0;
  return {
    label: 'java',
    urls: () => workers.map((w) => w.url),
    async kill(i) {
      logFrom = (await readFile(workers[0]!.logFile, 'utf8')).length;
      await workers[i]!.kill();
    },
    async restart(i) {
      // The same listener, so the same REST URL and worker id, as a restarted service has.
      const killed = workers[i]!;
      await killed.stop();
      workers[i] = await start({ listeners: killed.properties.listeners! });
    },
    async waiting() {
      // Kafka logs the delay each member got: "... with rebalance delay: <ms>".
      await eventually('the Java leader holding the lost work', async () => {
        const text = (await readFile(workers[0]!.logFile, 'utf8')).slice(logFrom);
        return [...text.matchAll(/with rebalance delay: (\d+)/g)].some((m) => Number(m[1]) > 0) ? true : undefined;
      });
    },
    async stop() {
      for (const w of workers) await w.stop();
    },
  };
}

/** Kill the worker running a task (not the leader), wait until the group holds the task, restart it; ms from kill to records again. */
async function lostTaskBackAfter(side: Side): Promise<{ runningAgainMs: number; victimTask: string; phases: string }> {
  const urls = side.urls();
  for (const [i, name] of CONNECTORS.entries()) {
    const stream = new LineStream(join(process.env.TMPDIR ?? '/tmp', `${side.label}-${name}-${process.pid}.txt`), `${side.label}-${i}`, 5, 100);
    streams.push(stream);
    stream.start();
    const answer = await rest(urls[0]!, 'PUT', `/connectors/${side.label}-${name}/config`, {
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector',
      file: stream.file,
      topic: `${side.label}-${name}`,
      'tasks.max': '1',
    });
    assert.ok(answer.status === 201 || answer.status === 200, JSON.stringify(answer.body));
  }
  const expected = Object.fromEntries(CONNECTORS.map((c) => [`${side.label}-${c}`, 1]));
  const statuses = await allRunning(urls[0]!, expected, urls.map(workerIdOf));
  // A task on a worker other than the first (the leader: a new leader would start over without the delay).
  const onVictim = statuses.find((s) => s.tasks[0]!.worker_id !== workerIdOf(urls[0]!))!;
  assert.ok(onVictim, 'a task runs on a follower');
  const victim = urls.map(workerIdOf).indexOf(onVictim.tasks[0]!.worker_id);
  const topic = onVictim.name;
  await eventually(`records on ${topic}`, async () => ((await topicEnd(topic)) > 0 ? true : undefined));

  const killedAt = Date.now();
  await side.kill(victim);
  await side.waiting(victim, { connector: onVictim.name, id: 0 });
  const waitingSeenMs = Date.now() - killedAt;
  const stalledAt = await topicEnd(topic);
  // Records may flow again before the restart is done (the delay ended first): watched meanwhile.
  let restartedMs = 0;
  const restarted = side.restart(victim).then(() => (restartedMs = Date.now() - killedAt));
  await eventually(`records on ${topic} again`, async () => ((await topicEnd(topic)) > stalledAt ? true : undefined), 3000, 100);
  const runningAgainMs = Date.now() - killedAt;
  await restarted;
  await allRunning(urls[0]!, expected, urls.map(workerIdOf));
  const phases = `waiting seen after ${waitingSeenMs} ms, worker restarted after ${restartedMs} ms`;
  return { runningAgainMs, victimTask: `${onVictim.name}-0`, phases };
}

test('a killed and restarted worker\'s source task: UNASSIGNED while it waits, running again no later than with Java workers', async (t) => {
  const ours = await oursSide();
  const oursResult = await lostTaskBackAfter(ours);
  await ours.stop();
  const java = await javaSide();
  const javaResult = await lostTaskBackAfter(java);
  await java.stop();
  t.diagnostic(
    `kill to records flowing again: ours ${oursResult.runningAgainMs} ms (${oursResult.victimTask}; ${oursResult.phases}), ` +
      `java ${javaResult.runningAgainMs} ms (${javaResult.victimTask}; ${javaResult.phases}); scheduled.rebalance.max.delay.ms ${MAX_DELAY_MS}`,
  );
  // Both include the failure detection and either the delay or a process start, which vary on a
  // loaded machine: a fifth of Java's time (3 s at least) of slack.
  assert.ok(
    oursResult.runningAgainMs <= javaResult.runningAgainMs + Math.max(3_000, javaResult.runningAgainMs / 5),
    `ours ${oursResult.runningAgainMs} ms, java ${javaResult.runningAgainMs} ms`,
  );
});
