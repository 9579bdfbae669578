// Rebalance and failover times of a two-worker group, ours next to Kafka 4.1's Java worker, for 1,
// 10 and 100 connectors (FileStreamSource, one task each, reading an empty file):
//   - rebalance: from POSTing one more connector to its task RUNNING (the config change makes the
//     group rebalance once for the connector and once for its task configs);
//   - failover: from SIGKILL of the worker that joined second to all of its connectors and tasks
//     RUNNING on the survivor (session.timeout.ms=6000, heartbeat.interval.ms=1000 and
//     scheduled.rebalance.max.delay.ms=0 on both, so both wait for the same failure detection).
// Both run connect.protocol=compatible (incremental cooperative, unsigned internal requests).
// Needs the build (`npm run build`) and starts its own Kafka broker.
//
//   node bench/rebalance.mjs [--counts=1,10,100] [--runs=1] [--workers=java,ours] [--keep]
import { JavaConnectWorker, KafkaBroker, freePort } from '@tsconnect/testinfra';
import { spawn } from 'node:child_process';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchWorkerProperties } from './worker-properties.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages', 'runtime', 'dist', 'src', 'cli', 'connect-distributed.js');
const countsArg = process.argv.find((a) => a.startsWith('--counts='));
const counts = countsArg ? countsArg.slice('--counts='.length).split(',').map(Number) : [1, 10, 100];
const runsArg = process.argv.find((a) => a.startsWith('--runs='));
const runs = runsArg ? Number(runsArg.slice('--runs='.length)) : 1;
const kindsArg = process.argv.find((a) => a.startsWith('--workers='));
const kinds = kindsArg ? kindsArg.slice('--workers='.length).split(',') : ['java', 'ours'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Our worker as its own process, with the same kill and stop as the Java one. */
async function startOurs(properties, workDir) {
  const port = await freePort();
  const props = { ...properties, listeners: `http://127.0.0.1:${port}` };
  const file = join(workDir, `ours-${port}.properties`);
  await writeFile(file, Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  const log = await open(join(workDir, `ours-${port}.log`), 'w');
  const child = spawn(process.execPath, [cli, file], { stdio: ['ignore', log.fd, 'pipe'] });
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
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function startJava(properties, workDir) {
  const { listeners: _ignored, ...rest } = properties;
  const worker = await JavaConnectWorker.start({ bootstrapServers: properties['bootstrap.servers'], properties: rest, workDir: await mkdtemp(join(workDir, 'java-')), jvm: 'connect-distributed' });
  return { url: worker.url, kill: () => worker.kill(), stop: () => worker.stop() };
}

async function statuses(url) {
  const res = await fetch(`${url}/connectors?expand=status`).catch(() => null);
  if (!res || res.status !== 200) return null;
  return Object.values(await res.json()).map((v) => v.status);
}

const hostOf = (url) => new URL(url).host;

/** Polls until every connector in `names` and its one task run on workers among `alive`. */
async function waitRunning(url, names, alive) {
  for (let i = 0; i < 6000; i++) {
    const all = await statuses(url);
    if (all) {
      const byName = new Map(all.map((s) => [s.name, s]));
      const ok = names.every((n) => {
        const s = byName.get(n);
        return (
          s &&
          s.connector.state === 'RUNNING' &&
          alive.includes(s.connector.worker_id) &&
          s.tasks.length === 1 &&
          s.tasks.every((t) => t.state === 'RUNNING' && alive.includes(t.worker_id))
        );
      });
      if (ok) return all;
    }
    await sleep(50);
  }
  throw new Error(`connectors not running on ${alive.join(', ')}`);
}

async function post(url, name, file) {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${url}/connectors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, config: { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector', file, topic: `${name}-topic`, 'tasks.max': '1' } }),
    });
    if (res.status === 201) return;
    if (res.status !== 409 || attempt >= 600) throw new Error(`POST ${name}: ${res.status} ${await res.text()}`);
    await sleep(100);
  }
}

async function measure(kind, bootstrapServers, count, run, workDir) {
  const id = `bench-rebalance-${kind}-${count}-${run}-${process.pid}`;
  const properties = {
    ...benchWorkerProperties(bootstrapServers, id),
    'offset.storage.partitions': '5',
    'status.storage.partitions': '3',
    'session.timeout.ms': '6000',
    'heartbeat.interval.ms': '1000',
    'scheduled.rebalance.max.delay.ms': '0',
    // Kafka's default: incremental cooperative with signed internal requests.
    'connect.protocol': 'sessioned',
  };
  const start = kind === 'ours' ? startOurs : startJava;
  const first = await start(properties, workDir);
  const second = await start(properties, workDir);
  const input = join(workDir, 'empty.txt');
  await writeFile(input, '');
  try {
    const names = Array.from({ length: count }, (_, i) => `c${i}`);
    for (const name of names) await post(second.url, name, input);
    const both = [hostOf(first.url), hostOf(second.url)];
    await waitRunning(first.url, names, both);

    const t0 = performance.now();
    await post(first.url, 'extra', input);
    await waitRunning(first.url, [...names, 'extra'], both);
    const rebalanceMs = performance.now() - t0;

    const before = await statuses(first.url);
    const onSecond = before.filter((s) => s.connector.worker_id === hostOf(second.url) || s.tasks.some((t) => t.worker_id === hostOf(second.url)));
    const t1 = performance.now();
    await second.kill();
    await waitRunning(first.url, [...names, 'extra'], [hostOf(first.url)]);
    const failoverMs = performance.now() - t1;
    return { rebalanceMs, failoverMs, moved: onSecond.length };
  } finally {
    await second.stop().catch(() => {});
    await first.stop();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const broker = await KafkaBroker.start();
const workDir = await mkdtemp(join(tmpdir(), 'tsconnect-bench-rebalance-'));
try {
  const rows = [];
  for (const count of counts) {
    const results = { ours: [], java: [] };
    for (let run = 0; run < runs; run++) {
      for (const kind of kinds) {
        const r = await measure(kind, broker.bootstrapServers, count, run, workDir);
        results[kind].push(r);
        console.log(`${count} connector(s), ${kind}, run ${run}: rebalance ${r.rebalanceMs.toFixed(0)} ms, failover ${r.failoverMs.toFixed(0)} ms (${r.moved} connectors touched the killed worker)`);
      }
    }
    const m = (kind, key) => median(results[kind].map((r) => r[key]));
    if (kinds.length < 2) continue;
    rows.push({ count, rebalance: m('ours', 'rebalanceMs') / m('java', 'rebalanceMs'), failover: m('ours', 'failoverMs') / m('java', 'failoverMs') });
  }
  console.log('\n| connectors | rebalance, ours / Java | failover, ours / Java |\n|---|---|---|');
  for (const r of rows) console.log(`| ${r.count} | ${r.rebalance.toFixed(2)} | ${r.failover.toFixed(2)} |`);
} finally {
  await broker.stop();
  // --keep leaves the workers' logs (ours-<port>.log, java-*/connect.log) for a look.
  if (process.argv.includes('--keep')) console.log(`logs kept in ${workDir}`);
  else await rm(workDir, { recursive: true, force: true });
}
