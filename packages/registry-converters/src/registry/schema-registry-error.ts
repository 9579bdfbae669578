/**
 * A failure answered by a Schema Registry (Confluent's RestClientException): the HTTP status and
 * the registry's `error_code` (40401 subject not found, 40403 schema not found, 409 incompatible...).
 * Network failures and 5xx answers are `retriable`: the same call may succeed later.
 */
export class SchemaRegistryError extends Error {
  readonly retriable: boolean;

  constructor(
    message: string,
    readonly status: number,
    readonly errorCode: number,
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SchemaRegistryError';
    this.retriable = status === 0 || status >= 500 || status === 429;
  }

  /** 40401 subject, 40402 version, 40403 schema not found (and a bare 404). */
  get isNotFound(): boolean {
    return this.status === 404;
  }
}

export const SUBJECT_NOT_FOUND = 40401;
export const VERSION_NOT_FOUND = 40402;
export const SCHEMA_NOT_FOUND = 40403;
