/**
 * The version our built-in plugins report. Kafka's built-ins (FileStream connectors, JsonConverter,
 * the SMTs...) report the Kafka version they ship with; ours stand in for those of the Kafka
 * release we are compatible with, so tools comparing a worker's plugin list see the same value.
 */
export const BUILTIN_PLUGIN_VERSION = '4.1.1';
