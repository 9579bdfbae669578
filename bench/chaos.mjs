// Issue 22's chaos run in full (the same code as the short form in the test suite, test/cluster/
// chaos.test.ts): three of our workers carrying a JDBC pipeline PostgreSQL -> Kafka -> MariaDB with
// exactly-once source support, while random workers are SIGKILLed and restarted and the broker,
// PostgreSQL and MariaDB are each restarted once. Loopback only, private database servers, bounded
// in time. Prints the figures that go to docs/reliability.md; exits non-zero when a row is missing
// or stale, a record repeated, or something is not RUNNING at the end.
// Needs the build (`npx tsc -b`).
//
//   node bench/chaos.mjs [--kills=20] [--window-s=480] [--max-delay-ms=10000]
import { runChaos } from '../test/dist/support/chaos-run.js';

const arg = (name, fallback) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.slice(name.length + 3)) : fallback;
};
const kills = arg('kills', 20);
const windowS = arg('window-s', 480);
const maxDelayMs = arg('max-delay-ms', 10_000);

const report = await runChaos({ kills, faultWindowMs: windowS * 1000, maxDelayMs, log: (line) => console.log(line) });
const mib = (list) => list.map((v) => `${v} MiB`).join(', ');
console.log(`
kills ${kills}, fault window ${windowS} s, scheduled.rebalance.max.delay.ms ${maxDelayMs}, total ${(report.totalMs / 1000).toFixed(0)} s
rows at the end: ${Object.entries(report.rows).map(([t, n]) => `${t} ${n}`).join(', ')}; writer: ${report.inserts} inserts, ${report.updates} updates, ${report.writerErrors} failed ticks
MariaDB: ${report.missing} missing, ${report.stale} stale; caught up ${(report.catchUpMs / 1000).toFixed(1)} s after the writer stopped
topics (read_committed): ${report.records} records, ${report.duplicates} duplicates
not RUNNING at the end: ${report.notRunning.length === 0 ? 'none' : report.notRunning.join('; ')}
longest REST gap per worker (while up): ${report.longestRestGapMs.map((v) => `${v} ms`).join(', ')}
RSS per worker with its task hosts, start: ${mib(report.rssStartMiB)}; end: ${mib(report.rssEndMiB)}`);
const failed = report.missing + report.stale + report.duplicates > 0 || report.notRunning.length > 0;
process.exit(failed ? 1 : 0);
