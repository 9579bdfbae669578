import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { FakeHerder } from './fake-herder.js';
import { errorBody, startServer, type TestServer } from './http-support.js';

describe('connector-plugins, loggers and internal resources', () => {
  let herder: FakeHerder;
  let t: TestServer;

  before(async () => {
    herder = new FakeHerder();
    t = await startServer(herder);
  });
  after(() => t.server.stop());
  beforeEach(() => {
    herder.calls.length = 0;
  });

  describe('/connector-plugins', () => {
    it('lists connectors only by default; connectorsOnly=false lists all', async () => {
      const only = await t.call('GET', '/connector-plugins');
      assert.equal(only.text, '[{"class":"org.apache.kafka.connect.file.FileStreamSinkConnector","type":"sink","version":"4.1.0"}]');
      const all = await t.call('GET', '/connector-plugins?connectorsOnly=false');
      assert.equal(
        all.text,
        '[{"class":"org.apache.kafka.connect.file.FileStreamSinkConnector","type":"sink","version":"4.1.0"},{"class":"org.apache.kafka.connect.transforms.Filter","type":"transformation"}]',
      );
      assert.deepEqual(herder.callsOf('connectorPlugins'), [[true], [false]]);
    });

    it('plugin config passes the version range on', async () => {
      assert.equal((await t.call('GET', '/connector-plugins/FileStreamSink/config?version=%5B1.0,2.0)')).text, '[]');
      await t.call('GET', '/connector-plugins/FileStreamSink/config');
      assert.deepEqual(herder.callsOf('pluginConfig'), [
        ['FileStreamSink', '[1.0,2.0)'],
        ['FileStreamSink', undefined],
      ]);
    });

    it('validate: 200 for a matching class, full name or alias', async () => {
      const r = await t.call('PUT', '/connector-plugins/FileStreamSink/config/validate', {
        body: '{"connector.class":"org.apache.kafka.connect.file.FileStreamSinkConnector"}',
      });
      assert.equal(r.status, 200);
      assert.equal(r.text, '{"name":"org.apache.kafka.connect.file.FileStreamSinkConnector","error_count":0,"groups":["Common"],"configs":[]}');
    });

    it('validate: 400 when connector.class names another plugin', async () => {
      const r = await t.call('PUT', '/connector-plugins/JdbcSource/config/validate', { body: '{"connector.class":"FileStreamSinkConnector"}' });
      assert.equal(r.status, 400);
      assert.equal(r.text, errorBody(400, 'Included connector type FileStreamSinkConnector does not match request type JdbcSource'));
      assert.equal(herder.callsOf('validateConnectorConfig').length, 0);
    });

    it('validate: a config without connector.class fails as Kafka\'s validation future does (500, cause class named)', async () => {
      const r = await t.call('PUT', '/connector-plugins/FileStreamSink/config/validate', { body: '{"name":"x","tasks.max":"1"}' });
      assert.equal(r.status, 500);
      assert.equal(
        r.text,
        errorBody(
          500,
          'org.apache.kafka.connect.runtime.rest.errors.BadRequestException: Connector config {name=x, tasks.max=1} contains no connector type',
        ),
      );
    });
  });

  describe('/admin/loggers', () => {
    it('lists and gets levels; an unknown logger is 404', async () => {
      assert.equal((await t.call('GET', '/admin/loggers')).text, '{"root":{"level":"INFO","last_modified":null}}');
      assert.equal((await t.call('GET', '/admin/loggers/root')).text, '{"level":"INFO","last_modified":1700000000000}');
      const missing = await t.call('GET', '/admin/loggers/org.nope');
      assert.equal(missing.text, errorBody(404, 'Logger org.nope not found.'));
    });

    it('sets a level on this worker by default (also for unknown scopes), on the cluster with scope=cluster', async () => {
      const worker = await t.call('PUT', '/admin/loggers/org.x', { body: '{"level":"debug"}' });
      assert.equal(worker.status, 200);
      assert.equal(worker.text, '["org.x","org.x.child"]');
      const other = await t.call('PUT', '/admin/loggers/org.y?scope=galaxy', { body: '{"level":"WARN"}' });
      assert.equal(other.status, 200);
      const cluster = await t.call('PUT', '/admin/loggers/org.z?scope=Cluster', { body: '{"level":"TRACE"}' });
      assert.deepEqual([cluster.status, cluster.text], [204, '']);
      assert.deepEqual(herder.callsOf('setWorkerLoggerLevel'), [
        ['org.x', 'debug'],
        ['org.y', 'WARN'],
      ]);
      assert.deepEqual(herder.callsOf('setClusterLoggerLevel'), [['org.z', 'TRACE']]);
    });

    it('400 without a level, 404 for an invalid one', async () => {
      const none = await t.call('PUT', '/admin/loggers/org.x', { body: '{"lvl":"DEBUG"}' });
      assert.equal(none.text, errorBody(400, "Desired 'level' parameter was not specified in request."));
      const invalid = await t.call('PUT', '/admin/loggers/org.x', { body: '{"level":"LOUD"}' });
      assert.equal(invalid.text, errorBody(404, "invalid log level 'LOUD'."));
      assert.equal(herder.callsOf('setWorkerLoggerLevel').length, 0);
    });
  });

  describe('internal endpoints', () => {
    it('POST /connectors/{c}/tasks hands the task configs and the signature over the raw body to the herder', async () => {
      const body = '[{"task.class":"T","k":"v"}]';
      const r = await t.call('POST', '/connectors/a/tasks', {
        body,
        headers: { 'X-Connect-Authorization': 'AQID', 'X-Connect-Request-Signature-Algorithm': 'HmacSHA256' },
      });
      assert.equal(r.status, 204);
      const [name, configs, signature] = herder.callsOf('putTaskConfigs')[0]!;
      assert.equal(name, 'a');
      assert.deepEqual(configs, [{ 'task.class': 'T', k: 'v' }]);
      const sig = signature as { body: Uint8Array; algorithm: string; signature: Uint8Array };
      assert.equal(Buffer.from(sig.body).toString(), body);
      assert.equal(sig.algorithm, 'HmacSHA256');
      assert.deepEqual([...sig.signature], [1, 2, 3]);
    });

    it('passes no signature when a header is missing; 400 for a signature that is not base64', async () => {
      await t.call('PUT', '/connectors/a/fence', { headers: { 'X-Connect-Authorization': 'AQID' } });
      assert.deepEqual(herder.callsOf('fenceZombies'), [['a', null]]);
      const bad = await t.call('PUT', '/connectors/a/fence', {
        headers: { 'X-Connect-Authorization': '***', 'X-Connect-Request-Signature-Algorithm': 'HmacSHA256' },
      });
      assert.equal(bad.status, 400);
    });
  });
});
