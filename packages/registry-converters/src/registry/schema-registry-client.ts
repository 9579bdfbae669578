/**
 * A client for the Confluent Schema Registry REST API (also served by Apicurio's ccompat API,
 * Karapace and Redpanda), on Node's fetch. Results are cached as Confluent's
 * CachedSchemaRegistryClient does: id -> schema, (subject, schema) -> id and -> version, and the
 * latest version per subject for `latestCacheTtlMs`.
 */
import { LruCache } from '@tsconnect/api';
import { cachedPromise } from './cached-promise.js';
import type { RegisteredSchema, SchemaReference, SchemaText, SchemaType } from './registered-schema.js';
import { SchemaRegistryError } from './schema-registry-error.js';

export interface BasicAuthCredentials {
  readonly user: string;
  readonly password: string;
}

export interface SchemaRegistryClientOptions {
  /** Base URLs (e.g. `http://host:8081`); tried in order when one cannot be reached. */
  readonly urls: readonly string[];
  /** Sent as HTTP basic auth; credentials in a URL's user-info are used when this is absent. */
  readonly basicAuth?: BasicAuthCredentials | null;
  /** Per-request limit, connection and answer together. */
  readonly requestTimeoutMs?: number;
  /** Entries per cache (Confluent's `max.schemas.per.subject` / identity map capacity). */
  readonly cacheSize?: number;
  /** How long a `latest` answer is reused; negative keeps it until evicted (`latest.cache.ttl.sec` -1). */
  readonly latestCacheTtlMs?: number;
  readonly latestCacheSize?: number;
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

export type CompatibilityLevel =
  | 'NONE' | 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const ACCEPT = 'application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5';

interface Endpoint {
  readonly base: string;
  readonly authorization: string | null;
}

interface RawSchemaAnswer {
  subject?: string;
  version?: number;
  id?: number;
  schema?: string;
  schemaType?: SchemaType;
  references?: SchemaReference[];
}

function basicAuthHeader(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** Splits user-info out of a URL: fetch refuses URLs with credentials, so they become a header. */
function endpoint(url: string, basicAuth: BasicAuthCredentials | null | undefined): Endpoint {
  const parsed = new URL(url.trim());
  const fromUrl = parsed.username !== ''
    ? basicAuthHeader(decodeURIComponent(parsed.username), decodeURIComponent(parsed.password))
    : null;
  parsed.username = '';
  parsed.password = '';
  const base = parsed.toString().replace(/\/+$/, '');
  return { base, authorization: basicAuth ? basicAuthHeader(basicAuth.user, basicAuth.password) : fromUrl };
}

function schemaKey(subject: string, schema: SchemaText): string {
  const refs = schema.references.length === 0 ? '' : JSON.stringify(schema.references);
  return `${subject}\u0000${schema.schemaType}\u0000${refs}\u0000${schema.schema}`;
}

function requestBody(schema: SchemaText): string {
  const body: Record<string, unknown> = { schema: schema.schema };
  if (schema.schemaType !== 'AVRO') body['schemaType'] = schema.schemaType;
  if (schema.references.length > 0) body['references'] = schema.references;
  return JSON.stringify(body);
}

function toSchemaText(answer: RawSchemaAnswer): SchemaText {
  return {
    schema: answer.schema ?? '',
    schemaType: answer.schemaType ?? 'AVRO',
    references: answer.references ?? [],
  };
}

function toRegistered(answer: RawSchemaAnswer, subject: string): RegisteredSchema {
  return { ...toSchemaText(answer), subject: answer.subject ?? subject, version: answer.version ?? -1, id: answer.id ?? -1 };
}

export class SchemaRegistryClient {
  readonly #endpoints: readonly Endpoint[];
  readonly #timeoutMs: number;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #latestTtlMs: number;
  readonly #byId: LruCache<number, Promise<SchemaText>>;
  readonly #idBySchema: LruCache<string, Promise<number>>;
  readonly #registeredBySchema: LruCache<string, Promise<RegisteredSchema>>;
  readonly #latest: LruCache<string, { at: number; value: Promise<RegisteredSchema> }>;

  constructor(options: SchemaRegistryClientOptions) {
    if (options.urls.length === 0) throw new Error('At least one schema registry URL is needed');
    this.#endpoints = options.urls.map((u) => endpoint(u, options.basicAuth));
    this.#timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#headers = options.headers ?? {};
    this.#latestTtlMs = options.latestCacheTtlMs ?? -1;
    const size = options.cacheSize ?? 1000;
    this.#byId = new LruCache(size);
    this.#idBySchema = new LruCache(size);
    this.#registeredBySchema = new LruCache(size);
    this.#latest = new LruCache(options.latestCacheSize ?? 1000);
  }

  /** The base URLs in use, without credentials. */
  get urls(): readonly string[] {
    return this.#endpoints.map((e) => e.base);
  }

  /** `POST /subjects/{subject}/versions`: the id of the schema, registering it if new. */
  register(subject: string, schema: SchemaText, normalize = false): Promise<number> {
    return cachedPromise(this.#idBySchema, schemaKey(subject, schema), async () => {
      const answer = await this.#call<{ id: number }>(
        'POST', `/subjects/${encodeURIComponent(subject)}/versions?normalize=${normalize}`, requestBody(schema));
      return answer.id;
    });
  }

