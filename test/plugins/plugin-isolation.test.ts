// Plugins as npm packages in plugin.path: two versions of one plugin side by side, each depending
// on a different major version of the same npm library (is-number 6 and 7, installed from the npm
// registry with npm), each connector seeing its own; the version chosen with
// connector.plugin.version; a connector whose plugin version is gone FAILED with the reason, its
// config kept.
import { KafkaBroker } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { rest, WorkerProcess } from '../support/worker-process.js';
import { npm, running, waitForStatus, writeFiles } from './plugin-test-support.js';

const PROBE_CLASS = 'test.plugins.IsNumberProbeConnector';

/** A plugin package whose connector reports, in its task config, the is-number its own tree holds. */
function probePlugin(version: string, isNumberVersion: string): Record<string, string | object> {
  return {
    'package.json': {
      name: 'is-number-probe',
      version,
      type: 'module',
      main: 'index.js',
      dependencies: { 'is-number': isNumberVersion },
      peerDependencies: { '@tsconnect/api': '^0.1.0' },
      peerDependenciesMeta: { '@tsconnect/api': { optional: true } },
      tsconnect: { apiVersion: '^0.1.0', plugins: [{ kind: 'source', export: 'IsNumberProbeConnector', className: PROBE_CLASS }] },
    },
    'index.js': `
      import { createRequire } from 'node:module';
      import { ConfigDef, SourceConnector, SourceTask } from '@tsconnect/api';
      const require = createRequire(import.meta.url);
      const isNumber = require('is-number');
      const seen = require('is-number/package.json').version;

      export class IsNumberProbeTask extends SourceTask {
        version() { return ${JSON.stringify(version)}; }
        start(props) {
          if (props['is-number.version'] !== seen || !isNumber(42)) throw new Error('the task sees is-number ' + seen);
        }
        async poll() { await new Promise((r) => setTimeout(r, 200)); return null; }
        stop() {}
      }

      export class IsNumberProbeConnector extends SourceConnector {
        version() { return ${JSON.stringify(version)}; }
        start(props) { this.props = props; }
        taskClass() { return IsNumberProbeTask; }
        taskConfigs() { return [{ ...this.props, 'is-number.version': seen }]; }
        stop() {}
        config() { return new ConfigDef(); }
      }
    `,
  };
}

let broker: KafkaBroker;
let workDir: string;
let pluginPath: string;
let worker: WorkerProcess | undefined;
const workerDirs: string[] = [];

/** Worker properties that keep the same group and internal topics across restarts. */
const sharedProps = () => ({
  'plugin.path': pluginPath,
  'group.id': 'plugin-isolation',
  'config.storage.topic': 'plugin-isolation-configs',
  'offset.storage.topic': 'plugin-isolation-offsets',
  'status.storage.topic': 'plugin-isolation-status',
});

async function startWorker(): Promise<WorkerProcess> {
  const w = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers, properties: sharedProps() });
  worker = w;
  workerDirs.push(w.workDir);
  await w.start();
  return w;
}

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'tsconnect-plugin-isolation-'));
  pluginPath = join(workDir, 'plugins');
  for (const [version, isNumber] of [['1.0.0', '6.0.0'], ['2.0.0', '7.0.0']] as const) {
    const dir = join(pluginPath, `is-number-probe-${version}`);
    await writeFiles(dir, probePlugin(version, isNumber));
    await npm(['install', '--prefix', dir], dir);
  }
  broker = await KafkaBroker.start();
});

after(async () => {
  await worker?.stop();
  await broker?.stop();
  for (const dir of [workDir, ...workerDirs]) await rm(dir, { recursive: true, force: true });
});

describe('plugins installed side by side in plugin.path', () => {
  test('each version of the plugin runs with its own major version of is-number', async () => {
    const w = await startWorker();
    const plugins = await rest<{ class: string; version?: string }[]>(w.url, 'GET', '/connector-plugins');
    assert.deepEqual(
      plugins.body.filter((p) => p.class === PROBE_CLASS).map((p) => p.version),
      ['1.0.0', '2.0.0'],
    );

    const connectors = [
      ['probe-v1', '1.0.0', '6.0.0'],
      ['probe-v2', '[2.0,3.0)', '7.0.0'],
      ['probe-latest', undefined, '7.0.0'],
    ] as const;
    for (const [name, version] of connectors) {
      const config: Record<string, string> = { 'connector.class': 'IsNumberProbe', 'tasks.max': '1' };
      if (version) config['connector.plugin.version'] = version;
      const created = await rest(w.url, 'PUT', `/connectors/${name}/config`, config);
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }
    for (const [name, , isNumber] of connectors) {
      await waitForStatus(w.url, name, running);
      const tasks = await rest<{ config: Record<string, string> }[]>(w.url, 'GET', `/connectors/${name}/tasks`);
      assert.equal(tasks.body[0]!.config['is-number.version'], isNumber, name);
    }
  });

  test('a connector whose plugin version is no longer installed is FAILED with the reason, its config kept', async () => {
    await worker!.stop();
    await rm(join(pluginPath, 'is-number-probe-1.0.0'), { recursive: true, force: true });
    const w = await startWorker();
    const status = await waitForStatus(w.url, 'probe-v1', (s) => s.connector.state === 'FAILED');
    assert.match(
      status.connector.trace ?? '',
      /Plugin loader for test\.plugins\.IsNumberProbeConnector not found that matches the version range \[1\.0\.0\], available versions: \[2\.0\.0\]/,
    );
    const config = await rest<Record<string, string>>(w.url, 'GET', '/connectors/probe-v1/config');
    assert.equal(config.body['connector.plugin.version'], '1.0.0');
    await waitForStatus(w.url, 'probe-v2', running);
    const log = await readFile(join(w.workDir, 'worker.log'), 'utf8');
    assert.doesNotMatch(log, /Importing plugin is-number-probe@1\.0\.0/);
  });
});
