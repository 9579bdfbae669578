import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectException } from '@tsconnect/api';
import { FileStreamSinkConnector } from '../../src/connectors/file/file-stream-sink-connector.js';
import { builtinPluginVersion } from '../../src/plugins/builtin-plugin-version.js';
import { builtinPluginRegistry } from '../../src/plugins/builtin-plugins.js';
import { PluginKind } from '../../src/plugins/plugin-kind.js';
import { PluginRegistry, compareVersions, prunedClassName, simpleClassName, type PluginEntry } from '../../src/plugins/plugin-registry.js';

const SINK = 'org.apache.kafka.connect.file.FileStreamSinkConnector';
const SOURCE = 'org.apache.kafka.connect.file.FileStreamSourceConnector';

function fake(className: string, kind: PluginKind, version: string | null, aliases: string[] = []): PluginEntry {
  class Fake {}
  return { className, kind, version, aliases, location: 'file:/plugins/x/', load: async () => Fake };
}

describe('PluginRegistry name forms', () => {
  const registry = builtinPluginRegistry();

  it('finds a connector by full class name, simple name and simple name without "Connector"', () => {
    for (const name of [SINK, 'FileStreamSinkConnector', 'FileStreamSink']) {
      assert.equal(registry.connector(name).className, SINK, name);
    }
    assert.equal(registry.connector('FileStreamSource').kind, 'source');
  });

  it('finds converters, header converters, transformations and predicates by class name and alias', () => {
    const json = 'org.apache.kafka.connect.json.JsonConverter';
    assert.equal(registry.find('Json', [PluginKind.CONVERTER])?.className, json);
    assert.equal(registry.find('JsonConverter', [PluginKind.HEADER_CONVERTER])?.className, json);
    assert.equal(registry.find('Simple', [PluginKind.HEADER_CONVERTER])?.className, 'org.apache.kafka.connect.storage.SimpleHeaderConverter');
    assert.equal(registry.find('RegexRouter', [PluginKind.TRANSFORMATION])?.className, 'org.apache.kafka.connect.transforms.RegexRouter');
    assert.equal(
      registry.find('org.apache.kafka.connect.transforms.InsertField$Value', [PluginKind.TRANSFORMATION])?.className,
      'org.apache.kafka.connect.transforms.InsertField$Value',
    );
    assert.equal(registry.find('TopicNameMatches', [PluginKind.PREDICATE])?.kind, 'predicate');
    assert.equal(registry.find('RegexRouter', [PluginKind.PREDICATE]), null);
  });

  it('drops an alias that several classes share ("Value" of every $Value transform)', () => {
    assert.equal(registry.resolveClassName('Value'), 'Value');
    assert.equal(registry.find('Value', [PluginKind.TRANSFORMATION]), null);
  });

  it('answers to the extra aliases an entry declares (our own names)', () => {
    assert.equal(registry.find('DebeziumUnwrap', [PluginKind.TRANSFORMATION])?.className, 'io.debezium.transforms.ExtractNewRecordState');
  });

  it('derives names as Java and Kafka do', () => {
    assert.equal(simpleClassName('a.b.InsertField$Value'), 'Value');
    assert.equal(prunedClassName('a.FooConnector', PluginKind.SINK), 'Foo');
    assert.equal(prunedClassName('a.Connector', PluginKind.SINK), 'Connector');
    assert.equal(prunedClassName('a.FooHeaderConverter', PluginKind.HEADER_CONVERTER), 'Foo');
    assert.equal(prunedClassName('a.FooConverter', PluginKind.HEADER_CONVERTER), 'FooConverter');
  });

  it("refuses an unknown connector with Kafka's message listing the available ones", () => {
    assert.throws(
      () => registry.connector('com.example.Nope'),
      (e: unknown) =>
        e instanceof ConnectException &&
        e.message ===
          'Failed to find any class that implements Connector and which name matches com.example.Nope, available connectors are: ' +
            `PluginDesc{klass=class ${SINK}, name='${SINK}', version='${builtinPluginVersion()}', encodedVersion=${builtinPluginVersion()}, type=sink, typeName='sink', location='classpath'}, ` +
            `PluginDesc{klass=class ${SOURCE}, name='${SOURCE}', version='${builtinPluginVersion()}', encodedVersion=${builtinPluginVersion()}, type=source, typeName='source', location='classpath'}`,
    );
  });

  it('does not take a transformation for a connector', () => {
    assert.throws(() => registry.connector('RegexRouter'), /Failed to find any class that implements Connector/);
  });

  it('instantiates a plugin lazily through its entry', async () => {
    const connector = await registry.newInstance<FileStreamSinkConnector>('FileStreamSink', [PluginKind.SINK]);
    assert.ok(connector instanceof FileStreamSinkConnector);
    assert.equal(connector.version(), builtinPluginVersion());
  });
});

