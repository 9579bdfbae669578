// The JDBC source through the worker on PostgreSQL: every mode across a SIGKILL, a custom query, a
// new table and a late-committing transaction (source-worker-scenarios.ts).
import { createPostgresDatabase } from '@tsconnect/testinfra';
import { openConnection } from '@tsconnect/plugin-jdbc';
import { defineWorkerSourceScenarios } from './source-worker-scenarios.js';

defineWorkerSourceScenarios('pg', true, async () => {
  const db = await createPostgresDatabase('tsc_src_worker_pg');
  return {
    connectorProps: () => ({ 'connection.url': db.jdbcUrl, 'connection.user': db.user, 'connection.password': db.password }),
    open: () => openConnection({ url: db.jdbcUrl, user: db.user, password: db.password }),
    idColumn: 'id SERIAL PRIMARY KEY',
    timestampColumn: 'TIMESTAMP(3) NOT NULL DEFAULT clock_timestamp()',
    now: 'clock_timestamp()',
    drop: () => db.drop(),
  };
});
