/**
 * `io.confluent.connect.avro.AvroConverter`: Connect data as Avro binary in Confluent's wire
 * format, with schemas in a Schema Registry. The serializer path follows Confluent's order of
 * precedence: auto.register.schemas, use.schema.id, use.latest.version, else lookup.
 */
import {
  DataException, LruCache, SchemaAndValue, type ConfigDef, type ConnectHeaders, type Converter, type Schema,
} from '@tsconnect/api';
import { cachedPromise } from '../registry/cached-promise.js';
import { schemaText } from '../registry/registered-schema.js';
import { SchemaRegistryClient } from '../registry/schema-registry-client.js';
import { conversionFailure } from '../serde/registry-failure.js';
import type { SubjectNameStrategy } from '../serde/subject-name-strategy.js';
import { frame, MAGIC_BYTE, PREFIX_LENGTH, unframe } from '../serde/wire-format.js';
import { registeredVersion, writerSchemaText } from '../serde/writer-schema.js';
import { AvroConverterConfig } from './avro-converter-config.js';
import { AvroData } from './avro-data.js';
import { directReader, NOT_DECODED, type DirectReader } from './avro-direct-reader.js';
import { fullName, isNamed, parseAvroSchema, writeAvroSchema, type AvroSchema } from './avro-schema.js';
import { avscTypeFromText, type AvscType } from './avsc-types.js';

/** The Avro form of a Connect schema we write with: tree, registered text and avsc type. */
interface WriterEntry {
  readonly avro: AvroSchema;
  readonly text: string;
  readonly type: AvscType;
}

/** A writer schema read from the registry, ready to decode with. */
interface ReaderEntry {
  readonly avro: AvroSchema;
  readonly type: AvscType;
  readonly connect: Schema;
  /** Decodes straight to Connect values; null for schemas only the avsc path reads. */
  readonly direct: DirectReader | null;
}

function recordName(schema: AvroSchema): string | null {
  return isNamed(schema) ? fullName(schema) : null;
}

export class AvroConverter implements Converter {
  #config: AvroConverterConfig | null = null;
  #client: SchemaRegistryClient | null = null;
  #data = new AvroData();
  #isKey = false;
  #strategy: SubjectNameStrategy | null = null;
  readonly #types = new LruCache<string, AvscType>(1000);
  #readers = new LruCache<string, Promise<ReaderEntry>>(1000);
  /** Readers whose registry lookups are done, so a record needs no promise. */
  #resolved = new LruCache<string, ReaderEntry>(1000);
  // The last reader used: records of a topic nearly always repeat the schema id.
  #lastTopic: string | null = null;
  #lastId = 0;
  #lastReader: ReaderEntry | null = null;
  #writers = LruCache.bySchema<WriterEntry>(1000);

  config(): ConfigDef {
    return AvroConverterConfig.CONFIG_DEF;
  }

  configure(configs: Record<string, unknown>, isKey: boolean): void {
    const config = new AvroConverterConfig(configs);
    this.#config = config;
    this.#isKey = isKey;
    this.#client = new SchemaRegistryClient(config.clientOptions());
    this.#data = new AvroData(config.avroDataOptions);
    this.#strategy = config.subjectNameStrategy(isKey);
    this.#readers = new LruCache(config.schemasCacheSize);
    this.#resolved = new LruCache(config.schemasCacheSize);
    this.#lastTopic = null;
    this.#lastReader = null;
    this.#writers = LruCache.bySchema(config.schemasCacheSize);
  }

  /** The registry client in use (after configure). */
  get registryClient(): SchemaRegistryClient {
    return this.#configured()[1];
  }

  /** The Connect <-> Avro mapping in use. */
  get avroData(): AvroData {
    return this.#data;
  }

  async fromConnectData(topic: string, _headers: ConnectHeaders | null, schema: Schema | null, value: unknown): Promise<Uint8Array | null> {
    const [config, client] = this.#configured();
    if (value === null || value === undefined) return null;
    try {
      if (schema === null) throw new DataException('AvroConverter needs a schema: schemaless values cannot be written as Avro');
      const { avro: avroSchema, text, type: ownType } = this.#writer(schema);
      const avroValue = this.#data.fromConnectValue(schema, avroSchema, value);
      const subject = this.#strategy!(topic, this.#isKey, recordName(avroSchema));
      const registered = schemaText(text);

      if (config.autoRegisterSchemas) {
        const id = await client.register(subject, registered, config.normalizeSchemas);
        return frame(id, ownType.toBuffer(avroValue));
      }
      if (config.useSchemaId >= 0) {
        const id = config.useSchemaId;
        const target = await client.getSchemaById(id);
        return frame(id, this.#writeAs(ownType, avroValue, this.#type(target.schema), config.idCompatibilityStrict, `id ${id}`));
      }
      if (config.useLatestVersion) {
        const latest = await client.getLatest(subject);
        const latestType = this.#type(latest.schema);
        return frame(latest.id, this.#writeAs(ownType, avroValue, latestType, config.latestCompatibilityStrict,
          `the latest version of subject ${subject}`));
      }
      const found = await client.lookup(subject, registered, config.normalizeSchemas);
      return frame(found.id, ownType.toBuffer(avroValue));
    } catch (cause) {
      throw conversionFailure(`Failed to serialize Avro data from topic ${topic} : `, cause);
    }
  }

