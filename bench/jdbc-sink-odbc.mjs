// JDBC sink throughput through ODBC into MariaDB (MariaDB Connector/ODBC) and PostgreSQL
// (psqlODBC), through our worker: the generic dialect executing one INSERT per row through the
// odbc package (odbc.parameter.arrays=false), the same through our addon (the default,
// odbc.bulk.mode=auto: parameter arrays into MariaDB, multi-row INSERT statements through psqlODBC),
// and the native driver path of the same database (mysql2 multi-row INSERT, pg COPY); then the two ODBC
// paths again next to an idle second sink connector (its consumer waiting on an empty topic, as
// in the report), each given at most --window seconds. Runs alternate (per row, arrays,
// native, then again) so drift on a shared machine hits all three alike. One
// topic of N JSON-with-schema records, one task, max.poll.records=5000, batch.size 3000. Starts
// its own broker; uses the local servers with throw-away databases. Needs the build, test
// workspace included. --targets and --paths pick a subset (e.g. --targets=PostgreSQL
// --paths=addon) and skip the idle-neighbour runs; --profile=DIR runs the worker with
// task.isolation=none under the CPU profiler (bench/cpu-profile.mjs), its profile written to DIR
// when it stops.
//
//   node bench/jdbc-sink-odbc.mjs [--rows=50000] [--rounds=2] [--window=60]
//                                 [--targets=MariaDB,PostgreSQL] [--paths=per-row,addon,native] [--profile=DIR]
//
// Prints rows/s per run and, per database, the best of each path and the ratios.
import { createMariaDbDatabase, createPostgresDatabase, KafkaBroker } from '@tsconnect/testinfra';
import mysql from 'mysql2/promise';
import { rm } from 'node:fs/promises';
import pg from 'pg';
import { rest, WorkerProcess } from '../test/dist/support/worker-process.js';
import { createTopic, fmt, intArg, jsonMessage, listArg, produceAll, stringArg, waitForCount } from './jdbc-bench-support.mjs';

const rows = intArg('rows', 50_000);
const rounds = intArg('rounds', 2);
const windowMs = intArg('window', 60) * 1000;
const profileDir = stringArg('profile');

const broker = await KafkaBroker.start();
const maria = await createMariaDbDatabase('tsc_bench_odbc');
const postgres = await createPostgresDatabase('tsc_bench_odbc');
const mariaClient = await mysql.createConnection({ host: maria.host, port: maria.port, user: maria.user, password: maria.password, database: maria.database });
const pgClient = new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: postgres.database });
await pgClient.connect();
let worker;
let runs = 0;

