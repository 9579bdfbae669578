import { formatJavaDouble } from './java-number-text.js';

/** Java's `RoundingMode` names, for `BigDecimal.setScale`. */
export type RoundingMode =
  | 'UP'
  | 'DOWN'
  | 'CEILING'
  | 'FLOOR'
  | 'HALF_UP'
  | 'HALF_DOWN'
  | 'HALF_EVEN'
  | 'UNNECESSARY';

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const MAX_SCALE = 2 ** 31 - 1;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function abs(v: bigint): bigint {
  return v < 0n ? -v : v;
}

/**
 * The value of a Connect Decimal: an arbitrary-precision unscaled integer and a scale, so the
 * number is `unscaledValue × 10^-scale`, like `java.math.BigDecimal`. Equality is Java's: 1.0 and
 * 1.00 differ (use `compareTo` for numeric order).
 */
export class BigDecimal {
  readonly unscaledValue: bigint;
  readonly scale: number;

  constructor(unscaledValue: bigint, scale = 0) {
    if (!Number.isInteger(scale) || Math.abs(scale) > MAX_SCALE) {
      throw new RangeError(`Invalid BigDecimal scale: ${scale}`);
    }
    this.unscaledValue = unscaledValue;
    this.scale = scale;
    Object.freeze(this);
  }

  /** Java's `new BigDecimal(String)`: `-1.50`, `1e3`, `.5`; throws `SyntaxError` otherwise. */
  static fromString(text: string): BigDecimal {
    const parsed = BigDecimal.tryParse(text);
    if (parsed === null) throw new SyntaxError(`Invalid decimal number: "${text}"`);
    return parsed;
  }

  /** Like `fromString`, but null for text that is not a decimal number. */
  static tryParse(text: string): BigDecimal | null {
    const m = DECIMAL_TEXT.exec(text);
    if (m === null) return null;
    const [, sign, intPart = '', fracPart = '', exponent] = m;
    if (intPart.length + fracPart.length === 0) return null;
    const exp = exponent === undefined ? 0 : Number(exponent);
    const scale = fracPart.length - exp;
    if (!Number.isSafeInteger(exp) || Math.abs(scale) > MAX_SCALE) return null;
    const unscaled = BigInt(`${intPart}${fracPart}`);
    return new BigDecimal(sign === '-' ? -unscaled : unscaled, scale);
  }

  /** Java's `BigDecimal.valueOf(double)`: goes through `Double.toString`, so 1 becomes 1.0. */
  static fromNumber(value: number): BigDecimal {
    if (!Number.isFinite(value)) throw new SyntaxError(`Infinite or NaN: ${value}`);
    return BigDecimal.fromString(formatJavaDouble(value));
  }

  static fromBigInt(value: bigint, scale = 0): BigDecimal {
    return new BigDecimal(value, scale);
  }

  signum(): number {
    return this.unscaledValue === 0n ? 0 : this.unscaledValue < 0n ? -1 : 1;
  }

  /** Number of significant digits of the unscaled value (1 for zero). */
  precision(): number {
    return abs(this.unscaledValue).toString().length;
  }

  abs(): BigDecimal {
    return this.unscaledValue < 0n ? new BigDecimal(-this.unscaledValue, this.scale) : this;
  }

  negate(): BigDecimal {
    return new BigDecimal(-this.unscaledValue, this.scale);
  }

  /** True when there is no fractional part (Java's `stripTrailingZeros().scale() <= 0`). */
  isWholeNumber(): boolean {
    return this.scale <= 0 || this.unscaledValue % pow10(this.scale) === 0n;
  }

  /** The same number with another scale; throws `RangeError` when rounding is needed but not allowed. */
  setScale(newScale: number, rounding: RoundingMode = 'UNNECESSARY'): BigDecimal {
    if (newScale === this.scale) return this;
    if (newScale > this.scale) {
      return new BigDecimal(this.unscaledValue * pow10(newScale - this.scale), newScale);
    }
    const divisor = pow10(this.scale - newScale);
    const quotient = this.unscaledValue / divisor; // truncates toward zero
    const remainder = this.unscaledValue % divisor;
    if (remainder === 0n) return new BigDecimal(quotient, newScale);
    const sign = this.unscaledValue < 0n ? -1n : 1n;
    const twice = abs(remainder) * 2n;
    let awayFromZero: boolean;
    switch (rounding) {
      case 'UNNECESSARY':
        throw new RangeError('Rounding necessary');
      case 'UP': awayFromZero = true; break;
      case 'DOWN': awayFromZero = false; break;
      case 'CEILING': awayFromZero = sign > 0n; break;
      case 'FLOOR': awayFromZero = sign < 0n; break;
      case 'HALF_UP': awayFromZero = twice >= divisor; break;
      case 'HALF_DOWN': awayFromZero = twice > divisor; break;
      case 'HALF_EVEN': awayFromZero = twice > divisor || (twice === divisor && quotient % 2n !== 0n); break;
    }
    return new BigDecimal(awayFromZero ? quotient + sign : quotient, newScale);
  }

  /** Java's `toBigInteger()`: the integer part, truncated toward zero. */
  toBigInt(): bigint {
    if (this.scale <= 0) return this.unscaledValue * pow10(-this.scale);
    return this.unscaledValue / pow10(this.scale);
  }

  /** The nearest double (Java's `doubleValue()`). */
  toNumber(): number {
    return Number(this.toString());
  }

  compareTo(other: BigDecimal): number {
    const a = this.signum();
    const b = other.signum();
    if (a !== b) return a < b ? -1 : 1;
    if (a === 0) return 0;
    // Compare magnitudes by their decimal exponent first, so huge exponents never get expanded.
    const adjustedA = this.precision() - this.scale;
    const adjustedB = other.precision() - other.scale;
    if (adjustedA !== adjustedB) return (adjustedA > adjustedB ? 1 : -1) * a;
    const scale = Math.max(this.scale, other.scale);
    const x = this.unscaledValue * pow10(scale - this.scale);
    const y = other.unscaledValue * pow10(scale - other.scale);
    return x === y ? 0 : x > y ? 1 : -1;
  }

  /** Java's `equals`: same unscaled value and same scale. */
  equals(other: unknown): boolean {
    return other instanceof BigDecimal && other.scale === this.scale && other.unscaledValue === this.unscaledValue;
  }

  /** Java's `toString()`: plain unless the scale is negative or the number is below 1e-6. */
  toString(): string {
    const digits = abs(this.unscaledValue).toString();
    const sign = this.unscaledValue < 0n ? '-' : '';
    const adjusted = -this.scale + (digits.length - 1);
    if (this.scale >= 0 && adjusted >= -6) return sign + plainDigits(digits, this.scale);
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
  }

  /** Java's `toPlainString()`: never an exponent. */
  toPlainString(): string {
    const digits = abs(this.unscaledValue).toString();
    const sign = this.unscaledValue < 0n ? '-' : '';
    if (this.scale <= 0) {
      return this.unscaledValue === 0n ? '0' : sign + digits + '0'.repeat(-this.scale);
    }
    return sign + plainDigits(digits, this.scale);
  }

  toJSON(): string {
    return this.toString();
  }
}

function plainDigits(digits: string, scale: number): string {
  if (scale === 0) return digits;
  if (digits.length > scale) return `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return `0.${'0'.repeat(scale - digits.length)}${digits}`;
}