  /**
   * Synchronous once the writer schema of the id is known; the first record of an id, and every
   * failure (so errors stay those of the full path), go through the promise.
   */
  toConnectData(topic: string, headers: ConnectHeaders | null, value: Uint8Array | null): SchemaAndValue | Promise<SchemaAndValue> {
    this.#configured();
    if (value === null || value === undefined) return SchemaAndValue.NULL;
    if (value.length < PREFIX_LENGTH || value[0] !== MAGIC_BYTE) return this.#toConnectDataAsync(topic, headers, value);
    const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    const reader = this.#resolvedReader(topic, bytes.readInt32BE(1));
    if (reader === null) return this.#toConnectDataAsync(topic, headers, value);
    if (reader.direct !== null) {
      const decoded = reader.direct(bytes, PREFIX_LENGTH);
      if (decoded !== NOT_DECODED) return new SchemaAndValue(reader.connect, decoded);
    }
    try {
      const decoded = reader.type.fromBuffer(bytes.subarray(PREFIX_LENGTH));
      return new SchemaAndValue(reader.connect, this.#data.toConnectValue(reader.connect, reader.avro, decoded));
    } catch {
      return this.#toConnectDataAsync(topic, headers, value);
    }
  }

  #resolvedReader(topic: string, id: number): ReaderEntry | null {
    if (this.#lastReader !== null && id === this.#lastId && topic === this.#lastTopic) return this.#lastReader;
    const reader = this.#resolved.get(`${topic}\u0000${id}`);
    if (reader === undefined) return null;
    this.#lastTopic = topic;
    this.#lastId = id;
    this.#lastReader = reader;
    return reader;
  }

  async #toConnectDataAsync(topic: string, _headers: ConnectHeaders | null, value: Uint8Array): Promise<SchemaAndValue> {
    try {
      const { schemaId, payload } = unframe(value);
      const reader = await this.#reader(topic, schemaId);
      let decoded: unknown;
      try {
        decoded = reader.type.fromBuffer(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength));
      } catch (cause) {
        throw new DataException(`Error deserializing Avro message for id ${schemaId}: ${(cause as Error).message}`, { cause });
      }
      return new SchemaAndValue(reader.connect, this.#data.toConnectValue(reader.connect, reader.avro, decoded));
    } catch (cause) {
      throw conversionFailure(`Failed to deserialize data for topic ${topic} to Avro: `, cause);
    }
  }

  #configured(): [AvroConverterConfig, SchemaRegistryClient] {
    if (this.#config === null || this.#client === null) throw new DataException('AvroConverter used before configure()');
    return [this.#config, this.#client];
  }

  #writer(schema: Schema): WriterEntry {
    let entry = this.#writers.get(schema);
    if (entry === undefined) {
      const avro = this.#data.fromConnectSchema(schema);
      const text = writeAvroSchema(avro);
      entry = { avro, text, type: this.#type(text) };
      this.#writers.set(schema, entry);
    }
    return entry;
  }

  #type(text: string): AvscType {
    let type = this.#types.get(text);
    if (type === undefined) {
      type = avscTypeFromText(text);
      this.#types.set(text, type);
    }
    return type;
  }

  /**
   * Writes a value made for our schema in another registered schema. With `strict`, that schema must
   * be able to read ours (Confluent's backward-compatibility check); the value is carried over by
   * Avro schema resolution.
   */
  #writeAs(ownType: AvscType, avroValue: unknown, target: AvscType, strict: boolean, what: string): Uint8Array {
    let resolver;
    try {
      resolver = target.createResolver(ownType);
    } catch (cause) {
      const reason = `Schema from ${what} is not backward compatible with the record's schema: ${(cause as Error).message}`;
      if (strict) throw new DataException(reason, { cause });
      // Not strict: write the value as is, which works when the field names agree.
      return target.toBuffer(avroValue);
    }
    return target.toBuffer(target.fromBuffer(ownType.toBuffer(avroValue), resolver));
  }

  #reader(topic: string, id: number): Promise<ReaderEntry> {
    const client = this.#client!;
    const key = `${topic}\u0000${id}`;
    return cachedPromise(this.#readers, key, async () => {
      const side = this.#isKey ? 'key' : 'value';
      const text = await writerSchemaText(client, id, 'AVRO', `Avro ${side}`, 'Avro');
      const avro = parseAvroSchema(text);
      const version = await this.#version(topic, avro, text);
      const connect = this.#data.toConnectSchema(avro, version);
      const entry = { avro, type: this.#type(text), connect, direct: directReader(connect, avro) };
      this.#resolved.set(key, entry);
      return entry;
    });
  }

  /** The writer schema's version under its subject, as Confluent's converter sets it; null when not registered there. */
  #version(topic: string, avro: AvroSchema, text: string): Promise<number | null> {
    return registeredVersion(this.#client!, () => this.#strategy!(topic, this.#isKey, recordName(avro)), text, 'AVRO');
  }


  close(): void {
    this.#client?.clearCaches();
  }
}
