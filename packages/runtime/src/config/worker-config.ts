/**
 * The worker's configuration, as Kafka's WorkerConfig with DistributedConfig or StandaloneConfig:
 * every key with Kafka's default, parsed and validated once at start-up (a bad or missing value
 * stops the worker with a message naming the key), and the prefixed sub-configurations the
 * worker hands to its clients, converters and internal topics.
 */
import { availableParallelism } from 'node:os';
import {
  AbstractConfig,
  CaseInsensitiveValidString,
  ConfigDef,
  ConfigException,
  LambdaValidator,
  Range,
  ValidString,
  type ConfigKeyOptions,
  type ConfigProps,
  type ConfigType,
  type Importance,
  type Validator,
} from '@tsconnect/api';
import type { ClientOverridePolicy } from '../kafka/task-client-configs.js';
import { PluginKind } from '../plugins/plugin-kind.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { advertisedUrl, parseRestListeners, workerIdFromUrl, type RestListener } from './rest-listeners.js';
import { COMPATIBILITY_KAFKA_VERSION_CONFIG, COMPATIBLE_KAFKA_VERSIONS, DEFAULT_COMPATIBLE_KAFKA_VERSION } from './kafka-compatibility.js';

export type WorkerMode = 'distributed' | 'standalone';

const SIMPLE_HEADER_CONVERTER = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';

export const KEY_CONVERTER_CLASS_DOC =
  'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. ' +
  'This controls the format of the keys in messages written to or read from Kafka, and since this is independent ' +
  'of connectors it allows any connector to work with any serialization format. Examples of common formats include JSON and Avro.';
export const VALUE_CONVERTER_CLASS_DOC =
  'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. ' +
  'This controls the format of the values in messages written to or read from Kafka, and since this is independent ' +
  'of connectors it allows any connector to work with any serialization format. Examples of common formats include JSON and Avro.';
export const HEADER_CONVERTER_CLASS_DOC =
  'HeaderConverter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. ' +
  'This controls the format of the header values in messages written to or read from Kafka, and since this is ' +
  'independent of connectors it allows any connector to work with any serialization format. Examples of common ' +
  'formats include JSON and Avro. By default, the SimpleHeaderConverter is used to serialize header values to strings ' +
  'and deserialize them by inferring the schemas.';

/** MAC / key generator algorithms Node's crypto provides, by their Java names. */
export const HMAC_ALGORITHMS: Readonly<Record<string, string>> = {
  HmacMD5: 'md5',
  HmacSHA1: 'sha1',
  HmacSHA224: 'sha224',
  HmacSHA256: 'sha256',
  HmacSHA384: 'sha384',
  HmacSHA512: 'sha512',
};

function define(
  def: ConfigDef,
  name: string,
  type: ConfigType,
  defaultValue: unknown,
  importance: Importance,
  documentation: string,
  validator?: Validator,
): ConfigDef {
  const options: ConfigKeyOptions = { name, type, importance, documentation, validator: validator ?? null };
  if (defaultValue !== undefined) options.defaultValue = defaultValue;
  return def.define(options);
}

const REQUIRED = undefined;

function nonBlankListValidator(what: string): Validator {
  return LambdaValidator.with(
    (name, value) => {
      if (value === null) return;
      const items = value as string[];
      if (what === 'listeners' && items.length === 0) throw new ConfigException(name, value, 'Empty list');
      if (items.some((item) => item.trim() === '')) {
        throw new ConfigException(name, value, `Empty URL found when parsing ${what} list.`);
      }
    },
    () => 'List of comma-separated URLs, ex: http://localhost:8080,https://localhost:8443.',
  );
}

const REPLICATION_FACTOR_VALIDATOR = LambdaValidator.with(
  (name, value) => {
    if (value !== -1 && (value as number) < 1) {
      throw new ConfigException(
        name,
        value,
        "Replication factor must be positive and not larger than the number of brokers in the Kafka cluster, or -1 to use the broker's default",
      );
    }
  },
  () => "Positive number not larger than the number of brokers in the Kafka cluster, or -1 to use the broker's default",
);