  /** `POST /subjects/{subject}`: the registered schema equal to this one, or a 40401/40403 error. */
  lookup(subject: string, schema: SchemaText, normalize = false): Promise<RegisteredSchema> {
    return cachedPromise(this.#registeredBySchema, schemaKey(subject, schema), async () => {
      const answer = await this.#call<RawSchemaAnswer>(
        'POST', `/subjects/${encodeURIComponent(subject)}?normalize=${normalize}&deleted=false`, requestBody(schema));
      return toRegistered(answer, subject);
    });
  }

  /** `GET /schemas/ids/{id}`. */
  getSchemaById(id: number): Promise<SchemaText> {
    return cachedPromise(this.#byId, id, async () => toSchemaText(await this.#call<RawSchemaAnswer>('GET', `/schemas/ids/${id}`)));
  }

  /** `GET /subjects/{subject}/versions/latest`, reused for the configured time. */
  getLatest(subject: string): Promise<RegisteredSchema> {
    const hit = this.#latest.get(subject);
    if (hit !== undefined && (this.#latestTtlMs < 0 || Date.now() - hit.at < this.#latestTtlMs)) return hit.value;
    const value = this.getVersion(subject, 'latest');
    this.#latest.set(subject, { at: Date.now(), value });
    value.catch(() => {
      if (this.#latest.get(subject)?.value === value) this.#latest.delete(subject);
    });
    return value;
  }

  /** `GET /subjects/{subject}/versions/{version}`. */
  async getVersion(subject: string, version: number | 'latest'): Promise<RegisteredSchema> {
    const answer = await this.#call<RawSchemaAnswer>('GET', `/subjects/${encodeURIComponent(subject)}/versions/${version}`);
    return toRegistered(answer, subject);
  }

  /** `GET /subjects/{subject}/versions`. */
  getVersions(subject: string): Promise<number[]> {
    return this.#call<number[]>('GET', `/subjects/${encodeURIComponent(subject)}/versions`);
  }

  /** `GET /subjects`. */
  getSubjects(): Promise<string[]> {
    return this.#call<string[]>('GET', '/subjects');
  }

  /** `POST /compatibility/subjects/{subject}/versions/{version}`: whether the registry would accept the schema. */
  async testCompatibility(subject: string, schema: SchemaText, version: number | 'latest' = 'latest'): Promise<boolean> {
    const answer = await this.#call<{ is_compatible: boolean }>(
      'POST', `/compatibility/subjects/${encodeURIComponent(subject)}/versions/${version}`, requestBody(schema));
    return answer.is_compatible;
  }

  /** `PUT /config[/{subject}]`. */
  async setCompatibility(level: CompatibilityLevel, subject?: string): Promise<void> {
    const path = subject === undefined ? '/config' : `/config/${encodeURIComponent(subject)}`;
    await this.#call('PUT', path, JSON.stringify({ compatibility: level }));
  }

  /** `GET /config[/{subject}]`. */
  async getCompatibility(subject?: string): Promise<CompatibilityLevel> {
    const path = subject === undefined ? '/config' : `/config/${encodeURIComponent(subject)}`;
    const answer = await this.#call<{ compatibilityLevel?: CompatibilityLevel; compatibility?: CompatibilityLevel }>('GET', path);
    return (answer.compatibilityLevel ?? answer.compatibility)!;
  }

  /** Forgets every cached answer. */
  clearCaches(): void {
    this.#byId.clear();
    this.#idBySchema.clear();
    this.#registeredBySchema.clear();
    this.#latest.clear();
  }

  /** One REST call, trying the next URL when a server cannot be reached or times out. */
  async #call<T>(method: string, path: string, body?: string): Promise<T> {
    let lastError: unknown;
    for (const ep of this.#endpoints) {
      const headers: Record<string, string> = { Accept: ACCEPT, ...this.#headers };
      if (body !== undefined) headers['Content-Type'] = CONTENT_TYPE;
      if (ep.authorization !== null) headers['Authorization'] = ep.authorization;
      let response: Response;
      try {
        response = await fetch(`${ep.base}${path}`, {
          method, headers, body, signal: AbortSignal.timeout(this.#timeoutMs),
        });
      } catch (cause) {
        lastError = cause;
        continue;
      }
      const text = await response.text();
      if (response.ok) return (text === '' ? null : JSON.parse(text)) as T;
      throw errorFromAnswer(method, `${ep.base}${path}`, response.status, text);
    }
    const reason = lastError instanceof Error ? lastError.message : String(lastError);
    throw new SchemaRegistryError(
      `Schema registry unreachable (${this.urls.join(', ')}): ${reason}`, 0, 50001, { cause: lastError });
  }
}

function errorFromAnswer(method: string, url: string, status: number, text: string): SchemaRegistryError {
  let message = text;
  let errorCode = status;
  try {
    const parsed = JSON.parse(text) as { error_code?: number; message?: string };
    if (typeof parsed.message === 'string') message = parsed.message;
    if (typeof parsed.error_code === 'number') errorCode = parsed.error_code;
  } catch {
    // not JSON: keep the raw text
  }
  return new SchemaRegistryError(`${message}; error code: ${errorCode} (${method} ${url})`, status, errorCode);
}
