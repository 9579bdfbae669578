// Failures through the worker: a task that throws fails with its trace; a record that fails
// conversion is named (topic, partition, offset) in the failed task's trace and the error log line;
// with errors.tolerance=all and a dead letter queue, records that fail conversion go to the DLQ
// with Kafka's context headers and the rest flow on.
import { KafkaJS } from '@confluentinc/kafka-javascript';
import { KafkaBroker } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { eventually, rest, WorkerProcess } from '../support/worker-process.js';

interface Status {
  connector: { state: string; trace?: string };
  tasks: { id: number; state: string; trace?: string }[];
}

let broker: KafkaBroker;
let worker: WorkerProcess;
let kafka: KafkaJS.Kafka;

before(async () => {
  broker = await KafkaBroker.start();
  worker = await WorkerProcess.create({
    bootstrapServers: broker.bootstrapServers,
    properties: { 'value.converter.schemas.enable': 'false', 'key.converter.schemas.enable': 'false' },
  });
  await worker.start();
  kafka = new KafkaJS.Kafka({ kafkaJS: { brokers: [broker.bootstrapServers], logLevel: KafkaJS.logLevel.ERROR } });
});

after(async () => {
  await worker?.stop();
  await broker?.stop();
  if (worker) await rm(worker.workDir, { recursive: true, force: true });
});

async function produce(topic: string, values: string[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: values.map((value) => ({ value })) });
  await producer.disconnect();
}

test('a task that throws is FAILED with its trace in /status, and the connector stays RUNNING', async () => {
  // A directory cannot be opened as the sink's output file.
  const created = await rest(worker.url, 'POST', '/connectors', {
    name: 'broken-sink',
    config: { 'connector.class': 'FileStreamSink', topics: 'broken-input', file: worker.workDir },
  });
  assert.equal(created.status, 201);
  await produce('broken-input', ['"one"']);
  const status = await eventually('the task FAILED', async () => {
    const s = await rest<Status>(worker.url, 'GET', '/connectors/broken-sink/status');
    return s.status === 200 && s.body.tasks[0]?.state === 'FAILED' ? s.body : undefined;
  });
  assert.equal(status.connector.state, 'RUNNING');
  const trace = status.tasks[0]!.trace!;
  assert.match(trace.split('\n')[0]!, /^org\.apache\.kafka\.connect\.errors\.ConnectException: /);
  assert.match(trace, /EISDIR|directory/i);
  assert.match(trace, /\n\tat /, 'the trace carries the stack');
  const task = await rest<{ state: string; trace?: string }>(worker.url, 'GET', '/connectors/broken-sink/tasks/0/status');
  assert.equal(task.body.state, 'FAILED');
  assert.equal(task.body.trace, trace);
});

test('a record that fails conversion is named in the task trace and the log line, without its value; a header of mixed map values passes', async () => {
  const output = join(worker.workDir, 'strict-sink.txt');
  const created = await rest(worker.url, 'POST', '/connectors', {
    name: 'strict-sink',
    config: { 'connector.class': 'FileStreamSink', topics: 'strict-input', file: output, 'errors.log.enable': 'true' },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const producer = kafka.producer();
  await producer.connect();
  // Debezium's __debezium.oldkey of a composite key: SimpleHeaderConverter reads a map of mixed values.
  await producer.send({ topic: 'strict-input', messages: [{ value: '"good"', headers: { '__debezium.oldkey': '{"region":"north","item_id":1}' } }] });
  // A batch is converted whole before put(): the bad record goes out only once the good one was
  // written, or both may arrive in one batch and the good one is never put (seen once on CI).
  await eventually('the record with the map header written', async () =>
    ((await readFile(output, 'utf8').catch(() => '')).includes('good') ? true : undefined));
  await producer.send({ topic: 'strict-input', messages: [{ value: 'secret-not-json' }] });
  await producer.disconnect();

  const status = await eventually('the task FAILED', async () => {
    const s = await rest<Status>(worker.url, 'GET', '/connectors/strict-sink/status');
    return s.status === 200 && s.body.tasks[0]?.state === 'FAILED' ? s.body : undefined;
  });
  assert.deepEqual((await readFile(output, 'utf8')).trim().split('\n'), ['good'], 'the record with the map header was written');
  const coordinates = "Executing stage 'VALUE_CONVERTER' with class 'org.apache.kafka.connect.json.JsonConverter', where consumed record is {topic='strict-input', partition=0, offset=1, timestamp=";
  const trace = status.tasks[0]!.trace!;
  assert.ok(trace.startsWith(`org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler. ${coordinates}`), trace);
  assert.doesNotMatch(trace, /secret-not-json/);
  const log = await readFile(join(worker.workDir, 'worker.log'), 'utf8');
  const line = log.split('\n').find((l) => l.includes('Error encountered in task strict-sink-0.'));
  assert.ok(line?.includes(coordinates), line);
  assert.ok(!line!.includes('secret-not-json'));
});

test('with errors.tolerance=all, records that fail conversion go to the DLQ with context headers; the rest flow on', async () => {
  const output = join(worker.workDir, 'dlq-sink.txt');
  const created = await rest(worker.url, 'POST', '/connectors', {
    name: 'tolerant-sink',
    config: {
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
      topics: 'mixed-input',
      file: output,
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'mixed-dlq',
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await produce('mixed-input', ['"good-1"', 'not json at all', '"good-2"', '{broken', '"good-3"']);

  const lines = await eventually('the good records in the sink file', async () => {
    if (!existsSync(output)) return undefined;
    const text = (await readFile(output, 'utf8')).trim().split('\n');
    return text.length >= 3 ? text : undefined;
  });
  assert.deepEqual(lines, ['good-1', 'good-2', 'good-3']);

  const consumer = kafka.consumer({ kafkaJS: { groupId: 'dlq-check', fromBeginning: true } });
  await consumer.connect();
  await consumer.subscribe({ topic: 'mixed-dlq' });
  const dead: { value: string; headers: Record<string, string> }[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
        dead.push({ value: message.value!.toString(), headers });
        if (dead.length === 2) resolve();
      },
    });
  });
  await consumer.disconnect();
  assert.deepEqual(dead.map((d) => d.value), ['not json at all', '{broken']);
  const headers = dead[0]!.headers;
  assert.equal(headers['__connect.errors.topic'], 'mixed-input');
  assert.equal(headers['__connect.errors.partition'], '0');
  assert.equal(headers['__connect.errors.offset'], '1');
  assert.equal(headers['__connect.errors.connector.name'], 'tolerant-sink');
  assert.equal(headers['__connect.errors.task.id'], '0');
  assert.equal(headers['__connect.errors.stage'], 'VALUE_CONVERTER');
  assert.equal(headers['__connect.errors.class.name'], 'org.apache.kafka.connect.json.JsonConverter');
  assert.equal(headers['__connect.errors.exception.class.name'], 'org.apache.kafka.connect.errors.DataException');
  assert.ok(headers['__connect.errors.exception.message']);
  assert.ok(headers['__connect.errors.exception.stacktrace']);

  const status = await rest<Status>(worker.url, 'GET', '/connectors/tolerant-sink/status');
  assert.equal(status.body.tasks[0]!.state, 'RUNNING');
});
