/** Calling an https REST listener with a trust store, and optionally a client certificate and credentials. */
import { request } from 'node:https';
import type { Reply } from './http-support.js';

export interface HttpsCallOptions {
  ca: string;
  cert?: string;
  key?: string;
  /** user:password for basic authentication. */
  user?: string;
  body?: string;
}

export function basic(user: string): string {
  return `Basic ${Buffer.from(user).toString('base64')}`;
}

export function httpsCall(base: string, method: string, path: string, options: HttpsCallOptions): Promise<Omit<Reply, 'headers'> & { contentType: string | undefined }> {
  const headers: Record<string, string> = {};
  if (options.user !== undefined) headers.authorization = basic(options.user);
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const tls = { ca: options.ca, ...(options.cert ? { cert: options.cert, key: options.key } : {}) };
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method, headers, ...tls }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString(), contentType: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
