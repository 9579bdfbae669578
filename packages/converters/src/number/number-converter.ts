/**
 * Kafka's NumberConverter and BooleanConverter family (`org.apache.kafka.connect.converters`):
 * fixed-width big-endian bytes as Kafka's Short/Integer/Long/Float/Double/Boolean serializers
 * write them, read back with the matching optional schema. Also HeaderConverters.
 */
import {
  DataException, SchemaAndValue, javaClassName, type ConfigDef, type ConnectHeaders, type Converter,
  type HeaderConverter, type Schema,
} from '@tsconnect/api';
import { ConverterConfig, newConverterConfigDef, withConverterType } from '../converter-config.js';

const CONFIG_DEF: ConfigDef = newConverterConfigDef();

/** How one fixed-width type is written and read. */
export interface FixedWidthCodec {
  /** Kafka's name in messages: `short`, `integer`, `long`, `float`, `double`, `boolean`. */
  readonly typeName: string;
  readonly schema: Schema;
  readonly size: number;
  /** The Kafka deserializer's class, named in its size error. */
  readonly deserializerName: string;
  accepts(value: unknown): boolean;
  write(view: DataView, value: unknown): void;
  read(view: DataView): unknown;
}

export abstract class FixedWidthConverter implements Converter, HeaderConverter {
  protected abstract readonly codec: FixedWidthCodec;

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  /** Validates `converter.type` as Kafka does; `isKey` sets it. */
  configure(configs: Record<string, unknown>, isKey?: boolean): void {
    new ConverterConfig(CONFIG_DEF, withConverterType(configs, isKey));
  }

  fromConnectData(_topic: string, _headers: ConnectHeaders | null, schema: Schema | null, value: unknown): Uint8Array | null {
    this.checkSchema(schema);
    if (value === null || value === undefined) return null;
    if (!this.codec.accepts(value)) throw this.incompatible(value);
    const out = new Uint8Array(this.codec.size);
    this.codec.write(new DataView(out.buffer), value);
    return out;
  }

  toConnectData(_topic: string, _headers: ConnectHeaders | null, value: Uint8Array | null): SchemaAndValue {
    if (value === null || value === undefined) return new SchemaAndValue(this.codec.schema, null);
    if (value.length !== this.codec.size) {
      throw new DataException(`Failed to deserialize ${this.codec.typeName}: `, {
        cause: new Error(`Size of data received by ${this.codec.deserializerName} is not ${this.codec.size}`),
      });
    }
    const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
    return new SchemaAndValue(this.codec.schema, this.codec.read(view));
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }

  close(): void {}

  /** NumberConverter ignores the schema; BooleanConverter checks it. */
  protected checkSchema(_schema: Schema | null): void {}

  protected incompatible(value: unknown): DataException {
    return new DataException(`Failed to serialize to ${this.codec.typeName} (was ${javaClassName(value)}): `);
  }
}
