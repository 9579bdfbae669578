// Issue 9: a mixed group. Kafka's own worker (4.1 and 4.4) and ours share group.id and internal
// topics and run the file connectors both have: both join, either can lead, each runs what the
// leader assigns it (task configs written by one run on the other), requests are forwarded both
// ways, and both report the same statuses. Issue 18: our worker, not leading, forwards task configs
// without holding up its part in the rebalance they cause, so it is never evicted.
import { JavaConnectWorker, KafkaBroker, type KafkaVersion } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { compatKafkaVersions } from '../support/kafka-versions.js';
import { eventually, rest, WorkerProcess } from '../support/worker-process.js';
import { allRunning, connectorsByWorker, type ConnectorStatus, groupProperties, ledLastRebalance, LineStream, missingLines, statusOf, tasksByWorker, workerIdOf } from './cluster-support.js';

// Kafka's default protocol: incremental cooperative with signed internal requests, both ways.
const PROTOCOL = 'sessioned';
const shared = groupProperties('mixed', {
  'connect.protocol': PROTOCOL,
  'scheduled.rebalance.max.delay.ms': '3000',
  'session.timeout.ms': '6000',
  'heartbeat.interval.ms': '1000',
});

/** The member ids our worker joined the group with, from its log: one unless it was evicted and rejoined. */
async function memberIdsOf(logFile: string): Promise<string[]> {
  const text = await readFile(logFile, 'utf8');
  return [...new Set([...text.matchAll(/Member (\S+) joined group/g)].map((m) => m[1]!))];
}

for (const version of compatKafkaVersions()) mixedGroup(version);