const PARTITIONS_VALIDATOR = LambdaValidator.with(
  (name, value) => {
    if (value !== -1 && (value as number) < 1) {
      throw new ConfigException(name, value, "Number of partitions must be positive, or -1 to use the broker's default");
    }
  },
  () => "Positive number, or -1 to use the broker's default",
);

function macValidator(kind: 'Mac' | 'KeyGenerator'): Validator {
  const check = (name: string, algorithm: unknown) => {
    if (typeof algorithm !== 'string' || !Object.hasOwn(HMAC_ALGORITHMS, algorithm)) {
      throw new ConfigException(
        name,
        algorithm,
        `the algorithm is not supported by this JVM; the supported algorithms are: [${Object.keys(HMAC_ALGORITHMS).join(', ')}]`,
      );
    }
  };
  if (kind === 'KeyGenerator') {
    return LambdaValidator.with(check, () => 'Any KeyGenerator algorithm supported by the worker JVM');
  }
  return LambdaValidator.with(check, () => 'Any MAC algorithm supported by the worker JVM');
}

const VERIFICATION_ALGORITHMS_VALIDATOR = LambdaValidator.with(
  (name, value) => {
    const algorithms = value as string[];
    if (algorithms.length === 0) {
      throw new ConfigException(name, `[${algorithms.join(', ')}]`, 'At least one signature verification algorithm must be provided');
    }
    for (const algorithm of algorithms) macValidator('Mac').ensureValid(name, algorithm);
  },
  () => 'A list of one or more MAC algorithms, each supported by the worker JVM',
);

