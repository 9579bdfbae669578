import { DataException } from '../errors.js';
import { BigDecimal } from './big-decimal.js';
import type { Schema } from './schema.js';
import { SchemaBuilder } from './schema-builder.js';

const LOGICAL_NAME = 'org.apache.kafka.connect.data.Decimal';
const SCALE_FIELD = 'scale';

function scaleOf(schema: Schema): number {
  const text = schema.parameters?.get(SCALE_FIELD);
  if (text === undefined) throw new DataException('Invalid Decimal schema: scale parameter not found.');
  if (!/^[+-]?\d+$/.test(text) || Math.abs(Number(text)) > 2 ** 31 - 1) {
    throw new DataException('Invalid scale parameter found in Decimal schema: ');
  }
  return Number(text);
}

/** Java's `BigInteger.toByteArray()`: minimal big-endian two's complement, with a sign byte when needed. */
export function bigIntToBytes(value: bigint): Uint8Array {
  const byteCount = Math.floor(bitLength(value) / 8) + 1;
  const hex = BigInt.asUintN(byteCount * 8, value).toString(16).padStart(byteCount * 2, '0');
  const out = new Uint8Array(byteCount);
  for (let i = 0; i < byteCount; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Java's `new BigInteger(byte[])`: big-endian two's complement. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) throw new DataException('Zero length BigInteger');
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return BigInt.asIntN(bytes.length * 8, BigInt(`0x${hex}`));
}

/** Java's `BigInteger.bitLength()`: bits of the minimal two's-complement form, sign bit excluded. */
function bitLength(value: bigint): number {
  const magnitude = value < 0n ? -value - 1n : value;
  return magnitude === 0n ? 0 : magnitude.toString(2).length;
}

/**
 * The Decimal logical type: BYTES holding the unscaled value of a `BigDecimal` as big-endian two's
 * complement, with the scale in the schema parameter `scale`.
 */
export const Decimal = Object.freeze({
  LOGICAL_NAME,
  SCALE_FIELD,

  builder(scale: number): SchemaBuilder {
    return SchemaBuilder.bytes().withName(LOGICAL_NAME).parameter(SCALE_FIELD, String(scale)).withVersion(1);
  },

  schema(scale: number): Schema {
    return Decimal.builder(scale).build();
  },

  /** Encodes a decimal whose scale must equal the schema's. */
  fromLogical(schema: Schema, value: BigDecimal): Uint8Array {
    const scale = scaleOf(schema);
    if (value.scale !== scale) {
      throw new DataException(
        `Decimal value has mismatching scale for given Decimal schema. Schema has scale ${scale}, value has scale ${value.scale}.`,
      );
    }
    return bigIntToBytes(value.unscaledValue);
  },

  toLogical(schema: Schema, value: Uint8Array): BigDecimal {
    return new BigDecimal(bytesToBigInt(value), scaleOf(schema));
  },
});
