import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { describe, it } from 'node:test';
import { ConfigException, Password } from '@tsconnect/api';
import { readPropertiesFile } from '../../src/config/properties-file.js';
import { advertisedUrl, parseRestListener, workerIdFromUrl } from '../../src/config/rest-listeners.js';
import { WorkerConfig, distributedWorkerConfigDef } from '../../src/config/worker-config.js';
import { builtinPluginRegistry } from '../../src/plugins/builtin-plugins.js';

const ETC = new URL('../../../../../etc/', import.meta.url);

const MINIMAL = {
  'group.id': 'g',
  'config.storage.topic': 'c',
  'offset.storage.topic': 'o',
  'status.storage.topic': 's',
  'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
};

function failsNaming(props: Record<string, string>, message: string, mode: 'distributed' | 'standalone' = 'distributed') {
  assert.throws(
    () => new WorkerConfig(mode, props),
    (e: unknown) => e instanceof ConfigException && e.message === message,
  );
}

describe('WorkerConfig (distributed)', () => {
  it("applies Kafka's defaults", () => {
    const config = WorkerConfig.distributed(MINIMAL);
    const expected: Record<string, unknown> = {
      'bootstrap.servers': ['localhost:9092'],
      'config.storage.replication.factor': 3,
      'offset.storage.partitions': 25,
      'offset.storage.replication.factor': 3,
      'status.storage.partitions': 5,
      'status.storage.replication.factor': 3,
      'header.converter': 'org.apache.kafka.connect.storage.SimpleHeaderConverter',
      listeners: ['http://:8083'],
      'admin.listeners': null,
      'plugin.path': null,
      'plugin.discovery': 'hybrid_warn',
      'config.providers': [],
      'heartbeat.interval.ms': 3000,
      'session.timeout.ms': 10000,
      'rebalance.timeout.ms': 60000,
      'worker.sync.timeout.ms': 3000,
      'worker.unsync.backoff.ms': 300000,
      'connect.protocol': 'sessioned',
      'scheduled.rebalance.max.delay.ms': 300000,
      'offset.flush.interval.ms': 60000,
      'offset.flush.timeout.ms': 5000,
      'task.shutdown.graceful.timeout.ms': 5000,
      'connector.client.config.override.policy': 'All',
      'exactly.once.source.support': 'disabled',
      'inter.worker.key.generation.algorithm': 'HmacSHA256',
      'inter.worker.key.size': null,
      'inter.worker.key.ttl.ms': 3600000,
      'inter.worker.signature.algorithm': 'HmacSHA256',
      'inter.worker.verification.algorithms': ['HmacSHA256'],
      'topic.tracking.enable': true,
      'topic.tracking.allow.reset': true,
      'topic.creation.enable': true,
      'metadata.max.age.ms': 300000,
      'request.timeout.ms': 40000,
      'connections.max.idle.ms': 540000,
      'client.id': '',
      'client.dns.lookup': 'use_all_dns_ips',
      'metric.reporters': ['org.apache.kafka.common.metrics.JmxReporter'],
      'metrics.sample.window.ms': 30000,
      'metrics.num.samples': 2,
      'metrics.recording.level': 'INFO',
      'rest.extension.classes': [],
      'access.control.allow.origin': '',
      'access.control.allow.methods': '',
      'response.http.headers.config': '',
      'ssl.client.auth': 'none',
      'rest.advertised.host.name': null,
      'rest.advertised.port': null,
      'rest.advertised.listener': null,
      'security.protocol': 'PLAINTEXT',
    };
    for (const [key, value] of Object.entries(expected)) assert.deepEqual(config.get(key), value, key);
  });

  it('declares the required keys without a default', () => {
    const required = [...distributedWorkerConfigDef().configKeys.values()].filter((k) => !k.hasDefault()).map((k) => k.name);
    assert.deepEqual(required.sort(), [
      'config.storage.topic',
      'group.id',
      'key.converter',
      'offset.storage.topic',
      'status.storage.topic',
      'value.converter',
    ]);
  });

  it('stops with a message naming a missing required key', () => {
    const { 'group.id': _, ...rest } = MINIMAL;
    failsNaming(rest, 'Missing required configuration "group.id" which has no default value.');
  });

  it('stops with a message naming a key whose value is invalid', () => {
    failsNaming({ ...MINIMAL, 'offset.storage.partitions': 'many' }, 'Invalid value many for configuration offset.storage.partitions: Not a number of type INT');
    failsNaming(
      { ...MINIMAL, 'status.storage.replication.factor': '0' },
      "Invalid value 0 for configuration status.storage.replication.factor: Replication factor must be positive and not larger than the number of brokers in the Kafka cluster, or -1 to use the broker's default",
    );
    failsNaming({ ...MINIMAL, 'connect.protocol': 'fast' }, 'Invalid value fast for configuration connect.protocol: Invalid Connect protocol compatibility');
    failsNaming({ ...MINIMAL, 'exactly.once.source.support': 'yes' }, 'Invalid value yes for configuration exactly.once.source.support: String must be one of: disabled, preparing, enabled');
    failsNaming({ ...MINIMAL, listeners: 'localhost:8083' }, "Invalid value localhost:8083 for configuration listeners: Listener doesn't have the right format (protocol://hostname:port).");
    failsNaming({ ...MINIMAL, listeners: 'ftp://h:1' }, 'Invalid value ftp://h:1 for configuration listeners: Listener protocol must be either "http" or "https".');
    failsNaming(
      { ...MINIMAL, 'inter.worker.signature.algorithm': 'HmacSHA512' },
      'Invalid value HmacSHA512 for configuration inter.worker.signature.algorithm: Signature algorithm must be present in inter.worker.verification.algorithms list',
    );
  });

  it('with the plugin registry, refuses converter classes it does not hold', () => {
    assert.throws(
      () => WorkerConfig.distributed({ ...MINIMAL, 'key.converter': 'com.example.Missing' }, builtinPluginRegistry()),
      { message: 'Invalid value com.example.Missing for configuration key.converter: Class com.example.Missing could not be found.' },
    );
  });

  it('hands out prefixed sub-configurations', () => {
    const config = WorkerConfig.distributed({
      ...MINIMAL,
      'producer.acks': '1',
      'consumer.max.poll.records': '10',
      'admin.request.timeout.ms': '5',
      'key.converter.schemas.enable': 'false',
      'key.converter.plugin.version': '4.1.1',
      'value.converter.schemas.enable': 'true',
      'config.storage.min.insync.replicas': '2',
      'config.storage.cleanup.policy': 'delete',
      'offset.storage.segment.bytes': '1000',
      'offset.storage.partitions': '7',
      'status.storage.replication.factor': '1',
      'ssl.keystore.password': 'secret',
    });
    assert.deepEqual(config.producerConfigs(), { acks: '1' });
    assert.deepEqual(config.consumerConfigs(), { 'max.poll.records': '10' });
    assert.deepEqual(config.adminConfigs(), { 'request.timeout.ms': '5' });
    assert.deepEqual(config.converterConfigs('key.converter'), { 'schemas.enable': 'false' });
    assert.deepEqual(config.converterConfigs('value.converter'), { 'schemas.enable': 'true' });
    assert.deepEqual(config.topicSettings('config.storage.'), { 'min.insync.replicas': '2' });
    assert.deepEqual(config.topicSettings('offset.storage.'), { 'segment.bytes': '1000' });
    assert.deepEqual(config.topicSettings('status.storage.'), {});
    assert.ok(config.getPassword('ssl.keystore.password') instanceof Password);
  });
});

