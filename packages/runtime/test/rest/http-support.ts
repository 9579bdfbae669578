/** Starting a REST server on a free port against a herder, and calling it. */
import { createRestServer, type RestServer, type RestServerOptions } from '../../src/rest/rest-server.js';
import type { Herder } from '../../src/herder/herder.js';

export interface Reply {
  status: number;
  headers: Headers;
  /** The body text exactly as sent. */
  text: string;
}

export interface TestServer {
  server: RestServer;
  url: string;
  call(method: string, path: string, init?: { body?: string; headers?: Record<string, string> }): Promise<Reply>;
}

export async function startServer(herder: Herder, options: Partial<RestServerOptions> = {}): Promise<TestServer> {
  const server = createRestServer({ herder, listeners: ['http://127.0.0.1:0'], ...options });
  await server.start();
  const url = server.listenerUrls()[0]!.replace('localhost', '127.0.0.1');
  return {
    server,
    url,
    call: (method, path, init = {}) => call(url, method, path, init),
  };
}

export async function call(
  base: string,
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, body: init.body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Kafka's error body for a status and message. */
export function errorBody(status: number, message: string): string {
  return JSON.stringify({ error_code: status, message });
}
