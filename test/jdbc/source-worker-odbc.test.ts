// The JDBC source through the worker over ODBC (PostgreSQL through the "PostgreSQL Unicode"
// driver): every mode across a SIGKILL, a custom query, a new table and a late-committing
// transaction (source-worker-scenarios.ts).
import { createPostgresDatabase } from '@tsconnect/testinfra';
import { openConnection } from '@tsconnect/plugin-jdbc';
import { defineWorkerSourceScenarios } from './source-worker-scenarios.js';

defineWorkerSourceScenarios('odbc', true, async () => {
  const db = await createPostgresDatabase('tsc_src_worker_odbc');
  const url = `Driver={PostgreSQL Unicode};Server=${db.host};Port=${db.port};Database=${db.database}`;
  return {
    connectorProps: () => ({ 'connection.url': url, 'connection.user': db.user, 'connection.password': db.password }),
    open: () => openConnection({ url, user: db.user, password: db.password }),
    idColumn: 'id SERIAL PRIMARY KEY',
    timestampColumn: 'TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP',
    now: 'clock_timestamp()',
    drop: () => db.drop(),
  };
});
