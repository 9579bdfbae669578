/**
 * `org.apache.kafka.connect.storage.StringConverter`: writes `String.valueOf(value)` (so a Struct
 * becomes `Struct{...}`), reads every value as an optional string. `converter.encoding` (default
 * UTF-8) picks the charset; Kafka's StringSerializer/Deserializer keys `[key.|value.]serializer.encoding`
 * and `[key.|value.]deserializer.encoding`, when given, take precedence as they do in Java.
 * Also a HeaderConverter.
 */
import {
  ConfigException, SchemaAndValue, Schemas, javaToString, type ConfigDef, type ConfigProps,
  type ConnectHeaders, type Converter, type HeaderConverter, type Schema,
} from '@tsconnect/api';
import { ConverterConfig, newConverterConfigDef, withConverterType } from '../converter-config.js';
import { charsetForName, type Charset } from './charset.js';

export const ENCODING_CONFIG = 'converter.encoding';

const CONFIG_DEF: ConfigDef = newConverterConfigDef().define({
  name: ENCODING_CONFIG, type: 'STRING', defaultValue: 'UTF-8', importance: 'HIGH',
  documentation: 'The name of the Java character set to use for encoding strings as byte arrays.',
  width: 'MEDIUM', displayName: 'Encoding',
});

function resolveCharset(configs: ConfigProps, isKey: boolean, role: 'serializer' | 'deserializer', fallback: string): Charset {
  const value = configs[`${isKey ? 'key' : 'value'}.${role}.encoding`] ?? fallback;
  const name = typeof value === 'string' ? value : fallback;
  const charset = charsetForName(name);
  if (charset === null) throw new ConfigException(`Unsupported encoding ${name}`);
  return charset;
}

export class StringConverter implements Converter, HeaderConverter {
  #encoder: Charset = charsetForName('UTF-8')!;
  #decoder: Charset = this.#encoder;

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  /** As JsonConverter: `isKey` sets `converter.type`; without it the settings must carry `converter.type`. */
  configure(configs: Record<string, unknown>, isKey?: boolean): void {
    const props = withConverterType(configs, isKey);
    const config = new ConverterConfig(CONFIG_DEF, props);
    const encoding = config.requireString(ENCODING_CONFIG);
    const key = config.converterType === 'key';
    this.#encoder = resolveCharset(props, key, 'serializer', encoding);
    this.#decoder = resolveCharset(props, key, 'deserializer', encoding);
  }

  fromConnectData(_topic: string, _headers: ConnectHeaders | null, schema: Schema | null, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null;
    return this.#encoder.encode(javaToString(value, schema));
  }

  toConnectData(_topic: string, _headers: ConnectHeaders | null, value: Uint8Array | null): SchemaAndValue {
    return new SchemaAndValue(Schemas.OPTIONAL_STRING, value == null ? null : this.#decoder.decode(value));
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }

  close(): void {}
}

