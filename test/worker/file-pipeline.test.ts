// The worker issue's end-to-end proof: FileStreamSource -> topic -> FileStreamSink through REST on
// the real broker, the lifecycle endpoints, and recovery from SIGKILL.
import { KafkaBroker } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eventually, rest, WorkerProcess } from '../support/worker-process.js';

interface Status {
  name: string;
  connector: { state: string; worker_id: string; trace?: string };
  tasks: { id: number; state: string; worker_id: string; trace?: string }[];
  type: string;
}

let broker: KafkaBroker;
let worker: WorkerProcess;

async function lines(file: string): Promise<string[]> {
  if (!existsSync(file)) return [];
  const text = await readFile(file, 'utf8');
  return text.length === 0 ? [] : text.replace(/\n$/, '').split('\n');
}

function numbered(from: number, count: number, tag: string): string {
  let out = '';
  for (let i = from; i < from + count; i++) out += `${tag}-${i}\n`;
  return out;
}

async function statusOf(name: string): Promise<Status | undefined> {
  const answer = await rest<Status>(worker.url, 'GET', `/connectors/${name}/status`);
  return answer.status === 200 ? answer.body : undefined;
}

async function waitForState(name: string, connectorState: string, taskState?: string): Promise<Status> {
  return eventually(`${name} ${connectorState}/${taskState ?? '-'}`, async () => {
    const s = await statusOf(name);
    if (!s || s.connector.state !== connectorState) return undefined;
    if (taskState === undefined) return s;
    return s.tasks.length > 0 && s.tasks.every((t) => t.state === taskState) ? s : undefined;
  });
}

before(async () => {
  broker = await KafkaBroker.start();
  worker = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers });
  await worker.start();
});

after(async () => {
  await worker?.stop();
  await broker?.stop();
  if (worker) await rm(worker.workDir, { recursive: true, force: true });
});

