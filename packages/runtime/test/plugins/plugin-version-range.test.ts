import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectException } from '@tsconnect/api';
import { compareVersions } from '../../src/plugins/compare-versions.js';
import { PluginKind } from '../../src/plugins/plugin-kind.js';
import { PluginRegistry, type PluginEntry } from '../../src/plugins/plugin-registry.js';
import { PluginVersionRange } from '../../src/plugins/plugin-version-range.js';

const INSTALLED = ['1.0.0', '1.5.2', '2.0.0', '2.1.0', '3.0.0-rc1'];

function chosen(spec: string | null): string | null {
  const range = PluginVersionRange.parse(spec);
  return range === null ? 'latest' : range.match(INSTALLED);
}

describe('PluginVersionRange (connector.plugin.version)', () => {
  it('reads absent and "latest" as the latest version', () => {
    assert.equal(PluginVersionRange.parse(null), null);
    assert.equal(PluginVersionRange.parse('latest'), null);
  });

  it('reads a bare version as a hard requirement, as Kafka wraps it in []', () => {
    assert.equal(chosen('1.5.2'), '1.5.2');
    assert.equal(chosen('1.5'), null);
    assert.equal(chosen('2.0'), '2.0.0');
    assert.equal(String(PluginVersionRange.parse('1.5.2')), '[1.5.2]');
  });

  it('picks the highest version a Maven range allows', () => {
    assert.equal(chosen('[1.0,2.0)'), '1.5.2');
    assert.equal(chosen('[1.0,2.0]'), '2.0.0');
    assert.equal(chosen('(1.0.0,1.5.2)'), null);
    assert.equal(chosen('(,2.0)'), '1.5.2');
    assert.equal(chosen('[2.0,2.5)'), '2.1.0');
    assert.equal(chosen('[2.0,)'), '3.0.0-rc1');
    assert.equal(chosen('[1.0,1.1),[2.0,2.1)'), '2.0.0');
    assert.equal(chosen('[3.0.0-a,3.0.0]'), '3.0.0-rc1');
  });

  it("refuses specs Maven refuses, with Maven's messages", () => {
    assert.throws(() => PluginVersionRange.parse('[1.0,2.0'), (e: unknown) => e instanceof ConnectException && e.message === 'Unbounded range: [1.0,2.0');
    assert.throws(() => PluginVersionRange.parse('(1.0)'), /Single version must be surrounded by \[\]: \(1\.0\)/);
    assert.throws(() => PluginVersionRange.parse('[2.0,1.0]'), /Range defies version ordering: \[2\.0,1\.0\]/);
    assert.throws(() => PluginVersionRange.parse('  '), /Version cannot be empty/);
  });

  it('orders versions as Maven does: missing parts are zeros, qualifiers come before the release', () => {
    assert.equal(compareVersions('1.0', '1.0.0'), 0);
    assert.ok(compareVersions('1.0.0-rc1', '1.0.0') < 0);
    assert.ok(compareVersions('1.0.0', '1.0.0-rc1') > 0);
    assert.ok(compareVersions('1.10.0', '1.9.0') > 0);
  });
});

describe('PluginRegistry version choice', () => {
  function version(v: string): PluginEntry {
    class Versioned {
      readonly v = v;
    }
    return { className: 'com.acme.CounterSourceConnector', kind: PluginKind.SOURCE, version: v, location: `file:/plugins/counter-${v}/`, load: async () => Versioned };
  }
  const registry = new PluginRegistry().register(version('1.0.0'), version('1.4.0'), version('2.0.0'));

  it('gives the latest when no version is asked for, the matching one otherwise', () => {
    assert.equal(registry.connector('CounterSource').version, '2.0.0');
    assert.equal(registry.connector('CounterSource', 'latest').version, '2.0.0');
    assert.equal(registry.connector('CounterSourceConnector', '[1.0,2.0)').version, '1.4.0');
    assert.equal(registry.connector('com.acme.CounterSourceConnector', '1.0.0').version, '1.0.0');
    assert.equal(registry.find('CounterSource', [PluginKind.SOURCE], '[1.0,1.1)')?.version, '1.0.0');
  });

  it("fails a connector whose version is not installed with Kafka's message listing the versions", () => {
    assert.throws(
      () => registry.connector('CounterSource', '[3.0,)'),
      (e: unknown) =>
        e instanceof ConnectException &&
        e.message === 'Plugin loader for com.acme.CounterSourceConnector not found that matches the version range [3.0,), available versions: [1.0.0, 1.4.0, 2.0.0]',
    );
    assert.equal(registry.find('CounterSource', [PluginKind.SOURCE], '1.2.0'), null);
  });

  it('instantiates the chosen version, and refuses a version that is not installed', async () => {
    const instance = await registry.newInstance<{ v: string }>('CounterSource', [PluginKind.SOURCE], '[1.0,1.5)');
    assert.equal(instance?.v, '1.4.0');
    await assert.rejects(registry.newInstance('CounterSource', [PluginKind.SOURCE], '9.0'), /matches the version range \[9\.0\]/);
    assert.equal(await registry.newInstance('NoSuch', [PluginKind.SOURCE], '9.0'), null);
  });
});