/** The keys both modes share (WorkerConfig.baseConfigDef and the REST server's keys). */
function baseWorkerConfigDef(): ConfigDef {
  const def = new ConfigDef();
  define(def, 'bootstrap.servers', 'LIST', 'localhost:9092', 'HIGH', 'A list of host/port pairs used to establish the initial connection to the Kafka cluster.');
  define(def, 'client.dns.lookup', 'STRING', 'use_all_dns_ips', 'MEDIUM', 'Controls how the client uses DNS lookups.',
    ValidString.in('use_all_dns_ips', 'resolve_canonical_bootstrap_servers_only'));
  define(def, 'key.converter', 'CLASS', REQUIRED, 'HIGH', KEY_CONVERTER_CLASS_DOC);
  define(def, 'key.converter.plugin.version', 'STRING', null, 'LOW', 'Version of the key converter.');
  define(def, 'value.converter', 'CLASS', REQUIRED, 'HIGH', VALUE_CONVERTER_CLASS_DOC);
  define(def, 'value.converter.plugin.version', 'STRING', null, 'LOW', 'Version of the value converter.');
  define(def, 'header.converter', 'CLASS', SIMPLE_HEADER_CONVERTER, 'LOW', HEADER_CONVERTER_CLASS_DOC);
  define(def, 'header.converter.plugin.version', 'STRING', null, 'LOW', 'Version of the header converter.');
  define(def, 'task.shutdown.graceful.timeout.ms', 'LONG', 5000, 'LOW', 'Amount of time to wait for tasks to shutdown gracefully.');
  // tsconnect: where plugin code runs (docs/task-hosts.md).
  define(def, 'task.isolation', 'STRING', 'process', 'MEDIUM', 'Where connector instances and tasks run: process (in task hosts, child processes of the worker, so that a busy, stuck or crashing plugin cannot stall the worker, its group membership or other connectors, and tasks use every core) or none (on the worker\'s own event loop) (tsconnect).', ValidString.in('process', 'none'));
  define(def, 'task.hosts.max', 'INT', availableParallelism(), 'MEDIUM', 'The most task hosts this worker runs for connectors that do not ask for a host of their own; connector instances and tasks are spread over them. Defaults to the number of CPUs (tsconnect).', Range.atLeast(1));
  define(def, 'task.producer.sharing.enable', 'BOOLEAN', true, 'LOW', 'Whether at-least-once source tasks of one task host (or of the worker, with task.isolation=none) share a producer when their producer settings are the same and their client id is not overridden; each task still waits only for its own records. false: a producer per task, as Kafka does (tsconnect).');
  define(def, 'offset.flush.interval.ms', 'LONG', 60000, 'LOW', 'Interval at which to try committing offsets for tasks.');
  define(def, 'offset.flush.timeout.ms', 'LONG', 5000, 'LOW', 'Maximum number of milliseconds to wait for records to flush and partition offset data to be committed to offset storage before cancelling the process and restoring the offset data to be committed in a future attempt.');
  define(def, 'plugin.path', 'LIST', null, 'LOW', 'List of paths separated by commas (,) that contain plugins.');
  define(def, 'plugin.discovery', 'STRING', 'hybrid_warn', 'LOW', 'Method to use to discover plugins present in the classpath and plugin.path configuration.',
    CaseInsensitiveValidString.in('only_scan', 'hybrid_warn', 'hybrid_fail', 'service_load'));
  define(def, 'metrics.sample.window.ms', 'LONG', 30000, 'LOW', 'The window of time a metrics sample is computed over.', Range.atLeast(0));
  define(def, 'metrics.num.samples', 'INT', 2, 'LOW', 'The number of samples maintained to compute metrics.', Range.atLeast(1));
  define(def, 'metrics.recording.level', 'STRING', 'INFO', 'LOW', 'The highest recording level for metrics.', ValidString.in('INFO', 'DEBUG'));
  define(def, 'metric.reporters', 'LIST', 'org.apache.kafka.common.metrics.JmxReporter', 'LOW', 'A list of classes to use as metrics reporters.');
  define(def, 'config.providers', 'LIST', '', 'LOW', 'Comma-separated names of ConfigProvider classes, loaded and used in the order specified.');
  define(def, 'connector.client.config.override.policy', 'STRING', 'All', 'MEDIUM', 'Class name or alias of implementation of ConnectorClientConfigOverridePolicy.');
  define(def, COMPATIBILITY_KAFKA_VERSION_CONFIG, 'STRING', DEFAULT_COMPATIBLE_KAFKA_VERSION, 'MEDIUM',
    'The Apache Kafka release whose Connect worker this worker answers like (GET /, plugin versions, REST answers that changed between releases). Not a Kafka key.',
    ValidString.in(...COMPATIBLE_KAFKA_VERSIONS));
  define(def, 'topic.tracking.enable', 'BOOLEAN', true, 'LOW', 'Enable tracking the set of active topics per connector during runtime.');
  define(def, 'topic.tracking.allow.reset', 'BOOLEAN', true, 'LOW', 'If set to true, it allows user requests to reset the set of active topics per connector.');
  define(def, 'topic.creation.enable', 'BOOLEAN', true, 'LOW', 'Whether to allow automatic creation of topics used by source connectors, when source connectors are configured with `topic.creation.` properties.');
  // REST server (RestServerConfig)
  define(def, 'listeners', 'LIST', 'http://:8083', 'LOW', 'List of comma-separated URIs the REST API will listen on.', nonBlankListValidator('listeners'));
  define(def, 'rest.advertised.host.name', 'STRING', null, 'LOW', 'If this is set, this is the hostname that will be given out to other workers to connect to.');
  define(def, 'rest.advertised.port', 'INT', null, 'LOW', 'If this is set, this is the port that will be given out to other workers to connect to.');
  define(def, 'rest.advertised.listener', 'STRING', null, 'LOW', 'Sets the advertised listener (HTTP or HTTPS) which will be given to other workers to use.');
  define(def, 'access.control.allow.origin', 'STRING', '', 'LOW', 'Value to set the Access-Control-Allow-Origin header to for REST API requests.');
  define(def, 'access.control.allow.methods', 'STRING', '', 'LOW', 'Sets the methods supported for cross origin requests by setting the Access-Control-Allow-Methods header.');
  define(def, 'admin.listeners', 'LIST', null, 'LOW', 'List of comma-separated URIs the Admin REST API will listen on.', nonBlankListValidator('admin.listeners'));
  define(def, 'rest.extension.classes', 'LIST', '', 'LOW', 'Comma-separated names of ConnectRestExtension classes, loaded and called in the order specified.');
  // tsconnect's own: the basic authentication credentials, where Kafka reads them from JAAS (docs/security.md).
  define(def, 'rest.basic.auth.credentials.file', 'STRING', null, 'MEDIUM', 'A properties file of user=password lines: when set, every REST request needs HTTP basic authentication as one of these users.');
  define(def, 'rest.console.enable', 'BOOLEAN', true, 'LOW', 'Serve the operator console (docs/console.md) at /ui on the REST listeners, behind the same TLS and basic authentication.');
  define(def, 'rest.basic.auth.jaas.config.file', 'STRING', null, 'LOW', 'The JAAS file whose KafkaConnect entry names the PropertyFileLoginModule credentials file, for rest.extension.classes=org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension; defaults to -Djava.security.auth.login.config in KAFKA_OPTS.');
  define(def, 'response.http.headers.config', 'STRING', '', 'LOW', 'Rules for REST API HTTP response headers');
  define(def, 'ssl.client.auth', 'STRING', 'none', 'LOW', 'Configures kafka broker to request client authentication.', ValidString.in('required', 'requested', 'none'));
  defineSecurity(def);
  return def;
}

