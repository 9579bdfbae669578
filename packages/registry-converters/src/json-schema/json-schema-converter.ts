/**
 * `io.confluent.connect.json.JsonSchemaConverter`: Connect data as UTF-8 JSON after Confluent's
 * 5-byte prefix, with the JSON Schema (`schemaType` JSON) in a Schema Registry. Payloads are
 * checked against their schema with ajv when `json.fail.invalid.schema` is true.
 */
import {
  DataException, LruCache, SchemaAndValue, type ConfigDef, type ConnectHeaders, type Converter, type Schema,
} from '@tsconnect/api';
import { cachedPromise } from '../registry/cached-promise.js';
import { schemaText } from '../registry/registered-schema.js';
import { SchemaRegistryClient } from '../registry/schema-registry-client.js';
import { conversionFailure } from '../serde/registry-failure.js';
import type { SubjectNameStrategy } from '../serde/subject-name-strategy.js';
import { frame, unframe } from '../serde/wire-format.js';
import { registeredVersion, writerSchemaText } from '../serde/writer-schema.js';
import { JsonSchemaConverterConfig } from './json-schema-converter-config.js';
import { JsonSchemaData, type JsonSchemaNode } from './json-schema-data.js';
import { JsonSchemaValidator } from './json-schema-validator.js';
import { parseJsonText, writeJsonText } from './json-text.js';

interface ReaderEntry {
  readonly text: string;
  readonly connect: Schema;
}

function title(schema: JsonSchemaNode): string | null {
  return typeof schema['title'] === 'string' ? schema['title'] : null;
}

export class JsonSchemaConverter implements Converter {
  #config: JsonSchemaConverterConfig | null = null;
  #client: SchemaRegistryClient | null = null;
  #data = new JsonSchemaData();
  #isKey = false;
  #strategy: SubjectNameStrategy | null = null;
  readonly #validator = new JsonSchemaValidator();
  #readers = new LruCache<string, Promise<ReaderEntry>>(1000);
  #schemaTexts = LruCache.bySchema<{ node: JsonSchemaNode; text: string }>(1000);

  config(): ConfigDef {
    return JsonSchemaConverterConfig.CONFIG_DEF;
  }

  configure(configs: Record<string, unknown>, isKey: boolean): void {
    const config = new JsonSchemaConverterConfig(configs);
    this.#config = config;
    this.#isKey = isKey;
    this.#client = new SchemaRegistryClient(config.clientOptions());
    this.#data = new JsonSchemaData({
      decimalFormat: config.decimalFormat, cacheSize: config.schemasCacheSize,
      allowAdditionalProperties: config.allowAdditionalProperties, useOptionalForNonRequired: config.useOptionalForNonRequired,
    });
    this.#strategy = config.subjectNameStrategy(isKey);
    this.#readers = new LruCache(config.schemasCacheSize);
    this.#schemaTexts = LruCache.bySchema(config.schemasCacheSize);
  }

  get registryClient(): SchemaRegistryClient {
    return this.#configured()[1];
  }

  get jsonSchemaData(): JsonSchemaData {
    return this.#data;
  }

  async fromConnectData(topic: string, _headers: ConnectHeaders | null, schema: Schema | null, value: unknown): Promise<Uint8Array | null> {
    const [config, client] = this.#configured();
    if (value === null || value === undefined) return null;
    try {
      if (schema === null) throw new DataException('JsonSchemaConverter needs a schema: schemaless values have no JSON schema');
      let written = this.#schemaTexts.get(schema);
      if (written === undefined) {
        const node = this.#data.fromConnectSchema(schema);
        written = { node, text: writeJsonText(node) };
        this.#schemaTexts.set(schema, written);
      }
      const { node: jsonSchema, text } = written;
      const payload = writeJsonText(this.#data.fromConnectValue(schema, value));
      const subject = this.#strategy!(topic, this.#isKey, title(jsonSchema));
      const registered = schemaText(text, 'JSON');
      let id: number;
      let writerText = text;
      if (config.autoRegisterSchemas) {
        id = await client.register(subject, registered, config.normalizeSchemas);
      } else if (config.useSchemaId >= 0) {
        id = config.useSchemaId;
        writerText = (await client.getSchemaById(id)).schema;
      } else if (config.useLatestVersion) {
        const latest = await client.getLatest(subject);
        id = latest.id;
        writerText = latest.schema;
      } else {
        id = (await client.lookup(subject, registered, config.normalizeSchemas)).id;
      }
      if (config.failInvalidSchema) this.#validator.validate(writerText, JSON.parse(payload), `payload for topic ${topic}`);
      return frame(id, Buffer.from(payload, 'utf8'));
    } catch (cause) {
      throw conversionFailure(`Converting Kafka Connect data to byte[] failed due to serialization error of topic ${topic}: `, cause);
    }
  }

  async toConnectData(topic: string, _headers: ConnectHeaders | null, value: Uint8Array | null): Promise<SchemaAndValue> {
    const [config] = this.#configured();
    if (value === null || value === undefined) return SchemaAndValue.NULL;
    try {
      const { schemaId, payload } = unframe(value);
      const reader = await this.#reader(topic, schemaId);
      const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
      if (config.failInvalidSchema) this.#validator.validate(reader.text, JSON.parse(text), `payload for topic ${topic}`);
      return new SchemaAndValue(reader.connect, this.#data.toConnectValue(reader.connect, parseJsonText(text)));
    } catch (cause) {
      throw conversionFailure(`Converting byte[] to Kafka Connect data failed due to serialization error of topic ${topic}: `, cause);
    }
  }

  #configured(): [JsonSchemaConverterConfig, SchemaRegistryClient] {
    if (this.#config === null || this.#client === null) throw new DataException('JsonSchemaConverter used before configure()');
    return [this.#config, this.#client];
  }

  #reader(topic: string, id: number): Promise<ReaderEntry> {
    const client = this.#client!;
    return cachedPromise(this.#readers, `${topic}\u0000${id}`, async () => {
      const text = await writerSchemaText(client, id, 'JSON', 'JSON', 'JSON');
      const node = JSON.parse(text) as JsonSchemaNode;
      const version = await this.#version(topic, node, text);
      return { text, connect: this.#data.toConnectSchema(node, version) };
    });
  }

  #version(topic: string, node: JsonSchemaNode, text: string): Promise<number | null> {
    return registeredVersion(this.#client!, () => this.#strategy!(topic, this.#isKey, title(node)), text, 'JSON');
  }


  close(): void {
    this.#client?.clearCaches();
  }
}
