/**
 * Turning configuration strings into typed values and back, with Kafka's rules and messages:
 * strings are trimmed Java-style, BOOLEAN is case-insensitive true/false, LIST splits on commas
 * (surrounding whitespace dropped), numbers follow Integer/Short/Long/Double.parseX, and a bad
 * number is `Invalid value <v> for configuration <k>: Not a number of type <TYPE>`.
 */
import { formatJavaDouble } from '../data/java-number-text.js';
import { ConfigException } from '../errors.js';
import { ConfigType } from './config-type.js';
import { javaEqualsIgnoreCase, javaLongToString, javaTrim, jsTypeName } from './java-text.js';
import { Password } from './password.js';

/** A parsed CLASS value: the class name as given (the runtime resolves it), or a constructor. */
export type ClassValue = string | (abstract new (...args: never[]) => unknown);

const INTEGER_BOUNDS = {
  INT: [-(2n ** 31n), 2n ** 31n - 1n],
  SHORT: [-(2n ** 15n), 2n ** 15n - 1n],
  LONG: [-(2n ** 63n), 2n ** 63n - 1n],
} as const;

type IntegerType = keyof typeof INTEGER_BOUNDS;

// Java's \s: space, tab, newline, vertical tab, form feed, carriage return.
// eslint-disable-next-line no-control-regex -- Java's text rules name control characters
const COMMA_WITH_WHITESPACE = /[ \t\n\x0B\f\r]*,[ \t\n\x0B\f\r]*/;
const JAVA_DECIMAL = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;
const JAVA_HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)[fFdD]?$/;

class NotANumber extends Error {}

/** Integer.parseInt / Short.parseShort / Long.parseLong: optional sign, ASCII digits, in range. */
function parseJavaInteger(text: string, type: IntegerType): number {
  if (!/^[+-]?\d+$/.test(text)) throw new NotANumber();
  const digits = BigInt(text.replace(/^[+-]/, ''));
  const value = text.startsWith('-') ? -digits : digits;
  const [min, max] = INTEGER_BOUNDS[type];
  if (value < min || value > max) throw new NotANumber();
  return Number(value);
}

/** Double.parseDouble: decimal or hex notation, NaN, Infinity, an optional f/d suffix. */
function parseJavaDouble(text: string): number {
  if (JAVA_DECIMAL.test(text)) return Number(text.replace(/[fFdD]$/, ''));
  const hex = JAVA_HEX_FLOAT.exec(text);
  if (hex && (hex[2] || hex[3])) {
    const [, sign, intDigits, fracDigits, exponent] = hex as unknown as [string, string, string, string, string];
    const significand = Number(BigInt(`0x${intDigits}${fracDigits}`));
    const value = significand * 2 ** (Number(exponent) - 4 * fracDigits.length);
    return sign === '-' ? -value : value;
  }
  throw new NotANumber();
}

function fitsInteger(value: unknown, type: IntegerType): value is number | bigint {
  if (typeof value !== 'number' && typeof value !== 'bigint') return false;
  if (typeof value === 'number' && !Number.isInteger(value)) return false;
  const big = BigInt(value);
  return big >= INTEGER_BOUNDS[type][0] && big <= INTEGER_BOUNDS[type][1];
}

const WRONG_INTEGER: Record<IntegerType, string> = {
  INT: 'Expected value to be a 32-bit integer, but it was a ',
  SHORT: 'Expected value to be a 16-bit integer (short), but it was a ',
  LONG: 'Expected value to be a 64-bit integer (long), but it was a ',
};

function parseTyped(name: string, value: unknown, type: ConfigType): unknown {
  const trimmed = typeof value === 'string' ? javaTrim(value) : '';
  switch (type) {
    case ConfigType.BOOLEAN:
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string') {
        if (javaEqualsIgnoreCase(trimmed, 'true')) return true;
        if (javaEqualsIgnoreCase(trimmed, 'false')) return false;
      }
      throw new ConfigException(name, value, 'Expected value to be either true or false');
    case ConfigType.PASSWORD:
      if (value instanceof Password) return value;
      if (typeof value === 'string') return new Password(trimmed);
      throw new ConfigException(name, value, `Expected value to be a string, but it was a ${jsTypeName(value)}`);
    case ConfigType.STRING:
      if (typeof value === 'string') return trimmed;
      throw new ConfigException(name, value, `Expected value to be a string, but it was a ${jsTypeName(value)}`);
    case ConfigType.INT:
    case ConfigType.SHORT:
    case ConfigType.LONG:
      if (typeof value === 'string') return parseJavaInteger(trimmed, type);
      if (fitsInteger(value, type)) return Number(value);
      throw new ConfigException(name, value, WRONG_INTEGER[type] + jsTypeName(value));
    case ConfigType.DOUBLE:
      if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
      if (typeof value === 'string') return parseJavaDouble(trimmed);
      throw new ConfigException(name, value, `Expected value to be a double, but it was a ${jsTypeName(value)}`);
    case ConfigType.LIST:
      if (Array.isArray(value)) return value;
      if (typeof value === 'string') return trimmed === '' ? [] : trimmed.split(COMMA_WITH_WHITESPACE);
      throw new ConfigException(name, value, 'Expected a comma separated list.');
    case ConfigType.CLASS:
      if (typeof value === 'function') return value;
      if (typeof value === 'string') return trimmed;
      throw new ConfigException(name, value, 'Expected a Class instance or class name.');
    default:
      throw new Error(`Unknown type ${String(type)}.`);
  }
}

/**
 * Parses a value (a string, or an already typed value) to `type`. null and undefined give null.
 * CLASS names are only trimmed: whether the class exists is for the runtime's plugin registry.
 * @throws ConfigException naming the key when the value does not fit the type.
 */
export function parseType(name: string, value: unknown, type: ConfigType): unknown {
  if (value === null || value === undefined) return null;
  try {
    return parseTyped(name, value, type);
  } catch (error) {
    if (error instanceof NotANumber) throw new ConfigException(name, value, `Not a number of type ${type}`);
    throw error;
  }
}

/** The class name a CLASS value prints as: a constructor's static `className`, else its name. */
function className(value: ClassValue): string {
  if (typeof value === 'string') return value;
  const declared = (value as { className?: unknown }).className;
  return typeof declared === 'string' ? declared : value.name;
}

/**
 * A parsed value as Kafka's ConfigDef.convertToString writes it (REST default_value and value):
 * null stays null, LIST joins with ",", PASSWORD is `[hidden]`, DOUBLE prints like Java ("1.0").
 * With no type, the value's own string form is used (lists as Java prints them, "[a, b]").
 */
export function convertToString(value: unknown, type: ConfigType | null): string | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case null:
      return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
    case ConfigType.LIST:
      return (value as unknown[]).map((item) => String(item)).join(',');
    case ConfigType.CLASS:
      return className(value as ClassValue);
    case ConfigType.DOUBLE:
      return typeof value === 'number' ? formatJavaDouble(value) : String(value);
    case ConfigType.LONG:
      return typeof value === 'number' ? javaLongToString(value) : String(value);
    default:
      return String(value);
  }
}
