// JDBC sink, ours against Kafka's Java worker running Debezium's JDBC sink, into PostgreSQL and
// MariaDB, insert and upsert, N JSON-with-schema records (one topic, one partition, one task).
// Runs alternate ours, Java, ours, Java (--rounds pairs per target and mode), on the same topic,
// each with its own consumer group and a fresh table. For each run: the steady rows/s, CPU ms per
// 1,000 rows (utime+stime from /proc of the worker process and, for ours, of its task hosts; and
// the database server's, printed per run) and the peak RSS (ours: worker plus task hosts). Java is Kafka 4.1.1's worker started as
// connect-distributed.sh starts it, with Debezium's JDBC sink 3.2.0 (from Maven Central, unpacked
// by mvn into var/bench/debezium-jdbc); both read with max.poll.records=5000 and write batches of
// up to 3000 rows. --copy adds PostgreSQL's own COPY of the same rows from Node as a ceiling.
// --avro makes the records Avro keys and values in Confluent's wire format (our AvroConverter
// registers their schemas through Apicurio's Confluent-compatible API); Java reads them through
// Apicurio's Java AvroConverter (2.x, as-confluent, content ids). After each run a few rows are
// read back and compared with what was produced. --profile=DIR runs our worker with
// task.isolation=none under the CPU profiler (bench/cpu-profile.mjs), its profile written to DIR
// when it stops. --sides=ours runs ours alone (no Java worker), for comparing builds of ours.
// Starts its own broker (and registry); uses the local PostgreSQL and MariaDB with throw-away
// databases. Needs the build, test workspace included.
//
//   node bench/jdbc-sink.mjs [--rows=1000000] [--rounds=2] [--targets=postgres,mariadb] [--modes=insert,upsert]
//                            [--sides=ours,java] [--copy] [--avro] [--profile=DIR]
import { SchemaBuilder, Struct, Timestamp } from '@tsconnect/api';
import { AvroConverter } from '@tsconnect/registry-converters';
import {
  ApicurioRegistry, apicurioConfluentAvroSettings, createMariaDbDatabase, createPostgresDatabase, fetchApicurioConverterPluginPath,
  JavaConnectWorker, KafkaBroker,
} from '@tsconnect/testinfra';
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mysql from 'mysql2/promise';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { rest, WorkerProcess } from '../test/dist/support/worker-process.js';
import { commandCpuMs, processUsage, UsageSampler } from './process-usage.mjs';
import { benchRow, createTopic, debeziumPluginPath, flag, fmt, intArg, jsonMessage, listArg, produceAll, stringArg, waitForCount } from './jdbc-bench-support.mjs';

const rows = intArg('rows', 1_000_000);
const rounds = intArg('rounds', 2);
const targets = listArg('targets', ['postgres', 'mariadb']);
const modes = listArg('modes', ['insert', 'upsert']);
const profileDir = stringArg('profile');
const sides = profileDir ? ['ours'] : listArg('sides', ['ours', 'java']);
const avro = flag('avro');
const topic = avro ? 'bench-avro' : 'bench-json';
const STALL_MS = 120_000;

const broker = await KafkaBroker.start();
const databases = {};
const started = [];
const results = [];

/** A throw-away database and a client that counts rows in it. */
async function openTarget(target) {
  if (target === 'postgres') {
    const db = await createPostgresDatabase('tsc_bench_sink');
    const client = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database });
    await client.connect();
    return { db, server: 'postgres', query: async (sql) => (await client.query(sql)).rows, client, close: () => client.end() };
  }
  const db = await createMariaDbDatabase('tsc_bench_sink');
  const client = await mysql.createConnection({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database });
  return { db, server: 'mariadbd', query: async (sql) => (await client.query(sql))[0], close: () => client.end() };
}

