/**
 * The errors a herder throws and the REST layer answers. Each carries its HTTP status, so a
 * route handler only awaits the herder and the one error handler writes
 * `{"error_code": <status>, "message": ...}` as Kafka's ConnectExceptionMapper does.
 *
 * Two kinds are not answered directly: RequestTargetError (NotLeaderError, NotAssignedError)
 * makes the REST layer forward the request to another worker, and RebalanceNeededError becomes
 * a 409 (Kafka gives 409 on forwarded endpoints and 500 on three GETs; we give 409 everywhere,
 * which is what clients retry on).
 *
 * @tsconnect/api's NotFoundException (404) and AlreadyExistsException (409) are answered with
 * their own status too (see httpStatusOf); every other error, ConfigException included, is a 500
 * as in Kafka.
 */
import { AlreadyExistsException, ConnectError, type ConnectErrorOptions, NotFoundException } from '@tsconnect/api';
import { javaHashMapString } from '../config/java-hash-order.js';

const RUNTIME = 'org.apache.kafka.connect.runtime.';

/** An error with an HTTP status of its own (Kafka's ConnectRestException and its subclasses). */
export class ConnectRestError extends ConnectError {
  readonly status: number;
  /** The body's error_code: the status, except for a remote worker's error passed through as it came. */
  readonly errorCode: number;

  constructor(
    status: number,
    message: string,
    options?: ConnectErrorOptions & { errorCode?: number },
    javaClass = `${RUNTIME}rest.errors.ConnectRestException`,
  ) {
    super('CONNECT', javaClass, message, false, options);
    this.status = status;
    this.errorCode = options?.errorCode ?? status;
  }
}

/** 400: the request itself is wrong (invalid connector config, missing body field, ...). */
export class BadRequestError extends ConnectRestError {
  constructor(message: string, options?: ConnectErrorOptions) {
    super(400, message, options, `${RUNTIME}rest.errors.BadRequestException`);
  }
}

/** The request must run on another worker; `forwardUrl` is that worker's advertised URL, or null if unknown. */
export abstract class RequestTargetError extends ConnectError {
  readonly forwardUrl: string | null;

  protected constructor(javaClass: string, message: string, forwardUrl: string | null) {
    super('CONNECT', javaClass, message, false);
    this.forwardUrl = forwardUrl;
  }
}

/** This worker is not the leader; the REST layer forwards to `leaderUrl` (409 when null). */
export class NotLeaderError extends RequestTargetError {
  constructor(leaderUrl: string | null, message = 'This request must be handled by the leader of the worker group') {
    super(`${RUNTIME}distributed.NotLeaderException`, message, leaderUrl);
  }

  get leaderUrl(): string | null {
    return this.forwardUrl;
  }
}

/** The leader does not run this connector or task itself; the REST layer forwards to the owner. */
export class NotAssignedError extends RequestTargetError {
  constructor(ownerUrl: string | null, message = 'Cannot complete request because worker is not assigned the connector or task') {
    super(`${RUNTIME}distributed.NotAssignedException`, message, ownerUrl);
  }

  get ownerUrl(): string | null {
    return this.forwardUrl;
  }
}

/** The herder expects a rebalance (its config view is stale); the request should be retried. */
export class RebalanceNeededError extends ConnectError {
  constructor(message = 'Request cannot be completed because a rebalance is expected') {
    super('CONNECT', `${RUNTIME}distributed.RebalanceNeededException`, message, true);
  }
}

export const REBALANCE_NEEDED_MESSAGE =
  'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)';

/** The HTTP status the REST layer answers for an error a herder operation threw. */
export function httpStatusOf(error: unknown): number {
  if (error instanceof ConnectRestError) return error.status;
  if (error instanceof NotFoundException) return 404;
  if (error instanceof AlreadyExistsException) return 409;
  if (error instanceof RebalanceNeededError) return 409;
  return 500;
}

/**
 * Kafka's exact messages for the errors herders throw, in one place so every herder (distributed,
 * standalone, fakes in tests) words them alike.
 */
export const herderErrors = {
  connectorNotFound: (name: string) => new NotFoundException(`Connector ${name} not found`),
  /** Restart (plain or with tasks) and task restart of an unknown connector. */
  unknownConnector: (name: string) => new NotFoundException(`Unknown connector: ${name}`),
  /** Pause, resume and stop of an unknown connector. */
  unknownConnectorTargetState: (name: string) => new NotFoundException(`Unknown connector ${name}`),
  unknownTask: (name: string, task: number) => new NotFoundException(`Unknown task: ${name}-${task}`),
  noConnectorStatus: (name: string) => new NotFoundException(`No status found for connector ${name}`),
  noTaskStatus: (name: string, task: number) => new NotFoundException(`No status found for task ${name}-${task}`),
  connectorExists: (name: string) => new AlreadyExistsException(`Connector ${name} already exists`),
  /** Create/PUT/PATCH with a config whose validation found errors. */
  invalidConfig: (errors: readonly string[]) =>
    new BadRequestError(
      `Connector configuration is invalid and contains the following ${errors.length} error(s):\n` +
        errors.map((e) => `${e}\n`).join('') +
        'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`',
    ),
  offsetsNeedStoppedConnector: (name: string) =>
    new BadRequestError(
      "Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/" +
        name +
        "/stop' endpoint",
    ),
  /**
   * Validate (and create/PUT) of a config without connector.class. Kafka 4.1 prints the config as
   * a Java HashMap; later releases leave it out (it may hold secrets).
   */
  missingConnectorType: (config: Readonly<Record<string, string | null>>, kafkaVersion: string) =>
    new BadRequestError(kafkaVersion === '4.1.1'
      ? `Connector config ${javaHashMapString(config)} contains no connector type`
      : 'Connector config contains no connector type'),
  signatureMissing: () => new BadRequestError('Internal request missing required signature'),
  signatureInvalid: () => new ConnectRestError(403, 'Internal request contained invalid signature.'),
  noSessionKey: () =>
    new ConnectRestError(
      503,
      'This worker is still starting up and has not been able to read a session key from the config topic yet',
    ),
} as const;
