// 1,000 connectors on a group of three workers, ours next to Kafka 4.1.1's Java worker in the same
// run (FileStreamSource, one task each, reading an empty file, so only the workers' own work is
// measured). For each side, on a fresh group:
//   - start: POST every connector (a few requests in flight, spread over the three workers, each
//     retried on 409 while the group rebalances), then the time from the last POST's answer to
//     every connector and task RUNNING in the status API, and from the first POST;
//   - REST p99: a client asks each worker in turn for one connector's status every 100 ms from the
//     first POST to all RUNNING; the p99 of those answers;
//   - RSS: each worker's, once all run (ours: the worker process plus its task hosts; Java: the
//     JVM), and per connector: the group's RSS then, less the idle group's before the first POST,
//     divided by the connectors;
//   - rebalance: from POSTing one more connector to its task RUNNING;
//   - failover: from SIGKILL of the third worker to every connector and task RUNNING on the other
//     two (session.timeout.ms=6000, heartbeat.interval.ms=1000, scheduled.rebalance.max.delay.ms=0
//     on both sides, so both wait for the same failure detection).
// Sides alternate (ours, Java, ours, Java, ...); every wait is bounded, and the script stops the
// workers and broker it started. Needs the build (`npm run build`) and starts its own Kafka broker.
//
//   node bench/scale.mjs [--connectors=1000] [--rounds=1] [--workers=ours,java] [--in-flight=8] [--start-timeout-s=900] [--keep]
import { KafkaBroker } from '@tsconnect/testinfra';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { processUsage } from './process-usage.mjs';
import { groupProperties, runningOn, startJava, startOurs, statuses } from './worker-group.mjs';

const arg = (name, fallback) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : fallback;
};
const connectors = Number(arg('connectors', '1000'));
const rounds = Number(arg('rounds', '1'));
const kinds = arg('workers', 'ours,java').split(',');
const inFlight = Number(arg('in-flight', '8'));
const WORKERS = 3;
const START_TIMEOUT_MS = Number(arg('start-timeout-s', '900')) * 1000;
const PHASE_TIMEOUT_MS = 300_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const hostOf = (url) => new URL(url).host;

/** Polls until every connector in `names` and its one task run on workers among `alive`; null on timeout. */
async function waitRunning(url, names, alive, timeoutMs, intervalMs) {
  const deadline = performance.now() + timeoutMs;
  let notRunning = names.length;
  while (performance.now() < deadline) {
    const all = await statuses(url);
    if (all) {
      const byName = new Map(all.map((s) => [s.name, s]));
      notRunning = names.filter((n) => !runningOn(byName.get(n), alive)).length;
      if (notRunning === 0) return performance.now();
    }
    await sleep(intervalMs);
  }
  throw new Error(`${notRunning} of ${names.length} connectors not running on ${alive.join(', ')} after ${timeoutMs} ms`);
}

/** Polls one connector's status until it and its task run. */
async function waitOneRunning(url, name, alive, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const res = await fetch(`${url}/connectors/${name}/status`).catch(() => null);
    if (res && res.status === 200 && runningOn(await res.json(), alive)) return performance.now();
    await sleep(20);
  }
  throw new Error(`${name} not running after ${timeoutMs} ms`);
}

