/** The REST server over https with basic authentication, against fake herders. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ConfigException } from '@tsconnect/api';
import { NotLeaderError } from '../../src/herder/herder-errors.js';
import { createRestServer, restServerSecurity, type RestServer } from '../../src/rest/rest-server.js';
import { makeTestCertificates, type TestCertificates } from '@tsconnect/testinfra';
import { FakeHerder } from './fake-herder.js';
import { httpsCall } from './https-support.js';

const UNAUTHORIZED = 'User cannot access the resource.';

describe('REST over https with basic authentication', () => {
  let certs: TestCertificates;
  let props: Record<string, string>;
  const servers: RestServer[] = [];

  async function start(herder: FakeHerder, extra: Record<string, string> = {}): Promise<string> {
    const server = createRestServer({ herder, listeners: ['https://127.0.0.1:0'], ...restServerSecurity({ ...props, ...extra }, {}) });
    servers.push(server);
    await server.start();
    return server.advertisedUrl();
  }

  before(() => {
    certs = makeTestCertificates();
    const credentials = join(certs.dir, 'credentials.properties');
    writeFileSync(credentials, '# REST users\nalice=alice-secret\nbob: bob secret\n');
    props = {
      listeners: 'https://127.0.0.1:0',
      'listeners.https.ssl.keystore.type': 'PEM',
      'listeners.https.ssl.keystore.location': certs.server.keyStoreFile,
      'listeners.https.ssl.truststore.type': 'PEM',
      'listeners.https.ssl.truststore.location': certs.caFile,
      'rest.basic.auth.credentials.file': credentials,
    };
  });
  after(async () => {
    for (const server of servers.splice(0)) await server.stop();
    certs.remove();
  });

  describe('one worker', () => {
    let herder: FakeHerder;
    let url: string;
    before(async () => {
      herder = new FakeHerder();
      herder.addConnector('a');
      url = await start(herder);
    });
    beforeEach(() => {
      herder.calls.length = 0;
    });

    it('advertises an https URL', () => {
      assert.match(url, /^https:\/\/127\.0\.0\.1:\d+\/$/);
    });

    it('answers 401 with Kafka\'s text without credentials, with a wrong password and with an unknown user', async () => {
      for (const user of [undefined, 'alice:wrong', 'mallory:alice-secret', 'alice']) {
        const r = await httpsCall(url, 'GET', '/connectors', { ca: certs.ca, ...(user === undefined ? {} : { user }) });
        assert.equal(r.status, 401, `user ${user}`);
        assert.equal(r.text, UNAUTHORIZED);
        assert.match(r.contentType ?? '', /^text\/plain/);
      }
      assert.equal(herder.calls.length, 0);
    });

    it('serves every endpoint, the admin ones included, to a known user', async () => {
      const connectors = await httpsCall(url, 'GET', '/connectors', { ca: certs.ca, user: 'alice:alice-secret' });
      assert.equal(connectors.status, 200);
      assert.equal(connectors.text, '["a"]');
      const root = await httpsCall(url, 'GET', '/', { ca: certs.ca, user: 'bob:bob secret' });
      assert.equal(root.status, 200);
      assert.equal((await httpsCall(url, 'GET', '/admin/loggers', { ca: certs.ca })).status, 401);
      assert.equal((await httpsCall(url, 'GET', '/admin/loggers', { ca: certs.ca, user: 'alice:alice-secret' })).status, 200);
    });

    it('leaves the workers\' internal task-config request to its signature, as Kafka does', async () => {
      const r = await httpsCall(url, 'POST', '/connectors/a/tasks', { ca: certs.ca, body: '[]' });
      assert.notEqual(r.status, 401);
      assert.equal((await httpsCall(url, 'GET', '/connectors/a/tasks', { ca: certs.ca })).status, 401);
    });
  });

  it('a request forwarded to the leader carries the caller\'s credentials', async () => {
    const leader = new FakeHerder();
    const follower = new FakeHerder();
    const leaderUrl = await start(leader);
    const followerUrl = await start(follower);
    follower.failures.set('putConnectorConfig', new NotLeaderError(leaderUrl));

    const created = await httpsCall(followerUrl, 'POST', '/connectors', { ca: certs.ca, user: 'alice:alice-secret', body: '{"name":"new","config":{"connector.class":"X"}}' });
    assert.equal(created.status, 201);
    assert.equal(leader.callsOf('putConnectorConfig').length, 1);
    // Credentials only the follower knows: the leader refuses them in turn. Its 401 body is not
    // Kafka's JSON error, so, as in Kafka's RestClient, the follower answers 500 "IO Error".
    leader.calls.length = 0;
    const leaderOnly = await start(follower, { 'rest.basic.auth.credentials.file': writeCredentials('carol=carol-secret') });
    follower.failures.set('putConnectorConfig', new NotLeaderError(leaderUrl));
    const refused = await httpsCall(leaderOnly, 'POST', '/connectors', { ca: certs.ca, user: 'carol:carol-secret', body: '{"name":"x","config":{}}' });
    assert.equal(refused.status, 500);
    assert.match(JSON.parse(refused.text).message, /^IO Error trying to forward REST request: /);
    assert.equal(leader.calls.length, 0);
  });

  it('with ssl.client.auth=required, refuses clients without a certificate signed by the trust store', async () => {
    const herder = new FakeHerder();
    const url = await start(herder, { 'listeners.https.ssl.client.auth': 'required' });
    await assert.rejects(httpsCall(url, 'GET', '/', { ca: certs.ca, user: 'alice:alice-secret' }));
    const r = await httpsCall(url, 'GET', '/', { ca: certs.ca, cert: certs.client.cert, key: certs.client.key, user: 'alice:alice-secret' });
    assert.equal(r.status, 200);
  });

  it('reads TLS settings only for https listeners', () => {
    const jksForKafkaClients = { 'ssl.truststore.location': '/etc/kafka/truststore.jks' };
    assert.equal(restServerSecurity({ ...jksForKafkaClients, listeners: 'http://:8083' }, {}).tls, null);
    assert.throws(() => restServerSecurity({ ...jksForKafkaClients, listeners: 'https://:8443' }, {}), /keytool/);
  });

  it('refuses to start an https listener without a key store', async () => {
    const server = createRestServer({ herder: new FakeHerder(), listeners: ['https://127.0.0.1:0'], ...restServerSecurity({ listeners: 'https://127.0.0.1:0' }, {}) });
    await assert.rejects(server.start(), (e: Error) => e instanceof ConfigException && /listeners\.https\.ssl\.keystore\.location/.test(e.message));
  });

  function writeCredentials(text: string): string {
    const file = join(certs.dir, `credentials-${servers.length}.properties`);
    writeFileSync(file, text);
    return file;
  }
});
