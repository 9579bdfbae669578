/**
 * The one place where the versions of the real services used by tests and `npm start` are pinned.
 * Kafka 4.1 is the compatibility baseline of the whole project.
 */
export const KAFKA_VERSION = '4.1.1';
export const SCALA_BINARY_VERSION = '2.13';
/** Kafka 4.x publishes no logging backend in its POMs; 4.1's distribution ships log4j2 2.24.3. */
export const LOG4J2_VERSION = '2.24.3';
export const APICURIO_VERSION = '3.3.3';
/** mvn 3.8 binds an old dependency plugin by default; this one knows copy-dependencies and unpack. */
export const MAVEN_DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
/** Kafka published no connect-test-plugins for 4.1.x; 4.0.2's Verifiable/Schema/Mock connectors run on 4.1. */
export const CONNECT_TEST_PLUGINS_VERSION = '4.0.2';
/** Apicurio 3.3 is built for Java 21; we look for such a JDK beside the default Java 17. */
export const APICURIO_MIN_JAVA = 21;
