// tsconnect's contexts against our worker behind https and basic authentication: a context with
// the CA file and credentials works, so does one with the insecure flag; without the CA the TLS
// check refuses the worker, and without credentials the worker refuses the CLI (exit 1 each).
import { freePort, KafkaBroker, makeTestCertificates, repoRoot, type TestCertificates } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { WorkerProcess } from '../support/worker-process.js';

const run = promisify(execFile);
const CLI = join(repoRoot(), 'packages', 'runtime', 'dist', 'src', 'cli-client', 'tsconnect.js');

let certs: TestCertificates;
let broker: KafkaBroker;
let worker: WorkerProcess;
let dir: string;

async function tsconnect(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, TSCONNECT_CONFIG: join(dir, 'config.json') } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

before(async () => {
  certs = makeTestCertificates();
  dir = await mkdtemp(join(tmpdir(), 'cli-secured-'));
  await writeFile(join(dir, 'users.properties'), 'operator=op-secret\n');
  broker = await KafkaBroker.start();
  const [http, https] = [await freePort(), await freePort()];
  worker = await WorkerProcess.create({
    bootstrapServers: broker.bootstrapServers,
    authorization: `Basic ${Buffer.from('operator:op-secret').toString('base64')}`,
    properties: {
      // The plain listener comes first: it is the one the harness checks for readiness.
      listeners: `http://127.0.0.1:${http},https://127.0.0.1:${https}`,
      'listeners.https.ssl.keystore.type': 'PEM',
      'listeners.https.ssl.keystore.location': certs.server.keyStoreFile,
      'rest.basic.auth.credentials.file': join(dir, 'users.properties'),
    },
  });
  await worker.start();
  const url = `https://127.0.0.1:${https}`;
  const credentials = { username: 'operator', password: 'op-secret' };
  await writeFile(join(dir, 'config.json'), JSON.stringify({
    currentContext: 'trusted',
    contexts: {
      trusted: { url, caFile: certs.caFile, ...credentials },
      insecure: { url, insecure: true, ...credentials },
      untrusted: { url, ...credentials },
      anonymous: { url, caFile: certs.caFile },
    },
  }));
});

after(async () => {
  await worker?.stop();
  await broker?.stop();
  if (worker) await rm(worker.workDir, { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
  certs?.remove();
});

test('the current context: the CA file verifies the worker, the credentials authenticate', async () => {
  const printed = await tsconnect('get', 'connectors');
  assert.deepEqual(printed, { code: 0, stdout: 'NAME  TYPE  STATE  TASKS  CLASS\n', stderr: '' });
});

test('--insecure accepts the worker\'s certificate without the CA', async () => {
  assert.equal((await tsconnect('--context', 'insecure', 'get', 'connectors')).code, 0);
});

test('without the CA the certificate is refused', async () => {
  const printed = await tsconnect('--context', 'untrusted', 'get', 'connectors');
  assert.equal(printed.code, 1);
  assert.match(printed.stderr, /certificate/i);
});

test('without credentials the worker answers 401', async () => {
  const printed = await tsconnect('--context', 'anonymous', 'get', 'connectors');
  assert.equal(printed.code, 1);
  assert.match(printed.stderr, /\(HTTP 401\)/);
});
