/**
 * `org.apache.kafka.connect.converters.BooleanConverter`: one byte, 0x01 for true and 0x00 for
 * false (Kafka's BooleanSerializer); any other byte or length fails to read.
 */
import { DataException, Schemas, javaClassName, type SchemaAndValue, type ConnectHeaders, type Schema } from '@tsconnect/api';
import { FixedWidthConverter, type FixedWidthCodec } from './number-converter.js';

const BOOLEAN: FixedWidthCodec = {
  typeName: 'boolean', schema: Schemas.OPTIONAL_BOOLEAN, size: 1, deserializerName: 'BooleanDeserializer',
  accepts: (v) => typeof v === 'boolean',
  write: (view, v) => view.setUint8(0, v ? 1 : 0),
  read: (view) => view.getUint8(0) === 1,
};

export class BooleanConverter extends FixedWidthConverter {
  protected readonly codec = BOOLEAN;

  override toConnectData(topic: string, headers: ConnectHeaders | null, value: Uint8Array | null): SchemaAndValue {
    if (value != null && value.length === 1 && value[0] !== 0 && value[0] !== 1) {
      throw new DataException('Failed to deserialize boolean: ', {
        cause: new Error(`Unexpected byte received by BooleanDeserializer: ${(value[0]! << 24) >> 24}`),
      });
    }
    return super.toConnectData(topic, headers, value);
  }

  protected override checkSchema(schema: Schema | null): void {
    if (schema !== null && schema.type !== 'BOOLEAN') {
      throw new DataException(`Invalid schema type for BooleanConverter: ${schema.type}`);
    }
  }

  protected override incompatible(value: unknown): DataException {
    return new DataException(`BooleanConverter is not compatible with objects of type ${javaClassName(value)}`);
  }
}
