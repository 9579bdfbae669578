/**
 * At-least-once source tasks of one process share a producer when their producer settings are the
 * same (`task.producer.sharing.enable`, on by default; docs/task-hosts.md). Java gives every
 * source task a producer of its own; a librdkafka producer costs about 0.3 MB and four threads,
 * so a host running hundreds of small source tasks spent most of its memory on them. Records of
 * different tasks then travel in the same batches; each task still waits only for its own
 * acknowledgements, and a record's failure reaches only the task that sent it.
 *
 * A task shares only when nothing makes its producer its own: its client id is the default
 * `connector-producer-<connector>-<task>` (not overridden), and it is neither idempotent nor
 * transactional (an idempotent producer's fatal error would fail every task on it). The settings
 * other than the client id must match exactly, so connectors with the same `producer.override.*`
 * share with each other. Exactly-once tasks and dead letter queues keep producers of their own.
 */
import { ConnectException } from '@tsconnect/api';
import type { ClientProperties } from './client-config.js';
import type { KafkaProducer, ProducerRecord, RecordMetadata } from './kafka-producer.js';

/** The producer calls a source task makes: a `KafkaProducer`, or a lease of a shared one. */
export type TaskProducer = Pick<KafkaProducer, 'connect' | 'send' | 'flush' | 'disconnect'>;

type ProducerFactory = (props: ClientProperties) => TaskProducer;

interface SharedEntry {
  readonly key: string;
  readonly producer: TaskProducer;
  leases: number;
  /** The one connect every lease waits for; null until the first lease connects, or after it failed. */
  connecting: Promise<void> | null;
}

export class SharedProducers {
  readonly #create: ProducerFactory;
  readonly #entries = new Map<string, SharedEntry>();
  #created = 0;

  constructor(create: ProducerFactory) {
    this.#create = create;
  }

  /** How many shared producers are open now. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The producer for a task whose own client id would be `defaultClientId`: a lease of a shared
   * producer when `props` allow sharing, else a producer of its own. Not yet connected.
   */
  producerFor(props: ClientProperties, defaultClientId: string): TaskProducer {
    const key = sharingKey(props, defaultClientId);
    return key === null ? this.#create(props) : new SharedProducerLease(this, key, props);
  }

  /** Takes a lease on the producer for `key`, creating it on first use. */
  acquire(key: string, props: ClientProperties): SharedEntry {
    let entry = this.#entries.get(key);
    if (!entry) {
      this.#created += 1;
      entry = { key, producer: this.#create({ ...props, 'client.id': `connector-producer-shared-${this.#created}` }), leases: 0, connecting: null };
      this.#entries.set(key, entry);
    }
    entry.leases += 1;
    return entry;
  }

  /** Ends a lease; the last one closes the producer (waiting up to `timeoutMs` for its records). */
  async release(entry: SharedEntry, timeoutMs: number): Promise<void> {
    entry.leases -= 1;
    if (entry.leases > 0) return;
    if (this.#entries.get(entry.key) === entry) this.#entries.delete(entry.key);
    await entry.producer.disconnect(timeoutMs);
  }

  /** A producer whose connect failed is not handed out again; its current leases keep it until released. */
  forget(entry: SharedEntry): void {
    if (this.#entries.get(entry.key) === entry) this.#entries.delete(entry.key);
  }
}

/**
 * Settings that can share a producer map to one key; null when the task needs a producer of its own.
 * The key is every setting but the client id, sorted, so equal settings given in another order match.
 */
export function sharingKey(props: ClientProperties, defaultClientId: string): string | null {
  if (props['client.id'] !== defaultClientId) return null;
  if (props['transactional.id'] !== undefined) return null;
  if ((props['enable.idempotence'] ?? 'false').trim().toLowerCase() !== 'false') return null;
  const settings = Object.entries(props).filter(([name]) => name !== 'client.id');
  settings.sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify(settings);
}

/**
 * One task's use of a shared producer: it connects the producer if no task has yet, counts its own
 * records in flight, and on `flush` / `disconnect` waits for those only.
 */
class SharedProducerLease implements TaskProducer {
  readonly #pool: SharedProducers;
  readonly #key: string;
  readonly #props: ClientProperties;
  #entry: SharedEntry | null = null;
  #closed = false;
  #inFlight = 0;
  #idleWaiters: (() => void)[] = [];

  constructor(pool: SharedProducers, key: string, props: ClientProperties) {
    this.#pool = pool;
    this.#key = key;
    this.#props = props;
  }

  async connect(timeoutMs?: number): Promise<void> {
    if (this.#closed) throw new ConnectException('The producer was closed');
    if (this.#entry?.connecting) {
      await this.#entry.connecting;
      return;
    }
    const entry = (this.#entry ??= this.#pool.acquire(this.#key, this.#props));
    entry.connecting ??= entry.producer.connect(timeoutMs);
    try {
      await entry.connecting;
    } catch (error) {
      // Every lease waiting on this connect sees the failure; a retry gets a new producer.
      this.#pool.forget(entry);
      this.#entry = null;
      void this.#pool.release(entry, 0).catch(() => {});
      throw error;
    }
  }

  send(record: ProducerRecord): Promise<RecordMetadata> {
    const entry = this.#entry;
    if (entry === null || this.#closed) return Promise.reject(new ConnectException('The producer is not connected'));
    this.#inFlight += 1;
    const settled = (): void => {
      this.#inFlight -= 1;
      if (this.#inFlight === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
    };
    const sending = entry.producer.send(record);
    sending.then(settled, settled);
    return sending;
  }

  /** Waits until every record this task sent has been acknowledged or failed. */
  async flush(timeoutMs = 30_000): Promise<void> {
    if (!(await this.#awaitIdle(timeoutMs))) {
      throw new ConnectException(`Failed to flush the producer: ${this.#inFlight} records not acknowledged within ${timeoutMs} ms`);
    }
  }

  /** Waits (up to `timeoutMs`) for this task's records, then gives up its lease. */
  async disconnect(timeoutMs = 30_000): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const entry = this.#entry;
    this.#entry = null;
    if (entry === null) return;
    const started = Date.now();
    await this.#awaitIdle(timeoutMs);
    await this.#pool.release(entry, Math.max(0, timeoutMs - (Date.now() - started)));
  }

  #awaitIdle(timeoutMs: number): Promise<boolean> {
    if (this.#inFlight === 0) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.#idleWaiters = this.#idleWaiters.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      const wake = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.#idleWaiters.push(wake);
    });
  }
}
