// The JDBC sink's CPU per row after the Kafka client: our WorkerSinkTask, JsonConverter (key and
// value, schemas.enable=true) and JdbcSinkTask writing into the local PostgreSQL or MariaDB, fed
// by a consumer stand-in that hands out the bench records (bench/jdbc-bench-support.mjs) in polls
// of 5,000, each poll's keys and values copied into one buffer that the records' keys and values
// are views of, as the sink task's packed consumer hands them over. No broker: the figure is this process's CPU (every thread: V8's collector helpers
// included) per 1,000 rows, which varies far less between runs than bench/jdbc-sink.mjs's, so
// two builds or two sets of Node flags can be told apart. bench/consume-floor.mjs measures the
// Kafka client's own part.
//
// Each run is a child process; --variants gives Node flag sets to alternate (A B A B ...), as
// `|`-separated lists, an empty one meaning the flags task hosts get by default.
//
//   node bench/sink-cpu.mjs [--rows=300000] [--rounds=3] [--target=postgres|mariadb] [--mode=insert|upsert]
//                           [--variants='|--max-semi-space-size=32']
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hostExecArgv } from '../packages/runtime/dist/src/task-hosts/task-host.js';
import { intArg, jsonMessage, stringArg } from './jdbc-bench-support.mjs';
import { threadCpuMs } from './process-usage.mjs';

const fmt = (n, digits) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const rows = intArg('rows', 300_000);
const target = stringArg('target') ?? 'postgres';
const mode = stringArg('mode') ?? 'insert';
/** The Node flags a task host gets from a worker started without any. */
const HOST_DEFAULT_FLAGS = hostExecArgv([], null, '');