const targets = [
  {
    name: 'MariaDB',
    odbcUrl: `Driver={MariaDB Unicode};Server=${maria.host};Port=${maria.port};Database=${maria.database}`,
    db: maria,
    async count(table) {
      try {
        return Number((await mariaClient.query(`SELECT COUNT(*) AS n FROM ${table}`))[0][0].n);
      } catch {
        return 0;
      }
    },
  },
  {
    name: 'PostgreSQL',
    odbcUrl: `Driver={PostgreSQL Unicode};Server=${postgres.host};Port=${postgres.port};Database=${postgres.database}`,
    db: postgres,
    async count(table) {
      try {
        return Number((await pgClient.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
      } catch {
        return 0;
      }
    },
  },
];

const allPaths = {
  'per row (odbc package)': (t) => ({ 'connection.url': t.odbcUrl, 'dialect.name': 'GenericDatabaseDialect', 'odbc.parameter.arrays': 'false' }),
  'addon (odbc.bulk.mode=auto)': (t) => ({ 'connection.url': t.odbcUrl, 'dialect.name': 'GenericDatabaseDialect' }),
  'native driver': (t) => ({ 'connection.url': t.db.jdbcUrl }),
};
const pathArgs = ['per-row', 'addon', 'native'];
const chosenPaths = listArg('paths', pathArgs);
const chosenTargets = listArg('targets', targets.map((t) => t.name));
const subset = chosenPaths.length < pathArgs.length || chosenTargets.length < targets.length;
const paths = Object.fromEntries(Object.entries(allPaths).filter((_e, i) => chosenPaths.includes(pathArgs[i])));

/** Rows per second until `target` rows or the window ends, whichever comes first (a stalled path gives ~0). */
async function rateWithin(count, target, since) {
  for (;;) {
    const n = await count();
    const seconds = (performance.now() - since) / 1000;
    if (n >= target || seconds * 1000 >= windowMs) return { seconds, rows: n, rowsPerSecond: n / seconds };
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A JDBC sink on an empty topic: its consumer waits for messages, as an idle connector's does. */
async function startIdleNeighbour() {
  const config = {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector', 'tasks.max': '1', topics: 'bench-idle',
    'connection.url': maria.jdbcUrl, 'connection.user': maria.user, 'connection.password': maria.password, 'auto.create': 'true',
  };
  let answer = await rest(worker.url, 'POST', '/connectors', { name: 'bench-idle', config });
  while (answer.status === 409) {
    await new Promise((r) => setTimeout(r, 200));
    answer = await rest(worker.url, 'POST', '/connectors', { name: 'bench-idle', config });
  }
  if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
}

async function run(target, path, beside = false) {
  const name = `bench-odbc-${runs}`;
  const table = `bench_odbc_${runs++}`;
  const config = {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
    'tasks.max': '1',
    topics: 'bench-json',
    'connection.user': target.db.user,
    'connection.password': target.db.password,
    'quote.sql.identifiers': 'never',
    'table.name.format': table,
    'auto.create': 'true',
    'consumer.override.max.poll.records': '5000',
    ...paths[path](target),
  };
  const since = performance.now();
  let answer = await rest(worker.url, 'POST', '/connectors', { name, config });
  while (answer.status === 409) { // the worker's group is still forming
    await new Promise((r) => setTimeout(r, 200));
    answer = await rest(worker.url, 'POST', '/connectors', { name, config });
  }
  if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
  if (beside) {
    const result = await rateWithin(() => target.count(table), rows, since);
    await rest(worker.url, 'DELETE', `/connectors/${name}`);
    console.log(`${target.name}, ${path}, next to an idle sink: ${fmt(result.rows)} rows in ${result.seconds.toFixed(1)} s, ${fmt(result.rowsPerSecond)} rows/s overall`);
    return result.rowsPerSecond;
  }
  const result = await waitForCount(() => target.count(table), rows, since);
  await rest(worker.url, 'DELETE', `/connectors/${name}`);
  console.log(`${target.name}, ${path}: ${fmt(result.steadyRowsPerSecond)} rows/s steady (${fmt(result.rowsPerSecond)} overall, ${result.seconds.toFixed(1)} s)`);
  return result.steadyRowsPerSecond;
}

try {
  await createTopic(broker.bootstrapServers, 'bench-json');
  await createTopic(broker.bootstrapServers, 'bench-idle');
  const produced = await produceAll(broker.bootstrapServers, 'bench-json', rows, jsonMessage);
  console.log(`produced ${fmt(rows)} JSON records in ${produced.toFixed(1)} s`);
  if (profileDir) {
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${new URL('./cpu-profile.mjs', import.meta.url)}`;
    process.env.TSCONNECT_CPU_PROFILE_DIR = profileDir;
  }
  worker = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers, properties: profileDir ? { 'task.isolation': 'none' } : {} });
  await worker.start();
  if (profileDir) delete process.env.NODE_OPTIONS;

  const best = new Map();
  for (let round = 0; round < rounds; round++) {
    for (const target of targets.filter((t) => chosenTargets.includes(t.name))) {
      for (const path of Object.keys(paths)) {
        const key = `${target.name}\u0000${path}`;
        best.set(key, Math.max(best.get(key) ?? 0, await run(target, path)));
      }
    }
  }
  if (subset) {
    for (const [key, rate] of best) console.log(`${key.replace('\u0000', ', ')}: best ${fmt(rate)} rows/s`);
  } else {
    await startIdleNeighbour();
    const beside = new Map();
    for (const target of targets) {
      for (const path of Object.keys(paths).slice(0, 2)) beside.set(`${target.name}\u0000${path}`, await run(target, path, true));
    }
    console.log(`\n${fmt(rows)} rows, best of ${rounds}; ratios: addon / per row, addon / native`);
    for (const target of targets) {
      const [perRow, addon, native] = Object.keys(paths).map((p) => best.get(`${target.name}\u0000${p}`));
      console.log(`| ${target.name} | ${fmt(perRow)} | ${fmt(addon)} | ${fmt(native)} | ${(addon / perRow).toFixed(1)} | ${(addon / native).toFixed(2)} |`);
    }
    console.log('\nnext to an idle sink (rows/s overall within the window): per row, addon');
    for (const target of targets) {
      const [perRow, addon] = Object.keys(paths).slice(0, 2).map((p) => beside.get(`${target.name}\u0000${p}`));
      console.log(`| ${target.name} | ${fmt(perRow)} | ${fmt(addon)} |`);
    }
  }
} finally {
  if (worker) {
    if (profileDir && worker.pid) { // the profile is written on SIGUSR2; a stop may not reach the exit handler
      process.kill(worker.pid, 'SIGUSR2');
      await new Promise((r) => setTimeout(r, 3000));
    }
    await worker.stop();
    await rm(worker.workDir, { recursive: true, force: true });
  }
  await broker.stop();
  await mariaClient.end();
  await pgClient.end();
  await maria.drop();
  await postgres.drop();
}