describe('WorkerConfig (standalone)', () => {
  it('requires offset.storage.file.filename and needs no group or topics', () => {
    const { 'group.id': _g, 'config.storage.topic': _c, 'offset.storage.topic': _o, 'status.storage.topic': _s, ...converters } = MINIMAL;
    failsNaming(converters, 'Missing required configuration "offset.storage.file.filename" which has no default value.', 'standalone');
    const config = WorkerConfig.standalone({ ...converters, 'offset.storage.file.filename': '/tmp/o' });
    assert.equal(config.getString('offset.storage.file.filename'), '/tmp/o');
    assert.throws(() => config.get('group.id'), { message: "Unknown configuration 'group.id'" });
  });
});

describe('REST listeners, advertised URL and worker id', () => {
  it('parses listeners as Kafka does', () => {
    assert.deepEqual(parseRestListener('HTTP://:8083', 'listeners'), { protocol: 'http', host: '', port: 8083 });
    assert.deepEqual(parseRestListener('https://[::1]:8443', 'listeners'), { protocol: 'https', host: '::1', port: 8443 });
  });

  it('takes scheme, host and port from the advertised settings first', () => {
    const config = WorkerConfig.distributed({
      ...MINIMAL,
      listeners: 'http://0.0.0.0:8083,https://0.0.0.0:8443',
      'rest.advertised.listener': 'https',
      'rest.advertised.host.name': 'worker1.example',
      'rest.advertised.port': '9443',
    });
    assert.equal(config.advertisedUrl(), 'https://worker1.example:9443/');
    assert.equal(config.workerId(), 'worker1.example:9443');
  });

  it('falls back to the http listener, its host and port', () => {
    const config = WorkerConfig.distributed({ ...MINIMAL, listeners: 'https://127.0.0.2:8443,http://127.0.0.1:8083' });
    assert.equal(config.advertisedUrl(), 'http://127.0.0.1:8083/');
    assert.equal(config.workerId(), '127.0.0.1:8083');
  });

  it("uses the machine's name for a listener without host, and the bound port for port 0", () => {
    const config = WorkerConfig.distributed({ ...MINIMAL, listeners: 'http://:0' });
    assert.equal(config.advertisedUrl(41234), `http://${hostname()}:41234/`);
    assert.equal(
      advertisedUrl({ listeners: [parseRestListener('https://[::1]:8443', 'l')], advertisedListener: null, advertisedHostName: null, advertisedPort: null }),
      'https://[::1]:8443/',
    );
  });

  it('keeps a default port in the worker id', () => {
    assert.equal(workerIdFromUrl('http://h:80/'), 'h:80');
    assert.equal(workerIdFromUrl('https://[::1]:8443/'), '[::1]:8443');
  });
});

