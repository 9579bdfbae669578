/**
 * The errors a plugin throws and the runtime reads. Every error carries a stable `code` from a
 * closed list and says whether retrying can help (`retriable`); the runtime's one retry and
 * tolerance mechanism acts on that flag instead of each connector catching its own errors.
 *
 * The classes mirror org.apache.kafka.connect.errors: `javaClass` is the Java class name a Java
 * worker would show in a status trace, so operators see familiar names.
 */

export type ConnectErrorCode =
  | 'CONNECT'
  | 'RETRIABLE'
  | 'DATA'
  | 'SCHEMA_BUILDER'
  | 'SCHEMA_PROJECTOR'
  | 'CONFIG'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'ILLEGAL_WORKER_STATE';

export interface ConnectErrorOptions {
  cause?: unknown;
}

export class ConnectError extends Error {
  readonly code: ConnectErrorCode;
  readonly retriable: boolean;
  readonly javaClass: string;

  constructor(
    code: ConnectErrorCode,
    javaClass: string,
    message: string,
    retriable: boolean,
    options: ConnectErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = javaClass.slice(javaClass.lastIndexOf('.') + 1);
    this.code = code;
    this.javaClass = javaClass;
    this.retriable = retriable;
  }
}

const ERRORS = 'org.apache.kafka.connect.errors.';

/** A non-retriable failure of a connector, task or the framework. */
export class ConnectException extends ConnectError {
  constructor(message: string, options?: ConnectErrorOptions) {
    super('CONNECT', `${ERRORS}ConnectException`, message, false, options);
  }
}

/** A transient failure: the operation may succeed if tried again (e.g. a lost connection). */
export class RetriableException extends ConnectError {
  constructor(message: string, options?: ConnectErrorOptions) {
    super('RETRIABLE', `${ERRORS}RetriableException`, message, true, options);
  }
}

/** Data that does not fit its schema, or cannot be converted. */
export class DataException extends ConnectError {
  constructor(message: string, options?: ConnectErrorOptions) {
    super('DATA', `${ERRORS}DataException`, message, false, options);
  }
}

export class SchemaBuilderException extends ConnectError {
  constructor(message: string, options?: ConnectErrorOptions) {
    super('SCHEMA_BUILDER', `${ERRORS}SchemaBuilderException`, message, false, options);
  }
}

export class SchemaProjectorException extends ConnectError {
  constructor(message: string, options?: ConnectErrorOptions) {
    super('SCHEMA_PROJECTOR', `${ERRORS}SchemaProjectorException`, message, false, options);
  }
}

/**
 * A bad configuration value. With a name (and value) the message follows Kafka's
 * `Invalid value <value> for configuration <name>: <message>`.
 */
export class ConfigException extends ConnectError {
  readonly configName: string | undefined;

  constructor(message: string);
  constructor(name: string, value: unknown, message?: string);
  constructor(nameOrMessage: string, value?: unknown, message?: string) {
    const named = arguments.length >= 2;
    const text = named
      ? `Invalid value ${String(value)} for configuration ${nameOrMessage}${message ? `: ${message}` : ''}`
      : nameOrMessage;
    super('CONFIG', 'org.apache.kafka.common.config.ConfigException', text, false);
    this.configName = named ? nameOrMessage : undefined;
  }
}

export class NotFoundException extends ConnectError {
  constructor(message: string, options?: ConnectErrorOptions) {
    super('NOT_FOUND', `${ERRORS}NotFoundException`, message, false, options);
  }
}

export class AlreadyExistsException extends ConnectError {
  constructor(message: string, options?: ConnectErrorOptions) {
    super('ALREADY_EXISTS', `${ERRORS}AlreadyExistsException`, message, false, options);
  }
}

export class IllegalWorkerStateException extends ConnectError {
  constructor(message: string, options?: ConnectErrorOptions) {
    super('ILLEGAL_WORKER_STATE', `${ERRORS}IllegalWorkerStateException`, message, false, options);
  }
}

/** True when retrying the failed operation can help: our flag, or a cause chain that has it. */
export function isRetriable(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof ConnectError) return e.retriable;
  }
  return false;
}
