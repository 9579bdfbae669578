import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConnectException, SourceConnector } from '@tsconnect/api';
import { discoverPlugins, pluginPathEntries, type DiscoveryLog } from '../../src/plugins/plugin-discovery.js';
import { PluginKind } from '../../src/plugins/plugin-kind.js';
import { PluginRegistry } from '../../src/plugins/plugin-registry.js';

class RecordingLog implements DiscoveryLog {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(`INFO ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`WARN ${message}`);
  }
  error(message: string): void {
    this.lines.push(`ERROR ${message}`);
  }
  matching(pattern: RegExp): string[] {
    return this.lines.filter((l) => pattern.test(l));
  }
}

async function writeFiles(dir: string, files: Record<string, string | object>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
}

/** A plugin package whose one source connector reports which copy of `dep` it sees. */
function sourcePlugin(name: string, version: string, className: string, extra: Record<string, string | object> = {}): Record<string, string | object> {
  return {
    'package.json': {
      name,
      version,
      type: 'module',
      main: 'index.js',
      peerDependencies: { '@tsconnect/api': '^0.1.0' },
      tsconnect: { apiVersion: '^0.1.0', plugins: [{ kind: 'source', export: 'Source', className }] },
    },
    'index.js': `
      import { SourceConnector } from '@tsconnect/api';
      globalThis.importedPlugins = [...(globalThis.importedPlugins ?? []), ${JSON.stringify(name)}];
      export class Source extends SourceConnector {
        static apiSourceConnector = SourceConnector;
        version() { return ${JSON.stringify(version)}; }
      }
    `,
    ...extra,
  };
}

/** A plugin package that imports the library `dep` from its own node_modules. */
function depPlugin(name: string, className: string, depVersion: string): Record<string, string | object> {
  return sourcePlugin(name, '1.0.0', className, {
    'index.js': `
      import { SourceConnector } from '@tsconnect/api';
      import depVersion from 'dep';
      globalThis.importedPlugins = [...(globalThis.importedPlugins ?? []), ${JSON.stringify(name)}];
      export class Source extends SourceConnector { static depVersion = depVersion; }
    `,
    'node_modules/dep/package.json': { name: 'dep', version: depVersion, main: 'index.js' },
    'node_modules/dep/index.js': `module.exports = ${JSON.stringify(depVersion)};`,
  });
}

const imported = () => ((globalThis as { importedPlugins?: string[] }).importedPlugins ?? []);

describe('plugin discovery', () => {
  let root: string;
  before(async () => {
    root = await realpath(await mkdtemp(join(tmpdir(), 'tsconnect-plugins-')));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function discover(pluginPath: string[]) {
    const log = new RecordingLog();
    const result = await discoverPlugins({ pluginPath, besideWorker: [], log });
    return { ...result, log, names: result.packages.map((p) => p.manifest.packageName).sort() };
  }

  it('finds packages given directly, as subfolders, in node_modules, scoped, and in a subfolder prefix', async () => {
    const dir = join(root, 'layouts');
    await writeFiles(join(dir, 'path', 'plain'), sourcePlugin('plain', '1.0.0', 'a.PlainConnector'));
    await writeFiles(join(dir, 'path', 'node_modules', 'installed'), sourcePlugin('installed', '1.0.0', 'a.InstalledConnector'));
    await writeFiles(join(dir, 'path', 'node_modules', '@acme', 'scoped'), sourcePlugin('@acme/scoped', '1.0.0', 'a.ScopedConnector'));
    await writeFiles(join(dir, 'path', 'prefix-1', 'node_modules', 'prefixed'), sourcePlugin('prefixed', '1.0.0', 'a.PrefixedConnector'));
    await writeFiles(join(dir, 'path', 'node_modules', 'not-a-plugin'), { 'package.json': { name: 'not-a-plugin', version: '1.0.0' } });
    await writeFiles(join(dir, 'direct'), sourcePlugin('direct', '2.0.0', 'a.DirectConnector'));

    const found = await discover([join(dir, 'path'), join(dir, 'direct')]);
    assert.deepEqual(found.names, ['@acme/scoped', 'direct', 'installed', 'plain', 'prefixed']);
    assert.deepEqual(found.skipped, []);
    assert.equal(found.log.matching(/^WARN/).length, 0, found.log.lines.join('\n'));
    assert.deepEqual(
      found.entries.map((e) => [e.className, e.kind, e.version]).sort(),
      [
        ['a.DirectConnector', 'source', '2.0.0'],
        ['a.InstalledConnector', 'source', '1.0.0'],
        ['a.PlainConnector', 'source', '1.0.0'],
        ['a.PrefixedConnector', 'source', '1.0.0'],
        ['a.ScopedConnector', 'source', '1.0.0'],
      ],
    );
    assert.equal(found.entries.find((e) => e.className === 'a.DirectConnector')?.location, `file://${dir}/direct/`);
  });

  it('reads manifests only: no plugin code runs until a plugin is first used', async () => {
    const dir = join(root, 'lazy');
    await writeFiles(dir, sourcePlugin('lazy-plugin', '1.0.0', 'a.LazyConnector'));
    const found = await discover([dir]);
    assert.equal(found.packages.length, 1);
    assert.ok(!imported().includes('lazy-plugin'));
    assert.deepEqual(found.log.matching(/Importing/), []);
    const registry = new PluginRegistry().registerAll(found.entries);
    const connector = await registry.newInstance<SourceConnector>('Lazy', [PluginKind.SOURCE]);
    assert.ok(imported().includes('lazy-plugin'));
    assert.ok(connector instanceof SourceConnector);
    assert.deepEqual(found.log.matching(/Importing/), [`INFO Importing plugin lazy-plugin@1.0.0 from ${dir}`]);
  });

  it('skips a broken package with one log line naming it and the reason, and keeps the others', async () => {
    const dir = join(root, 'broken');
    await writeFiles(join(dir, 'good'), sourcePlugin('good', '1.0.0', 'a.GoodConnector'));
    await writeFiles(join(dir, 'bad-json'), { 'package.json': '{ "name": "bad-json", "tsconnect": {' });
    await writeFiles(join(dir, 'bad-kind'), {
      'package.json': { name: 'bad-kind', version: '1.0.0', main: 'index.js', tsconnect: { apiVersion: '^0.1.0', plugins: [{ kind: 'sauce', export: 'X', className: 'a.X' }] } },
      'index.js': '',
    });
    await writeFiles(join(dir, 'future-api'), {
      ...sourcePlugin('future-api', '1.0.0', 'a.FutureConnector'),
      'package.json': { name: 'future-api', version: '1.0.0', main: 'index.js', tsconnect: { apiVersion: '^9.0.0', plugins: [{ kind: 'sink', export: 'X', className: 'a.X' }] } },
    });
    await writeFiles(join(dir, 'unbuilt'), {
      'package.json': { name: 'unbuilt', version: '1.0.0', main: 'dist/index.js', tsconnect: { apiVersion: '^0.1.0', plugins: [{ kind: 'sink', export: 'X', className: 'a.Y' }] } },
    });

    const found = await discover([dir]);
    assert.deepEqual(found.names, ['good']);
    const warnings = found.log.matching(/^WARN/);
    assert.deepEqual(warnings.sort(), [
      `WARN Skipping plugin ${dir}/bad-json at ${dir}/bad-json: package.json is not valid JSON: ${warnings.find((w) => w.includes('bad-json'))!.split('not valid JSON: ')[1]}`,
      `WARN Skipping plugin bad-kind at ${dir}/bad-kind: broken manifest: tsconnect.plugins[0].kind "sauce" is not one of source, sink, converter, header_converter, transformation, predicate, config_provider, configprovider`,
      `WARN Skipping plugin future-api at ${dir}/future-api: it supports @tsconnect/api ^9.0.0, this worker has 0.1.0`,
      `WARN Skipping plugin unbuilt at ${dir}/unbuilt: its main entry file does not exist (is the package built?)`,
    ].sort());
    assert.equal(found.skipped.length, 4);
  });

  it('warns about a plugin.path entry that does not exist, and goes on', async () => {
    const found = await discover([join(root, 'nowhere')]);
    assert.deepEqual(found.log.lines, [`WARN Could not get listing for plugin path: ${join(root, 'nowhere')}. Ignoring.`]);
  });

  it('lets each plugin resolve its own dependencies from its own tree', async () => {
    const dir = join(root, 'deps');
    await writeFiles(join(dir, 'uses-dep-1'), depPlugin('uses-dep-1', 'a.One', '1.0.0'));
    await writeFiles(join(dir, 'uses-dep-2'), depPlugin('uses-dep-2', 'a.Two', '2.0.0'));
    const registry = new PluginRegistry().registerAll((await discover([dir])).entries);
    const one = (await registry.find('a.One', [PluginKind.SOURCE])!.load()) as unknown as { depVersion: string };
    const two = (await registry.find('a.Two', [PluginKind.SOURCE])!.load()) as unknown as { depVersion: string };
    assert.equal(one.depVersion, '1.0.0');
    assert.equal(two.depVersion, '2.0.0');
  });

  it("gives a plugin that ships its own @tsconnect/api the worker's copy, with a warning", async () => {
    const dir = join(root, 'own-api');
    await writeFiles(
      dir,
      sourcePlugin('own-api', '1.0.0', 'a.OwnApiConnector', {
        'node_modules/@tsconnect/api/package.json': { name: '@tsconnect/api', version: '0.1.0', type: 'module', main: 'index.js' },
        'node_modules/@tsconnect/api/index.js': 'export class SourceConnector { static impostor = true; }',
      }),
    );
    const found = await discover([dir]);
    assert.deepEqual(found.log.matching(/own copy/), [
      `WARN Plugin own-api@1.0.0 at ${dir} has its own copy of @tsconnect/api (${dir}/node_modules/@tsconnect/api); it gets the worker's shared copy 0.1.0 instead. Declare @tsconnect/api as a peer dependency, not a dependency.`,
    ]);
    const loaded = (await found.entries[0]!.load()) as unknown as { apiSourceConnector: unknown; prototype: object };
    assert.equal(loaded.apiSourceConnector, SourceConnector);
    assert.ok(loaded.prototype instanceof SourceConnector);
  });

  it('reports a plugin whose code fails to import, naming it and the reason, logged once', async () => {
    const dir = join(root, 'throws');
    await writeFiles(dir, sourcePlugin('throws', '1.0.0', 'a.ThrowsConnector', { 'index.js': 'throw new Error("no licence key");' }));
    const found = await discover([dir]);
    const registry = new PluginRegistry().registerAll(found.entries);
    const expected = `Plugin throws@1.0.0 at ${dir} failed to load: no licence key`;
    for (let i = 0; i < 2; i++) {
      await assert.rejects(registry.newInstance('a.ThrowsConnector', [PluginKind.SOURCE]), (e: unknown) => e instanceof ConnectException && e.message === expected);
    }
    assert.deepEqual(found.log.matching(/^ERROR/), [`ERROR ${expected}`]);
  });

  it('reports a manifest that names an export the package does not have', async () => {
    const dir = join(root, 'wrong-export');
    await writeFiles(dir, sourcePlugin('wrong-export', '1.0.0', 'a.WrongConnector', { 'index.js': 'export const Other = 1;' }));
    const [entry] = (await discover([dir])).entries;
    await assert.rejects(entry!.load(), { message: `Plugin wrong-export@1.0.0 at ${dir} does not export a class named Source, which its tsconnect manifest lists` });
  });

  it('keeps several versions of one plugin side by side, each with its own code', async () => {
    const dir = join(root, 'versions');
    await writeFiles(join(dir, 'counter-1', 'node_modules', 'counter'), sourcePlugin('counter', '1.2.0', 'a.CounterConnector'));
    await writeFiles(join(dir, 'counter-2', 'node_modules', 'counter'), sourcePlugin('counter', '2.0.1', 'a.CounterConnector'));
    const registry = new PluginRegistry().registerAll((await discover([dir])).entries);
    assert.deepEqual(registry.pluginInfos(), [
      { class: 'a.CounterConnector', type: 'source', version: '1.2.0' },
      { class: 'a.CounterConnector', type: 'source', version: '2.0.1' },
    ]);
    const v1 = await registry.newInstance<SourceConnector>('Counter', [PluginKind.SOURCE], '[1.0,2.0)');
    const latest = await registry.newInstance<SourceConnector>('Counter', [PluginKind.SOURCE]);
    assert.equal(v1?.version(), '1.2.0');
    assert.equal(latest?.version(), '2.0.1');
  });

  it('keeps the first copy of one package version, plugin.path before the packages beside the worker', async () => {
    const dir = join(root, 'copies');
    await writeFiles(join(dir, 'path', 'counter'), sourcePlugin('counter', '1.0.0', 'a.CounterConnector'));
    await writeFiles(join(dir, 'beside', 'counter'), sourcePlugin('counter', '1.0.0', 'a.CounterConnector'));
    const log = new RecordingLog();
    const found = await discoverPlugins({ pluginPath: [join(dir, 'path')], besideWorker: [join(dir, 'beside')], log });
    assert.deepEqual(found.packages.map((p) => p.dir), [join(dir, 'path', 'counter')]);
    assert.deepEqual(log.matching(/Ignoring/), [
      `INFO Ignoring plugin counter@1.0.0 at ${dir}/beside/counter: the same version was loaded from ${dir}/path/counter`,
    ]);
  });

  it('reads plugin.path as a comma-separated list of paths', () => {
    assert.deepEqual(pluginPathEntries(' /a/b , /c,,'), ['/a/b', '/c']);
    assert.deepEqual(pluginPathEntries(undefined), []);
  });
});
