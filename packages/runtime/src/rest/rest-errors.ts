/**
 * How every failure becomes Kafka's error body `{"error_code": <status>, "message": "..."}`:
 * the status comes from the error (httpStatusOf), and the errors JAX-RS itself raises in Kafka
 * (unknown route, wrong method, unconvertible path parameter) keep Jersey's wording
 * `HTTP 404 Not Found`.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ConnectRestError, httpStatusOf, REBALANCE_NEEDED_MESSAGE, RebalanceNeededError } from '../herder/herder-errors.js';
import { sendJson } from './json-response.js';

/** Jersey's reason phrases (javax.ws.rs.core.Response.Status) for the statuses it raises itself. */
const REASONS: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

/** A JAX-RS WebApplicationException as Jersey words it: `HTTP 404 Not Found`. */
export function jaxRsError(status: number): ConnectRestError {
  return new ConnectRestError(status, `HTTP ${status} ${REASONS[status] ?? 'Error'}`);
}

export function sendError(res: Response, status: number, message: string | null, errorCode = status): void {
  sendJson(res, status, { error_code: errorCode, message });
}

/** Unknown routes. */
export const notFound: RequestHandler = (_req, _res, next) => next(jaxRsError(404));

/** A known path with a method it does not serve. */
export const methodNotAllowed: RequestHandler = (_req, _res, next) => next(jaxRsError(405));

export const errorHandler: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  if (err instanceof ConnectRestError) {
    sendError(res, err.status, err.message, err.errorCode);
  } else if (err instanceof RebalanceNeededError) {
    sendError(res, 409, REBALANCE_NEEDED_MESSAGE);
  } else if (isHttpError(err)) {
    // express's own errors (undecodable path, body too large): Jersey's wording for the status.
    sendError(res, err.status, jaxRsError(err.status).message + tooLargeDetail(err));
  } else {
    sendError(res, httpStatusOf(err), err instanceof Error ? err.message : String(err));
  }
};

/** The body parser stops reading at its limit; say what the limit is, so the client knows why. */
function tooLargeDetail(err: { type?: unknown; limit?: unknown }): string {
  return err.type === 'entity.too.large' && typeof err.limit === 'number' ? `: request bodies are limited to ${err.limit} bytes` : '';
}

function isHttpError(err: unknown): err is { status: number; type?: unknown; limit?: unknown } {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 600 && !(err instanceof ConnectRestError);
}
