// The JDBC source through the worker on SQLite (a database file the worker and the test share, in
// WAL mode): every mode across a SIGKILL, a custom query and a new table (source-worker-scenarios.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection } from '@tsconnect/plugin-jdbc';
import { defineWorkerSourceScenarios } from './source-worker-scenarios.js';

defineWorkerSourceScenarios('sqlite', false, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tsc-src-worker-'));
  const url = `jdbc:sqlite:${join(dir, 'source.db')}?journal_mode=WAL`;
  return {
    connectorProps: () => ({ 'connection.url': url }),
    open: () => openConnection({ url }),
    idColumn: 'id INTEGER PRIMARY KEY AUTOINCREMENT',
    timestampColumn: "TIMESTAMP NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))",
    now: "strftime('%Y-%m-%d %H:%M:%f', 'now')",
    drop: () => rm(dir, { recursive: true, force: true }),
  };
});
