// A worker on a secured cluster, configured as users configure Java workers: SASL_SSL with
// SCRAM-SHA-256 and a PEM trust store, for the worker's own clients and (prefixed) for its
// tasks' producers and consumers. Wrong credentials stop start-up with a clear message.
import { freePort, KafkaBroker, makeTestCertificates, ManagedProcess, repoRoot, type TestCertificates } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { eventually, rest, WorkerProcess } from '../support/worker-process.js';

const SCRAM = 'org.apache.kafka.common.security.scram.ScramLoginModule';

let certs: TestCertificates;
let broker: KafkaBroker;
let secured: string;
let worker: WorkerProcess | undefined;

function clientSecurity(password: string): Record<string, string> {
  const settings: Record<string, string> = {
    'security.protocol': 'SASL_SSL',
    'sasl.mechanism': 'SCRAM-SHA-256',
    'sasl.jaas.config': `${SCRAM} required username="alice" password="${password}";`,
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': certs.caFile,
  };
  const all: Record<string, string> = { ...settings };
  // Kafka's worker gives its tasks' clients only the prefixed settings.
  for (const prefix of ['producer.', 'consumer.', 'admin.']) {
    for (const [k, v] of Object.entries(settings)) all[`${prefix}${k}`] = v;
  }
  return all;
}

before(async () => {
  certs = makeTestCertificates();
  const port = await freePort();
  const controllerPort = await freePort();
  const securedPort = await freePort();
  secured = `127.0.0.1:${securedPort}`;
  broker = await KafkaBroker.start({
    port,
    controllerPort,
    scramUsers: [{ mechanism: 'SCRAM-SHA-256', name: 'alice', password: 'alice-secret' }],
    brokerProperties: {
      listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort},SASL_SSL://127.0.0.1:${securedPort}`,
      'advertised.listeners': `PLAINTEXT://127.0.0.1:${port},SASL_SSL://127.0.0.1:${securedPort}`,
      'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL',
      'sasl.enabled.mechanisms': 'SCRAM-SHA-256',
      'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config': `${SCRAM} required;`,
      'ssl.keystore.type': 'PEM',
      'ssl.keystore.location': certs.server.keyStoreFile,
    },
  });
});

after(async () => {
  await worker?.stop();
  await broker?.stop();
  if (worker) await rm(worker.workDir, { recursive: true, force: true });
  certs?.remove();
});

test('a worker with Java-style SASL_SSL/SCRAM settings runs a source and a sink pipeline', async () => {
  worker = await WorkerProcess.create({ bootstrapServers: secured, properties: clientSecurity('alice-secret') });
  await worker.start();
  const input = join(worker.workDir, 'input.txt');
  const output = join(worker.workDir, 'output.txt');
  let text = '';
  for (let i = 0; i < 2000; i++) text += `secured-${i}\n`;
  await writeFile(input, text);
  assert.equal((await rest(worker.url, 'POST', '/connectors', {
    name: 'secured-source',
    config: { 'connector.class': 'FileStreamSource', file: input, topic: 'secured-lines' },
  })).status, 201);
  assert.equal((await rest(worker.url, 'POST', '/connectors', {
    name: 'secured-sink',
    config: { 'connector.class': 'FileStreamSink', file: output, topics: 'secured-lines' },
  })).status, 201);
  const lines = await eventually('every line through the secured cluster', async () => {
    if (!existsSync(output)) return undefined;
    const out = (await readFile(output, 'utf8')).trim().split('\n');
    return out.length >= 2000 ? out : undefined;
  });
  assert.equal(lines[1999], 'secured-1999');
});

test('wrong credentials stop start-up with a message saying authentication failed', async () => {
  const bad = await WorkerProcess.create({ bootstrapServers: secured, properties: clientSecurity('wrong-password') });
  const cli = join(repoRoot(), 'packages/runtime/dist/src/cli/connect-distributed.js');
  const process = new ManagedProcess({ name: 'worker with bad credentials', command: globalThis.process.execPath, args: [cli, bad.propertiesFile], logFile: join(bad.workDir, 'worker.log') });
  await eventually('the worker to give up', async () => (process.isRunning ? undefined : true));
  assert.equal(await process.stop(), 1, 'start-up fails with exit code 1');
  assert.match(process.tail(), /authentication with the Kafka brokers failed/i);
  assert.doesNotMatch(process.tail(), /wrong-password/, 'the password is not logged');
  await rm(bad.workDir, { recursive: true, force: true });
});
