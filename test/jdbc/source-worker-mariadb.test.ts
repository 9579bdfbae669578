// The JDBC source through the worker on MariaDB: every mode across a SIGKILL, a custom query, a
// new table and a late-committing transaction (source-worker-scenarios.ts).
import { createMariaDbDatabase } from '@tsconnect/testinfra';
import { openConnection } from '@tsconnect/plugin-jdbc';
import { defineWorkerSourceScenarios } from './source-worker-scenarios.js';

defineWorkerSourceScenarios('mariadb', true, async () => {
  const db = await createMariaDbDatabase('tsc_src_worker');
  return {
    connectorProps: () => ({ 'connection.url': db.jdbcUrl, 'connection.user': db.user, 'connection.password': db.password }),
    open: () => openConnection({ url: db.jdbcUrl, user: db.user, password: db.password }),
    idColumn: 'id INTEGER AUTO_INCREMENT PRIMARY KEY',
    timestampColumn: 'TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)',
    now: 'CURRENT_TIMESTAMP(3)',
    drop: () => db.drop(),
  };
});
