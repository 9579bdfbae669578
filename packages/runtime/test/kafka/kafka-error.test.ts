import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectException, RetriableException } from '@tsconnect/api';
import { toConnectError } from '../../src/kafka/kafka-error.js';

describe('toConnectError', () => {
  it('says plainly that authentication failed, with the broker\'s reason, however deep it is wrapped', () => {
    const protocolError = Object.assign(new Error('SASL Authentication failed.'), {
      code: 'PLT_KFK_PROTOCOL',
      apiId: 'SASL_AUTHENTICATION_FAILED',
      serverErrorMessage: 'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256',
    });
    const authentication = Object.assign(new Error('SASL authentication failed.', { cause: protocolError }), { code: 'PLT_KFK_AUTHENTICATION' });
    const network = Object.assign(new Error('Connection to 127.0.0.1:9093 failed.', { cause: authentication }), { code: 'PLT_KFK_NETWORK', canRetry: true });
    const retries = Object.assign(new AggregateError([network, network], 'metadata failed 4 times.'), { code: 'PLT_KFK_MULTIPLE' });
    const error = toConnectError('Failed to read the Kafka cluster id', retries);
    assert.ok(error instanceof ConnectException && !(error instanceof RetriableException));
    assert.equal(
      error.message,
      'Failed to read the Kafka cluster id: authentication with the Kafka brokers failed ' +
        '(Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256). ' +
        'Check security.protocol, sasl.mechanism and the username and password in sasl.jaas.config.',
    );
  });

  it('keeps other errors as they were: transient librdkafka codes retriable, the rest not', () => {
    assert.ok(toConnectError('x', { message: 'timed out', code: -185 }) instanceof RetriableException);
    const other = toConnectError('x', new Error('boom'));
    assert.equal(other.message, 'x: boom');
    assert.match(toConnectError('x', { message: 'SASL authentication error', code: -169 }).message, /^x: authentication with the Kafka brokers failed \(SASL authentication error\)/);
  });
});
