// REST basic authentication on a two-worker group: requests without or with wrong credentials
// get 401; with the right ones, writes sent to either worker succeed, so the follower's
// forwarding to the leader carried the caller's Authorization.
import { KafkaBroker } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { eventually, WorkerProcess } from '../support/worker-process.js';

let broker: KafkaBroker;
let dir: string;
const workers: WorkerProcess[] = [];
const auth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function call(url: string, method: string, path: string, authorization?: string, body?: unknown): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {};
  if (authorization) headers['authorization'] = authorization;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, text: await response.text() };
}

before(async () => {
  broker = await KafkaBroker.start();
  dir = await mkdtemp(join(tmpdir(), 'tsconnect-auth-'));
  const credentials = join(dir, 'credentials.properties');
  await writeFile(credentials, 'admin=admin-secret\nops=ops-secret\n');
  const shared = {
    'group.id': 'auth-cluster',
    'config.storage.topic': 'auth-configs',
    'offset.storage.topic': 'auth-offsets',
    'status.storage.topic': 'auth-status',
    'rest.basic.auth.credentials.file': credentials,
  };
  for (let i = 0; i < 2; i++) {
    const worker = await WorkerProcess.create({
      bootstrapServers: broker.bootstrapServers,
      properties: shared,
      authorization: auth('admin', 'admin-secret'),
    });
    workers.push(worker);
  }
  await Promise.all(workers.map((w) => w.start()));
});

after(async () => {
  for (const w of workers) await w.stop();
  await broker?.stop();
  for (const w of workers) await rm(w.workDir, { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('missing or wrong credentials get 401 on every endpoint', async () => {
  for (const worker of workers) {
    for (const path of ['/', '/connectors', '/connector-plugins', '/admin/loggers']) {
      assert.equal((await call(worker.url, 'GET', path)).status, 401, `${path} without credentials`);
      assert.equal((await call(worker.url, 'GET', path, auth('admin', 'nope'))).status, 401, `${path} with a wrong password`);
      assert.equal((await call(worker.url, 'GET', path, auth('nobody', 'admin-secret'))).status, 401, `${path} with an unknown user`);
      assert.equal((await call(worker.url, 'GET', path, auth('admin', 'admin-secret'))).status, 200, `${path} with the right credentials`);
    }
  }
});

test('writes through either worker succeed with the caller\'s credentials, forwarded to the leader', async () => {
  for (const [i, worker] of workers.entries()) {
    const created = await eventually(`create through worker ${i}`, async () => {
      const answer = await call(worker.url, 'POST', '/connectors', auth('ops', 'ops-secret'), {
        name: `auth-sink-${i}`,
        config: { 'connector.class': 'FileStreamSink', topics: 'auth-lines', file: join(dir, `out-${i}.txt`) },
      });
      return answer.status === 409 && answer.text.includes('rebalance') ? undefined : answer;
    });
    assert.equal(created.status, 201, created.text);
  }
  // A worker lists the connectors it has read from the config topic, as Java's does: one created
  // through the other worker (when that one leads) shows up here once this worker has read it.
  const listed = await eventually('both connectors listed by worker 0', async () => {
    const list = await call(workers[0]!.url, 'GET', '/connectors', auth('admin', 'admin-secret'));
    const names = (JSON.parse(list.text) as string[]).sort();
    return names.length >= 2 ? names : undefined;
  });
  assert.deepEqual(listed, ['auth-sink-0', 'auth-sink-1']);
  const refused = await call(workers[1]!.url, 'POST', '/connectors', auth('ops', 'wrong'), {
    name: 'refused',
    config: { 'connector.class': 'FileStreamSink', topics: 'auth-lines', file: join(dir, 'refused.txt') },
  });
  assert.equal(refused.status, 401);
});
