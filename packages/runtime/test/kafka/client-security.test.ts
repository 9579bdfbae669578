import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigException } from '@tsconnect/api';
import { clientSecurity, parseJaasConfig } from '../../src/kafka/client-security.js';
import { platformaticSecurity } from '../../src/kafka/admin-client-options.js';
import { groupConnectionOptionsFromProperties } from '../../src/distributed/membership/group-connection-options.js';
import { makeTestCertificates, type TestCertificates } from '@tsconnect/testinfra';

const SCRAM = 'org.apache.kafka.common.security.scram.ScramLoginModule';
const PLAIN = 'org.apache.kafka.common.security.plain.PlainLoginModule';

function refusal(key: string, text: RegExp) {
  return (e: unknown) => e instanceof ConfigException && e.message.includes(key) && text.test(e.message);
}

describe('parseJaasConfig', () => {
  it('reads the login module and quoted or bare options, with escapes', () => {
    assert.deepEqual(parseJaasConfig(`${SCRAM} required username="al ice" password="p\\"w;d" tokenauth=true;`), {
      loginModule: SCRAM,
      options: { username: 'al ice', password: 'p"w;d', tokenauth: 'true' },
    });
  });

  it('refuses text that is not a login module line, without repeating it', () => {
    assert.throws(() => parseJaasConfig('username="x" password="secret"'), (e: Error) => e instanceof ConfigException && !e.message.includes('secret'));
    assert.throws(() => parseJaasConfig(`${PLAIN} required username="x" garbage;`), ConfigException);
  });
});

