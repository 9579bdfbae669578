/**
 * The one place where the versions of the real services used by tests and `npm start` are pinned.
 * Kafka 4.1 is the compatibility baseline; 4.4 is the newest release, and the compatibility suites
 * run against both.
 */
export const KAFKA_VERSIONS = ['4.1.1', '4.4.0'] as const;
export type KafkaVersion = (typeof KAFKA_VERSIONS)[number];
/** The broker and Java worker of tests that do not choose (the baseline). */
export const KAFKA_VERSION: KafkaVersion = '4.1.1';
/** The newest pinned Kafka: the broker `npm start` runs. */
export const KAFKA_LATEST_VERSION: KafkaVersion = '4.4.0';
export const SCALA_BINARY_VERSION = '2.13';
/** Kafka 4.x publishes no logging backend in its POMs; 4.1's distribution ships log4j2 2.24.3. */
export const LOG4J2_VERSION = '2.24.3';
export const APICURIO_VERSION = '3.3.3';
/**
 * Apicurio's Kafka Connect Avro converter for the Java worker: the 2.x line, whose serde reads
 * Confluent's 4-byte schema ids (`apicurio.registry.as-confluent`) through the v2 REST API that
 * the 3.x registry still serves.
 */
export const APICURIO_CONVERTER_VERSION = '2.6.13.Final';
/** mvn 3.8 binds an old dependency plugin by default; this one knows copy-dependencies and unpack. */
export const MAVEN_DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
/**
 * Where the Java worker's file and test connectors come from, by Kafka version. Kafka published no
 * connect-test-plugins for 4.1.x (4.0.2's run on 4.1). For 4.4.0 neither connect-file nor
 * connect-test-plugins is published, and 4.3.1's jars fail on 4.4 (AppInfoParser moved to
 * org.apache.kafka.common.utils.internals), so they are compiled from 4.3.1's sources jars
 * against the 4.4.0 jars (see java-connect-plugins.ts).
 */
export const JAVA_CONNECT_PLUGINS: Record<KafkaVersion, { file: string; testPlugins: string; compileFromSources: boolean }> = {
  '4.1.1': { file: '4.1.1', testPlugins: '4.0.2', compileFromSources: false },
  '4.4.0': { file: '4.3.1', testPlugins: '4.3.1', compileFromSources: true },
};

/** The Kafka version a test run asks for (TSCONNECT_KAFKA_VERSION), or the baseline. */
export function kafkaVersionFromEnv(): KafkaVersion {
  const asked = process.env.TSCONNECT_KAFKA_VERSION;
  if (asked === undefined || asked === '') return KAFKA_VERSION;
  const known = KAFKA_VERSIONS.find((v) => v === asked);
  if (!known) throw new Error(`TSCONNECT_KAFKA_VERSION=${asked} is not a pinned Kafka version (${KAFKA_VERSIONS.join(', ')})`);
  return known;
}
/** Apicurio 3.3 is built for Java 21; we look for such a JDK beside the default Java 17. */
export const APICURIO_MIN_JAVA = 21;
