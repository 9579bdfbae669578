/**
 * Java client properties (what users write in worker and connector configs) translated to
 * librdkafka properties. Keys with the same name and meaning pass through; renamed keys and keys
 * whose values differ are translated; keys that only make sense to the Java client (serializers,
 * interceptors, metrics reporters, JKS settings, ...) and keys we do not know are dropped with a
 * debug note, because librdkafka refuses unknown properties.
 *
 * The security settings (security.protocol, sasl.*, ssl.* stores) are read by client-security.ts,
 * which the admin client and the group connection share; librdkafka gets them as PEM text.
 */
import { type ClientLog, defaultClientLog } from './client-log.js';
import { CLIENT_SECURITY_KEYS, clientSecurity } from './client-security.js';

type ClientRole = 'producer' | 'consumer' | 'admin';
/** Java-style properties: string values, as in a .properties file or a connector config. */
export type ClientProperties = Readonly<Record<string, string>>;
/** librdkafka global configuration (all values are passed as strings or numbers). */
export type LibrdkafkaConfig = Record<string, string | number | boolean>;

/** Same name and meaning in both clients, for every role. */
const COMMON = new Set([
  'bootstrap.servers',
  'client.id',
  'client.rack',
  'metadata.max.age.ms',
  'reconnect.backoff.ms',
  'reconnect.backoff.max.ms',
  'retry.backoff.ms',
  'retry.backoff.max.ms',
  'connections.max.idle.ms',
  'client.dns.lookup',
  'sasl.kerberos.service.name',
  'ssl.cipher.suites',
  'socket.connection.setup.timeout.ms',
]);

const PRODUCER_ONLY = new Set([
  'acks',
  'enable.idempotence',
  'max.in.flight.requests.per.connection',
  'delivery.timeout.ms',
  'linger.ms',
  'batch.size',
  'compression.type',
  'retries',
  'transactional.id',
  'transaction.timeout.ms',
]);

const CONSUMER_ONLY = new Set([
  'group.id',
  'group.instance.id',
  'group.protocol',
  'group.remote.assignor',
  'enable.auto.commit',
  'auto.commit.interval.ms',
  'session.timeout.ms',
  'heartbeat.interval.ms',
  'max.poll.interval.ms',
  'isolation.level',
  'fetch.min.bytes',
  'fetch.max.bytes',
  'max.partition.fetch.bytes',
  'allow.auto.create.topics',
  'check.crcs',
]);

/** Renamed keys: Java name -> librdkafka name (value unchanged). */
const RENAMED: Record<string, string> = {
  'request.timeout.ms': 'socket.timeout.ms',
  'receive.buffer.bytes': 'socket.receive.buffer.bytes',
  'send.buffer.bytes': 'socket.send.buffer.bytes',
  'max.request.size': 'message.max.bytes',
};

/** Settings that the Java client needs and librdkafka has no use for. */
const JAVA_ONLY = [
  /^(key|value)\.(de)?serializer$/,
  /^interceptor\.classes$/,
  /^partitioner\./,
  /^metric\.reporters$/,
  /^metrics\./,
  /^auto\.include\.jmx\.reporter$/,
  /^enable\.metrics\.push$/,
  /^max\.block\.ms$/,
  /^default\.api\.timeout\.ms$/,
  /^exclude\.internal\.topics$/,
  /^internal\./,
  /^security\.providers$/,
  /^sasl\.login\./,
  /^sasl\.client\.callback\.handler\.class$/,
  /^ssl\.(protocol|provider|keymanager\.algorithm|trustmanager\.algorithm|secure\.random\.implementation|engine\.factory\.class)$/,
  /^ssl\.enabled\.protocols$/,
  /^max\.poll\.records$/, // read by our consumer wrapper as its batch size, see maxPollRecords()
];

