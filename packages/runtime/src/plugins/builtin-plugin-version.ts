import { DEFAULT_COMPATIBLE_KAFKA_VERSION } from '../config/kafka-compatibility.js';

/**
 * The version our built-in plugins report. Kafka's built-ins (FileStream connectors, JsonConverter,
 * the SMTs...) report the version of the Kafka release they ship with (AppInfoParser, one per
 * process); ours stand in for those of the release the worker claims (compatibility.kafka.version),
 * so tools comparing a worker's plugin list see the same value.
 */
let builtinVersion: string = DEFAULT_COMPATIBLE_KAFKA_VERSION;

export function builtinPluginVersion(): string {
  return builtinVersion;
}

/** Set once at start-up, from the worker config, before plugins are registered or started. */
export function claimBuiltinPluginVersion(version: string): void {
  builtinVersion = version;
}
