import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException } from '@tsconnect/api';
import { restSslProperties, restTls } from '../../src/rest/rest-tls.js';

const CERT = '-----BEGIN CERTIFICATE-----\nc\n-----END CERTIFICATE-----';
const KEY = '-----BEGIN PRIVATE KEY-----\nk\n-----END PRIVATE KEY-----';

describe('REST TLS settings', () => {
  it('take listeners.https.* when any is set, else the worker\'s ssl.* (all or nothing)', () => {
    const worker = { 'ssl.keystore.location': '/w.pem', 'ssl.client.auth': 'required', 'security.protocol': 'SSL' };
    assert.deepEqual(restSslProperties(worker), { 'ssl.keystore.location': '/w.pem', 'ssl.client.auth': 'required' });
    assert.deepEqual(restSslProperties({ ...worker, 'listeners.https.ssl.keystore.key': KEY }), { 'ssl.keystore.key': KEY });
  });

  it('map the key store, trust store and ssl.client.auth to the https server and the forwarding client', () => {
    const tls = restTls({
      'listeners.https.ssl.keystore.key': KEY,
      'listeners.https.ssl.keystore.certificate.chain': CERT,
      'listeners.https.ssl.truststore.certificates': CERT,
      'listeners.https.ssl.client.auth': 'requested',
    });
    assert.deepEqual(tls?.server, { key: KEY, cert: CERT, ca: CERT, requestCert: true, rejectUnauthorized: false });
    assert.deepEqual(tls?.client, { key: KEY, cert: CERT, ca: CERT });
    assert.equal(restTls({}), null);
    assert.throws(
      () => restTls({ 'listeners.https.ssl.keystore.key': KEY, 'listeners.https.ssl.keystore.certificate.chain': CERT, 'listeners.https.ssl.client.auth': 'maybe' }),
      ConfigException,
    );
  });

  it('refuse a JKS key store with the conversion commands', () => {
    assert.throws(() => restTls({ 'listeners.https.ssl.keystore.location': '/etc/connect.jks' }), /keytool -importkeystore/);
  });
});
