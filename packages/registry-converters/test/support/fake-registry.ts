/**
 * An in-process stand-in for the Schema Registry REST API, for unit tests that need fixed schema
 * ids or want to see the requests (integration tests use the real Apicurio registry).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

interface Stored {
  readonly id: number;
  readonly schema: string;
  readonly schemaType: string | undefined;
}

export class FakeRegistry {
  readonly requests: SeenRequest[] = [];
  readonly #schemas: Stored[] = [];
  readonly #subjects = new Map<string, number[]>();
  #nextId: number;
  /** Milliseconds to wait before answering, to test time limits. */
  delayMs = 0;

  private constructor(private readonly server: Server, firstId: number) {
    this.#nextId = firstId;
  }

  static async start(firstId = 1): Promise<FakeRegistry> {
    const server = createServer();
    const registry = new FakeRegistry(server, firstId);
    server.on('request', (req, res) => void registry.#handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return registry;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Registers directly, as another producer would have. */
  register(subject: string, schema: string, schemaType?: string): number {
    let stored = this.#schemas.find((s) => s.schema === schema && s.schemaType === schemaType);
    if (!stored) {
      stored = { id: this.#nextId++, schema, schemaType };
      this.#schemas.push(stored);
    }
    const versions = this.#subjects.get(subject) ?? [];
    if (!versions.includes(stored.id)) versions.push(stored.id);
    this.#subjects.set(subject, versions);
    return stored.id;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    this.requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const send = (status: number, answer: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/vnd.schemaregistry.v1+json' });
      res.end(JSON.stringify(answer));
    };
    const path = new URL(req.url!, 'http://x').pathname;
    const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
    const parsed = (body === '' ? { schema: '' } : JSON.parse(body)) as { schema: string; schemaType?: string };
    if (parts[0] === 'schemas' && parts[1] === 'ids' && req.method === 'GET') {
      const stored = this.#schemas.find((s) => s.id === Number(parts[2]));
      if (!stored) return send(404, { error_code: 40403, message: `Schema ${parts[2]} not found` });
      return send(200, stored.schemaType ? { schema: stored.schema, schemaType: stored.schemaType } : { schema: stored.schema });
    }
    if (parts[0] === 'subjects' && parts.length === 3 && parts[2] === 'versions' && req.method === 'POST') {
      return send(200, { id: this.register(parts[1]!, parsed.schema, parsed.schemaType) });
    }
    if (parts[0] === 'subjects' && parts.length === 2 && req.method === 'POST') {
      const versions = this.#subjects.get(parts[1]!);
      if (!versions) return send(404, { error_code: 40401, message: `Subject '${parts[1]}' not found.` });
      const index = versions.findIndex((id) => this.#schemas.find((s) => s.id === id)!.schema === parsed.schema);
      if (index < 0) return send(404, { error_code: 40403, message: 'Schema not found' });
      return send(200, { subject: parts[1], version: index + 1, id: versions[index], schema: parsed.schema });
    }
    if (parts[0] === 'subjects' && parts.length === 4 && parts[2] === 'versions' && req.method === 'GET') {
      const versions = this.#subjects.get(parts[1]!);
      if (!versions) return send(404, { error_code: 40401, message: `Subject '${parts[1]}' not found.` });
      const version = parts[3] === 'latest' ? versions.length : Number(parts[3]);
      const id = versions[version - 1];
      if (id === undefined) return send(404, { error_code: 40402, message: 'Version not found.' });
      const stored = this.#schemas.find((s) => s.id === id)!;
      return send(200, { subject: parts[1], version, id, schema: stored.schema });
    }
    send(404, { error_code: 404, message: `No route ${req.method} ${path}` });
  }
}
