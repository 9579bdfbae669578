// Issue 21: the JDBC sink through ODBC (generic dialect, quote.sql.identifiers=never, pre-created
// tables) into MariaDB and PostgreSQL next to an idle sink connector. Its consumer waits on an
// empty topic and, with the worker's internal-topic logs, holds every libuv pool thread; the
// per-row path through the odbc package stalled there (0 rows, tasks RUNNING). Every row arrives
// through the parameter-array path.
import { createMariaDbDatabase, createPostgresDatabase, KafkaBroker, type ThrowawayDatabase } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { WorkerProcess } from '../support/worker-process.js';
import { createConnector, createTopics, eventuallyWhileRunning, field, produce, struct, waitForTasks, withSchema } from './jdbc-pipeline-support.js';

const TOTAL = 20_000;
const TABLE = 'odbc_rows';

let broker: KafkaBroker;
let worker: WorkerProcess;
let maria: ThrowawayDatabase;
let postgres: ThrowawayDatabase;
let mariaClient: mysql.Connection;
let pgClient: pg.Client;

before(async () => {
  broker = await KafkaBroker.start();
  maria = await createMariaDbDatabase('tsc_odbc_idle');
  postgres = await createPostgresDatabase('tsc_odbc_idle');
  mariaClient = await mysql.createConnection({ host: maria.host, port: maria.port, user: maria.user, password: maria.password, database: maria.database });
  pgClient = new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: postgres.database });
  await pgClient.connect();
  await mariaClient.query(`CREATE TABLE ${TABLE} (id BIGINT NOT NULL PRIMARY KEY, label VARCHAR(40), qty INT)`);
  await pgClient.query(`CREATE TABLE ${TABLE} (id BIGINT NOT NULL PRIMARY KEY, label VARCHAR(40), qty INT)`);
  worker = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers });
  await worker.start();
});

after(async () => {
  await worker?.stop();
  await broker?.stop();
  await mariaClient?.end();
  await pgClient?.end();
  await maria?.drop();
  await postgres?.drop();
  if (worker) await rm(worker.workDir, { recursive: true, force: true });
});

test(`${TOTAL} rows through ODBC into MariaDB and PostgreSQL next to an idle sink connector`, async () => {
  await createTopics(broker.bootstrapServers, ['odbc-rows', 'odbc-idle']);
  await createConnector(worker.url, 'idle-sink', {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector', topics: 'odbc-idle', 'connection.url': maria.jdbcUrl,
    'connection.user': maria.user, 'connection.password': maria.password, 'auto.create': 'true',
  });
  const odbcSink = (url: string, db: ThrowawayDatabase): Record<string, string> => ({
    'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector', topics: 'odbc-rows', 'connection.url': url,
    'connection.user': db.user, 'connection.password': db.password, 'dialect.name': 'GenericDatabaseDialect',
    'quote.sql.identifiers': 'never', 'table.name.format': TABLE,
  });
  await createConnector(worker.url, 'odbc-mariadb',
    odbcSink(`Driver={MariaDB Unicode};Server=${maria.host};Port=${maria.port};Database=${maria.database}`, maria));
  await createConnector(worker.url, 'odbc-postgres',
    odbcSink(`Driver={PostgreSQL Unicode};Server=${postgres.host};Port=${postgres.port};Database=${postgres.database}`, postgres));
  for (const name of ['idle-sink', 'odbc-mariadb', 'odbc-postgres']) await waitForTasks(worker.url, name, 'RUNNING');

  const schema = struct('row', [field('id', 'int64'), field('label', 'string'), field('qty', 'int32')]);
  await produce(broker.bootstrapServers, 'odbc-rows',
    Array.from({ length: TOTAL }, (_, id) => ({ value: withSchema(schema, { id, label: `row-${id}`, qty: id % 1000 }) })));

  const counts = async (): Promise<[number, number]> => [
    Number(((await mariaClient.query(`SELECT COUNT(DISTINCT id) AS n FROM ${TABLE}`)) as unknown as [{ n: number }[]])[0][0]!.n),
    Number((await pgClient.query(`SELECT COUNT(DISTINCT id) AS n FROM ${TABLE}`)).rows[0].n),
  ];
  const final = await eventuallyWhileRunning(worker.url, ['odbc-mariadb', 'odbc-postgres'], 'every row in both databases', async () => {
    const c = await counts();
    return c[0] >= TOTAL && c[1] >= TOTAL ? c : undefined;
  });
  assert.deepEqual(final, [TOTAL, TOTAL]);
});
