import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import {
  generateSessionKey,
  SIGNATURE_ALGORITHM_HEADER,
  SIGNATURE_HEADER,
  signatureHeaders,
  verifyInternalRequest,
} from '../../src/distributed/internal-request-signing.js';
import { ConnectRestError } from '../../src/herder/herder-errors.js';

const key = generateSessionKey('HmacSHA256', null, 1_700_000_000_000);
const body = Buffer.from('[{"task.class":"T","n":"0"}]');

function signed(headers: Record<string, string>, payload: Uint8Array = body) {
  return { body: payload, algorithm: headers[SIGNATURE_ALGORITHM_HEADER]!, signature: Buffer.from(headers[SIGNATURE_HEADER]!, 'base64') };
}

function refusedWith(status: number, message: RegExp): (e: unknown) => boolean {
  return (e) => e instanceof ConnectRestError && e.status === status && message.test(e.message);
}

test('a generated key has the algorithm, its default size and the creation time', () => {
  assert.equal(key.algorithm, 'HmacSHA256');
  assert.equal(key.key.length, 32);
  assert.equal(key.creationTimestamp, 1_700_000_000_000n);
  assert.equal(generateSessionKey('HmacSHA512', 128, 0).key.length, 16);
});

test('the signature is the base64 HMAC of the body under the session key, as Java computes it', () => {
  const headers = signatureHeaders(key, 'HmacSHA256', body);
  assert.equal(headers[SIGNATURE_ALGORITHM_HEADER], 'HmacSHA256');
  assert.equal(headers[SIGNATURE_HEADER], createHmac('sha256', key.key).update(body).digest('base64'));
  verifyInternalRequest(signed(headers), key, ['HmacSHA256']);
});

test('a missing signature is refused with 400', () => {
  assert.throws(() => verifyInternalRequest(null, key, ['HmacSHA256']), refusedWith(400, /^Internal request missing required signature$/));
});

test('an algorithm outside inter.worker.verification.algorithms is refused with 400', () => {
  const headers = signatureHeaders(key, 'HmacSHA512', body);
  assert.throws(
    () => verifyInternalRequest(signed(headers), key, ['HmacSHA256', 'HmacSHA1']),
    refusedWith(400, /does not support the 'HmacSHA512' key signing algorithm.*configured to use: \[HmacSHA256, HmacSHA1\]/),
  );
});

test('without a session key the request is refused with 503', () => {
  const headers = signatureHeaders(key, 'HmacSHA256', body);
  assert.throws(() => verifyInternalRequest(signed(headers), null, ['HmacSHA256']), refusedWith(503, /has not been able to read a session key/));
});

test('a wrong key, a changed body or a truncated signature is refused with 403', () => {
  const other = generateSessionKey('HmacSHA256', null, 0);
  const invalid = refusedWith(403, /^Internal request contained invalid signature\.$/);
  assert.throws(() => verifyInternalRequest(signed(signatureHeaders(other, 'HmacSHA256', body)), key, ['HmacSHA256']), invalid);
  const headers = signatureHeaders(key, 'HmacSHA256', body);
  assert.throws(() => verifyInternalRequest(signed(headers, Buffer.from('[]')), key, ['HmacSHA256']), invalid);
  const short = { ...signed(headers), signature: signed(headers).signature.subarray(0, 8) };
  assert.throws(() => verifyInternalRequest(short, key, ['HmacSHA256']), invalid);
});