describe('file pipeline through REST', () => {
  const source = 'lines-source';
  const sink = 'lines-sink';
  let input: string;
  let output: string;

  test('100,000 lines move from the source file to the sink file in order', async () => {
    input = join(worker.workDir, 'input.txt');
    output = join(worker.workDir, 'output.txt');
    await writeFile(input, numbered(0, 100_000, 'line'));

    const created = await rest<{ name: string; type: string; tasks: unknown[] }>(worker.url, 'POST', '/connectors', {
      name: source,
      config: { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector', file: input, topic: 'lines', 'tasks.max': '1' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.name, source);
    assert.equal(created.body.type, 'source');
    const sinkCreated = await rest(worker.url, 'POST', '/connectors', {
      name: sink,
      config: { 'connector.class': 'FileStreamSink', file: output, topics: 'lines' },
    });
    assert.equal(sinkCreated.status, 201, JSON.stringify(sinkCreated.body));

    const got = await eventually('all lines in the sink file', async () => {
      const out = await lines(output);
      return out.length >= 100_000 ? out : undefined;
    }, 1500);
    assert.equal(got.length, 100_000);
    for (let i = 0; i < got.length; i++) if (got[i] !== `line-${i}`) assert.fail(`line ${i} is ${got[i]}`);

    const status = await waitForState(source, 'RUNNING', 'RUNNING');
    assert.equal(status.type, 'source');
    assert.equal(status.tasks.length, 1);
    const list = await rest<string[]>(worker.url, 'GET', '/connectors');
    assert.deepEqual([...list.body].sort(), [sink, source]);
    // Topic tracking: both connectors used the topic.
    for (const name of [source, sink]) {
      const topics = await eventually(`${name}'s active topics`, async () => {
        const answer = await rest<Record<string, { topics: string[] }>>(worker.url, 'GET', `/connectors/${name}/topics`);
        return answer.body[name]?.topics.length ? answer.body : undefined;
      });
      assert.deepEqual(topics, { [name]: { topics: ['lines'] } });
    }
  });

  test('pause stops the flow and resume carries on', async () => {
    const paused = await rest(worker.url, 'PUT', `/connectors/${source}/pause`);
    assert.equal(paused.status, 202);
    assert.equal(paused.body, null);
    await waitForState(source, 'PAUSED', 'PAUSED');
    await appendFile(input, numbered(100_000, 1000, 'line'));
    const resumed = await rest(worker.url, 'PUT', `/connectors/${source}/resume`);
    assert.equal(resumed.status, 202);
    await waitForState(source, 'RUNNING', 'RUNNING');
    const got = await eventually('lines written while paused', async () => {
      const out = await lines(output);
      return out.length >= 101_000 ? out : undefined;
    });
    assert.equal(got[100_999], 'line-100999');
  });

  test('stop leaves no tasks, resume starts them again', async () => {
    const stopped = await rest(worker.url, 'PUT', `/connectors/${source}/stop`);
    assert.equal(stopped.status, 204);
    // As in Kafka, the stopped task's status stays until the rebalance that follows removes it.
    const status = await eventually(`${source} STOPPED without tasks`, async () => {
      const s = await waitForState(source, 'STOPPED');
      return s.tasks.length === 0 ? s : undefined;
    });
    assert.equal(status.connector.state, 'STOPPED');
    const tasks = await rest<unknown[]>(worker.url, 'GET', `/connectors/${source}/tasks`);
    assert.deepEqual(tasks.body, []);
    const resumed = await rest(worker.url, 'PUT', `/connectors/${source}/resume`);
    assert.equal(resumed.status, 202);
    await waitForState(source, 'RUNNING', 'RUNNING');
  });

  test('restarts answer 204, and 202 with the planned states when tasks are included', async () => {
    const plain = await rest(worker.url, 'POST', `/connectors/${source}/restart`);
    assert.equal(plain.status, 204);
    await waitForState(source, 'RUNNING', 'RUNNING');
    const withTasks = await rest<Status>(worker.url, 'POST', `/connectors/${source}/restart?includeTasks=true&onlyFailed=false`);
    assert.equal(withTasks.status, 202);
    assert.equal(withTasks.body.connector.state, 'RESTARTING');
    assert.ok(withTasks.body.tasks.every((t) => t.state === 'RESTARTING'));
    await waitForState(source, 'RUNNING', 'RUNNING');
    const task = await rest(worker.url, 'POST', `/connectors/${source}/tasks/0/restart`);
    assert.equal(task.status, 204);
    await waitForState(source, 'RUNNING', 'RUNNING');
  });

  test('delete answers 204 and the status turns into 404', async () => {
    const deleted = await rest(worker.url, 'DELETE', `/connectors/${sink}`);
    assert.equal(deleted.status, 204);
    await eventually('status 404 after delete', async () => ((await statusOf(sink)) === undefined ? true : undefined));
    const info = await rest<{ error_code: number; message: string }>(worker.url, 'GET', `/connectors/${sink}`);
    assert.deepEqual(info.body, { error_code: 404, message: `Connector ${sink} not found` });
  });
});

describe('bad input gets Kafka\'s answers', () => {
  test('errors carry error_code equal to the HTTP status', async () => {
    const cases: [string, string, unknown, number, string | RegExp][] = [
      // Kafka's message here is Jackson's parser text; ours names the JSON error the same way.
      ['POST', '/connectors', '{bad json', 500, /JSON/],
      ['POST', '/connectors', { name: 'x', config: {} }, 400, 'Connector config {name=x} contains no connector type'],
      ['POST', '/connectors', { name: 'x', config: { 'connector.class': 'Nope' } }, 400, /^Failed to find any class that implements Connector and which name matches Nope/],
      ['POST', '/connectors', { name: 'x', config: { 'connector.class': 'FileStreamSink' } }, 400, /^Connector configuration is invalid and contains the following 2 error\(s\):\nMust configure one of topics or topics.regex/],
      ['GET', '/connectors/nope', undefined, 404, 'Connector nope not found'],
      ['GET', '/connectors/nope/status', undefined, 404, 'No status found for connector nope'],
      ['GET', '/nothing', undefined, 404, 'HTTP 404 Not Found'],
      ['DELETE', '/connectors', undefined, 405, 'HTTP 405 Method Not Allowed'],
    ];
    for (const [method, path, body, status, message] of cases) {
      const answer = await rest<{ error_code: number; message: string }>(worker.url, method, path, body);
      assert.equal(answer.status, status, `${method} ${path}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.error_code, status);
      if (typeof message === 'string') assert.equal(answer.body.message, message);
      else assert.match(answer.body.message, message);
    }
    const list = await rest<string[]>(worker.url, 'GET', '/connectors');
    assert.ok(!list.body.includes('x'), 'a refused request leaves nothing behind');
  });
});

describe('recovery', () => {
  test('a worker killed with SIGKILL mid-stream resumes: every line arrives, the source continues from its offset', async () => {
    const input = join(worker.workDir, 'crash-input.txt');
    const output = join(worker.workDir, 'crash-output.txt');
    const total = 200_000;
    await writeFile(input, numbered(0, total, 'crash'));
    assert.equal((await rest(worker.url, 'POST', '/connectors', {
      name: 'crash-source',
      config: { 'connector.class': 'FileStreamSource', file: input, topic: 'crash-lines' },
    })).status, 201);
    assert.equal((await rest(worker.url, 'POST', '/connectors', {
      name: 'crash-sink',
      config: { 'connector.class': 'FileStreamSink', file: output, topics: 'crash-lines' },
    })).status, 201);
    await eventually('some lines before the crash', async () => ((await lines(output)).length > 1000 ? true : undefined));

    await worker.kill();
    const beforeRestart = (await lines(output)).length;
    await worker.start();

    const got = await eventually('every line after the restart', async () => {
      const out = await lines(output);
      return new Set(out).size >= total ? out : undefined;
    }, 1500);
    const seen = new Set(got);
    for (let i = 0; i < total; i++) if (!seen.has(`crash-${i}`)) assert.fail(`crash-${i} missing`);
    // At least once: duplicates are allowed, but the source resumed from its stored offset
    // rather than from the start of the file.
    assert.ok(got.length - total < total, `${got.length - total} duplicates: the source re-read the file`);
    assert.ok(beforeRestart > 0);
  });
});

describe('source tasks of one task host', () => {
  /** Threads of a process and its children (the task hosts). */
  function threadsOf(pid: number): number {
    let children: number[] = [];
    try {
      children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
    } catch {
      // pgrep exits 1 when there are none
    }
    return [pid, ...children].reduce((sum, p) => sum + readdirSync(`/proc/${p}/task`).length, 0);
  }

  test('share one producer: a task\'s records still arrive after others stopped, and six tasks add fewer threads than six producers', async () => {
    const single = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers, properties: { 'task.hosts.max': '1' } });
    await single.start();
    try {
      const dir = single.workDir;
      const output = join(dir, 'shared-output.txt');
      const names = ['a', 'b', 'c', 'd', 'e', 'f'];
      const inputOf = (n: string) => join(dir, `shared-${n}.txt`);
      const createSource = async (n: string) => {
        await writeFile(inputOf(n), numbered(0, 100, `shared-${n}`));
        assert.equal((await rest(single.url, 'POST', '/connectors', {
          name: `shared-${n}`,
          config: { 'connector.class': 'FileStreamSource', file: inputOf(n), topic: `shared-lines-${n}` },
        })).status, 201);
      };
      const running = (name: string) => eventually(`${name} RUNNING`, async () => {
        const answer = await rest<Status>(single.url, 'GET', `/connectors/${name}/status`);
        return answer.status === 200 && answer.body.tasks.length === 1 && answer.body.tasks[0]!.state === 'RUNNING' ? true : undefined;
      });
      const arrived = (expected: string[]) => eventually(`${expected.length} lines in the output`, async () => {
        const got = new Set(await lines(output));
        return expected.every((l) => got.has(l)) ? true : undefined;
      });

      // The sink subscribes by pattern once every topic exists: a consumer finds topics created
      // later only at its next metadata refresh (metadata.max.age.ms, 5 minutes).
      await createSource('a');
      await running('shared-a');
      const before = threadsOf(single.pid!);
      for (const n of names.slice(1)) await createSource(n);
      for (const n of names.slice(1)) await running(`shared-${n}`);
      const added = threadsOf(single.pid!) - before;
      // A producer of its own per task costs a librdkafka instance of four or more threads each.
      assert.ok(added < 2 * (names.length - 1), `${added} threads added by ${names.length - 1} source tasks`);

      for (const n of names) {
        await eventually(`shared-${n} used its topic`, async () => {
          const answer = await rest<Record<string, { topics: string[] }>>(single.url, 'GET', `/connectors/shared-${n}/topics`);
          return answer.body[`shared-${n}`]?.topics.includes(`shared-lines-${n}`) ? true : undefined;
        });
      }
      assert.equal((await rest(single.url, 'POST', '/connectors', {
        name: 'shared-sink',
        config: { 'connector.class': 'FileStreamSink', file: output, 'topics.regex': 'shared-lines-.*' },
      })).status, 201);
      await arrived(names.flatMap((n) => numbered(0, 100, `shared-${n}`).trim().split('\n')));

      for (const n of ['a', 'b', 'c']) assert.equal((await rest(single.url, 'DELETE', `/connectors/shared-${n}`)).status, 204);
      for (const n of ['d', 'e', 'f']) await appendFile(inputOf(n), numbered(100, 50, `shared-${n}`));
      await arrived(['d', 'e', 'f'].flatMap((n) => numbered(0, 150, `shared-${n}`).trim().split('\n')));
    } finally {
      await single.stop();
      await rm(single.workDir, { recursive: true, force: true });
    }
  });
});
