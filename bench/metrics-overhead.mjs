// The cost of metrics on the file pipeline's throughput: FileStreamSource -> topic ->
// FileStreamSink on one worker, timed from the source's creation to the last line in the sink
// file, with metrics.enabled=true (GET /metrics scraped every 5 s, as Prometheus would) and with
// metrics.enabled=false. Needs the build (`npm run build`) and starts its own Kafka broker.
//
//   node bench/metrics-overhead.mjs [--runs=3] [--lines=200000]
//
// Prints the median of each setting and their ratio; the figures go to docs/benchmarks.md.
import { KafkaBroker, freePort } from '@tsconnect/testinfra';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchWorkerProperties } from './worker-properties.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages', 'runtime', 'dist', 'src', 'cli', 'connect-distributed.js');
const arg = (name, fallback) => Number(new RegExp(`^--${name}=(\\d+)$`).exec(process.argv.find((a) => a.startsWith(`--${name}=`)) ?? '')?.[1] ?? fallback);
const runs = arg('runs', 3);
const lines = arg('lines', 200_000);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** POSTs, retrying while the worker answers 409 (its group is still rebalancing). */
async function post(url, body) {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status === 201) return;
    if (res.status !== 409 || attempt >= 300) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
    await sleep(100);
  }
}

/** The size of the complete sink file: every line is `line-<i>\n`. */
async function expectedBytes() {
  let bytes = 0;
  for (let i = 0; i < lines; i++) bytes += `line-${i}\n`.length;
  return bytes;
}

/** One worker with the given metrics setting; ms from creating the connectors to the full sink file. */
async function runOnce(bootstrapServers, workDir, metricsEnabled, run, input, bytes) {
  const port = await freePort();
  const id = `bench-metrics-${process.pid}-${run}`;
  const props = {
    ...benchWorkerProperties(bootstrapServers, id),
    'offset.flush.interval.ms': '1000',
    listeners: `http://127.0.0.1:${port}`,
    'metrics.enabled': String(metricsEnabled),
  };
  const file = join(workDir, `${id}.properties`);
  await writeFile(file, Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  const child = spawn(process.execPath, [cli, file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null || i > 12_000) throw new Error(`worker did not become ready: ${stderr.slice(-2000)}`);
      try {
        if ((await fetch(`${url}/health`)).ok) break;
      } catch {
        // not listening yet
      }
      await sleep(10);
    }
    const served = (await fetch(`${url}/metrics`)).status;
    if (served !== (metricsEnabled ? 200 : 404)) {
      throw new Error(`GET /metrics answered ${served} with metrics.enabled=${metricsEnabled}: the CLI does not apply the setting`);
    }
    const output = join(workDir, `${id}.out`);
    // The clock starts once the source is accepted, so waiting out a 409 does not count.
    await post(`${url}/connectors`, { name: `${id}-source`, config: { 'connector.class': 'FileStreamSource', file: input, topic: `${id}-lines` } });
    const started = performance.now();
    await post(`${url}/connectors`, { name: `${id}-sink`, config: { 'connector.class': 'FileStreamSink', file: output, topics: `${id}-lines` } });
    let lastScrape = performance.now();
    for (;;) {
      if (existsSync(output) && (await stat(output)).size >= bytes) break;
      if (metricsEnabled && performance.now() - lastScrape >= 5000) {
        await (await fetch(`${url}/metrics`)).text();
        lastScrape = performance.now();
      }
      await sleep(20);
    }
    const elapsed = performance.now() - started;
    const text = await readFile(output, 'utf8');
    if (!text.endsWith(`line-${lines - 1}\n`)) throw new Error('the sink file does not end with the last line');
    return elapsed;
  } finally {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const workDir = await mkdtemp(join(tmpdir(), 'tsconnect-bench-metrics-'));
const input = join(workDir, 'input.txt');
await writeFile(input, Array.from({ length: lines }, (_, i) => `line-${i}\n`).join(''));
const bytes = await expectedBytes();
const broker = await KafkaBroker.start();
try {
  const times = { on: [], off: [] };
  await runOnce(broker.bootstrapServers, workDir, true, 'warm-up', input, bytes); // broker and file caches
  for (let run = 0; run < runs; run++) {
    // Alternate the settings so drift in the machine's load touches both alike.
    times.on.push(await runOnce(broker.bootstrapServers, workDir, true, `on-${run}`, input, bytes));
    times.off.push(await runOnce(broker.bootstrapServers, workDir, false, `off-${run}`, input, bytes));
  }
  const on = median(times.on);
  const off = median(times.off);
  console.log(JSON.stringify({ runs, lines, medianMs: { on, off }, samplesMs: times }, (_k, v) => (typeof v === 'number' ? Math.round(v) : v)));
  console.log(`\n| metrics.enabled | ${lines} lines source -> sink (median of ${runs}) | records/s | throughput ratio to off |`);
  console.log('|---|---|---|---|');
  console.log(`| false (reference) | ${Math.round(off)} ms | ${Math.round((lines * 1000) / off)} | 1.00 |`);
  console.log(`| true | ${Math.round(on)} ms | ${Math.round((lines * 1000) / on)} | ${(off / on).toFixed(2)} |`);
} finally {
  await broker.stop();
  await rm(workDir, { recursive: true, force: true });
}
