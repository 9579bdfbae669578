/**
 * One connector instance on this worker, as Kafka's WorkerConnector: it follows the connector's
 * target state (STARTED runs it, PAUSED and STOPPED stop the instance but keep it assigned) and
 * reports every transition. An error from the connector (in start, or raised through its
 * context) fails it with a trace; the herder may restart it later.
 */
import type { Connector, ConnectorContext, OffsetStorageReader, SourceConnectorContext } from '@tsconnect/api';
import type { ConnectorStatusListener } from './connector-status-listener.js';
import { javaStackTrace } from './java-stack-trace.js';
import type { TargetState } from '../storage/config-records.js';
import type { WorkerLog } from './worker-log.js';

type State = 'INIT' | 'STARTED' | 'PAUSED' | 'STOPPED' | 'FAILED' | 'SHUTDOWN';

interface WorkerConnectorOptions {
  name: string;
  connector: Connector;
  config: Readonly<Record<string, string>>;
  statusListener: ConnectorStatusListener;
  /** Asks the herder to recompute this connector's task configs. */
  requestTaskReconfiguration(): void;
  /** Source connectors read their offsets through it; null for sinks. */
  offsetReader: OffsetStorageReader | null;
  log: WorkerLog;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export class WorkerConnector {
  readonly name: string;
  readonly connector: Connector;
  #config: Readonly<Record<string, string>>;
  #state: State = 'INIT';
  readonly #options: WorkerConnectorOptions;
  /** Transitions run one after another, in the order they were asked for. */
  #queue: Promise<void> = Promise.resolve();

  constructor(options: WorkerConnectorOptions) {
    this.name = options.name;
    this.connector = options.connector;
    this.#config = options.config;
    this.#options = options;
    const context: ConnectorContext = {
      requestTaskReconfiguration: () => {
        if (this.#state === 'STARTED') options.requestTaskReconfiguration();
      },
      raiseError: (error: Error) => {
        void this.#enqueue(async () => this.#fail(error));
      },
    };
    const withOffsets: SourceConnectorContext | ConnectorContext = options.offsetReader
      ? { ...context, offsetStorageReader: () => options.offsetReader! }
      : context;
    this.connector.initialize(withOffsets);
  }

  get isRunning(): boolean {
    return this.#state === 'STARTED';
  }

  get isFailed(): boolean {
    return this.#state === 'FAILED';
  }

  get config(): Readonly<Record<string, string>> {
    return this.#config;
  }

  /** Starts following `target`; resolves once the first transition is done (true unless it failed). */
  async start(target: TargetState): Promise<boolean> {
    await this.#enqueue(() => this.#transition(target));
    return this.#state !== 'FAILED';
  }

  transitionTo(target: TargetState): Promise<void> {
    return this.#enqueue(() => this.#transition(target));
  }

  /** Stops the connector for good (reassignment, deletion, worker shutdown). */
  shutdown(): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#state === 'SHUTDOWN') return;
      const wasFailed = this.#state === 'FAILED';
      await this.#stopInstance();
      this.#state = 'SHUTDOWN';
      if (!wasFailed) this.#options.statusListener.onShutdown(this.name);
    });
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(step, step);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #transition(target: TargetState): Promise<void> {
    if (this.#state === 'SHUTDOWN' || this.#state === 'FAILED') return;
    const listener = this.#options.statusListener;
    if (target === 'STARTED') {
      if (this.#state === 'STARTED') return;
      const resuming = this.#state === 'PAUSED';
      try {
        await this.connector.start(this.#config);
      } catch (error) {
        this.#options.log.error(`[${this.name}] Error while starting connector`, error);
        this.#fail(asError(error));
        return;
      }
      this.#state = 'STARTED';
      if (resuming) listener.onResume(this.name);
      else listener.onStartup(this.name);
      return;
    }
    await this.#stopInstance();
    // Stopping may itself have failed the connector.
    if ((this.#state as State) === 'FAILED') return;
    this.#state = target;
    if (target === 'PAUSED') listener.onPause(this.name);
    else listener.onStop(this.name);
  }

  async #stopInstance(): Promise<void> {
    if (this.#state !== 'STARTED') return;
    try {
      await this.connector.stop();
    } catch (error) {
      this.#options.log.error(`[${this.name}] Error while stopping connector`, error);
      this.#fail(asError(error));
    }
  }

  #fail(error: Error): void {
    if (this.#state === 'SHUTDOWN') return;
    this.#state = 'FAILED';
    this.#options.statusListener.onFailure(this.name, javaStackTrace(error), error);
  }
}