describe('PluginRegistry listing', () => {
  it('lists connectors only by default: sinks then sources', () => {
    assert.deepEqual(builtinPluginRegistry().pluginInfos(), [
      { class: SINK, type: 'sink', version: builtinPluginVersion() },
      { class: SOURCE, type: 'source', version: builtinPluginVersion() },
    ]);
  });

  it("lists every kind in Kafka's order, each sorted by class name, without config providers", () => {
    const registry = new PluginRegistry().register(
      fake('z.HeaderConv', PluginKind.HEADER_CONVERTER, '1'),
      fake('b.Conv', PluginKind.CONVERTER, '1'),
      fake('a.Conv', PluginKind.CONVERTER, null),
      fake('p.Pred', PluginKind.PREDICATE, '1'),
      fake('t.Smt', PluginKind.TRANSFORMATION, '1'),
      fake('s.Source', PluginKind.SOURCE, '2'),
      fake('s.Sink', PluginKind.SINK, '3'),
      fake('c.Provider', PluginKind.CONFIG_PROVIDER, '1'),
    );
    assert.deepEqual(registry.pluginInfos(false), [
      { class: 's.Sink', type: 'sink', version: '3' },
      { class: 's.Source', type: 'source', version: '2' },
      { class: 't.Smt', type: 'transformation', version: '1' },
      { class: 'p.Pred', type: 'predicate', version: '1' },
      { class: 'a.Conv', type: 'converter' },
      { class: 'b.Conv', type: 'converter', version: '1' },
      { class: 'z.HeaderConv', type: 'header_converter', version: '1' },
    ]);
  });

  it('keeps several versions of a class side by side; the latest answers unless a version is asked for', () => {
    const registry = new PluginRegistry().register(
      fake('com.x.JdbcSinkConnector', PluginKind.SINK, '10.2.0'),
      fake('com.x.JdbcSinkConnector', PluginKind.SINK, '10.10.1'),
      fake('com.x.JdbcSinkConnector', PluginKind.SINK, '9.0.0'),
    );
    assert.equal(registry.connector('JdbcSink').version, '10.10.1');
    assert.equal(registry.connector('JdbcSinkConnector', '9.0.0').version, '9.0.0');
    assert.deepEqual(registry.pluginInfos().map((p) => p.version), ['9.0.0', '10.2.0', '10.10.1']);
  });

  it('reports a connector alias that matches several classes as Kafka does', () => {
    const registry = new PluginRegistry().register(fake('a.DupConnector', PluginKind.SINK, '1'), fake('b.DupConnector', PluginKind.SOURCE, '1'));
    assert.throws(() => registry.connector('Dup'), /^ConnectException: More than one connector matches alias Dup\. Please use full package and class name instead\. Classes found: PluginDesc\{klass=class a\.DupConnector/);
  });

  it('compares versions numerically', () => {
    assert.ok(compareVersions('10.0.0', '9.9.9') > 0);
    assert.ok(compareVersions('4.1.1', '4.1.1') === 0);
    assert.ok(compareVersions('4.1', '4.1.1') < 0);
  });
});
