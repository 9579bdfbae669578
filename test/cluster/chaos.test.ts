// The short form of issue 22's chaos run (test/support/chaos-run.ts; the full one is
// bench/chaos.mjs): a JDBC pipeline through three of our workers with exactly-once source support,
// through three worker SIGKILLs and a restart each of the broker, PostgreSQL and MariaDB. Nothing
// may be lost, stale or written twice, and everything runs again at the end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runChaos } from '../support/chaos-run.js';

test('the JDBC pipeline survives worker kills and broker, PostgreSQL and MariaDB restarts: nothing lost, stale or repeated', async (t) => {
  const report = await runChaos({ kills: 3, faultWindowMs: 60_000, maxDelayMs: 10_000, log: (line) => t.diagnostic(line) });
  t.diagnostic(JSON.stringify({ ...report, events: undefined }));
  assert.ok(report.inserts > 0 && report.updates > 0, 'the writer wrote');
  assert.equal(report.missing, 0, 'source rows missing from MariaDB');
  assert.equal(report.stale, 0, 'rows in MariaDB at an older version');
  assert.equal(report.duplicates, 0, 'row versions repeated in the topics (read committed)');
  assert.deepEqual(report.notRunning, []);
});
