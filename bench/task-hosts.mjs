// Task hosts against Kafka's Java worker, in one run: the JDBC sink into PostgreSQL from a
// 2-partition topic with tasks.max=1 and tasks.max=2 (ours: our JDBC sink in task hosts; Java:
// Kafka's worker started as connect-distributed.sh starts it, running Debezium's JDBC sink), runs
// alternated ours/Java; the 2-task/1-task ratio of each, the REST p99 latency of GET
// /connectors/{c}/status on the worker while its sink runs flat out, and RSS: our worker idle with
// no connector (task hosts and in-process mode), and per task host while the sinks run.
// Starts its own broker; uses the local PostgreSQL with a throw-away database. Needs the build,
// test workspace included.
//
//   node bench/task-hosts.mjs [--rows=400000] [--rounds=2]
import { createPostgresDatabase, JavaConnectWorker, KafkaBroker } from '@tsconnect/testinfra';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { rm } from 'node:fs/promises';
import pg from 'pg';
import { rest, WorkerProcess } from '../test/dist/support/worker-process.js';
import { createTopic, debeziumPluginPath, fmt, intArg, jsonMessage, produceAll, waitForCount } from './jdbc-bench-support.mjs';

const rows = intArg('rows', 400_000);
const rounds = intArg('rounds', 2);
const TOPIC = 'bench-two-partitions';

const broker = await KafkaBroker.start();
const db = await createPostgresDatabase('tsc_bench_hosts');
const client = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database });
await client.connect();
const started = [];
const results = [];

/** Resident set size in MB of a process (and of its children, the task hosts, separately). */
function rssMb(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) / 1024;
}

function childPids(pid) {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function idleRss(properties) {
  const worker = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers, properties });
  await worker.start();
  await new Promise((r) => setTimeout(r, 5000));
  const rss = rssMb(worker.pid);
  const hosts = childPids(worker.pid).length;
  await worker.stop();
  await rm(worker.workDir, { recursive: true, force: true });
  return { rss, hosts };
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

async function count(table) {
  try {
    return Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  } catch {
    return 0;
  }
}

/** Runs one sink to completion while timing status calls on its worker; returns rates, REST p99 and host RSS. */
async function run(side, url, pid, name, config) {
  const table = name.replace(/-/g, '_');
  const since = performance.now();
  let answer = await rest(url, 'POST', '/connectors', { name, config: { ...config, 'table.name.format': table } });
  if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
  const latencies = [];
  let hostRss = [];
  let done = false;
  const probe = (async () => {
    while (!done) {
      const t0 = performance.now();
      const r = await fetch(`${url}/connectors/${name}/status`);
      await r.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (side === 'ours' && latencies.length % 20 === 0) hostRss = childPids(pid).map(rssMb);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const result = await waitForCount(() => count(table), rows, since);
  done = true;
  await probe;
  answer = await rest(url, 'DELETE', `/connectors/${name}`);
  await client.query(`DROP TABLE IF EXISTS ${table}`);
  return { ...result, p99: percentile(latencies, 99), hostRss };
}

try {
  const idleHosts = await idleRss({});
  const idleInProcess = await idleRss({ 'task.isolation': 'none' });
  console.log(`idle worker, no connectors: task hosts ${idleHosts.rss.toFixed(0)} MB (${idleHosts.hosts} hosts), in-process ${idleInProcess.rss.toFixed(0)} MB`);

  await createTopic(broker.bootstrapServers, TOPIC, 2);
  const produced = await produceAll(broker.bootstrapServers, TOPIC, rows, jsonMessage);
  console.log(`produced ${fmt(rows)} JSON records over 2 partitions in ${produced.toFixed(1)} s; ${availableParallelism()} CPUs`);

  const ours = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers });
  started.push(ours);
  await ours.start();
  const java = await JavaConnectWorker.start({ bootstrapServers: broker.bootstrapServers, properties: { 'plugin.path': debeziumPluginPath() }, jvm: 'connect-distributed' });
  started.push(java);

  const common = { topics: TOPIC, 'connection.url': db.jdbcUrl, 'connection.password': db.password, 'consumer.override.max.poll.records': '5000' };
  const sides = {
    ours: (tasks) => ({ ...common, 'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector', 'tasks.max': String(tasks), 'connection.user': db.user, 'auto.create': 'true', 'insert.mode': 'insert' }),
    java: (tasks) => ({ ...common, 'connector.class': 'io.debezium.connector.jdbc.JdbcSinkConnector', 'tasks.max': String(tasks), 'connection.username': db.user, 'schema.evolution': 'basic', 'batch.size': '3000', 'insert.mode': 'insert' }),
  };
  for (let round = 1; round <= rounds; round++) {
    for (const tasks of [1, 2]) {
      for (const side of ['ours', 'java']) {
        const worker = side === 'ours' ? ours : java;
        const r = await run(side, worker.url, worker.pid, `${side}-r${round}-t${tasks}`, sides[side](tasks));
        results.push({ side, tasks, round, ...r });
        const hosts = r.hostRss.length ? `; task hosts ${r.hostRss.map((m) => m.toFixed(0)).join(', ')} MB` : '';
        console.log(`round ${round} ${side} tasks.max=${tasks}: ${fmt(r.steadyRowsPerSecond)} rows/s steady, REST p99 ${r.p99.toFixed(1)} ms${hosts}`);
      }
    }
  }

  const mean = (side, tasks, key) => {
    const runs = results.filter((r) => r.side === side && r.tasks === tasks);
    return runs.reduce((s, r) => s + r[key], 0) / runs.length;
  };
  console.log(`\n| | ours | Java |`);
  console.log(`|---|---|---|`);
  for (const tasks of [1, 2]) console.log(`| rows/s, tasks.max=${tasks} | ${fmt(mean('ours', tasks, 'steadyRowsPerSecond'))} | ${fmt(mean('java', tasks, 'steadyRowsPerSecond'))} |`);
  const scaling = (side) => mean(side, 2, 'steadyRowsPerSecond') / mean(side, 1, 'steadyRowsPerSecond');
  console.log(`| 2-task / 1-task | ${scaling('ours').toFixed(2)} | ${scaling('java').toFixed(2)} |`);
  for (const tasks of [1, 2]) console.log(`| REST p99 during the run, tasks.max=${tasks} (ms) | ${mean('ours', tasks, 'p99').toFixed(1)} | ${mean('java', tasks, 'p99').toFixed(1)} |`);
} finally {
  for (const worker of started) await worker.stop().catch(() => {});
  for (const worker of started) if (worker.workDir) await rm(worker.workDir, { recursive: true, force: true });
  await broker.stop();
  await client.end();
  await db.drop();
}
