#!/usr/bin/env node
// The main job on an embedded default: a local Kafka broker (the newest pinned release) on 127.0.0.1:9092 (data in var/kafka),
// our worker on http://127.0.0.1:8083 with etc/connect-distributed.properties, and a small
// file-to-file pipeline (etc/connect-file-source.properties -> topic connect-test ->
// etc/connect-file-sink.properties). Ctrl-C stops the worker, then the broker.
import { spawn } from 'node:child_process';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPortOpen, KAFKA_LATEST_VERSION, KafkaBroker } from '../packages/testinfra/dist/src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const REST = 'http://127.0.0.1:8083';
const KAFKA_PORT = Number(process.env.KAFKA_PORT ?? 9092);

for (const [port, what] of [[KAFKA_PORT, 'Kafka'], [8083, 'the worker']]) {
  if (await isPortOpen(port)) {
    console.error(`Port ${port} for ${what} is already in use: is an earlier "npm start" still running?`);
    process.exit(1);
  }
}

console.log(`Starting Kafka ${KAFKA_LATEST_VERSION} on 127.0.0.1:${KAFKA_PORT} (data in var/kafka) ...`);
const broker = await KafkaBroker.start({
  port: KAFKA_PORT,
  controllerPort: Number(process.env.KAFKA_CONTROLLER_PORT ?? 9093),
  dataDir: join(root, 'var', 'kafka'),
  ownProcessGroup: true,
  version: KAFKA_LATEST_VERSION,
});
console.log(`Kafka broker listening on ${broker.bootstrapServers} (log ${broker.logFile})`);

await mkdir(join(root, 'var', 'connect'), { recursive: true });
const worker = spawn(process.execPath, [join(root, 'packages/runtime/dist/src/cli/connect-distributed.js'), 'etc/connect-distributed.properties'], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
  // Its own process group: Ctrl-C reaches this script, which stops the worker, then Kafka.
  detached: true,
});
const workerExited = new Promise((resolve) => worker.once('exit', resolve));

async function rest(method, path, body) {
  const response = await fetch(`${REST}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.text() };
}

async function properties(file) {
  const { readFile } = await import('node:fs/promises');
  const out = {};
  for (const line of (await readFile(join(root, file), 'utf8')).split('\n')) {
    const m = /^\s*([^#!=\s][^=]*?)\s*=\s*(.*)$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

let ready = false;
for (let i = 0; i < 600 && !ready && worker.exitCode === null; i++) {
  ready = await rest('GET', '/').then((r) => r.status === 200, () => false);
  if (!ready) await new Promise((r) => setTimeout(r, 200));
}
if (!ready) {
  console.error('The worker did not come up; stopping Kafka.');
  worker.kill('SIGTERM');
  await broker.stop();
  process.exit(1);
}

// PUT .../config creates or updates, so a second `npm start` finds the same pipeline.
for (const file of ['etc/connect-file-source.properties', 'etc/connect-file-sink.properties']) {
  const config = await properties(file);
  for (let attempt = 0; attempt < 50; attempt++) {
    const answer = await rest('PUT', `/connectors/${config.name}/config`, config);
    if (answer.status === 200 || answer.status === 201) break;
    if (answer.status !== 409) {
      console.error(`Creating ${config.name} failed: ${answer.status} ${answer.body}`);
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
await appendFile(join(root, 'var/connect/test.txt'), `hello from npm start at ${new Date().toISOString()}\n`);

console.log(`
Kafka Connect worker on ${REST}, Kafka on ${broker.bootstrapServers}.
Operator console: ${REST}/ui (docs/console.md); command line: node packages/runtime/dist/src/cli-client/tsconnect.js get connectors (docs/cli.md).
A file pipeline runs: lines appended to var/connect/test.txt arrive in var/connect/test.sink.txt.

  echo "another line" >> var/connect/test.txt; cat var/connect/test.sink.txt
  curl -s ${REST}/ ; echo
  curl -s ${REST}/connectors?expand=status ; echo
  curl -s ${REST}/connectors/local-file-source/status ; echo
  curl -s -X PUT ${REST}/connectors/local-file-source/pause
  curl -s -X PUT ${REST}/connectors/local-file-source/resume
  curl -s ${REST}/connector-plugins ; echo

Ctrl-C stops the worker and the broker.`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log('Stopping the worker ...');
  if (worker.exitCode === null) worker.kill('SIGTERM');
  await workerExited;
  console.log('Stopping Kafka ...');
  await broker.stop();
  process.exit(0);
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
workerExited.then((code) => {
  if (!stopping) {
    console.error(`The worker exited (code ${code}); stopping Kafka.`);
    void shutdown();
  }
});
