// Takeover between Kafka's Connect worker (4.1.1 and 4.4.0 in turn) and ours, both ways. One worker creates a file
// source and a file sink in a Connect cluster (group.id and internal topics), moves lines from a
// file through a topic into another file, stores the source offsets (offset topic) and the sink's
// consumer offsets (group connect-<name>), and stops. The other worker then starts with the same
// group.id and topics and must carry on: it reads the stored connectors and offsets, the source
// goes on from the stored position, and the sink file ends with every line exactly once (a
// graceful stop commits every offset, so at-least-once allows no repeat here). JsonConverter on
// both sides (schemas enabled).
import { JavaConnectWorker, KafkaBroker, type KafkaVersion } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { compatKafkaVersions } from '../support/kafka-versions.js';
import { eventually, rest, WorkerProcess, type RestAnswer } from '../support/worker-process.js';

const BATCH = 400;

interface Worker {
  url: string;
  stop(): Promise<void>;
}

interface Status {
  connector: { state: string; worker_id: string };
  tasks: { state: string; worker_id: string }[];
}

interface Offsets {
  offsets: { partition: Record<string, unknown>; offset: Record<string, unknown> }[];
}

let broker: KafkaBroker;
/** The Kafka release compared with now: the Java worker's, and the one ours claims. */
let version: KafkaVersion;
const started: Worker[] = [];
const dirs: string[] = [];

function clusterProperties(cluster: string): Record<string, string> {
  return {
    'group.id': `${cluster}-group`,
    'config.storage.topic': `${cluster}-configs`,
    'offset.storage.topic': `${cluster}-offsets`,
    'status.storage.topic': `${cluster}-status`,
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'true',
    'value.converter.schemas.enable': 'true',
    'offset.flush.interval.ms': '500',
  };
}

async function startJava(cluster: string): Promise<Worker> {
  const worker = await JavaConnectWorker.start({ bootstrapServers: broker.bootstrapServers, properties: clusterProperties(cluster), heapMb: 512, version });
  started.push(worker);
  return worker;
}

async function startOurs(cluster: string): Promise<Worker> {
  const worker = await WorkerProcess.create({
    bootstrapServers: broker.bootstrapServers,
    properties: { ...clusterProperties(cluster), 'compatibility.kafka.version': version },
  });
  started.push({ url: worker.url, stop: async () => { await worker.stop(); await rm(worker.workDir, { recursive: true, force: true }); } });
  await worker.start();
  return worker;
}

/** Stops a worker now (gracefully), so that `after` does not stop it again. */
async function stopWorker(worker: Worker): Promise<void> {
  const index = started.findIndex((w) => w.url === worker.url);
  await started[index]!.stop();
  started.splice(index, 1);
}

async function lines(file: string): Promise<string[]> {
  if (!existsSync(file)) return [];
  const text = await readFile(file, 'utf8');
  return text.length === 0 ? [] : text.replace(/\n$/, '').split('\n');
}

function batch(tag: string): string[] {
  return Array.from({ length: BATCH }, (_, i) => `${tag}-${i}`);
}

/** POST /connectors; a 409 while the worker is still joining its group (or rebalancing) is retried, bounded. */
async function create(worker: Worker, name: string, config: Record<string, string>): Promise<RestAnswer> {
  let answer: RestAnswer | undefined;
  for (let attempt = 0; attempt < 100; attempt++) {
    answer = await rest(worker.url, 'POST', '/connectors', { name, config });
    if (answer.status !== 409) return answer;
    await new Promise((r) => setTimeout(r, 200));
  }
  return answer!;
}

async function waitForRunning(worker: Worker, name: string): Promise<Status> {
  return eventually(`${name} RUNNING on ${worker.url}`, async () => {
    const answer = await rest<Status>(worker.url, 'GET', `/connectors/${name}/status`);
    if (answer.status !== 200) return undefined;
    const s = answer.body;
    return s.connector.state === 'RUNNING' && s.tasks.length === 1 && s.tasks[0]!.state === 'RUNNING' ? s : undefined;
  });
}