async function count(target, table) {
  try {
    return Number((await target.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  } catch {
    return 0;
  }
}

const SIDES = {
  ours: (target, mode) => ({
    'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
    'connection.user': target.db.user,
    'auto.create': 'true',
    'insert.mode': mode,
    ...(mode === 'upsert' ? { 'pk.mode': 'record_key', 'pk.fields': 'id' } : {}),
  }),
  java: (target, mode) => ({
    'connector.class': 'io.debezium.connector.jdbc.JdbcSinkConnector',
    'connection.username': target.db.user,
    'schema.evolution': 'basic',
    'batch.size': '3000',
    'insert.mode': mode,
    ...(mode === 'upsert' ? { 'primary.key.mode': 'record_key', 'primary.key.fields': 'id' } : {}),
  }),
};

/** One connector from creation to the last row; CPU and peak RSS of its worker meanwhile. */
async function run(worker, target, name, config) {
  // The process id keeps table names apart between benchmarks running at once: Debezium's MySQL
  // metadata lookup sees tables of every database, and took another run's table for its own.
  const table = `${name.replace(/-/g, '_')}_${process.pid}`;
  const sampler = new UsageSampler(worker.pid);
  const before = processUsage(worker.pid);
  const serverBefore = commandCpuMs(target.server);
  const since = performance.now();
  const answer = await rest(worker.url, 'POST', '/connectors', {
    name,
    config: {
      'tasks.max': '1', topics: topic, 'connection.url': target.db.jdbcUrl, 'connection.password': target.db.password,
      'table.name.format': table, 'consumer.override.max.poll.records': '5000', ...config,
    },
  });
  if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
  // A connector that failed never reaches the count: give up when no row arrived for STALL_MS.
  let last = { n: -1, at: performance.now() };
  const progress = async () => {
    const n = await count(target, table);
    if (n !== last.n) last = { n, at: performance.now() };
    else if (performance.now() - last.at > STALL_MS) {
      throw new Error(`${name}: no progress at ${n} rows for ${STALL_MS / 1000} s; status ${JSON.stringify((await rest(worker.url, 'GET', `/connectors/${name}/status`)).body)}`);
    }
    return n;
  };
  const result = await waitForCount(progress, rows, since, 500);
  const after = processUsage(worker.pid);
  const serverAfter = commandCpuMs(target.server);
  sampler.stop();
  await rest(worker.url, 'DELETE', `/connectors/${name}`);
  await checkRows(target, table);
  await target.query(`DROP TABLE IF EXISTS ${table}`);
  const perProcess = [...sampler.peakRssByPid.values()].map((mb) => mb.toFixed(0)).join(' + ');
  return {
    ...result, cpuMsPer1000: ((after.cpuMs - before.cpuMs) / rows) * 1000, peakRssMb: sampler.peakRssMb, perProcess,
    // ours: the worker process alone (the rest is its task hosts); Java: the whole worker
    workerCpuMsPer1000: ((after.ownCpuMs - before.ownCpuMs) / rows) * 1000,
    // the database server's, the bench's own row counts (every 500 ms) included
    serverCpuMsPer1000: ((serverAfter - serverBefore) / rows) * 1000,
  };
}

/** A few rows read back must be the produced ones, so a fast run cannot be a wrong one. */
async function checkRows(target, table) {
  const ids = [0, Math.floor(rows / 2) + 1, rows - 1];
  // Epoch milliseconds and 0/1, the same from both databases whatever column types each sink chose.
  const sql = target.db.jdbcUrl.startsWith('jdbc:postgresql')
    ? `SELECT id, name, amount, qty, (extract(epoch from created) * 1000)::bigint AS created, active::int AS active FROM ${table}`
    : `SELECT id, name, amount, qty, TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', created) DIV 1000 AS created, active + 0 AS active FROM ${table}`;
  const found = await target.query(`${sql} WHERE id IN (${ids.join(',')}) ORDER BY id`);
  const expected = ids.map((i) => {
    const r = benchRow(i);
    return [r.id, r.name, r.amount, r.qty, r.created, r.active ? 1 : 0].join('|');
  });
  const actual = found.map((r) => [r.id, r.name, r.amount, r.qty, r.created, r.active].map((v) => String(v)).join('|'));
  if (actual.join('\n') !== expected.join('\n')) {
    throw new Error(`${table}: rows read back differ from those produced:\n${actual.join('\n')}\nexpected\n${expected.join('\n')}`);
  }
}

async function copyCeiling(target) {
  await target.query('CREATE TABLE bench_copy (id BIGINT, name TEXT, amount DOUBLE PRECISION, qty INTEGER, created TIMESTAMP, active BOOLEAN)');
  const copyStarted = performance.now();
  const stream = target.client.query(copyStreams.from('COPY bench_copy (id, name, amount, qty, created, active) FROM STDIN'));
  async function* lines() {
    let chunk = '';
    for (let i = 0; i < rows; i++) {
      const r = benchRow(i);
      chunk += `${r.id}\t${r.name}\t${r.amount}\t${r.qty}\t${new Date(r.created).toISOString().replace('T', ' ').replace('Z', '')}\t${r.active}\n`;
      if (chunk.length > 65536) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(lines()), stream);
  await target.query('DROP TABLE bench_copy');
  return rows / ((performance.now() - copyStarted) / 1000);
}

/**
 * Produces the Avro records (key bench.Key, value bench.Row) through our AvroConverter, which
 * registers both schemas in the registry; returns the converter settings of each side.
 */
async function produceAvro(registry) {
  const keySchema = SchemaBuilder.struct().withName('bench.Key').addField('id', SchemaBuilder.int64().build()).build();
  const valueSchema = SchemaBuilder.struct().withName('bench.Row')
    .addField('id', SchemaBuilder.int64().build())
    .addField('name', SchemaBuilder.string().build())
    .addField('amount', SchemaBuilder.float64().build())
    .addField('qty', SchemaBuilder.int32().build())
    .addField('created', Timestamp.SCHEMA)
    .addField('active', SchemaBuilder.bool().build())
    .build();
  const keys = new AvroConverter();
  keys.configure({ 'schema.registry.url': registry.url }, true);
  const values = new AvroConverter();
  values.configure({ 'schema.registry.url': registry.url }, false);
  const seconds = await produceAll(broker.bootstrapServers, topic, rows, async (i) => {
    const r = benchRow(i);
    const id = BigInt(r.id);
    const value = new Struct(valueSchema).put('id', id).put('name', r.name).put('amount', r.amount).put('qty', r.qty)
      .put('created', new Date(r.created)).put('active', r.active);
    return {
      key: Buffer.from(await keys.fromConnectData(topic, null, keySchema, new Struct(keySchema).put('id', id))),
      value: Buffer.from(await values.fromConnectData(topic, null, valueSchema, value)),
    };
  });
  const both = (cls, settings) => Object.fromEntries(['key', 'value'].flatMap((side) => [
    [`${side}.converter`, cls], ...Object.entries(settings).map(([k, v]) => [`${side}.converter.${k}`, v]),
  ]));
  return {
    seconds,
    ours: both('io.confluent.connect.avro.AvroConverter', { 'schema.registry.url': registry.url }),
    java: both('io.apicurio.registry.utils.converter.AvroConverter', apicurioConfluentAvroSettings(registry.v2Url)),
  };
}

try {
  await createTopic(broker.bootstrapServers, topic);
  let converters = { ours: {}, java: {} };
  if (avro) {
    const registry = await ApicurioRegistry.start();
    started.push(registry);
    converters = await produceAvro(registry);
    console.log(`produced ${fmt(rows)} Avro records in ${converters.seconds.toFixed(1)} s; ${availableParallelism()} CPUs`);
  } else {
    const produced = await produceAll(broker.bootstrapServers, topic, rows, jsonMessage);
    console.log(`produced ${fmt(rows)} JSON records in ${produced.toFixed(1)} s; ${availableParallelism()} CPUs`);
  }

  if (profileDir) {
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${new URL('./cpu-profile.mjs', import.meta.url)}`;
    process.env.TSCONNECT_CPU_PROFILE_DIR = profileDir;
  }
  const ours = await WorkerProcess.create({
    bootstrapServers: broker.bootstrapServers, properties: profileDir ? { 'task.isolation': 'none' } : {},
  });
  started.push(ours);
  await ours.start();
  if (profileDir) delete process.env.NODE_OPTIONS;
  const java = !sides.includes('java') ? null : await JavaConnectWorker.start({
    bootstrapServers: broker.bootstrapServers,
    properties: { 'plugin.path': avro ? `${debeziumPluginPath()},${await fetchApicurioConverterPluginPath()}` : debeziumPluginPath() },
    jvm: 'connect-distributed',
  });
  if (java) started.push(java);
  const workers = { ours, java };

  for (const name of targets) {
    const target = (databases[name] = await openTarget(name));
    if (name === 'postgres' && flag('copy')) console.log(`COPY from Node (PostgreSQL alone): ${fmt(await copyCeiling(target))} rows/s`);
    for (const mode of modes) {
      for (let round = 1; round <= rounds; round++) {
        for (const side of sides) {
          const r = await run(workers[side], target, `${side}-${name}-${mode}-r${round}`, { ...SIDES[side](target, mode), ...converters[side] });
          results.push({ target: name, mode, side, ...r });
          console.log(`${name} ${mode} round ${round} ${side}: ${fmt(r.steadyRowsPerSecond)} rows/s steady, ` +
            `${r.cpuMsPer1000.toFixed(1)} CPU ms per 1,000 rows (${r.workerCpuMsPer1000.toFixed(1)} of them the worker process's own; the database server ${r.serverCpuMsPer1000.toFixed(1)}), peak RSS ${r.peakRssMb.toFixed(0)} MB (per process ${r.perProcess})`);
        }
      }
    }
  }

  if (java) {
    const of = (target, mode, side) => results.filter((r) => r.target === target && r.mode === mode && r.side === side);
    const mean = (runs, key) => runs.reduce((s, r) => s + r[key], 0) / runs.length;
    const range = (values, digits) => {
      const lo = Math.min(...values).toFixed(digits);
      const hi = Math.max(...values).toFixed(digits);
      return lo === hi ? lo : `${lo}-${hi}`;
    };
    console.log(`\n${avro ? 'Avro' : 'JSON with schema'}, ${fmt(rows)} rows, ${rounds} alternated rounds, ${availableParallelism()} CPUs; ratio per round, CPU and RSS over the rounds`);
    console.log('| target, mode | ours rows/s | Java rows/s | ours / Java rows/s | CPU ms per 1,000 rows, ours vs Java | peak RSS MB, ours vs Java |');
    console.log('|---|---|---|---|---|---|');
    for (const target of targets) {
      for (const mode of modes) {
        const o = of(target, mode, 'ours');
        const j = of(target, mode, 'java');
        const ratios = o.map((r, i) => r.steadyRowsPerSecond / j[i].steadyRowsPerSecond);
        console.log(`| ${target} ${mode} | ${fmt(mean(o, 'steadyRowsPerSecond'))} | ${fmt(mean(j, 'steadyRowsPerSecond'))} | ${range(ratios, 2)} | ` +
          `${range(o.map((r) => r.cpuMsPer1000), 0)} vs ${range(j.map((r) => r.cpuMsPer1000), 0)} | ` +
          `${range(o.map((r) => r.peakRssMb), 0)} vs ${range(j.map((r) => r.peakRssMb), 0)} |`);
      }
    }
  }
} finally {
  const profiled = started.find((s) => s instanceof WorkerProcess);
  if (profileDir && profiled?.pid) {
    process.kill(profiled.pid, 'SIGUSR2');
    await new Promise((r) => setTimeout(r, 2000));
  }
  for (const s of started.reverse()) await s.stop().catch(() => {});
  for (const s of started) if (s.workDir) await rm(s.workDir, { recursive: true, force: true });
  await broker.stop();
  for (const target of Object.values(databases)) {
    await target.close();
    await target.db.drop();
  }
}
