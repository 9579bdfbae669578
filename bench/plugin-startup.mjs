// Worker start-up time, process start to REST ready (GET / answers), with no plugin installed in
// plugin.path and with 20: the manifests are read at start-up, the plugins' code is not, so the
// two should be close. Needs the build (`npm run build`) and starts its own Kafka broker.
//
//   node bench/plugin-startup.mjs [--runs=5]
//
// Prints the median of each setting and their ratio; the figures go to docs/benchmarks.md.
import { KafkaBroker, freePort } from '@tsconnect/testinfra';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchWorkerProperties } from './worker-properties.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages', 'runtime', 'dist', 'src', 'cli', 'connect-distributed.js');
const runs = Number(/^--runs=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--runs=')) ?? '')?.[1] ?? 5);
const PLUGINS = 20;

/** One installed plugin package, with enough code that importing it would cost something. */
async function writePlugin(dir, i) {
  await mkdir(dir, { recursive: true });
  const name = `bench-plugin-${i}`;
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({
      name,
      version: '1.0.0',
      type: 'module',
      main: 'index.js',
      peerDependencies: { '@tsconnect/api': '^0.1.0' },
      tsconnect: {
        apiVersion: '^0.1.0',
        plugins: [
          { kind: 'source', export: 'BenchSourceConnector', className: `bench.p${i}.BenchSourceConnector` },
          { kind: 'sink', export: 'BenchSinkConnector', className: `bench.p${i}.BenchSinkConnector` },
          { kind: 'transformation', export: 'BenchTransform', className: `bench.p${i}.BenchTransform` },
        ],
      },
    }),
  );
  const filler = Array.from({ length: 200 }, (_, k) => `export function helper${k}(x) { return x * ${k} + ${i}; }`).join('\n');
  await writeFile(
    join(dir, 'index.js'),
    `import { SourceConnector, SinkConnector } from '@tsconnect/api';
export class BenchSourceConnector extends SourceConnector {}
export class BenchSinkConnector extends SinkConnector {}
export class BenchTransform { apply(r) { return r; } configure() {} close() {} }
${filler}
`,
  );
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts a worker, returns ms from spawn to the first answer of GET /, then stops it. */
async function startOnce(bootstrapServers, pluginPath, workDir, run) {
  const port = await freePort();
  const id = `bench-${process.pid}-${run}-${port}`;
  const props = {
    ...benchWorkerProperties(bootstrapServers, id),
    listeners: `http://127.0.0.1:${port}`,
    'plugin.path': pluginPath,
  };
  const file = join(workDir, `${id}.properties`);
  await writeFile(file, Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  const started = performance.now();
  const child = spawn(process.execPath, [cli, file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let readyAfter = null;
  for (let i = 0; i < 6000 && child.exitCode === null; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      if (res.ok) {
        readyAfter = performance.now() - started;
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
  if (readyAfter === null) throw new Error(`worker did not become ready: ${stderr.slice(-2000)}`);
  return readyAfter;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const workDir = await mkdtemp(join(tmpdir(), 'tsconnect-bench-plugins-'));
const empty = join(workDir, 'no-plugins');
const twenty = join(workDir, 'twenty-plugins');
await mkdir(empty);
for (let i = 0; i < PLUGINS; i++) await writePlugin(join(twenty, `bench-plugin-${i}`), i);
const broker = await KafkaBroker.start();
try {
  const times = { 0: [], [PLUGINS]: [] };
  await startOnce(broker.bootstrapServers, empty, workDir, 'warm-up'); // file system and broker caches
  for (let run = 0; run < runs; run++) {
    // Alternate the settings so drift in the machine's load touches both alike.
    times[0].push(await startOnce(broker.bootstrapServers, empty, workDir, `0-${run}`));
    times[PLUGINS].push(await startOnce(broker.bootstrapServers, twenty, workDir, `${PLUGINS}-${run}`));
  }
  const m0 = median(times[0]);
  const m20 = median(times[PLUGINS]);
  console.log(JSON.stringify({ runs, medianMs: { 0: Math.round(m0), [PLUGINS]: Math.round(m20) }, samplesMs: times }, (_k, v) => (typeof v === 'number' ? Math.round(v) : v)));
  console.log(`\n| plugins in plugin.path | start-up to REST ready (median of ${runs}) | ratio to 0 plugins |`);
  console.log('|---|---|---|');
  console.log(`| 0 (reference) | ${Math.round(m0)} ms | 1.00 |`);
  console.log(`| ${PLUGINS} | ${Math.round(m20)} ms | ${(m20 / m0).toFixed(2)} |`);
} finally {
  await broker.stop();
  await rm(workDir, { recursive: true, force: true });
}