if (process.env.SINK_CPU_CHILD !== '1') {
  const rounds = intArg('rounds', 3);
  const variants = (stringArg('variants') ?? '').split('|');
  const results = new Map(variants.map((v) => [v, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const variant of variants) {
      const flags = variant === '' ? HOST_DEFAULT_FLAGS : variant.split(' ').filter(Boolean);
      const out = execFileSync(process.execPath, [...flags, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
        env: { ...process.env, SINK_CPU_CHILD: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
      });
      const result = JSON.parse(out.trim().split('\n').at(-1));
      results.get(variant).push(result);
      console.log(`round ${round} [${variant || 'default'}]: ${fmt(result.cpuMsPer1000, 1)} CPU ms per 1,000 rows (main thread ${fmt(result.mainMsPer1000, 1)}), ` +
        `${fmt(result.rowsPerSecond, 0)} rows/s, ${fmt(result.gcMsPer1000, 1)} ms of it in GC pauses, peak RSS ${fmt(result.peakRssMb, 0)} MB`);
    }
  }
  for (const [variant, list] of results) {
    const cpu = list.map((r) => r.cpuMsPer1000).sort((a, b) => a - b);
    console.log(`[${variant || 'default'}] CPU ms per 1,000 rows: median ${fmt(cpu[Math.floor(cpu.length / 2)], 1)}, range ${fmt(cpu[0], 1)}-${fmt(cpu.at(-1), 1)}`);
  }
} else {
  await child();
}

async function child() {
  const { JsonConverter } = await import('../packages/converters/dist/src/index.js');
  const { JdbcSinkTask } = await import('../plugins/jdbc/dist/src/index.js');
  const { createMariaDbDatabase, createPostgresDatabase } = await import('@tsconnect/testinfra');
  const { RetryWithToleranceOperator } = await import('../packages/runtime/dist/src/worker/errors/retry-with-tolerance-operator.js');
  const { TransformationChain } = await import('../packages/runtime/dist/src/worker/transformation-chain.js');
  const { WorkerSinkTask } = await import('../packages/runtime/dist/src/worker/worker-sink-task.js');
  const { PerformanceObserver } = await import('node:perf_hooks');

  const db = target === 'postgres' ? await createPostgresDatabase('tsc_sink_cpu') : await createMariaDbDatabase('tsc_sink_cpu');
  const templates = [];
  for (let i = 0; i < 1000; i++) {
    const m = jsonMessage(i);
    templates.push({ key: Buffer.from(m.key), value: Buffer.from(m.value) });
  }
  const BATCH = 5000;
  const NO_HEADERS = Object.freeze([]);
  let next = 0;
  let done = null;
  const finished = new Promise((resolve) => (done = resolve));
  let put = 0;
  const consumer = {
    async connect() {},
    subscribe(_topics, listener) {
      void listener.onPartitionsAssigned?.([{ topic: 'bench', partition: 0 }]);
    },
    async consume(maxWaitMs) {
      if (next >= rows) {
        await new Promise((r) => setTimeout(r, Math.min(maxWaitMs, 20)));
        return [];
      }
      const batch = [];
      const end = Math.min(rows, next + BATCH);
      // A fresh buffer per poll, as the packed consumer's; the ids repeat every 1,000 records, so upserts update too.
      const parts = [];
      for (let i = next; i < end; i++) parts.push(templates[i % templates.length].key, templates[i % templates.length].value);
      const data = Buffer.concat(parts);
      let at = 0;
      for (; next < end; next++) {
        const t = templates[next % templates.length];
        const key = data.subarray(at, (at += t.key.length));
        const value = data.subarray(at, (at += t.value.length));
        batch.push({ topic: 'bench', partition: 0, offset: next, key, value, headers: NO_HEADERS, timestamp: 1_700_000_000_000, timestampType: 'CreateTime' });
      }
      return batch;
    },
    async seek() {},
    pause() {},
    resume() {},
    async commit() {},
    async committed(ps) {
      return ps.map((p) => ({ ...p, offset: -1 }));
    },
    async disconnect() {},
  };
  class CountingTask extends JdbcSinkTask {
    async put(records) {
      await super.put(records);
      put += records.length;
      if (put >= rows) done();
    }
  }
  const converter = (isKey) => {
    const c = new JsonConverter();
    c.configure({ 'schemas.enable': 'true' }, isKey);
    return c;
  };
  const operator = new RetryWithToleranceOperator({ retryTimeoutMs: 0, retryDelayMaxMs: 1, tolerance: 'none' });
  const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error(...a) { console.error(...a); } };
  const listener = { onStartup() {}, onPause() {}, onResume() {}, onShutdown() {}, onFailure(_id, e) { console.error(e); process.exit(1); } };
  const table = `sink_cpu_${process.pid}`;
  const worker = new WorkerSinkTask({ connector: 'sink-cpu', task: 0 }, {
    taskConfig: {
      topics: 'bench', 'connection.url': db.jdbcUrl, 'connection.user': db.user, 'connection.password': db.password,
      'auto.create': 'true', 'insert.mode': mode, 'table.name.format': table,
      ...(mode === 'upsert' ? { 'pk.mode': 'record_key', 'pk.fields': 'id' } : {}),
    },
    offsetFlushIntervalMs: 60_000,
  }, {
    task: new CountingTask(), consumer,
    converters: {
      key: converter(true), keyClass: 'org.apache.kafka.connect.json.JsonConverter',
      value: converter(false), valueClass: 'org.apache.kafka.connect.json.JsonConverter',
      header: converter(false), headerClass: 'org.apache.kafka.connect.json.JsonConverter',
    },
    transformationChain: new TransformationChain([], operator), operator, statusListener: listener, log: quiet,
  });
  let gcMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMs += e.duration;
  });
  gc.observe({ entryTypes: ['gc'] });
  let peakRss = 0;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
  const mainBefore = threadCpuMs(process.pid, process.pid);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const running = worker.run();
  await finished;
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const mainMs = threadCpuMs(process.pid, process.pid) - mainBefore;
  clearInterval(rssTimer);
  worker.stop();
  await running;
  await db.drop?.();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(JSON.stringify({ cpuMsPer1000: (cpuMs / rows) * 1000, mainMsPer1000: (mainMs / rows) * 1000, rowsPerSecond: rows / seconds, gcMsPer1000: (gcMs / rows) * 1000, peakRssMb: peakRss / 2 ** 20 }));
  process.exit(0);
}
