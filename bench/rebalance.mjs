// Rebalance and failover times of a two-worker group, ours next to Kafka 4.1's Java worker, for 1,
// 10 and 100 connectors (FileStreamSource, one task each, reading an empty file):
//   - rebalance: from POSTing one more connector to its task RUNNING (the config change makes the
//     group rebalance once for the connector and once for its task configs);
//   - failover: from SIGKILL of the worker that joined second to all of its connectors and tasks
//     RUNNING on the survivor (session.timeout.ms=6000, heartbeat.interval.ms=1000 and
//     scheduled.rebalance.max.delay.ms=0 on both, so both wait for the same failure detection).
// Both run connect.protocol=sessioned (incremental cooperative with signed internal requests, Kafka's default).
// Needs the build (`npm run build`) and starts its own Kafka broker.
//
//   node bench/rebalance.mjs [--counts=1,10,100] [--runs=1] [--workers=java,ours] [--keep]
import { KafkaBroker } from '@tsconnect/testinfra';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupProperties, runningOn, startJava, startOurs, statuses } from './worker-group.mjs';

const countsArg = process.argv.find((a) => a.startsWith('--counts='));
const counts = countsArg ? countsArg.slice('--counts='.length).split(',').map(Number) : [1, 10, 100];
const runsArg = process.argv.find((a) => a.startsWith('--runs='));
const runs = runsArg ? Number(runsArg.slice('--runs='.length)) : 1;
const kindsArg = process.argv.find((a) => a.startsWith('--workers='));
const kinds = kindsArg ? kindsArg.slice('--workers='.length).split(',') : ['java', 'ours'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const hostOf = (url) => new URL(url).host;

/** Polls until every connector in `names` and its one task run on workers among `alive`. */
async function waitRunning(url, names, alive) {
  for (let i = 0; i < 6000; i++) {
    const all = await statuses(url);
    if (all) {
      const byName = new Map(all.map((s) => [s.name, s]));
      const ok = names.every((n) => runningOn(byName.get(n), alive));
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
  const properties = groupProperties(bootstrapServers, `bench-rebalance-${kind}-${count}-${run}-${process.pid}`);
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
