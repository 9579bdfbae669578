import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException } from '@tsconnect/api';
import { createRestServer, parseListener } from '../../src/rest/rest-server.js';
import { FakeHerder } from './fake-herder.js';
import { call, errorBody } from './http-support.js';

describe('rest server', () => {
  it('parses listeners and rejects what it cannot serve', () => {
    assert.deepEqual(parseListener('http://:8083'), { protocol: 'http', host: '', port: 8083 });
    assert.deepEqual(parseListener('HTTP://[::1]:80'), { protocol: 'http', host: '::1', port: 80 });
    assert.throws(() => parseListener('localhost:8083'), ConfigException);
    assert.deepEqual(parseListener('https://:8443'), { protocol: 'https', host: '', port: 8443 });
    assert.throws(() => parseListener('ftp://:8443'), ConfigException);
  });

  it('advertises the listener host and bound port with a trailing slash, or the advertised overrides', async () => {
    const plain = createRestServer({ herder: new FakeHerder(), listeners: ['http://127.0.0.1:0'] });
    const overridden = createRestServer({
      herder: new FakeHerder(),
      listeners: ['http://127.0.0.1:0'],
      advertisedHostName: 'worker-1.example',
      advertisedPort: 9999,
    });
    await plain.start();
    await overridden.start();
    try {
      const port = new URL(plain.listenerUrls()[0]!).port;
      assert.equal(plain.advertisedUrl(), `http://127.0.0.1:${port}/`);
      assert.equal(overridden.advertisedUrl(), 'http://worker-1.example:9999/');
    } finally {
      await plain.stop();
      await overridden.stop();
    }
  });

  it('serves /admin only on admin listeners when they are set, and nowhere when the list is empty', async () => {
    const split = createRestServer({
      herder: new FakeHerder(),
      listeners: ['http://127.0.0.1:0'],
      adminListeners: ['http://127.0.0.1:0'],
    });
    const none = createRestServer({ herder: new FakeHerder(), listeners: ['http://127.0.0.1:0'], adminListeners: [] });
    await split.start();
    await none.start();
    try {
      const [main, admin] = split.listenerUrls();
      assert.equal((await call(main!, 'GET', '/admin/loggers')).text, errorBody(404, 'HTTP 404 Not Found'));
      assert.equal((await call(admin!, 'GET', '/admin/loggers')).status, 200);
      assert.equal((await call(admin!, 'GET', '/connectors')).status, 404);
      assert.equal((await call(main!, 'GET', '/connectors')).status, 200);
      assert.equal((await call(none.listenerUrls()[0]!, 'GET', '/admin/loggers')).status, 404);
    } finally {
      await split.stop();
      await none.stop();
    }
  });

  it('keeps idle connections open 30 s, as Jetty does (Node closes them after 5 s)', async () => {
    const server = createRestServer({ herder: new FakeHerder(), listeners: ['http://127.0.0.1:0'] });
    await server.start();
    try {
      const reply = await call(server.listenerUrls()[0]!.replace('localhost', '127.0.0.1'), 'GET', '/connectors');
      assert.equal(reply.headers.get('keep-alive'), 'timeout=30');
    } finally {
      await server.stop();
    }
  });
});
