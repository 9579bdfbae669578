import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe } from 'node:test';
import { openConnection } from '../../src/connection/open-connection.js';
import type { SinkTarget } from './sink-harness.js';
import { defineSinkScenarios } from './sink-scenarios.js';

describe('JDBC sink into SQLite (better-sqlite3, prepared statements)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jdbc-sink-'));
  const url = `jdbc:sqlite:${join(dir, 'sink.db')}`;
  after(() => rmSync(dir, { recursive: true, force: true }));
  const target: SinkTarget = {
    name: 'SQLite',
    connectionProps: () => ({ 'connection.url': url }),
    open: () => openConnection({ url }),
    text: (c) => `CAST(${c} AS TEXT)`,
    hex: (c) => `hex(${c})`,
    quote: (n) => `"${n}"`,
    types: { int: 'INTEGER', text: 'TEXT' },
  };
  defineSinkScenarios(() => target);
});
