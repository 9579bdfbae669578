import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { FakeHerder } from './fake-herder.js';
import { errorBody, startServer, type TestServer } from './http-support.js';

describe('root resource and unknown routes', () => {
  let herder: FakeHerder;
  let t: TestServer;

  before(async () => {
    herder = new FakeHerder();
    t = await startServer(herder, { healthCheckTimeoutMs: 20 });
  });
  after(() => t.server.stop());
  beforeEach(() => {
    herder.hangs.clear();
    herder.failures.clear();
    herder.ready = true;
    herder.stage = null;
  });

  it('GET / answers the server info', async () => {
    const r = await t.call('GET', '/');
    assert.equal(r.status, 200);
    assert.equal(r.text, '{"version":"4.1.0","commit":"abc123","kafka_cluster_id":"cluster-1"}');
  });

  it('GET /health is 200 healthy when the herder answers', async () => {
    const r = await t.call('GET', '/health');
    assert.equal(r.status, 200);
    assert.equal(r.text, '{"status":"healthy","message":"Worker has completed startup and is ready to handle requests."}');
  });

  it('GET /health is 503 starting while a starting herder does not answer, with its stage', async () => {
    herder.hangs.add('healthCheck');
    herder.ready = false;
    herder.stage = { description: 'reading to the end of internal topics', started: Date.UTC(2026, 10, 21, 12, 0, 0), completed: null };
    const r = await t.call('GET', '/health');
    assert.equal(r.status, 503);
    assert.equal(
      r.text,
      '{"status":"starting","message":"Worker is still starting up. The worker is currently reading to the end of internal topics, which began at 2026-11-21T12:00:00Z."}',
    );
  });

  it('GET /health is 500 unhealthy when a started herder does not answer', async () => {
    herder.hangs.add('healthCheck');
    const r = await t.call('GET', '/health');
    assert.equal(r.status, 500);
    assert.equal(r.text, '{"status":"unhealthy","message":"Worker was unable to handle this request and may be unable to handle other requests."}');
  });

  it('GET /health is a 500 error body when the check itself fails', async () => {
    herder.failures.set('healthCheck', new Error('boom'));
    const r = await t.call('GET', '/health');
    assert.equal(r.text, errorBody(500, 'Unexpected error during health check'));
  });

  it('unknown paths are Jersey 404s, matched case-sensitively', async () => {
    for (const path of ['/nothing', '/CONNECTORS', '/connectors/a/tasks-config', '/connectors/a/b/c/d']) {
      const r = await t.call('GET', path);
      assert.equal(r.status, 404, path);
      assert.equal(r.text, errorBody(404, 'HTTP 404 Not Found'), path);
    }
  });

  it('a known path with another method is a Jersey 405', async () => {
    for (const [method, path] of [
      ['DELETE', '/'],
      ['POST', '/connectors/a'],
      ['GET', '/connectors/a/restart'],
      ['PUT', '/connector-plugins'],
      ['DELETE', '/admin/loggers/root'],
    ] as const) {
      const r = await t.call(method, path);
      assert.equal(r.status, 405, `${method} ${path}`);
      assert.equal(r.text, errorBody(405, 'HTTP 405 Method Not Allowed'));
    }
  });
});