/** The security keys of Kafka's clients (and of the REST server's TLS). */
function defineSecurity(def: ConfigDef): void {
  define(def, 'security.protocol', 'STRING', 'PLAINTEXT', 'MEDIUM', 'Protocol used to communicate with brokers.',
    CaseInsensitiveValidString.in('PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'));
  define(def, 'ssl.protocol', 'STRING', 'TLSv1.3', 'MEDIUM', 'The SSL protocol used to generate the SSLContext.');
  define(def, 'ssl.provider', 'STRING', null, 'MEDIUM', 'The name of the security provider used for SSL connections.');
  define(def, 'ssl.cipher.suites', 'LIST', null, 'LOW', 'A list of cipher suites.');
  define(def, 'ssl.enabled.protocols', 'LIST', 'TLSv1.2,TLSv1.3', 'MEDIUM', 'The list of protocols enabled for SSL connections.');
  define(def, 'ssl.keystore.type', 'STRING', 'JKS', 'MEDIUM', 'The file format of the key store file.');
  define(def, 'ssl.keystore.location', 'STRING', null, 'HIGH', 'The location of the key store file.');
  define(def, 'ssl.keystore.password', 'PASSWORD', null, 'HIGH', 'The store password for the key store file.');
  define(def, 'ssl.keystore.key', 'PASSWORD', null, 'HIGH', 'Private key in the format specified by ssl.keystore.type.');
  define(def, 'ssl.keystore.certificate.chain', 'PASSWORD', null, 'HIGH', 'Certificate chain in the format specified by ssl.keystore.type.');
  define(def, 'ssl.key.password', 'PASSWORD', null, 'HIGH', 'The password of the private key in the key store file.');
  define(def, 'ssl.truststore.type', 'STRING', 'JKS', 'MEDIUM', 'The file format of the trust store file.');
  define(def, 'ssl.truststore.location', 'STRING', null, 'HIGH', 'The location of the trust store file.');
  define(def, 'ssl.truststore.password', 'PASSWORD', null, 'HIGH', 'The password for the trust store file.');
  define(def, 'ssl.truststore.certificates', 'PASSWORD', null, 'HIGH', 'Trusted certificates in the format specified by ssl.truststore.type.');
  define(def, 'ssl.keymanager.algorithm', 'STRING', 'SunX509', 'LOW', 'The algorithm used by key manager factory for SSL connections.');
  define(def, 'ssl.trustmanager.algorithm', 'STRING', 'PKIX', 'LOW', 'The algorithm used by trust manager factory for SSL connections.');
  define(def, 'ssl.endpoint.identification.algorithm', 'STRING', 'https', 'LOW', 'The endpoint identification algorithm to validate server hostname using server certificate.');
  define(def, 'ssl.secure.random.implementation', 'STRING', null, 'LOW', 'The SecureRandom PRNG implementation to use for SSL cryptography operations.');
  define(def, 'ssl.engine.factory.class', 'CLASS', null, 'LOW', 'The class of type org.apache.kafka.common.security.auth.SslEngineFactory to provide SSLEngine objects.');
  define(def, 'sasl.mechanism', 'STRING', 'GSSAPI', 'MEDIUM', 'SASL mechanism used for client connections.');
  define(def, 'sasl.jaas.config', 'PASSWORD', null, 'MEDIUM', 'JAAS login context parameters for SASL connections in the format used by JAAS configuration files.');
  define(def, 'sasl.kerberos.service.name', 'STRING', null, 'MEDIUM', 'The Kerberos principal name that Kafka runs as.');
  define(def, 'sasl.client.callback.handler.class', 'CLASS', null, 'MEDIUM', 'The fully qualified name of a SASL client callback handler class.');
  define(def, 'sasl.login.callback.handler.class', 'CLASS', null, 'MEDIUM', 'The fully qualified name of a SASL login callback handler class.');
  define(def, 'sasl.login.class', 'CLASS', null, 'MEDIUM', 'The fully qualified name of a class that implements the Login interface.');
  define(def, 'sasl.oauthbearer.token.endpoint.url', 'STRING', null, 'MEDIUM', 'The URL for the OAuth/OIDC identity provider.');
}

