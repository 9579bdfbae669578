// connect-standalone with connector properties files: the file pipeline runs, and a restarted
// worker resumes from its offset file.
import { KafkaBroker } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { eventually, rest, WorkerProcess } from '../support/worker-process.js';

let broker: KafkaBroker;
let worker: WorkerProcess;

before(async () => {
  broker = await KafkaBroker.start();
});

after(async () => {
  await worker?.stop();
  await broker?.stop();
  if (worker) await rm(worker.workDir, { recursive: true, force: true });
});

async function lines(file: string): Promise<string[]> {
  if (!existsSync(file)) return [];
  const text = await readFile(file, 'utf8');
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

function numbered(from: number, count: number): string {
  let out = '';
  for (let i = from; i < from + count; i++) out += `line-${i}\n`;
  return out;
}

test('a standalone worker runs the file pipeline from properties files and resumes from its offset file', async () => {
  worker = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers, mode: 'standalone' });
  const input = join(worker.workDir, 'input.txt');
  const output = join(worker.workDir, 'output.txt');
  const sourceFile = join(worker.workDir, 'source.properties');
  const sinkFile = join(worker.workDir, 'sink.properties');
  await writeFile(sourceFile, `name=standalone-source\nconnector.class=FileStreamSource\nfile=${input}\ntopic=standalone-lines\n`);
  await writeFile(sinkFile, `name=standalone-sink\nconnector.class=org.apache.kafka.connect.file.FileStreamSinkConnector\nfile=${output}\ntopics=standalone-lines\n`);
  await writeFile(input, numbered(0, 10_000));
  worker = await WorkerProcess.create({
    bootstrapServers: broker.bootstrapServers,
    mode: 'standalone',
    workDir: worker.workDir,
    connectorFiles: [sourceFile, sinkFile],
  });
  await worker.start();

  await eventually('10,000 lines', async () => ((await lines(output)).length >= 10_000 ? true : undefined));
  const connectors = await rest<string[]>(worker.url, 'GET', '/connectors');
  assert.deepEqual([...connectors.body].sort(), ['standalone-sink', 'standalone-source']);
  const offsets = await rest<{ offsets: { partition: Record<string, unknown>; offset: Record<string, unknown> }[] }>(
    worker.url, 'GET', '/connectors/standalone-source/offsets');
  assert.equal(offsets.body.offsets.length, 1);
  assert.deepEqual(offsets.body.offsets[0]!.partition, { filename: input });

  await worker.stop();
  await appendFile(input, numbered(10_000, 500));
  await worker.start();
  const got = await eventually('the appended lines', async () => {
    const out = await lines(output);
    return out.length >= 10_500 ? out : undefined;
  });
  // A clean stop flushed the offsets: the source carried on from them, no line came twice.
  assert.equal(got.length, 10_500);
  for (let i = 0; i < got.length; i++) if (got[i] !== `line-${i}`) assert.fail(`line ${i} is ${got[i]}`);
});
