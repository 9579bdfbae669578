/**
 * `org.apache.kafka.connect.converters.ByteArrayConverter`: bytes pass through unchanged; reads
 * give an optional BYTES schema. Also a HeaderConverter.
 */
import {
  DataException, SchemaAndValue, Schemas, javaClassName, type ConfigDef, type ConnectHeaders, type Converter,
  type HeaderConverter, type Schema,
} from '@tsconnect/api';
import { newConverterConfigDef } from '../converter-config.js';

const CONFIG_DEF: ConfigDef = newConverterConfigDef();

export class ByteArrayConverter implements Converter, HeaderConverter {
  config(): ConfigDef {
    return CONFIG_DEF;
  }

  configure(): void {}

  fromConnectData(_topic: string, _headers: ConnectHeaders | null, schema: Schema | null, value: unknown): Uint8Array | null {
    if (schema !== null && schema.type !== 'BYTES') {
      throw new DataException(`Invalid schema type for ByteArrayConverter: ${schema.type}`);
    }
    if (value === null || value === undefined) return null;
    if (!(value instanceof Uint8Array)) {
      throw new DataException(`ByteArrayConverter is not compatible with objects of type ${javaClassName(value)}`);
    }
    return value;
  }

  toConnectData(_topic: string, _headers: ConnectHeaders | null, value: Uint8Array | null): SchemaAndValue {
    return new SchemaAndValue(Schemas.OPTIONAL_BYTES, value ?? null);
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }

  close(): void {}
}