/** Every key of a distributed worker (DistributedConfig), with Kafka's defaults. */
export function distributedWorkerConfigDef(): ConfigDef {
  const def = baseWorkerConfigDef();
  define(def, 'group.id', 'STRING', REQUIRED, 'HIGH', 'A unique string that identifies the Connect cluster group this worker belongs to.');
  define(def, 'session.timeout.ms', 'INT', 10000, 'HIGH', 'The timeout used to detect worker failures.');
  define(def, 'rebalance.timeout.ms', 'INT', 60000, 'HIGH', 'The maximum allowed time for each worker to join the group once a rebalance has begun.');
  define(def, 'heartbeat.interval.ms', 'INT', 3000, 'HIGH', 'The expected time between heartbeats to the group coordinator.');
  define(def, 'exactly.once.source.support', 'STRING', 'disabled', 'HIGH', 'Whether to enable exactly-once support for source connectors in the cluster.',
    ValidString.in('disabled', 'preparing', 'enabled'));
  define(def, 'metadata.max.age.ms', 'LONG', 300000, 'LOW', 'The period of time in milliseconds after which we force a refresh of metadata.', Range.atLeast(0));
  define(def, 'client.id', 'STRING', '', 'LOW', 'An id string to pass to the server when making requests.');
  define(def, 'send.buffer.bytes', 'INT', 131072, 'MEDIUM', 'The size of the TCP send buffer (SO_SNDBUF) to use when sending data.', Range.atLeast(-1));
  define(def, 'receive.buffer.bytes', 'INT', 32768, 'MEDIUM', 'The size of the TCP receive buffer (SO_RCVBUF) to use when reading data.', Range.atLeast(-1));
  define(def, 'reconnect.backoff.ms', 'LONG', 50, 'LOW', 'The base amount of time to wait before attempting to reconnect to a given host.', Range.atLeast(0));
  define(def, 'reconnect.backoff.max.ms', 'LONG', 1000, 'LOW', 'The maximum amount of time in milliseconds to wait when reconnecting to a broker that has repeatedly failed to connect.', Range.atLeast(0));
  define(def, 'socket.connection.setup.timeout.ms', 'LONG', 10000, 'LOW', 'The amount of time the client will wait for the socket connection to be established.', Range.atLeast(0));
  define(def, 'socket.connection.setup.timeout.max.ms', 'LONG', 30000, 'LOW', 'The maximum amount of time the client will wait for the socket connection to be established.', Range.atLeast(0));
  define(def, 'retry.backoff.ms', 'LONG', 100, 'LOW', 'The amount of time to wait before attempting to retry a failed request.', Range.atLeast(0));
  define(def, 'retry.backoff.max.ms', 'LONG', 1000, 'LOW', 'The maximum amount of time in milliseconds to wait when retrying a request to the broker that has repeatedly failed.', Range.atLeast(0));
  define(def, 'request.timeout.ms', 'INT', 40000, 'MEDIUM', 'The maximum amount of time the client will wait for the response of a request.', Range.atLeast(0));
  define(def, 'connections.max.idle.ms', 'LONG', 540000, 'MEDIUM', 'Close idle connections after the number of milliseconds specified by this config.');
  define(def, 'worker.sync.timeout.ms', 'INT', 3000, 'MEDIUM', 'When the worker is out of sync with other workers and needs to resynchronize configurations, wait up to this amount of time before giving up, leaving the group, and waiting a backoff period before rejoining.');
  define(def, 'worker.unsync.backoff.ms', 'INT', 300000, 'MEDIUM', 'When the worker is out of sync with other workers and fails to catch up within worker.sync.timeout.ms, leave the Connect cluster for this long before rejoining.');
  define(def, 'offset.storage.topic', 'STRING', REQUIRED, 'HIGH', 'The name of the Kafka topic where source connector offsets are stored');
  define(def, 'offset.storage.partitions', 'INT', 25, 'LOW', 'The number of partitions used when creating the offset storage topic', PARTITIONS_VALIDATOR);
  define(def, 'offset.storage.replication.factor', 'SHORT', 3, 'LOW', 'Replication factor used when creating the offset storage topic', REPLICATION_FACTOR_VALIDATOR);
  define(def, 'config.storage.topic', 'STRING', REQUIRED, 'HIGH', 'The name of the Kafka topic where connector configurations are stored');
  define(def, 'config.storage.replication.factor', 'SHORT', 3, 'LOW', 'Replication factor used when creating the configuration storage topic', REPLICATION_FACTOR_VALIDATOR);
  define(def, 'status.storage.topic', 'STRING', REQUIRED, 'HIGH', 'The name of the Kafka topic where connector and task status are stored');
  define(def, 'status.storage.partitions', 'INT', 5, 'LOW', 'The number of partitions used when creating the status storage topic', PARTITIONS_VALIDATOR);
  define(def, 'status.storage.replication.factor', 'SHORT', 3, 'LOW', 'Replication factor used when creating the status storage topic', REPLICATION_FACTOR_VALIDATOR);
  define(def, 'connect.protocol', 'STRING', 'sessioned', 'LOW', 'Compatibility mode for Kafka Connect Protocol',
    LambdaValidator.with(
      (name, value) => {
        if (!['eager', 'compatible', 'sessioned'].includes(String(value).toLowerCase())) {
          throw new ConfigException(name, value, 'Invalid Connect protocol compatibility');
        }
      },
      () => '[eager, compatible, sessioned]',
    ));
  define(def, 'scheduled.rebalance.max.delay.ms', 'INT', 300000, 'LOW', 'The maximum delay that is scheduled in order to wait for the return of one or more departed workers before rebalancing and reassigning their connectors and tasks to the group.', Range.between(0, 2147483647));
  define(def, 'inter.worker.key.ttl.ms', 'INT', 3600000, 'LOW', 'The TTL of generated session keys used for internal request validation (in milliseconds)', Range.between(0, 2147483647));
  define(def, 'inter.worker.key.generation.algorithm', 'STRING', 'HmacSHA256', 'LOW', 'The algorithm to use for generating internal request keys.', macValidator('KeyGenerator'));
  define(def, 'inter.worker.key.size', 'INT', null, 'LOW', 'The size of the key to use for signing internal requests, in bits.');
  define(def, 'inter.worker.signature.algorithm', 'STRING', 'HmacSHA256', 'LOW', 'The algorithm used to sign internal requests.', macValidator('Mac'));
  define(def, 'inter.worker.verification.algorithms', 'LIST', 'HmacSHA256', 'LOW', 'A list of permitted algorithms for verifying internal requests, which must include the algorithm used for the inter.worker.signature.algorithm property.', VERIFICATION_ALGORITHMS_VALIDATOR);
  return def;
}

