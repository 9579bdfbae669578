// Issue 9, KIP-507: in a sessioned group the leader writes the session key to the config topic in
// Kafka's format and rotates it every inter.worker.key.ttl.ms; internal requests must carry an
// HMAC of their body under the current key, and are refused as Kafka refuses them otherwise.
import { KafkaJS } from '@confluentinc/kafka-javascript';
import { KafkaBroker } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { eventually, rest, WorkerProcess } from '../support/worker-process.js';
import { groupProperties } from './cluster-support.js';

interface SessionKeyRecord {
  key: string;
  algorithm: string;
  'creation-timestamp': number;
}

let broker: KafkaBroker;
let worker: WorkerProcess;
let consumer: KafkaJS.Consumer;
const sessionKeys: SessionKeyRecord[] = [];

before(async () => {
  broker = await KafkaBroker.start();
  worker = await WorkerProcess.create({
    bootstrapServers: broker.bootstrapServers,
    properties: groupProperties('signing', { 'connect.protocol': 'sessioned', 'inter.worker.key.ttl.ms': '6000' }),
  });
  await worker.start();
  const kafka = new KafkaJS.Kafka({ kafkaJS: { brokers: [broker.bootstrapServers], logLevel: KafkaJS.logLevel.ERROR } });
  consumer = kafka.consumer({ kafkaJS: { groupId: 'signing-test-reader', fromBeginning: true } });
  await consumer.connect();
  await consumer.subscribe({ topic: 'signing-configs' });
  void consumer.run({
    eachMessage: async ({ message }) => {
      if (message.key?.toString() === 'session-key' && message.value) sessionKeys.push(JSON.parse(message.value.toString()) as SessionKeyRecord);
    },
  });
});

after(async () => {
  await consumer?.disconnect();
  await worker?.stop();
  await broker?.stop();
  if (worker) await rm(worker.workDir, { recursive: true, force: true });
});

async function postTasks(body: string, headers: Record<string, string> = {}): Promise<{ status: number; message?: string }> {
  const response = await fetch(`${worker.url}/connectors/sink/tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, ...(text ? { message: (JSON.parse(text) as { message: string }).message } : {}) };
}

function signed(key: Buffer, body: string, algorithm = 'HmacSHA256', digest = 'sha256'): Record<string, string> {
  return {
    'X-Connect-Authorization': createHmac(digest, key).update(body).digest('base64'),
    'X-Connect-Request-Signature-Algorithm': algorithm,
  };
}

const taskBody = (marker: string) =>
  JSON.stringify([{ 'task.class': 'org.apache.kafka.connect.file.FileStreamSinkTask', topics: 'stream', file: join(worker.workDir, 'out.txt'), marker }]);

async function markerOfTask0(): Promise<string | undefined> {
  const tasks = await rest<{ config: Record<string, string> }[]>(worker.url, 'GET', '/connectors/sink/tasks');
  return tasks.status === 200 ? tasks.body[0]?.config['marker'] : undefined;
}

test('the leader writes a session key in Kafka\'s record format', async () => {
  const first = await eventually('a session key in the config topic', async () => sessionKeys[0]);
  assert.equal(first.algorithm, 'HmacSHA256');
  assert.equal(Buffer.from(first.key, 'base64').length, 32);
  assert.equal(typeof first['creation-timestamp'], 'number');
  const created = await rest(worker.url, 'POST', '/connectors', {
    name: 'sink',
    config: { 'connector.class': 'FileStreamSink', topics: 'stream', file: join(worker.workDir, 'out.txt'), 'tasks.max': '1' },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await eventually('task configs', async () => ((await rest<unknown[]>(worker.url, 'GET', '/connectors/sink/tasks')).body?.length === 1 ? true : undefined));
});

test('unsigned, wrongly signed and disallowed-algorithm internal requests are refused', async () => {
  const body = taskBody('forged');
  assert.deepEqual(await postTasks(body), { status: 400, message: 'Internal request missing required signature' });
  assert.deepEqual(await postTasks(body, signed(randomBytes(32), body)), { status: 403, message: 'Internal request contained invalid signature.' });
  const current = Buffer.from(sessionKeys[sessionKeys.length - 1]!.key, 'base64');
  const wrongAlgorithm = await postTasks(body, signed(current, body, 'HmacSHA512', 'sha512'));
  assert.equal(wrongAlgorithm.status, 400);
  assert.match(wrongAlgorithm.message!, /does not support the 'HmacSHA512' key signing algorithm/);
  assert.deepEqual(await postTasks(body, { 'X-Connect-Authorization': '%%%', 'X-Connect-Request-Signature-Algorithm': 'HmacSHA256' }).then((a) => a.status), 400);
  assert.notEqual(await markerOfTask0(), 'forged');
});

test('a request signed with the current key is accepted; the key rotates and the old one stops working', async () => {
  const accepted = await eventually('a request signed with the newest key accepted', async () => {
    const body = taskBody('signed');
    const key = Buffer.from(sessionKeys[sessionKeys.length - 1]!.key, 'base64');
    const answer = await postTasks(body, signed(key, body));
    return answer.status < 300 ? answer : undefined;
  });
  assert.equal(accepted.status, 204);
  await eventually('the signed task config written', async () => ((await markerOfTask0()) === 'signed' ? true : undefined));

  const first = sessionKeys[0]!;
  const rotated = await eventually('a second session key', async () => sessionKeys.find((k) => k.key !== first.key));
  assert.ok(rotated['creation-timestamp'] > first['creation-timestamp']);
  // Once a request signed with the new key passes, the worker holds the new key, and the old one must fail.
  await eventually('a request signed with the rotated key accepted', async () => {
    const body = taskBody('rotated');
    const newest = sessionKeys[sessionKeys.length - 1]!;
    if (newest.key === first.key) return undefined;
    return (await postTasks(body, signed(Buffer.from(newest.key, 'base64'), body))).status === 204 ? true : undefined;
  });
  const body = taskBody('stale');
  const refused = await postTasks(body, signed(Buffer.from(first.key, 'base64'), body));
  assert.deepEqual(refused, { status: 403, message: 'Internal request contained invalid signature.' });
  await eventually('the rotated-key config written', async () => ((await markerOfTask0()) === 'rotated' ? true : undefined));
  assert.notEqual(await markerOfTask0(), 'stale');
});
