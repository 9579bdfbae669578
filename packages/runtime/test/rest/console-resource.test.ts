import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { CONSOLE_DIR } from '../../src/rest/console-resource.js';
import { FakeHerder } from './fake-herder.js';
import { startServer, type TestServer } from './http-support.js';

describe('the console at /ui', () => {
  let on: TestServer;
  let off: TestServer;
  const basicAuth = new Map([['admin', 'secret']]);

  before(async () => {
    on = await startServer(new FakeHerder());
    off = await startServer(new FakeHerder(), { consoleEnabled: false });
  });
  after(async () => {
    await on.server.stop();
    await off.server.stop();
  });

  it('serves its page, with a policy that runs only its own scripts', async () => {
    const r = await on.call('GET', '/ui/');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /text\/html/);
    assert.match(r.text, /<script type="module" src="js\/main.js">/);
    assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  });

  it('/ui redirects to /ui/ so the page\'s relative module paths resolve', async () => {
    const r = await fetch(`${on.url}/ui`, { redirect: 'manual' });
    assert.equal(r.status, 301);
    assert.equal(r.headers.get('location'), '/ui/');
  });

  it('serves every module of the shipped folder as JavaScript', async () => {
    for (const file of await readdir(`${CONSOLE_DIR}js`)) {
      const r = await on.call('GET', `/ui/js/${file}`);
      assert.equal(r.status, 200, file);
      assert.match(r.headers.get('content-type') ?? '', /javascript/, file);
    }
  });

  it('rest.console.enable=false: /ui is an unknown path, answered as Kafka answers one', async () => {
    const r = await off.call('GET', '/ui/');
    assert.equal(r.status, 404);
    assert.equal(JSON.parse(r.text).error_code, 404);
  });

  it('sits behind the REST API\'s basic authentication', async () => {
    const secured = await startServer(new FakeHerder(), { basicAuth });
    try {
      assert.equal((await secured.call('GET', '/ui/')).status, 401);
      const token = Buffer.from('admin:secret').toString('base64');
      assert.equal((await secured.call('GET', '/ui/', { headers: { authorization: `Basic ${token}` } })).status, 200);
    } finally {
      await secured.server.stop();
    }
  });
});