/** Every key of a standalone worker (StandaloneConfig): no group, offsets in a local file. */
function standaloneWorkerConfigDef(): ConfigDef {
  const def = baseWorkerConfigDef();
  define(def, 'offset.storage.file.filename', 'STRING', REQUIRED, 'HIGH', 'File to store offset data in');
  return def;
}

const CONVERTER_KEYS: readonly [string, PluginKind][] = [
  ['key.converter', PluginKind.CONVERTER],
  ['value.converter', PluginKind.CONVERTER],
  ['header.converter', PluginKind.HEADER_CONVERTER],
];

const TOPIC_SETTING_KEYS = ['topic', 'replication.factor', 'partitions', 'cleanup.policy'];

export class WorkerConfig extends AbstractConfig {
  readonly mode: WorkerMode;

  /**
   * Parses and validates the worker's properties. With a plugin registry, the converter classes
   * must name plugins it holds, as a Java worker's class loading requires.
   * @throws ConfigException naming the first key that is missing or invalid.
   */
  constructor(mode: WorkerMode, props: ConfigProps, plugins?: PluginRegistry) {
    super(mode === 'distributed' ? distributedWorkerConfigDef() : standaloneWorkerConfigDef(), props);
    this.mode = mode;
    if (plugins) this.#checkConverterClasses(plugins);
    if (mode === 'distributed') this.#checkSignatureAlgorithm();
    this.listeners();
    const adminListeners = this.getList('admin.listeners');
    if (adminListeners) parseRestListeners(adminListeners, 'admin.listeners');
  }

