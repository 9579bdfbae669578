// CPU per row of the ODBC write paths, without the worker: rows of the benchmark's six columns
// written by the plugin's parameter-array connection (our addon), by the same connection's multi-row
// INSERT statements (odbc.bulk.mode=multirow, up to 1,000 rows a statement), by one execution per row
// through the odbc package, and by the native driver (pg COPY; mysql2 multi-row INSERT), into
// PostgreSQL (psqlODBC) and MariaDB (MariaDB Connector/ODBC), a transaction per batch. For each:
// rows/s, the database server's CPU per row (the PostgreSQL backends of the bench database; the
// MariaDB server threads of its connections, by processlist TID) and this process's CPU per row
// (every thread: JavaScript, the addon's and the drivers'). On a shared machine the rates wander
// with the load; the CPU figures much less, and they say where a path spends. Runs alternate.
// Uses the local servers with throw-away databases; needs the build.
//
//   node bench/jdbc-odbc-cpu.mjs [--rows=15000] [--batch=3000] [--rounds=2]
import { createMariaDbDatabase, createPostgresDatabase } from '@tsconnect/testinfra';
import mysql from 'mysql2/promise';
import odbc from 'odbc';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { OdbcBulkConnection } from '../plugins/jdbc/dist/src/connection/odbc-bulk-connection.js';
import { fmt, intArg } from './jdbc-bench-support.mjs';

const rows = intArg('rows', 15_000);
const batch = intArg('batch', 3_000);
const rounds = intArg('rounds', 2);
const perRowRows = Math.min(rows, 3_000); // the per-row path is slow; fewer rows say as much

const data = [];
for (let i = 0; i < rows; i++) {
  data.push([i, `customer-${i}`, (i % 100_000) / 100, i % 1000, new Date(1_700_000_000_000 + i * 1000).toISOString().slice(0, 23).replace('T', ' '), i % 3 === 0]);
}
const hints = ['BIGINT', 'VARCHAR', 'DOUBLE', 'INTEGER', 'TIMESTAMP', 'BOOLEAN'].map((jdbcType) => ({ jdbcType, precision: null, scale: null }));
const COLUMNS = 'id,name,amount,qty,created,active';
const ddl = (t) => `CREATE TABLE ${t} (id BIGINT PRIMARY KEY, name VARCHAR(100), amount DOUBLE PRECISION, qty INTEGER, created TIMESTAMP(3) NULL, active BOOLEAN)`;

