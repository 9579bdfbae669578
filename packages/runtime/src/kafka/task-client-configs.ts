/**
 * The Java-style client properties of a connector's producer, consumer and admin clients, layered
 * as Kafka's Worker does (spec §4 "Per-task client defaults"):
 *
 *   producer:  worker defaults (bootstrap, acks=all, ...) < worker `producer.*` < connector `producer.override.*`
 *   consumer:  worker defaults (group connect-<c>, ...)   < worker `consumer.*` < connector `consumer.override.*`
 *   admin:     bootstrap and client id < worker settings without a client prefix < worker `admin.*`
 *              < connector `admin.override.*`
 *
 * Connector overrides pass the `connector.client.config.override.policy` first. The results go
 * through `toLibrdkafkaConfig` (or `toAdminOptions`), which drops what librdkafka cannot use.
 */
import { ConnectException } from '@tsconnect/api';
import type { ClientProperties } from './client-config.js';

export type ClientOverridePolicy = 'None' | 'Principal' | 'All';

/** The worker's properties as given (the originals, with worker-level `producer.*` etc. still prefixed). */
export type WorkerProperties = Readonly<Record<string, string>>;
/** A connector's raw config, whose `producer.override.*` etc. keys are the client overrides. */
type ConnectorProperties = Readonly<Record<string, string>>;

const INT_MAX = '2147483647';
const LONG_MAX = '9223372036854775807';
const PRINCIPAL_KEYS = new Set(['sasl.jaas.config', 'sasl.mechanism', 'security.protocol']);

export function bootstrapServers(worker: WorkerProperties): string {
  return worker['bootstrap.servers'] ?? 'localhost:9092';
}

/** Keys under `prefix`, with the prefix removed (AbstractConfig.originalsWithPrefix). */
export function withPrefix(props: Readonly<Record<string, string>>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value;
  }
  return out;
}

/** The policy's complaint about each override it refuses, by key; empty when all are allowed. */
export function validateClientOverrides(
  policy: ClientOverridePolicy,
  overrides: Readonly<Record<string, string>>,
): Map<string, string> {
  const refused = new Map<string, string>();
  for (const key of Object.keys(overrides)) {
    const allowed = policy === 'All' || (policy === 'Principal' && PRINCIPAL_KEYS.has(key));
    if (!allowed) {
      refused.set(key, `The '${policy}' policy does not allow '${key}' to be overridden in the connector configuration.`);
    }
  }
  return refused;
}

function connectorOverrides(
  connector: ConnectorProperties,
  prefix: string,
  policy: ClientOverridePolicy,
): Record<string, string> {
  const overrides = withPrefix(connector, prefix);
  const refused = validateClientOverrides(policy, overrides);
  if (refused.size > 0) {
    throw new ConnectException(`Client Config Overrides not allowed ${[...refused.values()].join(' ')}`);
  }
  return overrides;
}

/** A source task's producer (clientId `connector-producer-<c>-<t>`) or a DLQ producer (`connector-dlq-producer-<c>-<t>`). */
export function taskProducerProperties(
  clientId: string,
  worker: WorkerProperties,
  connector: ConnectorProperties,
  policy: ClientOverridePolicy,
): ClientProperties {
  return {
    'bootstrap.servers': bootstrapServers(worker),
    'max.block.ms': LONG_MAX,
    'enable.idempotence': 'false',
    acks: 'all',
    'max.in.flight.requests.per.connection': '1',
    'delivery.timeout.ms': INT_MAX,
    'client.id': clientId,
    ...withPrefix(worker, 'producer.'),
    ...connectorOverrides(connector, 'producer.override.', policy),
  };
}

/** A sink task's consumer: group `connect-<connector>`, clientId `connector-consumer-<c>-<t>`. */
export function taskConsumerProperties(
  connectorName: string,
  clientId: string,
  worker: WorkerProperties,
  connector: ConnectorProperties,
  policy: ClientOverridePolicy,
): ClientProperties {
  return {
    'group.id': `connect-${connectorName}`,
    'client.id': clientId,
    'bootstrap.servers': bootstrapServers(worker),
    'enable.auto.commit': 'false',
    'auto.offset.reset': 'earliest',
    ...withPrefix(worker, 'consumer.'),
    ...connectorOverrides(connector, 'consumer.override.', policy),
  };
}

/** A connector's admin client (topic creation, DLQ, sink offsets). */
export function taskAdminProperties(
  clientId: string,
  worker: WorkerProperties,
  connector: ConnectorProperties,
  policy: ClientOverridePolicy,
): ClientProperties {
  const unprefixed = Object.fromEntries(
    Object.entries(worker).filter(
      ([key]) => !key.startsWith('admin.') && !key.startsWith('producer.') && !key.startsWith('consumer.'),
    ),
  );
  return {
    'bootstrap.servers': bootstrapServers(worker),
    'client.id': clientId,
    ...unprefixed,
    ...withPrefix(worker, 'admin.'),
    ...connectorOverrides(connector, 'admin.override.', policy),
  };
}

/**
 * The worker's own clients for its internal topics: every worker setting without a client
 * prefix (Kafka passes `config.originals()`), minus the worker-group keys that would mean
 * something else to a consumer, plus `extra`.
 */
export function workerClientProperties(worker: WorkerProperties, extra: Record<string, string> = {}): ClientProperties {
  const groupKeys = new Set(['group.id', 'session.timeout.ms', 'heartbeat.interval.ms', 'rebalance.timeout.ms']);
  const own = Object.entries(worker).filter(
    ([key]) =>
      !groupKeys.has(key) && !key.startsWith('admin.') && !key.startsWith('producer.') && !key.startsWith('consumer.'),
  );
  return { 'bootstrap.servers': bootstrapServers(worker), ...Object.fromEntries(own), ...extra };
}