describe('clientSecurity', () => {
  let certs: TestCertificates;
  before(() => {
    certs = makeTestCertificates();
  });
  after(() => certs.remove());

  it('is plaintext without TLS or SASL by default, whatever ssl.* and sasl.* say', () => {
    assert.deepEqual(clientSecurity({ 'ssl.truststore.location': '/x.jks', 'sasl.mechanism': 'GSSAPI' }), { protocol: 'PLAINTEXT', sasl: null, tls: null });
  });

  it('reads SCRAM credentials for SASL_PLAINTEXT, case-insensitively for protocol and mechanism', () => {
    const security = clientSecurity({
      'security.protocol': 'sasl_plaintext',
      'sasl.mechanism': 'scram-sha-512',
      'sasl.jaas.config': `${SCRAM} required username="u" password="p";`,
    });
    assert.deepEqual(security, { protocol: 'SASL_PLAINTEXT', sasl: { mechanism: 'SCRAM-SHA-512', username: 'u', password: 'p' }, tls: null });
  });

  it('refuses unsupported mechanisms, missing JAAS, mismatched login modules and missing options', () => {
    const sasl = { 'security.protocol': 'SASL_SSL' };
    assert.throws(() => clientSecurity(sasl), refusal('sasl.mechanism', /GSSAPI.*PLAIN, SCRAM-SHA-256, SCRAM-SHA-512/));
    assert.throws(() => clientSecurity({ ...sasl, 'sasl.mechanism': 'PLAIN' }), refusal('sasl.jaas.config', /required for PLAIN/));
    assert.throws(
      () => clientSecurity({ ...sasl, 'sasl.mechanism': 'PLAIN', 'sasl.jaas.config': `${SCRAM} required username="u" password="p";` }),
      refusal('sasl.jaas.config', /does not serve PLAIN; use .*PlainLoginModule/),
    );
    assert.throws(
      () => clientSecurity({ ...sasl, 'sasl.mechanism': 'PLAIN', 'sasl.jaas.config': `${PLAIN} required username="u";` }),
      refusal('sasl.jaas.config', /username and password/),
    );
    assert.throws(() => clientSecurity({ 'security.protocol': 'TLS' }), refusal('security.protocol', /PLAINTEXT, SSL/));
  });

  it('reads PEM trust and key store files, splitting the key store into key and chain', () => {
    const security = clientSecurity({
      'security.protocol': 'SSL',
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.location': certs.caFile,
      'ssl.keystore.type': 'pem',
      'ssl.keystore.location': certs.client.keyStoreFile,
    });
    assert.equal(security.tls?.ca, certs.ca.trim());
    assert.equal(security.tls?.certificateChain, certs.client.cert.trim());
    assert.equal(security.tls?.privateKey, certs.client.key.trim());
    assert.equal(security.tls?.verifyHostname, true);
  });

  it('takes inline PEM over store files and turns hostname checks off for an empty algorithm', () => {
    const security = clientSecurity({
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'PLAIN',
      'sasl.jaas.config': `${PLAIN} required username="u" password="p";`,
      'ssl.truststore.certificates': certs.ca,
      'ssl.keystore.certificate.chain': certs.client.cert,
      'ssl.keystore.key': certs.client.key,
      'ssl.key.password': 'kp',
      'ssl.endpoint.identification.algorithm': '',
    });
    assert.deepEqual(security.tls, {
      ca: certs.ca.trim(),
      certificateChain: certs.client.cert.trim(),
      privateKey: certs.client.key.trim(),
      keyPassword: 'kp',
      verifyHostname: false,
    });
  });

  it('refuses JKS and PKCS12 stores with the keytool and openssl commands that convert them', () => {
    assert.throws(
      () => clientSecurity({ 'security.protocol': 'SSL', 'ssl.truststore.location': '/etc/kafka/truststore.jks' }),
      refusal('ssl.truststore.type', /JKS truststores are not supported.*keytool -importkeystore -srckeystore \/etc\/kafka\/truststore\.jks.*openssl pkcs12 -in \/etc\/kafka\/truststore\.p12 -nokeys -out \/etc\/kafka\/truststore\.pem.*ssl\.truststore\.type=PEM/),
    );
    assert.throws(
      () => clientSecurity({ 'security.protocol': 'SSL', 'ssl.keystore.type': 'PKCS12', 'ssl.keystore.location': '/k.p12' }),
      (e: Error) => /PKCS12 keystores are not supported/.test(e.message) && /openssl pkcs12 -in \/k\.p12 -nodes -out \/k\.pem/.test(e.message) && !/keytool/.test(e.message),
    );
  });

  it('refuses PEM text without the expected blocks and a key without its chain', () => {
    assert.throws(() => clientSecurity({ 'security.protocol': 'SSL', 'ssl.truststore.certificates': 'not pem' }), refusal('ssl.truststore.certificates', /PEM certificate/));
    assert.throws(() => clientSecurity({ 'security.protocol': 'SSL', 'ssl.keystore.key': certs.client.key }), refusal('ssl.keystore.key', /both a private key and its certificate chain/));
    assert.throws(
      () => clientSecurity({ 'security.protocol': 'SSL', 'ssl.truststore.type': 'PEM', 'ssl.truststore.location': '/no/such/ca.pem' }),
      refusal('ssl.truststore.location', /cannot be read/),
    );
  });
});

describe('@platformatic/kafka security options', () => {
  it('give the admin client and the group connection TLS socket options and SASL credentials', () => {
    const props = {
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'SCRAM-SHA-256',
      'sasl.jaas.config': `${SCRAM} required username="u" password="p";`,
      'ssl.truststore.certificates': '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----',
      'ssl.endpoint.identification.algorithm': '',
      'socket.connection.setup.timeout.ms': '5000',
    };
    const options = platformaticSecurity(props);
    assert.deepEqual(options.sasl, { mechanism: 'SCRAM-SHA-256', username: 'u', password: 'p' });
    assert.equal(options.tls?.ca, '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----');
    assert.equal(options.tls?.checkServerIdentity?.('other-host', {} as never), undefined);
    const group = groupConnectionOptionsFromProperties(props);
    assert.equal(group.connectTimeout, 5000);
    assert.deepEqual(group.sasl, options.sasl);
    assert.deepEqual(platformaticSecurity({}), {});
  });
});
