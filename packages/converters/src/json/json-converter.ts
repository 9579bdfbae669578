/**
 * `org.apache.kafka.connect.json.JsonConverter`: Connect data as JSON, by default inside a
 * `{"schema":...,"payload":...}` envelope (`schemas.enable`). Bytes are exactly what Kafka's
 * Jackson-based converter writes. Also a HeaderConverter, running the same value path.
 */
import {
  DataException, SchemaAndValue, type ConfigDef, type ConnectHeaders, type Converter, type HeaderConverter,
  type Schema,
} from '@tsconnect/api';
import { withConverterType } from '../converter-config.js';
import { JsonConverterConfig } from './json-converter-config.js';
import { JsonData } from './json-data.js';
import { isJsonObject, type JsonNode, type JsonObject } from './json-node.js';
import { parseJson } from './json-parser.js';
import { jsonTextBytes, writeJson, writeJsonText } from './json-writer.js';
import { RepeatedEnvelopeReader } from './repeated-envelope.js';

const ENVELOPE_ERROR = 'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain' +
  ' additional fields. If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter' +
  ' configuration.';

function isEnvelope(node: JsonNode | undefined): node is JsonObject {
  return isJsonObject(node) && node.size === 2 && node.has('schema') && node.has('payload');
}

export class JsonConverter implements Converter, HeaderConverter {
  #data: JsonData = new JsonData(new JsonConverterConfig({ 'converter.type': 'value' }));
  #envelopes = new RepeatedEnvelopeReader(this.#data);
  /** The envelope's schema text, by the cached JSON schema it was written from: records repeat their schema. */
  readonly #schemaTexts = new WeakMap<JsonObject, string>();

  config(): ConfigDef {
    return JsonConverterConfig.CONFIG_DEF;
  }

  /**
   * With `isKey`, sets `converter.type` to key/value as Kafka's `configure(Map, boolean)`. Without
   * it (header converter use), `converter.type` must be in the settings, as the runtime passes
   * `converter.type=header`.
   */
  configure(configs: Record<string, unknown>, isKey?: boolean): void {
    this.#data = new JsonData(new JsonConverterConfig(withConverterType(configs, isKey)));
    this.#envelopes = new RepeatedEnvelopeReader(this.#data);
  }

  /** The parsed settings in use. */
  get converterConfig(): JsonConverterConfig {
    return this.#data.config;
  }

  /** The schema and value translations, for callers that want the JSON trees (as Kafka's public asJsonSchema). */
  get jsonData(): JsonData {
    return this.#data;
  }

  fromConnectData(_topic: string, _headers: ConnectHeaders | null, schema: Schema | null, value: unknown): Uint8Array | null {
    if (schema === null && (value === null || value === undefined)) return null;
    const payload = this.#data.convertToJson(schema, value);
    if (!this.#data.config.schemasEnabled) return writeJson(payload);
    return jsonTextBytes(`{"schema":${this.#schemaText(schema)},"payload":${writeJsonText(payload)}}`);
  }

  #schemaText(schema: Schema | null): string {
    const json = this.#data.asJsonSchema(schema);
    if (json === null) return 'null';
    let text = this.#schemaTexts.get(json);
    if (text === undefined) this.#schemaTexts.set(json, (text = writeJsonText(json)));
    return text;
  }

  toConnectData(_topic: string, _headers: ConnectHeaders | null, value: Uint8Array | null): SchemaAndValue {
    if (value === null || value === undefined) return SchemaAndValue.NULL;
    if (this.#data.config.schemasEnabled) {
      const repeated = this.#envelopes.read(value);
      if (repeated !== undefined) return repeated;
    }
    let node: JsonNode | undefined;
    try {
      node = parseJson(value);
    } catch (cause) {
      throw new DataException('Converting byte[] to Kafka Connect data failed due to serialization error: ', { cause });
    }
    if (!this.#data.config.schemasEnabled) return new SchemaAndValue(null, this.#data.convertToConnect(null, node));
    if (!isEnvelope(node)) throw new DataException(ENVELOPE_ERROR);
    const schema = this.#data.asConnectSchema(node.get('schema'));
    return new SchemaAndValue(schema, this.#data.convertToConnect(schema, node.get('payload')));
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }

  close(): void {}
}