/** The librdkafka configuration for a client of `role` built from Java-style properties. */
export function toLibrdkafkaConfig(
  props: ClientProperties,
  role: ClientRole,
  log: ClientLog = defaultClientLog,
): LibrdkafkaConfig {
  const out: LibrdkafkaConfig = {};
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (CLIENT_SECURITY_KEYS.has(key)) continue;
    // librdkafka refuses empty values; for the Java client they mean "not set".
    if (value === '') continue;
    if (key === 'bootstrap.servers') out[key] = splitList(value).join(',');
    else if (COMMON.has(key)) out[key] = value;
    else if (PRODUCER_ONLY.has(key) || CONSUMER_ONLY.has(key)) {
      const applies = PRODUCER_ONLY.has(key) ? role === 'producer' : role === 'consumer';
      if (applies) out[key] = translateValue(key, value);
      else log.debug(`Ignoring ${key}: not a ${role} setting`);
    } else if (key in RENAMED) out[RENAMED[key]!] = value;
    else if (key === 'fetch.max.wait.ms') {
      if (role === 'consumer') out['fetch.wait.max.ms'] = value;
    } else if (key === 'auto.offset.reset') {
      if (role === 'consumer') out[key] = value === 'none' ? 'error' : value;
    } else if (key === 'partition.assignment.strategy') {
      if (role === 'consumer') out[key] = translateAssignors(value);
    } else if (key === 'buffer.memory') {
      const kbytes = Math.max(1, Math.floor(Number(value) / 1024));
      if (role === 'producer') out['queue.buffering.max.kbytes'] = kbytes;
    } else if (JAVA_ONLY.some((pattern) => pattern.test(key))) log.debug(`Ignoring Java client setting ${key}`);
    else log.debug(`Ignoring ${key}: no librdkafka equivalent`);
  }
  return { ...out, ...librdkafkaSecurity(props) };
}

/** `max.poll.records` (Java default 500): the most records one consume call returns. */
export function maxPollRecords(props: ClientProperties): number {
  const value = props['max.poll.records'];
  return value === undefined ? 500 : Number(value);
}

const JAVA_FETCH_MAX_BYTES = 52_428_800;
const MAX_QUEUED_MESSAGES = 10_000_000;
const MAX_QUEUED_KBYTES = 2_097_151;

/**
 * How far a consumer reads ahead, bounded as Java's consumer is: one poll (`max.poll.records`)
 * ready beyond the one being processed, and at most one fetch's worth of bytes (`fetch.max.bytes`).
 * librdkafka's own defaults queue up to 100,000 messages or 64 MiB whatever the poll size, a
 * working set that grows with the backlog up to that size.
 */
export function consumerPrefetch(props: ClientProperties): LibrdkafkaConfig {
  const fetchMaxBytes = props['fetch.max.bytes'] === undefined ? JAVA_FETCH_MAX_BYTES : Number(props['fetch.max.bytes']);
  return {
    'queued.min.messages': Math.min(MAX_QUEUED_MESSAGES, 2 * maxPollRecords(props)),
    'queued.max.messages.kbytes': Math.min(MAX_QUEUED_KBYTES, Math.max(1, Math.floor(fetchMaxBytes / 1024))),
    // How long librdkafka waits before it looks again at a queue it found full (its default 1 s
    // would leave a consumer with a queue of two polls idle most of the time).
    'fetch.queue.backoff.ms': 10,
  };
}

function translateValue(key: string, value: string): string {
  if (key === 'isolation.level') return value.toLowerCase();
  return value;
}

const ASSIGNORS: Record<string, string> = {
  'org.apache.kafka.clients.consumer.RangeAssignor': 'range',
  'org.apache.kafka.clients.consumer.RoundRobinAssignor': 'roundrobin',
  'org.apache.kafka.clients.consumer.CooperativeStickyAssignor': 'cooperative-sticky',
  // librdkafka has no plain sticky assignor; cooperative-sticky is its closest relative.
  'org.apache.kafka.clients.consumer.StickyAssignor': 'cooperative-sticky',
};

function translateAssignors(value: string): string {
  return splitList(value)
    .map((name) => ASSIGNORS[name] ?? name)
    .join(',');
}

/** A Java LIST setting: comma-separated, blanks around items ignored. */
function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The librdkafka form of the client's security settings (see client-security.ts). */
function librdkafkaSecurity(props: ClientProperties): LibrdkafkaConfig {
  const security = clientSecurity(props);
  const out: LibrdkafkaConfig = {};
  if (security.protocol !== 'PLAINTEXT' || props['security.protocol'] !== undefined) {
    out['security.protocol'] = security.protocol.toLowerCase();
  }
  if (security.sasl) {
    out['sasl.mechanisms'] = security.sasl.mechanism;
    out['sasl.username'] = security.sasl.username;
    out['sasl.password'] = security.sasl.password;
  }
  if (security.tls) {
    const tls = security.tls;
    if (tls.ca !== undefined) out['ssl.ca.pem'] = tls.ca;
    if (tls.certificateChain !== undefined) out['ssl.certificate.pem'] = tls.certificateChain;
    if (tls.privateKey !== undefined) out['ssl.key.pem'] = tls.privateKey;
    if (tls.keyPassword !== undefined) out['ssl.key.password'] = tls.keyPassword;
    out['ssl.endpoint.identification.algorithm'] = tls.verifyHostname ? 'https' : 'none';
  }
  return out;
}
