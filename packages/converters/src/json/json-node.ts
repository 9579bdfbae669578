/**
 * The JSON tree JsonConverter builds and reads, standing in for Jackson's JsonNode: objects are
 * insertion-ordered Maps, numbers keep their text (so precision and the integral/decimal
 * distinction survive), Uint8Array is Jackson's binary node (written as base64 text).
 */
import { BigDecimal } from '@tsconnect/api';

export type JsonNode = null | boolean | string | JsonNumber | Uint8Array | JsonNode[] | JsonObject;
export type JsonObject = Map<string, JsonNode>;

const INTEGRAL = /^-?\d+$/;
const ZERO = /^-?0*(?:\.0*)?(?:[eE][+-]?\d+)?$/;

/** A JSON number as written or read: its text, plus Jackson's numeric accessors. */
export class JsonNumber {
  constructor(readonly text: string) {}

  /** Jackson's `isIntegralNumber()`: no fraction and no exponent in the text. */
  isIntegral(): boolean {
    return INTEGRAL.test(this.text);
  }

  /** Jackson's `isInt()`: an integral number that fits a Java int. */
  isInt(): boolean {
    if (!this.isIntegral()) return false;
    const v = BigInt(this.text);
    return v >= -(2n ** 31n) && v < 2n ** 31n;
  }

  /** Jackson's `decimalValue()`: the exact decimal, its scale as written. */
  decimalValue(): BigDecimal {
    return BigDecimal.fromString(this.text);
  }

  /** The value truncated toward zero, before Java's narrowing casts. */
  #truncated(): bigint {
    return this.isIntegral() ? BigInt(this.text) : this.decimalValue().toBigInt();
  }

  /** Jackson's `longValue()`: truncated, then the low 64 bits (Java's narrowing). */
  longValue(): bigint {
    return BigInt.asIntN(64, this.#truncated());
  }

  /** Jackson's `intValue()`: truncated, then the low 32 bits. */
  intValue(): number {
    return Number(BigInt.asIntN(32, this.#truncated()));
  }

  /** Jackson's `doubleValue()` of the exact decimal Kafka reads: a zero has no sign (`-0.0` reads as 0.0). */
  doubleValue(): number {
    return ZERO.test(this.text) ? 0 : Number(this.text);
  }

  floatValue(): number {
    return Math.fround(this.doubleValue());
  }
}

export function isJsonObject(node: JsonNode | undefined): node is JsonObject {
  return node instanceof Map;
}

/** Jackson's `getNodeType()` name, used in Kafka's error messages. */
export function nodeTypeName(node: JsonNode | undefined): string {
  if (node === undefined) return 'MISSING';
  if (node === null) return 'NULL';
  if (typeof node === 'boolean') return 'BOOLEAN';
  if (typeof node === 'string') return 'STRING';
  if (node instanceof JsonNumber) return 'NUMBER';
  if (node instanceof Uint8Array) return 'BINARY';
  if (Array.isArray(node)) return 'ARRAY';
  return 'OBJECT';
}

/** Iterating a node as Jackson does: an array's elements, an object's values, nothing otherwise. */
export function nodeElements(node: JsonNode): JsonNode[] {
  if (Array.isArray(node)) return node;
  if (node instanceof Map) return [...node.values()];
  return [];
}
