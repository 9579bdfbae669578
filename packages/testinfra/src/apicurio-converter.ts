import { dirname } from 'node:path';
import { fetchMavenLibs } from './maven.js';
import { APICURIO_CONVERTER_VERSION } from './versions.js';

/** What the Java worker provides itself, so the plugin folder does not carry a second copy. */
const PROVIDED_BY_WORKER = ['org.apache.kafka', 'org.slf4j', 'org.lz4', 'org.xerial.snappy', 'com.github.luben'];

/**
 * A `plugin.path` entry holding Apicurio's Kafka Connect converters
 * (`io.apicurio.registry.utils.converter.AvroConverter`), fetched from Maven Central once.
 */
export async function fetchApicurioConverterPluginPath(): Promise<string> {
  const g = 'io.apicurio';
  const libDir = await fetchMavenLibs(`apicurio-converter-${APICURIO_CONVERTER_VERSION}`, [
    { groupId: g, artifactId: 'apicurio-registry-utils-converter', version: APICURIO_CONVERTER_VERSION },
    { groupId: g, artifactId: 'apicurio-registry-serdes-avro-serde', version: APICURIO_CONVERTER_VERSION },
  ], PROVIDED_BY_WORKER);
  // The folder above lib/ is the plugin.path entry: its lib/ is the plugin.
  return dirname(libDir);
}

/**
 * Converter settings (without the `key.converter.`/`value.converter.` prefix) for Apicurio's
 * AvroConverter reading what Confluent's serializer writes: magic byte and a 4-byte schema id,
 * the id being the content id that Apicurio's Confluent-compatible API hands out.
 */
export function apicurioConfluentAvroSettings(registryV2Url: string): Record<string, string> {
  return {
    'apicurio.registry.url': registryV2Url,
    'apicurio.registry.as-confluent': 'true',
    'apicurio.registry.use-id': 'contentId',
    'apicurio.registry.headers.enabled': 'false',
  };
}