  static distributed(props: ConfigProps, plugins?: PluginRegistry): WorkerConfig {
    return new WorkerConfig('distributed', props, plugins);
  }

  static standalone(props: ConfigProps, plugins?: PluginRegistry): WorkerConfig {
    return new WorkerConfig('standalone', props, plugins);
  }

  #checkConverterClasses(plugins: PluginRegistry): void {
    for (const [key, kind] of CONVERTER_KEYS) {
      const className = this.getClass(key);
      if (typeof className === 'string' && !plugins.find(className, [kind])) {
        throw new ConfigException(key, className, `Class ${className} could not be found.`);
      }
    }
  }

  #checkSignatureAlgorithm(): void {
    const signature = this.interWorkerSignatureAlgorithm();
    if (!this.interWorkerVerificationAlgorithms().includes(signature)) {
      throw new ConfigException(
        'inter.worker.signature.algorithm',
        signature,
        'Signature algorithm must be present in inter.worker.verification.algorithms list',
      );
    }
  }

  /** The Connect cluster's group id (distributed mode only). */
  groupId(): string {
    return this.requireString('group.id');
  }

  bootstrapServers(): string[] {
    return this.requireList('bootstrap.servers');
  }

  /** Where connector instances and tasks run: in task hosts (`process`) or on the worker's event loop (`none`). */
  taskIsolation(): 'process' | 'none' {
    return this.requireString('task.isolation') as 'process' | 'none';
  }

  /** exactly.once.source.support=enabled (distributed mode only). */
  exactlyOnceSourceEnabled(): boolean {
    return this.mode === 'distributed' && this.requireString('exactly.once.source.support') === 'enabled';
  }

  /** Which client settings connectors may override (connector.client.config.override.policy). */
  clientConfigOverridePolicy(): ClientOverridePolicy {
    return this.requireString('connector.client.config.override.policy') as ClientOverridePolicy;
  }

  /** The file a standalone worker keeps source offsets in (offset.storage.file.filename). */
  offsetStorageFileName(): string {
    return this.requireString('offset.storage.file.filename');
  }

  /** The algorithm that generates session keys for signing internal requests (distributed mode). */
  interWorkerKeyGenerationAlgorithm(): string {
    return this.requireString('inter.worker.key.generation.algorithm');
  }

  /** The algorithm this worker signs internal requests with (distributed mode). */
  interWorkerSignatureAlgorithm(): string {
    return this.requireString('inter.worker.signature.algorithm');
  }

  /** The algorithms this worker accepts on signed internal requests (distributed mode). */
  interWorkerVerificationAlgorithms(): string[] {
    return this.requireList('inter.worker.verification.algorithms');
  }

  /** The string form of every worker property as given, as the Kafka clients and the task hosts take them. */
  stringProperties(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.originals())) if (v !== undefined && v !== null) out[k] = String(v);
    return out;
  }

  /** `producer.*` settings: the worker's defaults for the producers of source tasks. */
  producerConfigs(): Record<string, unknown> {
    return this.originalsWithPrefix('producer.');
  }

  /** `consumer.*` settings: the worker's defaults for the consumers of sink tasks. */
  consumerConfigs(): Record<string, unknown> {
    return this.originalsWithPrefix('consumer.');
  }

  /** `admin.*` settings: the worker's defaults for connector admin clients. */
  adminConfigs(): Record<string, unknown> {
    return this.originalsWithPrefix('admin.');
  }

  /**
   * A converter's settings (`key.converter.`, `value.converter.`, `header.converter.`), prefix
   * removed, without the `plugin.version` key that picks the converter itself.
   */
  converterConfigs(converterKey: 'key.converter' | 'value.converter' | 'header.converter'): Record<string, unknown> {
    const configs = this.originalsWithPrefix(`${converterKey}.`);
    delete configs['plugin.version'];
    return configs;
  }

  /**
   * Extra topic-level settings for an internal topic (`config.storage.` ...), as Kafka's
   * topicSettings: the keys the worker sets itself (topic, replication.factor, partitions,
   * cleanup.policy) are left out.
   */
  topicSettings(prefix: 'config.storage.' | 'offset.storage.' | 'status.storage.'): Record<string, unknown> {
    const settings = this.originalsWithPrefix(prefix);
    for (const key of TOPIC_SETTING_KEYS) delete settings[key];
    // The standalone offsets file is not a topic setting.
    if (prefix === 'offset.storage.') delete settings['file.filename'];
    return settings;
  }

  /** The REST listeners, parsed. */
  listeners(): RestListener[] {
    return parseRestListeners(this.requireList('listeners'), 'listeners');
  }

  /** The admin listeners: null means "the same as listeners", an empty list disables them. */
  adminListeners(): RestListener[] | null {
    const adminListeners = this.getList('admin.listeners');
    return adminListeners === null ? null : parseRestListeners(adminListeners, 'admin.listeners');
  }

  /** The URL other workers reach this one at (spec 1.1); `boundPort` for a listener on port 0. */
  advertisedUrl(boundPort?: number): string {
    const settings = {
      listeners: this.listeners(),
      advertisedListener: this.getString('rest.advertised.listener'),
      advertisedHostName: this.getString('rest.advertised.host.name'),
      advertisedPort: this.get('rest.advertised.port') as number | null,
    };
    return advertisedUrl(boundPort === undefined ? settings : { ...settings, boundPort });
  }

  /** This worker's id in the group: `host:port` of the advertised URL. */
  workerId(boundPort?: number): string {
    return workerIdFromUrl(this.advertisedUrl(boundPort));
  }
}
