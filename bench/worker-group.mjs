// Groups of Connect workers for the group benchmarks (rebalance.mjs, scale.mjs): ours as a process
// of its own, or Kafka's Java worker as connect-distributed.sh starts it, with the same kill and stop.
import { JavaConnectWorker, freePort } from '@tsconnect/testinfra';
import { spawn } from 'node:child_process';
import { mkdtemp, open, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchWorkerProperties } from './worker-properties.mjs';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'runtime', 'dist', 'src', 'cli', 'connect-distributed.js');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Worker properties of a group `id`: its own internal topics, JSON converters, and a quick failure
 * detection (session.timeout.ms=6000, heartbeat.interval.ms=1000, scheduled.rebalance.max.delay.ms=0)
 * so both sides wait for a dead worker the same way. Kafka's default protocol: incremental
 * cooperative with signed internal requests.
 */
export function groupProperties(bootstrapServers, id) {
  return {
    ...benchWorkerProperties(bootstrapServers, id),
    'offset.storage.partitions': '5',
    'status.storage.partitions': '3',
    'session.timeout.ms': '6000',
    'heartbeat.interval.ms': '1000',
    'scheduled.rebalance.max.delay.ms': '0',
    'connect.protocol': 'sessioned',
  };
}

/** Our worker as its own process (its log in workDir/ours-<port>.log). */
export async function startOurs(properties, workDir) {
  const port = await freePort();
  const props = { ...properties, listeners: `http://127.0.0.1:${port}` };
  const file = join(workDir, `ours-${port}.properties`);
  await writeFile(file, Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  const log = await open(join(workDir, `ours-${port}.log`), 'w');
  const child = spawn(process.execPath, [cli, file], { stdio: ['ignore', log.fd, 'pipe'], cwd: workDir });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve)).finally(() => log.close());
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || i > 3000) throw new Error(`our worker did not start: ${stderr}`);
    if (await fetch(`${url}/health`).then((r) => r.ok).catch(() => false)) break;
    await sleep(20);
  }
  return {
    url,
    pid: child.pid,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Kafka's Java worker, with connect-distributed.sh's JVM settings (its log in workDir/java-*). */
export async function startJava(properties, workDir) {
  const { listeners: _ignored, ...rest } = properties;
  const worker = await JavaConnectWorker.start({ bootstrapServers: properties['bootstrap.servers'], properties: rest, workDir: await mkdtemp(join(workDir, 'java-')), jvm: 'connect-distributed' });
  return { url: worker.url, pid: worker.pid, kill: () => worker.kill(), stop: () => worker.stop() };
}

/** Every connector's status from `GET /connectors?expand=status`; null when the worker does not answer. */
export async function statuses(url) {
  const res = await fetch(`${url}/connectors?expand=status`, { signal: AbortSignal.timeout(30_000) }).catch(() => null);
  if (!res || res.status !== 200) return null;
  return Object.values(await res.json().catch(() => ({}))).map((v) => v.status);
}

/** Whether a connector's status shows it and its one task RUNNING on workers among `alive` (host:port). */
export const runningOn = (s, alive) =>
  s && s.connector.state === 'RUNNING' && alive.includes(s.connector.worker_id) && s.tasks.length === 1 && s.tasks.every((t) => t.state === 'RUNNING' && alive.includes(t.worker_id));
