/**
 * KIP-507 inter-worker request signing, as Kafka's InternalRequestSignature: in a sessioned group
 * the leader keeps a session key in the config topic, followers sign the bodies of internal
 * requests (task configs, zombie fencing) with it, and whoever receives one checks the HMAC.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { HMAC_ALGORITHMS } from '../config/worker-config.js';
import type { InternalRequestSignature } from '../herder/herder.js';
import { BadRequestError, herderErrors } from '../herder/herder-errors.js';
import type { SessionKey } from '../storage/cluster-config-state.js';

export const SIGNATURE_HEADER = 'X-Connect-Authorization';
export const SIGNATURE_ALGORITHM_HEADER = 'X-Connect-Request-Signature-Algorithm';

function digestOf(algorithm: string): string {
  const digest = HMAC_ALGORITHMS[algorithm];
  if (!digest) throw new BadRequestError(`Unsupported signature algorithm ${algorithm}`);
  return digest;
}

/** Key sizes in bytes when inter.worker.key.size is not set (Java's KeyGenerator defaults). */
const DEFAULT_KEY_BYTES: Readonly<Record<string, number>> = {
  HmacMD5: 64,
  HmacSHA1: 64,
  HmacSHA224: 28,
  HmacSHA256: 32,
  HmacSHA384: 48,
  HmacSHA512: 64,
};

/** A fresh session key (inter.worker.key.generation.algorithm, inter.worker.key.size in bits or the algorithm's default). */
export function generateSessionKey(algorithm: string, keySizeBits: number | null, nowMs: number): SessionKey {
  digestOf(algorithm);
  const bytes = keySizeBits ? Math.ceil(keySizeBits / 8) : (DEFAULT_KEY_BYTES[algorithm] ?? 32);
  return { key: randomBytes(bytes), algorithm, creationTimestamp: BigInt(nowMs) };
}

export function sign(key: Uint8Array, algorithm: string, body: Uint8Array | string): Buffer {
  return createHmac(digestOf(algorithm), key).update(body).digest();
}

/** The two headers of a signed internal request over `body` (the exact bytes sent). */
export function signatureHeaders(key: SessionKey, algorithm: string, body: Uint8Array | string): Record<string, string> {
  return {
    [SIGNATURE_HEADER]: sign(key.key, algorithm, body).toString('base64'),
    [SIGNATURE_ALGORITHM_HEADER]: algorithm,
  };
}

/** Java's List.toString. */
function javaList(values: readonly string[]): string {
  return `[${values.join(', ')}]`;
}

/**
 * Kafka's checks in order: a missing signature is a 400, an algorithm outside
 * inter.worker.verification.algorithms a 400, no session key yet a 503, a wrong HMAC a 403.
 */
export function verifyInternalRequest(
  signature: InternalRequestSignature | null,
  sessionKey: SessionKey | null,
  verificationAlgorithms: readonly string[],
): void {
  if (!signature) throw herderErrors.signatureMissing();
  if (!verificationAlgorithms.includes(signature.algorithm)) {
    throw new BadRequestError(
      `This worker does not support the '${signature.algorithm}' key signing algorithm used by other workers. ` +
        `This worker is currently configured to use: ${javaList(verificationAlgorithms)}. ` +
        "Check that all workers' configuration files permit the same set of signature algorithms, " +
        'and correct any misconfigured worker and restart it.',
    );
  }
  if (!sessionKey) throw herderErrors.noSessionKey();
  const expected = sign(sessionKey.key, signature.algorithm, signature.body);
  const actual = Buffer.from(signature.signature);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw herderErrors.signatureInvalid();
}
