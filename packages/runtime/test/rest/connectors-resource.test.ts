import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ConnectException } from '@tsconnect/api';
import { RebalanceNeededError } from '../../src/herder/herder-errors.js';
import { FakeHerder } from './fake-herder.js';
import { errorBody, startServer, type TestServer } from './http-support.js';

describe('connectors resource', () => {
  let herder: FakeHerder;
  let t: TestServer;

  before(async () => {
    herder = new FakeHerder();
    t = await startServer(herder);
  });
  after(() => t.server.stop());
  beforeEach(() => {
    herder.configs.clear();
    herder.statuses.clear();
    herder.calls.length = 0;
    herder.failures.clear();
    herder.hangs.clear();
    herder.addConnector('a');
    herder.addConnector('b');
  });

  describe('GET /connectors', () => {
    it('lists the names', async () => {
      const r = await t.call('GET', '/connectors');
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/json');
      assert.equal(r.text, '["a","b"]');
    });

    it('expands status and info, each only when asked', async () => {
      const both = await t.call('GET', '/connectors?expand=status&expand=info');
      assert.equal(both.status, 200);
      const body = JSON.parse(both.text) as Record<string, Record<string, unknown>>;
      assert.deepEqual(Object.keys(body), ['a', 'b']);
      assert.deepEqual(Object.keys(body.a!), ['status', 'info']);
      assert.equal(
        JSON.stringify(body.a!.status),
        '{"name":"a","connector":{"state":"RUNNING","worker_id":"w1:8083"},"tasks":[{"id":0,"state":"RUNNING","worker_id":"w1:8083"}],"type":"sink"}',
      );
      const info = await t.call('GET', '/connectors?expand=info');
      assert.deepEqual(Object.keys((JSON.parse(info.text) as Record<string, object>).b!), ['info']);
    });

    it('ignores unknown expansions and skips connectors that vanish while listing', async () => {
      herder.statuses.delete('b');
      const r = await t.call('GET', '/connectors?expand=nothing');
      assert.equal(r.text, '{"a":{},"b":{}}');
      const status = await t.call('GET', '/connectors?expand=status');
      assert.deepEqual(Object.keys(JSON.parse(status.text) as object), ['a']);
    });
  });

  describe('POST /connectors', () => {
    it('builds Location as Jersey does: + = / and escapes kept, other characters encoded (as Kafka 4.1.1 answered)', async () => {
      const expected: [string, string][] = [['a+b=c', 'a+b=c'], ['p%41q', 'p%41q'], ['s/t', 's/t'], ['sp ace', 'sp%20ace'], ['100%', '100%25'], ['é', '%C3%A9']];
      for (const [name, path] of expected) {
        const r = await t.call('POST', '/connectors', { body: JSON.stringify({ name, config: { 'connector.class': 'X' } }) });
        assert.equal(r.status, 201, r.text);
        assert.equal(r.headers.get('location'), `${t.url}/connectors/${path}`, name);
      }
    });

    it('creates: 201, Location, trimmed name injected into the config, initial state case-insensitive', async () => {
      const r = await t.call('POST', '/connectors', {
        body: '{"name":"  new one ","config":{"connector.class":"X","tasks.max":2},"initial_state":"paused"}',
      });
      assert.equal(r.status, 201);
      assert.equal(r.headers.get('location'), `${t.url}/connectors/new%20one`);
      assert.equal(r.text, '{"name":"new one","config":{"connector.class":"X","tasks.max":"2","name":"new one"},"tasks":[],"type":"sink"}');
      assert.deepEqual(herder.callsOf('putConnectorConfig')[0], [
        'new one',
        { 'connector.class': 'X', 'tasks.max': '2', name: 'new one' },
        { allowReplace: false, initialState: 'PAUSED' },
      ]);
    });

    it('passes a missing name on as "" for the herder to reject', async () => {
      await t.call('POST', '/connectors', { body: '{"config":{"connector.class":"X"}}' });
      assert.equal(herder.callsOf('putConnectorConfig')[0]![0], '');
    });

    it('400 when the config names another connector', async () => {
      const r = await t.call('POST', '/connectors', { body: '{"name":"c","config":{"name":"d"}}' });
      assert.equal(r.status, 400);
      assert.equal(r.text, errorBody(400, "Connector name configuration (d) doesn't match connector name in the URL (c)"));
    });

    it('409 when the connector exists', async () => {
      const r = await t.call('POST', '/connectors', { body: '{"name":"a","config":{}}' });
      assert.equal(r.status, 409);
      assert.equal(r.text, errorBody(409, 'Connector a already exists'));
    });

    it('500 for a missing config, a bad initial state and malformed JSON, as Kafka', async () => {
      const noConfig = await t.call('POST', '/connectors', { body: '{"name":"c"}' });
      assert.equal(noConfig.status, 500);
      assert.equal(noConfig.text, errorBody(500, 'Cannot invoke "java.util.Map.get(Object)" because "connectorConfig" is null'));
      const badState = await t.call('POST', '/connectors', { body: '{"name":"c","config":{},"initial_state":"sleeping"}' });
      assert.equal(badState.status, 500);
      assert.match(badState.text, /InitialState\.SLEEPING/);
      const malformed = await t.call('POST', '/connectors', { body: '{"name":' });
      assert.equal(malformed.status, 500);
      assert.equal((JSON.parse(malformed.text) as { error_code: number }).error_code, 500);
      assert.equal(herder.callsOf('putConnectorConfig').length, 0);
    });

    it('415 for a body that is not JSON by its Content-Type', async () => {
      const r = await t.call('POST', '/connectors', {
        body: '{"name":"c","config":{}}',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(r.status, 415);
      assert.equal(r.text, errorBody(415, 'HTTP 415 Unsupported Media Type'));
    });

    it('415 for a body without Content-Type, as Jersey takes it for application/octet-stream', async () => {
      // A byte body: fetch adds no Content-Type for it.
      const r = await fetch(`${t.url}/connectors`, { method: 'POST', body: new TextEncoder().encode('{"name":"c","config":{"connector.class":"X"}}') });
      assert.equal(r.status, 415);
      assert.equal(await r.text(), errorBody(415, 'HTTP 415 Unsupported Media Type'));
      assert.equal(herder.callsOf('putConnectorConfig').length, 0);
    });
  });

  describe('one connector', () => {
    it('GET info, URL-decoding the name; 404 when unknown', async () => {
      herder.addConnector('my conn');
      const r = await t.call('GET', '/connectors/my%20conn');
      assert.equal(r.status, 200);
      assert.equal(
        r.text,
        '{"name":"my conn","config":{"connector.class":"FileStreamSink","name":"my conn"},"tasks":[{"connector":"my conn","task":0}],"type":"sink"}',
      );
      const missing = await t.call('GET', '/connectors/nope');
      assert.equal(missing.status, 404);
      assert.equal(missing.text, errorBody(404, 'Connector nope not found'));
    });

    it('GET config', async () => {
      const r = await t.call('GET', '/connectors/a/config');
      assert.equal(r.text, '{"connector.class":"FileStreamSink","name":"a"}');
    });

    it('PUT config: 201 with Location when created, 200 when updated, scalars taken as strings', async () => {
      const created = await t.call('PUT', '/connectors/c/config', { body: '{"connector.class":"X","tasks.max":1,"x.enabled":true}' });
      assert.equal(created.status, 201);
      assert.equal(created.headers.get('location'), `${t.url}/connectors/c`);
      assert.deepEqual(herder.callsOf('putConnectorConfig')[0], [
        'c',
        { 'connector.class': 'X', 'tasks.max': '1', 'x.enabled': 'true', name: 'c' },
        { allowReplace: true },
      ]);
      const updated = await t.call('PUT', '/connectors/c/config', { body: '{"connector.class":"Y","name":"c"}' });
      assert.equal(updated.status, 200);
      assert.equal(updated.headers.get('location'), null);
      assert.equal(updated.text, '{"name":"c","config":{"connector.class":"Y","name":"c"},"tasks":[{"connector":"c","task":0}],"type":"sink"}');
    });

    it('PUT config: 400 on a name mismatch', async () => {
      const r = await t.call('PUT', '/connectors/c/config', { body: '{"name":"other"}' });
      assert.equal(r.status, 400);
      assert.equal(r.text, errorBody(400, "Connector name configuration (other) doesn't match connector name in the URL (c)"));
    });

    it('PATCH config: null removes a key, other values overwrite', async () => {
      herder.addConnector('p', { 'a.b': '1', 'c.d': '2' });
      const r = await t.call('PATCH', '/connectors/p/config', { body: '{"a.b":null,"c.d":"3","e":"4"}' });
      assert.equal(r.status, 200);
      assert.equal(r.text, '{"name":"p","config":{"connector.class":"FileStreamSink","name":"p","c.d":"3","e":"4"},"tasks":[{"connector":"p","task":0}],"type":"sink"}');
      const missing = await t.call('PATCH', '/connectors/nope/config', { body: '{}' });
      assert.equal(missing.status, 404);
    });

    it('DELETE: 204 without a body', async () => {
      const r = await t.call('DELETE', '/connectors/a');
      assert.equal(r.status, 204);
      assert.equal(r.text, '');
      assert.equal(herder.configs.has('a'), false);
    });

    it('status: the entity, trace only when present; 404 until a status exists', async () => {
      herder.statuses.set('a', {
        name: 'a',
        connector: { state: 'RUNNING', worker_id: 'w1:8083', version: '1.0' },
        tasks: [{ id: 0, state: 'FAILED', worker_id: 'w2:8083', trace: 'boom\n\tat x' }],
        type: 'sink',
      });
      const r = await t.call('GET', '/connectors/a/status');
      assert.equal(
        r.text,
        '{"name":"a","connector":{"state":"RUNNING","worker_id":"w1:8083","version":"1.0"},"tasks":[{"id":0,"state":"FAILED","worker_id":"w2:8083","trace":"boom\\n\\tat x"}],"type":"sink"}',
      );
      herder.statuses.delete('a');
      const missing = await t.call('GET', '/connectors/a/status');
      assert.equal(missing.status, 404);
      assert.equal(missing.text, errorBody(404, 'No status found for connector a'));
    });

    it('tasks and task status; a task id that is not an int is a JAX-RS 404', async () => {
      assert.equal((await t.call('GET', '/connectors/a/tasks')).text, '[{"id":{"connector":"a","task":0},"config":{"task.class":"FileStreamSinkTask"}}]');
      assert.equal((await t.call('GET', '/connectors/a/tasks/0/status')).text, '{"id":0,"state":"RUNNING","worker_id":"w1:8083"}');
      const unknown = await t.call('GET', '/connectors/a/tasks/7/status');
      assert.equal(unknown.text, errorBody(404, 'No status found for task a-7'));
      const notInt = await t.call('GET', '/connectors/a/tasks/x/status');
      assert.equal(notInt.status, 404);
      assert.equal(notInt.text, errorBody(404, 'HTTP 404 Not Found'));
      assert.equal(herder.callsOf('taskStatus').length, 2);
    });
  });

  describe('restart, pause, resume, stop', () => {
    it('plain restart is 204; any flag other than "true" counts as false', async () => {
      const plain = await t.call('POST', '/connectors/a/restart');
      assert.equal(plain.status, 204);
      assert.equal(plain.text, '');
      const yes = await t.call('POST', '/connectors/a/restart?includeTasks=yes');
      assert.equal(yes.status, 204);
      assert.deepEqual(herder.callsOf('restartConnector'), [['a'], ['a']]);
      const unknown = await t.call('POST', '/connectors/zz/restart');
      assert.equal(unknown.text, errorBody(404, 'Unknown connector: zz'));
    });

    it('restart with tasks is 202 with the planned state', async () => {
      const r = await t.call('POST', '/connectors/a/restart?includeTasks=TRUE&onlyFailed=false');
      assert.equal(r.status, 202);
      assert.equal(
        r.text,
        '{"name":"a","connector":{"state":"RESTARTING","worker_id":"w1:8083"},"tasks":[{"id":0,"state":"RESTARTING","worker_id":"w1:8083"}],"type":"sink"}',
      );
      assert.deepEqual(herder.callsOf('restartConnectorAndTasks'), [[{ connector: 'a', includeTasks: true, onlyFailed: false }]]);
    });

    it('task restart 204, pause and resume 202 without a body, stop 204', async () => {
      assert.equal((await t.call('POST', '/connectors/a/tasks/0/restart')).status, 204);
      assert.deepEqual(herder.callsOf('restartTask'), [[{ connector: 'a', task: 0 }]]);
      const pause = await t.call('PUT', '/connectors/a/pause');
      assert.deepEqual([pause.status, pause.text], [202, '']);
      const resume = await t.call('PUT', '/connectors/a/resume');
      assert.deepEqual([resume.status, resume.text], [202, '']);
      assert.equal((await t.call('PUT', '/connectors/a/stop')).status, 204);
      const unknown = await t.call('PUT', '/connectors/zz/pause');
      assert.equal(unknown.text, errorBody(404, 'Unknown connector zz'));
    });
  });

  describe('topics and offsets', () => {
    it('topics: keyed by connector; reset 202', async () => {
      assert.equal((await t.call('GET', '/connectors/a/topics')).text, '{"a":{"topics":["t1"]}}');
      assert.equal((await t.call('GET', '/connectors/zz/topics')).text, '{"zz":{"topics":[]}}');
      assert.equal((await t.call('PUT', '/connectors/a/topics/reset')).status, 202);
    });

    it('offsets: GET writes big integers exactly; PATCH needs offsets; DELETE resets', async () => {
      const r = await t.call('GET', '/connectors/a/offsets');
      assert.equal(r.text, '{"offsets":[{"partition":{"kafka_topic":"t1","kafka_partition":0},"offset":{"kafka_offset":12345678901234567890}}]}');
      const empty = await t.call('PATCH', '/connectors/a/offsets', { body: '{"offsets":[]}' });
      assert.equal(empty.status, 400);
      assert.equal(empty.text, errorBody(400, 'Partitions / offsets need to be provided for an alter offsets request'));
      const missing = await t.call('PATCH', '/connectors/a/offsets', { body: '{}' });
      assert.equal(missing.status, 400);
      const altered = await t.call('PATCH', '/connectors/a/offsets', {
        body: '{"offsets":[{"partition":{"kafka_topic":"t1","kafka_partition":0},"offset":null}]}',
      });
      assert.equal(altered.status, 200);
      assert.equal(altered.text, '{"message":"The offsets for this connector have been altered successfully"}');
      assert.deepEqual(herder.callsOf('alterConnectorOffsets')[0], [
        'a',
        { offsets: [{ partition: { kafka_topic: 't1', kafka_partition: 0 }, offset: null }] },
      ]);
      const reset = await t.call('DELETE', '/connectors/a/offsets');
      assert.equal(reset.text, '{"message":"The offsets for this connector have been reset successfully"}');
    });
  });

  describe('herder failures', () => {
    it('a rebalance is a 409 with Kafka\'s stale-configuration message, on GETs and forwarded writes alike', async () => {
      const message = 'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)';
      herder.failures.set('connectorInfo', new RebalanceNeededError());
      herder.failures.set('putConnectorConfig', new RebalanceNeededError());
      assert.equal((await t.call('GET', '/connectors/a')).text, errorBody(409, message));
      assert.equal((await t.call('PUT', '/connectors/a/config', { body: '{}' })).text, errorBody(409, message));
    });

    it('any other error is a 500 with its message', async () => {
      herder.failures.set('connectorConfig', new ConnectException('store unavailable'));
      const r = await t.call('GET', '/connectors/a/config');
      assert.equal(r.status, 500);
      assert.equal(r.text, errorBody(500, 'store unavailable'));
    });
  });
});

describe('connectors resource with topic tracking off', () => {
  it('answers 403 for topics, and for reset when only reset is off', async () => {
    const herder = new FakeHerder();
    const off = await startServer(herder, { topicTrackingEnabled: false });
    const noReset = await startServer(herder, { topicTrackingResetAllowed: false });
    try {
      assert.equal((await off.call('GET', '/connectors/a/topics')).text, errorBody(403, 'Topic tracking is disabled.'));
      assert.equal((await off.call('PUT', '/connectors/a/topics/reset')).text, errorBody(403, 'Topic tracking is disabled.'));
      assert.equal((await noReset.call('GET', '/connectors/a/topics')).status, 200);
      assert.equal((await noReset.call('PUT', '/connectors/a/topics/reset')).text, errorBody(403, 'Topic tracking reset is disabled.'));
      assert.equal(herder.callsOf('resetConnectorActiveTopics').length, 0);
    } finally {
      await off.server.stop();
      await noReset.server.stop();
    }
  });
});

describe('request timeout', () => {
  it('answers 500 "Request timed out", with the herder\'s stage when it has one', async () => {
    const herder = new FakeHerder();
    herder.addConnector('a');
    const t = await startServer(herder, { requestTimeoutMs: 20 });
    try {
      herder.hangs.add('connectorInfo');
      assert.equal((await t.call('GET', '/connectors/a')).text, errorBody(500, 'Request timed out'));
      herder.stage = { description: 'reading to the end of the config topic', started: Date.UTC(2026, 0, 2, 3, 4, 5), completed: null };
      assert.equal(
        (await t.call('GET', '/connectors/a')).text,
        errorBody(500, 'Request timed out. The worker is currently reading to the end of the config topic, which began at 2026-01-02T03:04:05Z'),
      );
      herder.stage = { description: 'ticking', started: Date.UTC(2026, 0, 2, 3, 4, 5, 120), completed: Date.UTC(2026, 0, 2, 3, 4, 6) };
      assert.equal(
        (await t.call('GET', '/connectors/a')).text,
        errorBody(500, 'Request timed out. The last operation the worker completed was ticking, which began at 2026-01-02T03:04:05.120Z and completed at 2026-01-02T03:04:06Z'),
      );
    } finally {
      await t.server.stop();
    }
  });
});
