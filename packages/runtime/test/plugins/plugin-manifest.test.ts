import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PluginKind } from '../../src/plugins/plugin-kind.js';
import { hasManifest, ManifestError, parsePluginManifest } from '../../src/plugins/plugin-manifest.js';

function packageJson(manifest: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: '@acme/plugin', version: '1.2.3', tsconnect: manifest, ...extra };
}

const SOURCE = { kind: 'source', export: 'CounterSource', className: 'com.acme.CounterSourceConnector', aliases: ['Count'] };

describe('parsePluginManifest', () => {
  it('reads the package name, version, API range and plugins', () => {
    const manifest = parsePluginManifest(
      packageJson({
        apiVersion: '^0.1.0',
        plugins: [SOURCE, { kind: ['converter', 'header_converter'], export: 'Upper', className: 'com.acme.Upper$Converter' }],
      }),
    );
    assert.deepEqual(manifest, {
      packageName: '@acme/plugin',
      packageVersion: '1.2.3',
      apiVersion: '^0.1.0',
      plugins: [
        { kinds: [PluginKind.SOURCE], exportName: 'CounterSource', className: 'com.acme.CounterSourceConnector', aliases: ['Count'] },
        { kinds: [PluginKind.CONVERTER, PluginKind.HEADER_CONVERTER], exportName: 'Upper', className: 'com.acme.Upper$Converter', aliases: [] },
      ],
    });
  });

  it('maps config_provider to the configprovider kind', () => {
    const manifest = parsePluginManifest(packageJson({ apiVersion: '*', plugins: [{ kind: 'config_provider', export: 'P', className: 'com.acme.P' }] }));
    assert.deepEqual(manifest.plugins[0]!.kinds, [PluginKind.CONFIG_PROVIDER]);
  });

  const broken: [string, unknown, RegExp][] = [
    ['no apiVersion', packageJson({ plugins: [SOURCE] }), /tsconnect\.apiVersion must be/],
    ['no plugins', packageJson({ apiVersion: '^0.1.0', plugins: [] }), /tsconnect\.plugins must list at least one plugin/],
    ['an unknown kind', packageJson({ apiVersion: '^0.1.0', plugins: [{ ...SOURCE, kind: 'connector' }] }), /plugins\[0\]\.kind "connector" is not one of source, sink/],
    ['no export', packageJson({ apiVersion: '^0.1.0', plugins: [{ ...SOURCE, export: '' }] }), /plugins\[0\]\.export must name an export/],
    ['a bad class name', packageJson({ apiVersion: '^0.1.0', plugins: [{ ...SOURCE, className: 'com acme' }] }), /plugins\[0\]\.className "com acme" is not a class name/],
    ['bad aliases', packageJson({ apiVersion: '^0.1.0', plugins: [{ ...SOURCE, aliases: 'Count' }] }), /plugins\[0\]\.aliases must be a list/],
    ['a class listed twice', packageJson({ apiVersion: '^0.1.0', plugins: [SOURCE, SOURCE] }), /com\.acme\.CounterSourceConnector is listed twice as a source/],
    ['a manifest that is not an object', packageJson('yes'), /"tsconnect" is not an object/],
    ['no package version', packageJson({ apiVersion: '^0.1.0', plugins: [SOURCE] }, { version: undefined }), /package\.json has no version/],
  ];
  for (const [what, json, message] of broken) {
    it(`refuses a manifest with ${what}`, () => {
      assert.throws(() => parsePluginManifest(json), (e: unknown) => e instanceof ManifestError && message.test(e.message));
    });
  }

  it('tells plugin packages from other packages by the field alone', () => {
    assert.equal(hasManifest(packageJson({})), true);
    assert.equal(hasManifest({ name: 'is-number', version: '7.0.0' }), false);
  });
});
