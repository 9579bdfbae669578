/**
 * The HTTP client one worker uses to forward a REST request to another (Kafka's RestClient):
 * JSON in and out, and the remote answer interpreted as Kafka does. A remote error (status >= 400)
 * comes back as a ConnectRestError with the remote status and its body's error_code and message,
 * so the caller sees what the leader said; transport failures are 500s.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { ConnectRestError } from '../herder/herder-errors.js';

interface RemoteRequest {
  method: string;
  /** JSON text or raw bytes; sent with Content-Type application/json. */
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}

export interface RemoteResponse {
  status: number;
  /** The parsed JSON body; null for 204 or an empty body. */
  body: unknown;
}

interface RestClientOptions {
  /** How long to wait for the remote worker's answer. */
  timeoutMs: number;
  /** Trust store, key store and host name check for https URLs (rest-tls.ts). */
  tls?: TlsOptions | null;
}

export class RestClient {
  readonly #timeoutMs: number;
  readonly #tls: TlsOptions;

  constructor(options: RestClientOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#tls = options.tls ?? {};
  }

  async request(url: string, request: RemoteRequest): Promise<RemoteResponse> {
    let status: number;
    let text: string;
    try {
      const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
      if (request.body !== undefined) headers['content-type'] = 'application/json';
      ({ status, text } = await this.#send(url, request.method, headers, request.body));
    } catch (e) {
      throw new ConnectRestError(500, `IO Error trying to forward REST request: ${describe(e)}`, { cause: e });
    }

    if (status === 204) return { status, body: null };
    let body: unknown;
    try {
      body = text.trim() === '' ? null : (JSON.parse(text) as unknown);
    } catch (e) {
      throw new ConnectRestError(500, `IO Error trying to forward REST request: ${describe(e)}`, { cause: e });
    }
    if (status >= 400) {
      const error = (body ?? {}) as { error_code?: unknown; message?: unknown };
      const errorCode = typeof error.error_code === 'number' ? error.error_code : status;
      const message = typeof error.message === 'string' ? error.message : String(error.message ?? '');
      throw new ConnectRestError(status, message, { errorCode });
    }
    if (status >= 200 && status < 300) return { status, body };
    throw new ConnectRestError(500, `Unexpected status code when handling forwarded request: ${status}`);
  }

  /** node:http(s) rather than fetch, which cannot be given a trust store. */
  #send(url: string, method: string, headers: Record<string, string>, body: string | Uint8Array | undefined): Promise<{ status: number; text: string }> {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const tls = target.protocol === 'https:' ? this.#tls : {};
    return new Promise((resolve, reject) => {
      const req = send(target, { ...tls, method, headers, timeout: this.#timeoutMs }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 500, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.#timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}

function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  // Some transport errors put the reason (ECONNREFUSED ...) in cause.
  const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
  return `${e.message}${cause}`;
}