/** CPU milliseconds of /proc/<path>/stat (utime + stime, clock ticks of 10 ms). */
function statCpuMs(path) {
  try {
    const fields = readFileSync(`/proc/${path}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0; // the backend or thread has gone
  }
}

const postgres = await createPostgresDatabase('tsc_bench_odbc_cpu');
const maria = await createMariaDbDatabase('tsc_bench_odbc_cpu');
const pgAdmin = new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: postgres.database });
await pgAdmin.connect();
const mariaAdmin = await mysql.createConnection({ host: maria.host, port: maria.port, user: maria.user, password: maria.password, database: maria.database });
const mysqldPid = readFileSync((await mariaAdmin.query('SELECT @@pid_file AS f'))[0][0].f, 'utf8').trim();

const targets = {
  PostgreSQL: {
    odbcUrl: `Driver={PostgreSQL Unicode};Server=${postgres.host};Port=${postgres.port};Database=${postgres.database};UID=${postgres.user};PWD={${postgres.password}}`,
    async serverCpuMs() {
      const r = await pgAdmin.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [postgres.database]);
      return r.rows.reduce((sum, { pid }) => sum + statCpuMs(pid), 0);
    },
    async native(table, sets) {
      const client = new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: postgres.database });
      await client.connect();
      return {
        async write(chunk) {
          await client.query('BEGIN');
          const text = chunk.map((r) => r.join('\t')).join('\n') + '\n';
          await pipeline(Readable.from([text]), client.query(copyStreams.from(`COPY ${table}(${COLUMNS}) FROM STDIN`)));
          await client.query('COMMIT');
        },
        close: () => client.end(),
        sets,
      };
    },
  },
  MariaDB: {
    odbcUrl: `Driver={MariaDB Unicode};Server=${maria.host};Port=${maria.port};Database=${maria.database};UID=${maria.user};PWD={${maria.password ?? ''}}`,
    async serverCpuMs() {
      const [threads] = await mariaAdmin.query('SELECT tid FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()', [maria.database]);
      return threads.reduce((sum, { tid }) => sum + statCpuMs(`${mysqldPid}/task/${tid}`), 0);
    },
    async native(table, sets) {
      const client = await mysql.createConnection({ host: maria.host, port: maria.port, user: maria.user, password: maria.password, database: maria.database });
      return {
        async write(chunk) {
          await client.beginTransaction();
          for (let i = 0; i < chunk.length; i += 500) { // the MySQL dialect's statement size
            const part = chunk.slice(i, i + 500);
            await client.query(`INSERT INTO ${table}(${COLUMNS}) VALUES ${part.map(() => '(?,?,?,?,?,?)').join(',')}`, part.flat());
          }
          await client.commit();
        },
        close: () => client.end(),
        sets,
      };
    },
  },
};

const paths = {
  async 'parameter arrays (addon)'(target, table) {
    const connection = await OdbcBulkConnection.open(target.odbcUrl);
    return {
      async write(chunk) {
        await connection.setAutoCommit(false);
        await connection.executeArray(`INSERT INTO ${table}(${COLUMNS}) VALUES (?,?,?,?,?,?)`, chunk, hints);
        await connection.commit();
        await connection.setAutoCommit(true);
      },
      close: () => connection.close(),
      sets: data,
    };
  },
  async 'multi-row statements (addon)'(target, table) {
    const connection = await OdbcBulkConnection.open(target.odbcUrl);
    const statementFor = (k) => `INSERT INTO ${table}(${COLUMNS}) VALUES ${Array.from({ length: k }, () => '(?,?,?,?,?,?)').join(',')}`;
    return {
      async write(chunk) {
        await connection.setAutoCommit(false);
        await connection.executeRows(statementFor, chunk, hints);
        await connection.commit();
        await connection.setAutoCommit(true);
      },
      close: () => connection.close(),
      sets: data,
    };
  },
  async 'per row (odbc package)'(target, table) {
    const connection = await odbc.connect(target.odbcUrl);
    return {
      async write(chunk) {
        await connection.beginTransaction();
        const statement = await connection.createStatement();
        await statement.prepare(`INSERT INTO ${table}(${COLUMNS}) VALUES (?,?,?,?,?,?)`);
        for (const r of chunk) {
          await statement.bind([r[0], r[1], r[2], r[3], r[4], r[5] ? 1 : 0]);
          await statement.execute();
        }
        await statement.close();
        await connection.commit();
      },
      close: () => connection.close(),
      sets: data.slice(0, perRowRows),
    };
  },
  'native driver': (target, table) => target.native(table, data),
};

let tables = 0;
async function run(name, target, path) {
  const table = `bench_cpu_${tables++}`;
  const writer = await paths[path](target, table);
  if (name === 'PostgreSQL') await pgAdmin.query(ddl(table));
  else await mariaAdmin.query(ddl(table));
  const server0 = await target.serverCpuMs();
  const client0 = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < writer.sets.length; i += batch) await writer.write(writer.sets.slice(i, i + batch));
  const seconds = (performance.now() - started) / 1000;
  const client = process.cpuUsage(client0);
  const server = await target.serverCpuMs() - server0;
  await writer.close();
  const n = writer.sets.length;
  return { rowsPerSecond: n / seconds, serverUs: (server * 1000) / n, clientUs: (client.user + client.system) / n };
}

try {
  const results = new Map();
  for (let round = 0; round < rounds; round++) {
    for (const [name, target] of Object.entries(targets)) {
      for (const path of Object.keys(paths)) {
        const r = await run(name, target, path);
        console.log(`${name}, ${path}: ${fmt(r.rowsPerSecond)} rows/s, server ${r.serverUs.toFixed(1)} µs/row, client ${r.clientUs.toFixed(1)} µs/row`);
        const key = `${name} | ${path}`;
        results.set(key, [...(results.get(key) ?? []), r]);
      }
    }
  }
  console.log('\n| database | path | rows/s (best) | server CPU µs/row (lowest) | client CPU µs/row (lowest) |\n|---|---|---|---|---|');
  for (const [key, rs] of results) {
    const best = (f, pick) => pick(...rs.map(f));
    console.log(`| ${key} | ${fmt(best((r) => r.rowsPerSecond, Math.max))} | ${best((r) => r.serverUs, Math.min).toFixed(1)} | ${best((r) => r.clientUs, Math.min).toFixed(1)} |`);
  }
} finally {
  await pgAdmin.end();
  await mariaAdmin.end();
  await postgres.drop();
  await maria.drop();
}
