/**
 * Client failures as Connect errors: a librdkafka error flagged retriable (or a transient
 * transport/timeout code) becomes a RetriableException, anything else a ConnectException; the
 * original error is the cause. A failed SASL authentication, wherever it hides in the error
 * (@platformatic/kafka wraps it in retries and network errors, librdkafka reports it as an error
 * event), is said plainly and is never retriable: wrong credentials do not get better.
 */
import { type ConnectError, ConnectException, RetriableException } from '@tsconnect/api';

/** librdkafka codes that mean "try again later": timeouts, transport, leader changes, full queue. */
const TRANSIENT_CODES = new Set([-195, -192, -187, -185, -184, 5, 6, 7, 13, 14, 15, 16, 19, 20]);
/** librdkafka's RD_KAFKA_RESP_ERR__AUTHENTICATION and the broker's SASL_AUTHENTICATION_FAILED. */
const AUTHENTICATION_CODES = new Set<unknown>([-169, 58, 'PLT_KFK_AUTHENTICATION']);

export function toConnectError(context: string, error: unknown): ConnectError {
  const authentication = authenticationFailure(error);
  if (authentication !== null) {
    return new ConnectException(
      `${context}: authentication with the Kafka brokers failed (${authentication}). ` +
        'Check security.protocol, sasl.mechanism and the username and password in sasl.jaas.config.',
      { cause: error },
    );
  }
  const e = error as { message?: string; code?: number; isRetriable?: boolean } | null | undefined;
  const message = `${context}: ${e?.message ?? String(error)}`;
  const retriable = e?.isRetriable === true || (typeof e?.code === 'number' && TRANSIENT_CODES.has(e.code));
  return retriable ? new RetriableException(message, { cause: error }) : new ConnectException(message, { cause: error });
}

/** The most specific message of the authentication failure inside `error`, or null. */
function authenticationFailure(error: unknown, depth = 0): string | null {
  if (error === null || typeof error !== 'object' || depth > 8) return null;
  const e = error as { code?: unknown; apiId?: unknown; message?: unknown; cause?: unknown; errors?: unknown; serverErrorMessage?: unknown };
  for (const inner of [e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const found = authenticationFailure(inner, depth + 1);
    if (found !== null) return found;
  }
  if (!AUTHENTICATION_CODES.has(e.code) && e.apiId !== 'SASL_AUTHENTICATION_FAILED') return null;
  if (typeof e.serverErrorMessage === 'string' && e.serverErrorMessage !== '') return e.serverErrorMessage;
  return typeof e.message === 'string' ? e.message : 'SASL authentication failed';
}
