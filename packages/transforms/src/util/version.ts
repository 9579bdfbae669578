/**
 * The version the built-in transforms and predicates report (`Versioned.version()`): they stand in
 * for Kafka's own classes, which report the Kafka release, and Kafka 4.1 is our baseline.
 */
export const TRANSFORMS_VERSION = '4.1.0';
