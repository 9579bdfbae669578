/**
 * Requests, answers and one-way events between the worker and a task host, over the IPC channel
 * of a forked child process (advanced serialization, so Buffers, Maps and nested objects cross as
 * they are). Both ends use the same class: each side registers the operations it serves and calls
 * the other's. Only control messages cross; records never do.
 */
import { ConnectException } from '@tsconnect/api';

/** The end of an IPC channel: `process` in the host, the ChildProcess in the worker. */
export interface IpcEnd {
  send(message: unknown, callback?: (error: Error | null) => void): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

type Message =
  | { kind: 'request'; id: number; op: string; args: unknown[] }
  | { kind: 'answer'; id: number; value: unknown }
  | { kind: 'failure'; id: number; message: string; trace: string }
  | { kind: 'event'; op: string; args: unknown[] };

/** An operation the other side failed; `remoteTrace` is its Java-style trace there. */
export class RemoteOperationError extends ConnectException {
  constructor(
    message: string,
    readonly remoteTrace: string,
  ) {
    super(message);
  }
}

/** The request could not be answered: the channel closed, or no answer came in time. */
export class HostUnavailableError extends ConnectException {}

type Handler = (...args: never[]) => unknown;

export class HostChannel {
  readonly #end: IpcEnd;
  readonly #handlers = new Map<string, Handler>();
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void; timer: NodeJS.Timeout | null }>();
  #nextId = 1;
  #closedBecause: string | null = null;

  /** A Java-style trace of an error thrown by a handler, for the other side's status. */
  readonly #traceOf: (error: unknown) => string;

  constructor(
    end: IpcEnd,
    /** A Java-style trace of an error thrown by a handler, for the other side's status. */
    traceOf: (error: unknown) => string,
  ) {
    this.#traceOf = traceOf;
    this.#end = end;
    end.on('message', (message) => this.#receive(message as Message));
  }

  /** Serves `op` for the other side: requests get the handler's (awaited) value; events its call. */
  handle(op: string, handler: Handler): this {
    this.#handlers.set(op, handler);
    return this;
  }

  /** Calls `op` on the other side; rejects with HostUnavailableError when no answer comes within `timeoutMs`. */
  request<T>(op: string, args: unknown[] = [], timeoutMs: number | null = null): Promise<T> {
    if (this.#closedBecause !== null) return Promise.reject(new HostUnavailableError(this.#closedBecause));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = timeoutMs === null
        ? null
        : setTimeout(() => {
            this.#pending.delete(id);
            reject(new HostUnavailableError(`No answer to ${op} within ${timeoutMs} ms`));
          }, timeoutMs);
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.#send({ kind: 'request', id, op, args });
    });
  }

  /** Tells the other side something that needs no answer. */
  emit(op: string, args: unknown[] = []): void {
    if (this.#closedBecause === null) this.#send({ kind: 'event', op, args });
  }

  /** The other side is gone: every waiting request fails with `reason`. */
  close(reason: string): void {
    if (this.#closedBecause !== null) return;
    this.#closedBecause = reason;
    for (const [id, pending] of this.#pending) {
      if (pending.timer) clearTimeout(pending.timer);
      this.#pending.delete(id);
      pending.reject(new HostUnavailableError(reason));
    }
  }

  #send(message: Message): void {
    try {
      this.#end.send(message, (error) => {
        if (error) this.close(`The task host channel failed: ${error.message}`);
      });
    } catch (error) {
      this.close(`The task host channel failed: ${(error as Error).message}`);
    }
  }

  #receive(message: Message): void {
    switch (message.kind) {
      case 'answer':
      case 'failure': {
        const pending = this.#pending.get(message.id);
        if (!pending) return;
        this.#pending.delete(message.id);
        if (pending.timer) clearTimeout(pending.timer);
        if (message.kind === 'answer') pending.resolve(message.value);
        else pending.reject(new RemoteOperationError(message.message, message.trace));
        return;
      }
      case 'request':
        void this.#serve(message);
        return;
      case 'event':
        try {
          (this.#handlers.get(message.op) as ((...args: unknown[]) => unknown) | undefined)?.(...message.args);
        } catch {
          // An event has no one to answer; its handler logs what matters.
        }
    }
  }

  async #serve(message: Extract<Message, { kind: 'request' }>): Promise<void> {
    const handler = this.#handlers.get(message.op) as ((...args: unknown[]) => unknown) | undefined;
    try {
      if (!handler) throw new ConnectException(`Unknown task host operation ${message.op}`);
      const value = await handler(...message.args);
      this.#send({ kind: 'answer', id: message.id, value });
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.#send({ kind: 'failure', id: message.id, message: text, trace: this.#traceOf(error) });
    }
  }
}
