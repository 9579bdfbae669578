/**
 * The way to a group's coordinator broker: FindCoordinator through any bootstrap server, then a
 * pooled connection to the broker it names. A member forgets the coordinator when told it moved
 * (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE) or when the connection fails, and the next request
 * looks it up again.
 */
import { type Broker, Connection, type ConnectionOptions, ConnectionPool, findCoordinatorV6, parseBroker } from '@platformatic/kafka';

/** FindCoordinator key type of a classic or consumer group (0 = GROUP, 1 = TRANSACTION). */
const GROUP_KEY_TYPE = 0;

interface GroupCoordinatorOptions {
  /** `host:port` pairs, comma separated or as a list. */
  bootstrapServers: string | string[];
  groupId: string;
  clientId: string;
  /** Socket options: timeouts, TLS, SASL. */
  connection: ConnectionOptions;
}

function parseBootstrapServers(servers: string | string[]): Broker[] {
  const list = (Array.isArray(servers) ? servers : servers.split(','))
    .map((server) => server.trim())
    .filter((server) => server !== '');
  if (list.length === 0) throw new Error('bootstrap.servers lists no broker');
  return list.map((server) => parseBroker(server));
}

export class GroupCoordinator {
  readonly #options: GroupCoordinatorOptions;
  readonly #bootstrap: Broker[];
  readonly #pool: ConnectionPool;
  #coordinator: Broker | null = null;
  #lookup: Promise<Broker> | null = null;

  constructor(options: GroupCoordinatorOptions) {
    this.#options = options;
    this.#bootstrap = parseBootstrapServers(options.bootstrapServers);
    this.#pool = new ConnectionPool(options.clientId, options.connection);
    // The pool listens for a connection's first 'error' only; a second one must not go unhandled.
    this.#pool.on('connecting', ({ connection }) => connection.on('error', () => {}));
  }

  /** The coordinator broker, when known. */
  get broker(): Broker | null {
    return this.#coordinator;
  }

  /** A connection to the coordinator, looking it up first if it is not known. */
  async connection(): Promise<Connection> {
    const broker = await this.#find();
    try {
      return await this.#pool.get(broker);
    } catch (error) {
      this.forget(true);
      throw error;
    }
  }

  /**
   * Forgets the coordinator so that the next request looks it up again; with `disconnect`, also
   * closes the connection to it, failing whatever is in flight on it.
   */
  forget(disconnect: boolean): void {
    const broker = this.#coordinator;
    this.#coordinator = null;
    if (disconnect && broker !== null) void this.#pool.getEstablishedConnection(broker)?.close();
  }

  /** Closes the connection to the coordinator, failing what is in flight, but remembers the broker. */
  disconnect(): void {
    if (this.#coordinator !== null) void this.#pool.getEstablishedConnection(this.#coordinator)?.close();
  }

  /**
   * Runs `request` on a connection of its own to the coordinator, closed afterwards; used to leave
   * the group without queueing behind a JoinGroup that may wait for a whole rebalance.
   */
  async withOwnConnection<T>(request: (connection: Connection) => Promise<T>): Promise<T> {
    const broker = await this.#find();
    const connection = new Connection(this.#options.clientId, this.#options.connection);
    connection.on('error', () => {});
    try {
      await connection.connect(broker.host, broker.port);
      return await request(connection);
    } finally {
      await connection.close();
    }
  }

  async close(): Promise<void> {
    this.#coordinator = null;
    await this.#pool.close();
  }

  #find(): Promise<Broker> {
    if (this.#coordinator !== null) return Promise.resolve(this.#coordinator);
    // Concurrent callers (the join loop and a heartbeat) share one lookup.
    this.#lookup ??= this.#lookUp().finally(() => {
      this.#lookup = null;
    });
    return this.#lookup;
  }

  async #lookUp(): Promise<Broker> {
    const connection = await this.#pool.getFirstAvailable(this.#bootstrap);
    const response = await findCoordinatorV6.api.async(connection, GROUP_KEY_TYPE, [this.#options.groupId]);
    const found = response.coordinators[0];
    if (found === undefined) throw new Error(`FindCoordinator returned no coordinator for group '${this.#options.groupId}'`);
    this.#coordinator = { host: found.host, port: found.port };
    return this.#coordinator;
  }
}