describe('etc/*.properties', () => {
  it('connect-distributed.properties parses as a distributed worker config', async () => {
    const config = WorkerConfig.distributed(await readPropertiesFile(new URL('connect-distributed.properties', ETC).pathname), builtinPluginRegistry());
    assert.deepEqual(config.bootstrapServers(), ['127.0.0.1:9092']);
    assert.equal(config.groupId(), 'connect-cluster');
    assert.equal(config.getString('offset.storage.topic'), 'connect-offsets');
    assert.equal(config.getString('config.storage.topic'), 'connect-configs');
    assert.equal(config.getString('status.storage.topic'), 'connect-status');
    assert.equal(config.getShort('config.storage.replication.factor'), 1);
    assert.equal(config.getLong('offset.flush.interval.ms'), 10000);
    assert.equal(config.getClass('value.converter'), 'org.apache.kafka.connect.json.JsonConverter');
    assert.deepEqual(config.converterConfigs('value.converter'), { 'schemas.enable': 'true' });
    assert.equal(config.workerId(), '127.0.0.1:8083');
    assert.equal(config.get('plugin.path'), null);
  });

  it('connect-standalone.properties parses as a standalone worker config', async () => {
    const config = WorkerConfig.standalone(await readPropertiesFile(new URL('connect-standalone.properties', ETC).pathname));
    assert.equal(config.getString('offset.storage.file.filename'), 'var/connect/connect.offsets');
    assert.equal(config.advertisedUrl(), 'http://127.0.0.1:8083/');
  });

  it('the file connector configs name the FileStream connectors and files under var/', async () => {
    const source = await readPropertiesFile(new URL('connect-file-source.properties', ETC).pathname);
    const sink = await readPropertiesFile(new URL('connect-file-sink.properties', ETC).pathname);
    assert.deepEqual(source, { name: 'local-file-source', 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: 'var/connect/test.txt', topic: 'connect-test' });
    assert.deepEqual(sink, { name: 'local-file-sink', 'connector.class': 'FileStreamSink', 'tasks.max': '1', file: 'var/connect/test.sink.txt', topics: 'connect-test' });
  });
});