async function post(url, name, file) {
  const deadline = performance.now() + PHASE_TIMEOUT_MS;
  for (;;) {
    const res = await fetch(`${url}/connectors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, config: { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector', file, topic: 'scale-topic', 'tasks.max': '1' } }),
    }).catch((err) => ({ status: 0, text: async () => String(err) }));
    if (res.status === 201) return;
    const text = await res.text();
    // An earlier attempt whose answer was lost (a forward to a busy leader timed out) went through.
    if (res.status === 409 && text.includes('already exists')) return;
    // 409: a rebalance is under way; 5xx/0: a forward to the leader failed while it was busy.
    if (res.status === 400 || performance.now() > deadline) throw new Error(`POST ${name}: ${res.status} ${text}`);
    await sleep(200);
  }
}

/** Asks the workers in turn for one connector's status every 100 ms until stopped; keeps the latencies. */
function restProbe(urls, name) {
  const latencies = [];
  let stopped = false;
  const done = (async () => {
    for (let i = 0; !stopped; i++) {
      const t = performance.now();
      await fetch(`${urls[i % urls.length]}/connectors/${name}/status`, { signal: AbortSignal.timeout(60_000) }).then((r) => r.arrayBuffer()).catch(() => {});
      latencies.push(performance.now() - t);
      await sleep(100);
    }
  })();
  return { latencies, stop: async () => ((stopped = true), await done) };
}

const groupRssMb = (workers) => workers.map((w) => processUsage(w.pid).rssMb);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

async function measure(kind, bootstrapServers, round, workDir) {
  const properties = groupProperties(bootstrapServers, `bench-scale-${kind}-${round}-${process.pid}`);
  const start = kind === 'ours' ? startOurs : startJava;
  const workers = [];
  const input = join(workDir, 'empty.txt');
  await writeFile(input, '');
  try {
    for (let i = 0; i < WORKERS; i++) workers.push(await start(properties, workDir));
    const urls = workers.map((w) => w.url);
    const hosts = urls.map(hostOf);
    await sleep(3000); // let the group settle before the idle figure
    const idleRss = groupRssMb(workers);

    const names = Array.from({ length: connectors }, (_, i) => `c${i}`);
    const probe = restProbe(urls, names[0]);
    const tPost0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        for (let i = next++; i < names.length; i = next++) await post(urls[i % urls.length], names[i], input);
      }),
    );
    const tLastPost = performance.now();
    const tRunning = await waitRunning(urls[0], names, hosts, START_TIMEOUT_MS, 500);
    await probe.stop();
    await sleep(2000);
    const runningRss = groupRssMb(workers);

    const t0 = performance.now();
    await post(urls[0], 'extra', input);
    const tExtra = await waitOneRunning(urls[0], 'extra', hosts, PHASE_TIMEOUT_MS);
    await waitRunning(urls[0], [...names, 'extra'], hosts, PHASE_TIMEOUT_MS, 250);

    const t1 = performance.now();
    await workers[2].kill();
    const survivors = hosts.slice(0, 2);
    const tFailover = await waitRunning(urls[0], [...names, 'extra'], survivors, PHASE_TIMEOUT_MS, 250);
    return {
      postS: (tLastPost - tPost0) / 1000,
      runningS: (tRunning - tLastPost) / 1000,
      totalS: (tRunning - tPost0) / 1000,
      restP99Ms: percentile(probe.latencies, 99),
      restMaxMs: Math.max(...probe.latencies),
      rssMb: runningRss,
      idleRssMb: idleRss,
      perConnectorMb: (sum(runningRss) - sum(idleRss)) / connectors,
      rebalanceMs: tExtra - t0,
      failoverS: (tFailover - t1) / 1000,
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop().catch(() => {})));
  }
}

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const broker = await KafkaBroker.start();
const workDir = await mkdtemp(join(tmpdir(), 'tsconnect-bench-scale-'));
try {
  console.log(`${connectors} connectors, ${WORKERS} workers per side, ${availableParallelism()} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const results = Object.fromEntries(kinds.map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    for (const kind of kinds) {
      const r = await measure(kind, broker.bootstrapServers, round, workDir);
      results[kind].push(r);
      console.log(
        `${kind}, round ${round}: POSTs ${r.postS.toFixed(1)} s, last POST to all RUNNING ${r.runningS.toFixed(1)} s (first POST to all RUNNING ${r.totalS.toFixed(1)} s), REST p99 ${r.restP99Ms.toFixed(0)} ms (max ${r.restMaxMs.toFixed(0)}), ` +
          `RSS per worker ${r.rssMb.map((m) => m.toFixed(0)).join('/')} MB (idle ${r.idleRssMb.map((m) => m.toFixed(0)).join('/')}), per connector ${r.perConnectorMb.toFixed(2)} MB, ` +
          `rebalance ${r.rebalanceMs.toFixed(0)} ms, failover ${r.failoverS.toFixed(1)} s; load average ${loadavg()[0].toFixed(1)}`,
      );
    }
  }
  if (kinds.length === 2) {
    const rows = [
      ['POSTs of all connectors (s)', (r) => r.postS, 1],
      ['last POST to all RUNNING (s)', (r) => r.runningS, 1],
      ['first POST to all RUNNING (s)', (r) => r.totalS, 1],
      ['REST p99 while starting (ms)', (r) => r.restP99Ms, 0],
      ['RSS per worker, mean (MB)', (r) => sum(r.rssMb) / r.rssMb.length, 0],
      ['RSS per connector (MB)', (r) => r.perConnectorMb, 2],
      ['rebalance, one more connector (ms)', (r) => r.rebalanceMs, 0],
      ['failover of one worker (s)', (r) => r.failoverS, 1],
    ];
    // One table per round (the ratio of the two sides run next to each other), then the medians.
    const table = (title, pick) => {
      console.log(`\n${title}\n\n| | ours | Java | ours / Java |\n|---|---|---|---|`);
      for (const [label, f, digits] of rows) {
        const o = pick('ours', f);
        const j = pick('java', f);
        console.log(`| ${label} | ${o.toFixed(digits)} | ${j.toFixed(digits)} | ${(o / j).toFixed(2)} |`);
      }
    };
    for (let round = 0; round < rounds; round++) table(`Round ${round}`, (kind, f) => f(results[kind][round]));
    if (rounds > 1) table(`Median of ${rounds} rounds`, (kind, f) => median(results[kind].map(f)));
  }
} finally {
  await broker.stop();
  if (process.argv.includes('--keep')) console.log(`logs kept in ${workDir}`);
  else await rm(workDir, { recursive: true, force: true });
}
