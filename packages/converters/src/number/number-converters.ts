/** The five converters of `org.apache.kafka.connect.converters` for numbers, one fixed-width codec each. */
import { Schemas } from '@tsconnect/api';
import { FixedWidthConverter, type FixedWidthCodec } from './number-converter.js';

function isIntegerIn(value: unknown, bits: number): value is number {
  const limit = 2 ** (bits - 1);
  return typeof value === 'number' && Number.isInteger(value) && value >= -limit && value < limit;
}

const SHORT: FixedWidthCodec = {
  typeName: 'short', schema: Schemas.OPTIONAL_INT16, size: 2, deserializerName: 'ShortDeserializer',
  accepts: (v) => isIntegerIn(v, 16),
  write: (view, v) => view.setInt16(0, v as number),
  read: (view) => view.getInt16(0),
};

const INTEGER: FixedWidthCodec = {
  typeName: 'integer', schema: Schemas.OPTIONAL_INT32, size: 4, deserializerName: 'IntegerDeserializer',
  accepts: (v) => isIntegerIn(v, 32),
  write: (view, v) => view.setInt32(0, v as number),
  read: (view) => view.getInt32(0),
};

const LONG: FixedWidthCodec = {
  typeName: 'long', schema: Schemas.OPTIONAL_INT64, size: 8, deserializerName: 'LongDeserializer',
  accepts: (v) => typeof v === 'bigint' && BigInt.asIntN(64, v) === v,
  write: (view, v) => view.setBigInt64(0, v as bigint),
  read: (view) => view.getBigInt64(0),
};

const FLOAT: FixedWidthCodec = {
  typeName: 'float', schema: Schemas.OPTIONAL_FLOAT32, size: 4, deserializerName: 'Deserializer',
  accepts: (v) => typeof v === 'number',
  write: (view, v) => view.setFloat32(0, v as number),
  read: (view) => view.getFloat32(0),
};

const DOUBLE: FixedWidthCodec = {
  typeName: 'double', schema: Schemas.OPTIONAL_FLOAT64, size: 8, deserializerName: 'Deserializer',
  accepts: (v) => typeof v === 'number',
  write: (view, v) => view.setFloat64(0, v as number),
  read: (view) => view.getFloat64(0),
};

/** `org.apache.kafka.connect.converters.ShortConverter`: INT16 as 2 big-endian bytes. */
export class ShortConverter extends FixedWidthConverter {
  protected readonly codec = SHORT;
}

/** `org.apache.kafka.connect.converters.IntegerConverter`: INT32 as 4 big-endian bytes. */
export class IntegerConverter extends FixedWidthConverter {
  protected readonly codec = INTEGER;
}

/** `org.apache.kafka.connect.converters.LongConverter`: INT64 (`bigint`) as 8 big-endian bytes. */
export class LongConverter extends FixedWidthConverter {
  protected readonly codec = LONG;
}

/** `org.apache.kafka.connect.converters.FloatConverter`: FLOAT32 as 4 big-endian IEEE 754 bytes. */
export class FloatConverter extends FixedWidthConverter {
  protected readonly codec = FLOAT;
}

/** `org.apache.kafka.connect.converters.DoubleConverter`: FLOAT64 as 8 big-endian IEEE 754 bytes. */
export class DoubleConverter extends FixedWidthConverter {
  protected readonly codec = DOUBLE;
}
