import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { NotFoundException } from '@tsconnect/api';
import { NotAssignedError, NotLeaderError } from '../../src/herder/herder-errors.js';
import { FakeHerder } from './fake-herder.js';
import { errorBody, startServer, type TestServer } from './http-support.js';

describe('forwarding between two workers', () => {
  let leader: FakeHerder;
  let follower: FakeHerder;
  let leaderServer: TestServer;
  let followerServer: TestServer;

  before(async () => {
    leader = new FakeHerder();
    follower = new FakeHerder();
    leaderServer = await startServer(leader);
    followerServer = await startServer(follower);
  });
  after(async () => {
    await followerServer.server.stop();
    await leaderServer.server.stop();
  });
  beforeEach(() => {
    for (const h of [leader, follower]) {
      h.configs.clear();
      h.calls.length = 0;
      h.failures.clear();
    }
    leader.addConnector('a');
    follower.failures.set('putConnectorConfig', new NotLeaderError(leaderServer.server.advertisedUrl()));
    follower.failures.set('restartConnectorAndTasks', new NotLeaderError(leaderServer.server.advertisedUrl()));
    follower.failures.set('deleteConnector', new NotLeaderError(leaderServer.server.advertisedUrl()));
  });

  it('a create on a follower runs on the leader and keeps its 201', async () => {
    const r = await followerServer.call('POST', '/connectors', { body: '{"name":"new","config":{"connector.class":"X"}}' });
    assert.equal(r.status, 201);
    assert.equal(r.text, '{"name":"new","config":{"connector.class":"X","name":"new"},"tasks":[],"type":"sink"}');
    assert.deepEqual(leader.callsOf('putConnectorConfig'), [['new', { 'connector.class': 'X', name: 'new' }, { allowReplace: false, initialState: null }]]);
  });

  it('a PUT config keeps the leader\'s 201 for a new connector and 200 for an update', async () => {
    const created = await followerServer.call('PUT', '/connectors/new/config', { body: '{"connector.class":"X"}' });
    assert.equal(created.status, 201);
    const updated = await followerServer.call('PUT', '/connectors/a/config', { body: '{"connector.class":"X"}' });
    assert.equal(updated.status, 200);
  });

  it('the leader\'s error answer comes back as it was', async () => {
    leader.failures.set('putConnectorConfig', new NotFoundException('nothing here'));
    const r = await followerServer.call('PUT', '/connectors/a/config', { body: '{}' });
    assert.equal(r.status, 404);
    assert.equal(r.text, errorBody(404, 'nothing here'));
    const exists = await followerServer.call('POST', '/connectors', { body: '{"name":"a","config":{}}' });
    assert.equal(exists.text, errorBody(404, 'nothing here'));
  });

  it('restart with tasks is forwarded with its flags and answers the leader\'s 202 body', async () => {
    const r = await followerServer.call('POST', '/connectors/a/restart?includeTasks=true&onlyFailed=true');
    assert.equal(r.status, 202);
    assert.equal(JSON.parse(r.text).connector.state, 'RESTARTING');
    assert.deepEqual(leader.callsOf('restartConnectorAndTasks'), [[{ connector: 'a', includeTasks: true, onlyFailed: true }]]);
  });

  it('a delete is forwarded and answers 204', async () => {
    const r = await followerServer.call('DELETE', '/connectors/a');
    assert.equal(r.status, 204);
    assert.equal(leader.configs.has('a'), false);
  });

  it('an unknown leader is a 409', async () => {
    follower.failures.set('deleteConnector', new NotLeaderError(null));
    const r = await followerServer.call('DELETE', '/connectors/a');
    assert.equal(
      r.text,
      errorBody(409, 'Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway.'),
    );
  });

  it('a request that already took its last hop (forward=false) is a 409', async () => {
    const r = await followerServer.call('DELETE', '/connectors/a?forward=false');
    assert.equal(r.text, errorBody(409, 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)'));
    assert.equal(leader.calls.length, 0);
  });

  it('an unreachable leader is a 500', async () => {
    follower.failures.set('deleteConnector', new NotLeaderError('http://127.0.0.1:1/'));
    const r = await followerServer.call('DELETE', '/connectors/a');
    assert.equal(r.status, 500);
    assert.match(JSON.parse(r.text).message, /^IO Error trying to forward REST request: /);
  });
});

describe('forwarded request shape', () => {
  let target: Server;
  let targetUrl: string;
  const received: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  let reply: { status: number; body: string } = { status: 200, body: '{}' };
  let follower: FakeHerder;
  let t: TestServer;

  before(async () => {
    target = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
    follower = new FakeHerder();
    t = await startServer(follower);
  });
  after(async () => {
    await t.server.stop();
    await new Promise((resolve) => target.close(resolve));
  });
  beforeEach(() => {
    received.length = 0;
    follower.failures.clear();
  });

  it('first hop: forward=true, same method, encoded path and body, only Authorization copied', async () => {
    follower.failures.set('patchConnectorConfig', new NotLeaderError(targetUrl));
    reply = { status: 200, body: '{"name":"my conn","config":{},"tasks":[],"type":"source"}' };
    const r = await t.call('PATCH', '/connectors/my%20conn/config', {
      body: '{"a":null,"b":"1"}',
      headers: { authorization: 'Basic dTpw', 'x-custom': 'no', cookie: 'c=1' },
    });
    assert.equal(r.status, 200);
    assert.equal(r.text, reply.body);
    assert.equal(received.length, 1);
    const request = received[0]!;
    assert.equal(request.method, 'PATCH');
    assert.equal(request.url, '/connectors/my%20conn/config?forward=true');
    assert.equal(request.body, '{"a":null,"b":"1"}');
    assert.equal(request.headers.authorization, 'Basic dTpw');
    assert.equal(request.headers['x-custom'], undefined);
    assert.equal(request.headers.cookie, undefined);
  });

  it('second hop: a request that came with forward=true goes on with forward=false, restart flags after it', async () => {
    follower.failures.set('restartTask', new NotAssignedError(targetUrl));
    follower.failures.set('restartConnectorAndTasks', new NotAssignedError(targetUrl));
    reply = { status: 204, body: '' };
    const r = await t.call('POST', '/connectors/a/tasks/3/restart?forward=true');
    assert.equal(r.status, 204);
    reply = { status: 200, body: '{"name":"a","connector":{"state":"RESTARTING","worker_id":"w"},"tasks":[],"type":"sink"}' };
    const restart = await t.call('POST', '/connectors/a/restart?onlyFailed=true');
    assert.equal(restart.status, 202);
    assert.deepEqual(
      received.map((x) => x.url),
      ['/connectors/a/tasks/3/restart?forward=false', '/connectors/a/restart?forward=true&includeTasks=false&onlyFailed=true'],
    );
  });

  it('internal requests go on with their exact bytes and signature headers', async () => {
    follower.failures.set('putTaskConfigs', new NotLeaderError(targetUrl));
    reply = { status: 204, body: '' };
    const body = '[ {"task.class" : "T"} ]';
    const r = await t.call('POST', '/connectors/a/tasks', {
      body,
      headers: { 'X-Connect-Authorization': 'AQID', 'X-Connect-Request-Signature-Algorithm': 'HmacSHA256' },
    });
    assert.equal(r.status, 204);
    assert.equal(received[0]!.body, body);
    assert.equal(received[0]!.headers['x-connect-authorization'], 'AQID');
    assert.equal(received[0]!.headers['x-connect-request-signature-algorithm'], 'HmacSHA256');
  });

  it('a remote error body is passed through with its status and error_code', async () => {
    follower.failures.set('stopConnector', new NotLeaderError(targetUrl));
    reply = { status: 409, body: '{"error_code":409,"message":"busy"}' };
    const r = await t.call('PUT', '/connectors/a/stop');
    assert.deepEqual([r.status, r.text], [409, errorBody(409, 'busy')]);
  });
});