/** The file connectors' offsets once the source has read `bytes` and the sink has committed `records`. */
async function storedOffsets(worker: Worker, source: string, sink: string, bytes: number, records: number): Promise<[Offsets, Offsets]> {
  const sourceOffsets = await eventually(`${source} offsets at ${bytes}`, async () => {
    const answer = await rest<Offsets>(worker.url, 'GET', `/connectors/${source}/offsets`);
    return answer.body.offsets.length === 1 && answer.body.offsets[0]!.offset.position === bytes ? answer.body : undefined;
  });
  const sinkOffsets = await eventually(`${sink} offsets at ${records}`, async () => {
    const answer = await rest<Offsets>(worker.url, 'GET', `/connectors/${sink}/offsets`);
    return answer.body.offsets.length === 1 && answer.body.offsets[0]!.offset.kafka_offset === records ? answer.body : undefined;
  });
  return [sourceOffsets, sinkOffsets];
}

/** The sink file holds `expected` in order, each line once. */
async function sinkHolds(file: string, expected: string[]): Promise<void> {
  const got = await eventually(`${expected.length} lines in ${file}`, async () => {
    const current = await lines(file);
    return current.length >= expected.length ? current : undefined;
  });
  const repeated = got.length - new Set(got).size;
  assert.equal(repeated, 0, 'no line written twice');
  assert.deepEqual(got, expected);
}

for (const kafkaVersion of compatKafkaVersions()) {
  describe(`with Kafka ${kafkaVersion}`, () => {
    before(async () => {
      version = kafkaVersion;
      broker = await KafkaBroker.start({ version });
    });

    after(async () => {
      for (const worker of started.splice(0)) await worker.stop();
      await broker?.stop();
      for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
    });

    for (const [first, second] of [['java', 'ours'], ['ours', 'java']] as const) {
      describe(`${first} creates the connectors and stops, ${second} takes over`, () => {
        const cluster = `takeover-${first}-first`;
        const source = `${cluster}-source`;
        const sink = `${cluster}-sink`;
        const topic = `${cluster}-lines`;
        const start = (side: 'java' | 'ours') => (side === 'java' ? startJava(cluster) : startOurs(cluster));
        let dir: string;
        let input: string;
        let output: string;
        let worker: Worker;
        let offsetsBefore: [Offsets, Offsets];
        const expected: string[] = [];

        before(async () => {
          dir = await mkdtemp(join(tmpdir(), `${cluster}-`));
          dirs.push(dir);
          input = join(dir, 'in.txt');
          output = join(dir, 'out.txt');
          await writeFile(input, '');
        });

        test(`${first} moves the first lines and stores offsets`, async () => {
          worker = await start(first);
          const created = [
            await create(worker, source, { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector', 'tasks.max': '1', file: input, topic }),
            await create(worker, sink, { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', 'tasks.max': '1', file: output, topics: topic }),
          ];
          assert.deepEqual(created.map((c) => c.status), [201, 201], JSON.stringify(created));
          await waitForRunning(worker, source);
          await waitForRunning(worker, sink);
          const firstLines = batch('a');
          expected.push(...firstLines);
          await appendFile(input, firstLines.join('\n') + '\n');
          await sinkHolds(output, expected);
          offsetsBefore = await storedOffsets(worker, source, sink, (await stat(input)).size, expected.length);
          await stopWorker(worker);
        });

        test(`${second} reads the stored connectors and offsets`, async () => {
          worker = await start(second);
          const status = await waitForRunning(worker, source);
          await waitForRunning(worker, sink);
          assert.equal(status.connector.worker_id, worker.url.replace(/^http:\/\//, ''));
          const connectors = await rest<string[]>(worker.url, 'GET', '/connectors');
          assert.deepEqual([...connectors.body].sort(), [sink, source].sort());
          const offsetsNow = await Promise.all([source, sink].map(async (name) => (await rest<Offsets>(worker.url, 'GET', `/connectors/${name}/offsets`)).body));
          assert.deepEqual(offsetsNow, offsetsBefore);
        });

        test(`${second} carries on from the stored offsets: every line once`, async () => {
          const next = batch('b');
          expected.push(...next);
          await appendFile(input, next.join('\n') + '\n');
          await sinkHolds(output, expected);
          await storedOffsets(worker, source, sink, (await stat(input)).size, expected.length);
          await stopWorker(worker);
        });
      });
    }
  });
}