function mixedGroup(version: KafkaVersion): void {
  let broker: KafkaBroker;
  let java: JavaConnectWorker;
  let ours: WorkerProcess;
  let stream: LineStream;

  const sinkConfig = (file: string, connectorClass: string) => ({
    'connector.class': connectorClass,
    file,
    topics: 'mixed-stream',
    'tasks.max': '4',
  });

  async function sameStatuses(urls: string[], connectors: string[]): Promise<ConnectorStatus[]> {
    return eventually('both workers reporting the same statuses', async () => {
      const views = await Promise.all(urls.map((u) => Promise.all(connectors.map((c) => statusOf(u, c)))));
      // States and owners compared; Kafka 4.1 also renders a null "version" that ours leaves out.
      const normal = (st: ConnectorStatus | undefined) =>
        st && {
          name: st.name,
          connector: [st.connector.state, st.connector.worker_id],
          tasks: st.tasks.map((t) => [t.id, t.state, t.worker_id]),
        };
      const [first, ...others] = views.map((v) => JSON.stringify(v.map(normal)));
      return others.every((o) => o === first) && views[0]!.every((s) => s !== undefined) ? (views[0] as ConnectorStatus[]) : undefined;
    });
  }

  /** A Java worker that has joined the group (its REST API answers before it joins). */
  async function startJava(): Promise<JavaConnectWorker> {
    const worker = await JavaConnectWorker.start({ bootstrapServers: broker.bootstrapServers, properties: shared, heapMb: 384, version });
    await eventually('the Java worker in the group', async () => (/Joined group at generation/.test(await readFile(worker.logFile, 'utf8')) ? true : undefined));
    return worker;
  }

  describe(`a Java ${version} worker and ours in one group`, () => {
    before(async () => {
      broker = await KafkaBroker.start({ version });
      java = await startJava();
      ours = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers, properties: shared });
      await ours.start();
      stream = new LineStream(join(ours.workDir, 'input.txt'), 'mixed', 10, 100);
      stream.start();
    });

    after(async () => {
      await stream?.stop();
      await ours?.stop();
      await java?.stop();
      await broker?.stop();
      if (ours) await rm(ours.workDir, { recursive: true, force: true });
    });

    const expected: Record<string, number> = { source: 1, 'sink-one': 4 };

    test('with the Java worker leading: requests are forwarded to it, work is spread over both, statuses agree', async () => {
      // The Java worker started first and leads; our worker forwards the writes to it.
      assert.equal(await ledLastRebalance(join(ours.workDir, 'worker.log')), false);
      const source = await rest(ours.url, 'POST', '/connectors', {
        name: 'source',
        config: { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector', file: stream.file, topic: 'mixed-stream' },
      });
      assert.equal(source.status, 201, JSON.stringify(source.body));
      const sink = await rest(ours.url, 'PUT', '/connectors/sink-one/config', sinkConfig(join(ours.workDir, 'one.txt'), 'FileStreamSink'));
      assert.equal(sink.status, 201, JSON.stringify(sink.body));

      const workers = [workerIdOf(java.url), workerIdOf(ours.url)];
      await allRunning(java.url, expected, workers, 1200);
      const statuses = await sameStatuses([java.url, ours.url], Object.keys(expected));
      const byWorker = tasksByWorker(statuses);
      assert.equal(byWorker.size, 2, `tasks on one worker only: ${JSON.stringify([...byWorker])}`);
      const tasks = await rest<{ config: Record<string, string> }[]>(ours.url, 'GET', '/connectors/sink-one/tasks');
      assert.equal(tasks.body[0]!.config['task.class'], 'org.apache.kafka.connect.file.FileStreamSinkTask');
    });

    test('with the Java worker leading: connectors created, reconfigured and deleted through ours settle, and ours is never evicted', async () => {
      const log = join(ours.workDir, 'worker.log');
      const members = await memberIdsOf(log);
      assert.equal(members.length, 1, `our worker joined once: ${members.join(', ')}`);
      const workers = [workerIdOf(java.url), workerIdOf(ours.url)];
      const names = ['via-ours-a', 'via-ours-b', 'via-ours-c'];
      const config = (name: string, tasks: number) => ({ ...sinkConfig(join(ours.workDir, `${name}.txt`), 'FileStreamSink'), 'tasks.max': String(tasks) });

      for (const name of names) {
        const created = await rest(ours.url, 'PUT', `/connectors/${name}/config`, config(name, 2));
        assert.equal(created.status, 201, JSON.stringify(created.body));
      }
      const created = await allRunning(java.url, { ...expected, ...Object.fromEntries(names.map((n) => [n, 2])) }, workers);
      // Some of them run their connector on ours, which sent their task configs to the Java leader.
      const oursRuns = connectorsByWorker(created).get(workerIdOf(ours.url)) ?? [];
      assert.ok(oursRuns.some((n) => names.includes(n)), `connectors on our worker: ${oursRuns.join(', ')}`);

      for (const name of names) {
        const updated = await rest(ours.url, 'PUT', `/connectors/${name}/config`, config(name, 3));
        assert.equal(updated.status, 200, JSON.stringify(updated.body));
      }
      await allRunning(java.url, { ...expected, ...Object.fromEntries(names.map((n) => [n, 3])) }, workers);

      for (const name of names) {
        const deleted = await rest(ours.url, 'DELETE', `/connectors/${name}`);
        assert.equal(deleted.status, 204, JSON.stringify(deleted.body));
      }
      await eventually('the deleted connectors gone on both workers', async () => {
        const lists = await Promise.all([java.url, ours.url].map((u) => rest<string[]>(u, 'GET', '/connectors')));
        return lists.every((l) => l.status === 200 && !l.body.some((n) => names.includes(n))) ? true : undefined;
      });
      await allRunning(java.url, expected, workers);
      // An eviction makes our worker rejoin under a new member id (issue 18: ~60 s per forwarded write).
      assert.deepEqual(await memberIdsOf(log), members);
    });

    test('with ours leading after the Java worker restarts: the Java worker forwards to it and runs what it assigns', async () => {
      await java.stop();
      await allRunning(ours.url, expected, [workerIdOf(ours.url)]);
      java = await startJava();
      const workers = [workerIdOf(java.url), workerIdOf(ours.url)];
      await eventually('the Java worker back in the group', async () => ((await rest(java.url, 'GET', '/connectors')).status === 200 ? true : undefined));
      assert.equal(await ledLastRebalance(join(ours.workDir, 'worker.log')), true);

      const created = await rest(java.url, 'PUT', '/connectors/sink-two/config', sinkConfig(join(ours.workDir, 'two.txt'), 'org.apache.kafka.connect.file.FileStreamSinkConnector'));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const all = { ...expected, 'sink-two': 4 };
      await eventually('work on both workers again', async () => {
        const s = await allRunning(ours.url, all, workers, 1).catch(() => undefined);
        return s && tasksByWorker(s).size === 2 ? s : undefined;
      });
      const statuses = await sameStatuses([java.url, ours.url], Object.keys(all));
      assert.ok(tasksByWorker(statuses).get(workerIdOf(java.url))!.length > 0);

      // Task restarts asked of the worker that does not run the task: the Java worker forwards to our
      // leader (which runs it); our leader points the other one at the Java worker that runs it.
      const running = statuses.flatMap((s) => s.tasks.map((t) => ({ connector: s.name, ...t })));
      const oursTask = running.find((t) => t.worker_id === workerIdOf(ours.url))!;
      const javaTask = running.find((t) => t.worker_id === workerIdOf(java.url))!;
      const viaJava = await rest(java.url, 'POST', `/connectors/${oursTask.connector}/tasks/${oursTask.id}/restart`);
      assert.equal(viaJava.status, 204, JSON.stringify(viaJava.body));
      const viaOurs = await rest(ours.url, 'POST', `/connectors/${javaTask.connector}/tasks/${javaTask.id}/restart`);
      assert.equal(viaOurs.status, 204, JSON.stringify(viaOurs.body));
      await allRunning(java.url, all, workers, 1200);

      await stream.stop();
      const lines = stream.expected();
      assert.deepEqual(await missingLines(join(ours.workDir, 'one.txt'), lines), []);
      assert.deepEqual(await missingLines(join(ours.workDir, 'two.txt'), lines), []);
    });
  });
}
