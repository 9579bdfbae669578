import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe } from 'node:test';
import { openConnection } from '../../src/connection/open-connection.js';
import { defineSourceScenarios } from './source-scenarios.js';

describe('JDBC source on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jdbc-source-'));
  const url = `jdbc:sqlite:${join(dir, 'source.db')}`;
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  defineSourceScenarios(() => ({
    connectionProps: () => ({ 'connection.url': url }),
    open: () => openConnection({ url }),
    idColumn: 'id INTEGER PRIMARY KEY AUTOINCREMENT',
    timestampColumn: "TIMESTAMP NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))",
    nullableTimestamp: 'TIMESTAMP',
    now: "strftime('%Y-%m-%d %H:%M:%f', 'now')",
    decimalType: 'NUMERIC(10,2)',
    partitionTable: (table) => table,
    // one writer at a time: a later row cannot commit before an open transaction's
    concurrentWriters: false,
  }));
});
