/**
 * The REST calls of the CLI, over node:http/https so that a context's CA file, insecure flag and
 * basic auth credentials apply per request. It speaks only Kafka Connect's public REST API, so
 * the same commands work against a Java worker.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { readFileSync } from 'node:fs';
import type { Context } from './contexts.js';

export interface RestAnswer {
  status: number;
  body: unknown;
}

/** A non-2xx answer: Kafka's `{"error_code", "message"}`, or the bare status. */
export class RestCallError extends Error {
  override readonly name = 'RestCallError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A worker answers 409 while its group rebalances; Kafka's own clients ask again. */
const REBALANCE_RETRIES = 60;
const REBALANCE_RETRY_DELAY_MS = 500;

export class ConnectApi {
  readonly #base: URL;
  readonly #options: RequestOptions;

  constructor(context: Context) {
    this.#base = new URL(context.url.endsWith('/') ? context.url : `${context.url}/`);
    this.#options = requestOptions(context);
  }

  /** Any answer, 2xx or not. */
  async call(method: string, path: string, body?: unknown): Promise<RestAnswer> {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.#once(method, path, body);
      if (!isRebalancing(answer) || attempt >= REBALANCE_RETRIES) return answer;
      await new Promise((r) => setTimeout(r, REBALANCE_RETRY_DELAY_MS));
    }
  }

  /** The body of a 2xx answer; any other answer throws a RestCallError with the worker's message. */
  async expect<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.call(method, path, body);
    if (answer.status < 200 || answer.status > 299) throw new RestCallError(answer.status, errorMessage(answer));
    return answer.body as T;
  }

  #once(method: string, path: string, body: unknown): Promise<RestAnswer> {
    const url = new URL(path.replace(/^\//, ''), this.#base);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { accept: 'application/json', ...(this.#options.headers as Record<string, string>) };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { ...this.#options, method, headers }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = null;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            parsed = text;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }
}

/** The TLS and authentication part of every request of a context. */
export function requestOptions(context: Context): RequestOptions {
  const options: RequestOptions = { headers: {} };
  if (context.username !== undefined) {
    const token = Buffer.from(`${context.username}:${context.password ?? ''}`).toString('base64');
    options.headers = { authorization: `Basic ${token}` };
  }
  if (context.caFile) options.ca = readFileSync(context.caFile);
  if (context.insecure) options.rejectUnauthorized = false;
  return options;
}

function isRebalancing(answer: RestAnswer): boolean {
  const message = (answer.body as { message?: unknown } | null)?.message;
  return answer.status === 409 && typeof message === 'string' && /rebalance|leader|stale configuration/i.test(message);
}

function errorMessage(answer: RestAnswer): string {
  const message = (answer.body as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : `HTTP ${answer.status}`;
}
