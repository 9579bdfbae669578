/**
 * The inter-worker endpoints (Kafka's InternalClusterResource), mounted beside the public
 * /connectors routes: `POST /connectors/{c}/tasks` (a worker hands the leader its connector's
 * task configs) and `PUT /connectors/{c}/fence` (zombie fencing for exactly-once sources). Both
 * carry a KIP-507 signature over the raw body, which the herder verifies.
 *
 * Difference from Kafka: when forwarded, the exact body bytes and the signature headers go along,
 * so the target can still verify the signature (Kafka re-serialises the body and drops them).
 */
import type { Request, RequestHandler } from 'express';
import type { InternalRequestSignature } from '../herder/herder.js';
import { BadRequestError } from '../herder/herder-errors.js';
import { completeOrForwardRequest, type RestContext } from './herder-request.js';
import { asTaskConfigs, jsonBody, rawBody } from './json-body.js';
import { encodePathSegment, pathParam } from './query-params.js';

const SIGNATURE_HEADER = 'x-connect-authorization';
const ALGORITHM_HEADER = 'x-connect-request-signature-algorithm';

/** The signature headers as received, or null when either is missing. */
function signatureOf(req: Request, body: Buffer): InternalRequestSignature | null {
  const encoded = req.get(SIGNATURE_HEADER);
  const algorithm = req.get(ALGORITHM_HEADER);
  if (encoded === undefined || algorithm === undefined) return null;
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(encoded)) {
    throw new BadRequestError('Illegal base64 character in request signature');
  }
  return { body, algorithm, signature: Buffer.from(encoded, 'base64') };
}

function signatureHeaders(req: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of [SIGNATURE_HEADER, ALGORITHM_HEADER]) {
    const value = req.get(name);
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

export function putTaskConfigs(ctx: RestContext): RequestHandler {
  return async (req, res) => {
    const connector = pathParam(req, 'connector');
    const body = rawBody(req);
    const taskConfigs = asTaskConfigs(jsonBody(req));
    const signature = signatureOf(req, body);
    await completeOrForwardRequest(ctx, req, () => ctx.herder.putTaskConfigs(connector, taskConfigs, signature), {
      path: `/connectors/${encodePathSegment(connector)}/tasks`,
      rawBody: body,
      headers: signatureHeaders(req),
      fromRemote: () => undefined,
    });
    res.status(204).end();
  };
}

export function fenceZombies(ctx: RestContext): RequestHandler {
  return async (req, res) => {
    const connector = pathParam(req, 'connector');
    const body = rawBody(req);
    const signature = signatureOf(req, body);
    await completeOrForwardRequest(ctx, req, () => ctx.herder.fenceZombies(connector, signature), {
      path: `/connectors/${encodePathSegment(connector)}/fence`,
      rawBody: body,
      headers: signatureHeaders(req),
      fromRemote: () => undefined,
    });
    res.status(204).end();
  };
}
