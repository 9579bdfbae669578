/**
 * Validators check one parsed value; Kafka's set, with its messages and its toString (shown in
 * documentation as "Valid Values"). A failing check throws ConfigException naming the key, e.g.
 * `Invalid value 0 for configuration tasks.max: Value must be at least 1`.
 */
import { formatJavaDouble } from '../data/java-number-text.js';
import { ConfigException } from '../errors.js';
import { javaHashSetOrder, javaValueString } from './java-text.js';

export interface Validator {
  /** @throws ConfigException when `value` (already parsed, possibly null) is not acceptable. */
  ensureValid(name: string, value: unknown): void;
  /** What documentation shows as the valid values. */
  toString(): string;
}

export interface RangeOptions {
  /**
   * Print bounds and values as Java doubles ("1.0", "0.5"), as Kafka does for a Range declared
   * with double bounds on a DOUBLE key. Without it they print as integers do ("1").
   */
  double?: boolean;
}

/** An inclusive numeric range; either bound may be open. */
export class Range implements Validator {
  readonly #double: boolean;

  private constructor(
    readonly min: number | null,
    readonly max: number | null,
    double: boolean,
  ) {
    this.#double = double;
  }

  static atLeast(min: number, options: RangeOptions = {}): Range {
    return new Range(min, null, options.double ?? false);
  }

  static between(min: number, max: number, options: RangeOptions = {}): Range {
    return new Range(min, max, options.double ?? false);
  }

  #show(n: unknown): string {
    return this.#double && typeof n === 'number' ? formatJavaDouble(n) : String(n);
  }

  ensureValid(name: string, value: unknown): void {
    if (value === null || value === undefined) throw new ConfigException(name, null, 'Value must be non-null');
    const n = Number(value);
    if (this.min !== null && n < this.min) {
      throw new ConfigException(name, this.#show(value), `Value must be at least ${this.#show(this.min)}`);
    }
    if (this.max !== null && n > this.max) {
      throw new ConfigException(name, this.#show(value), `Value must be no more than ${this.#show(this.max)}`);
    }
  }

  toString(): string {
    const min = this.min === null ? null : this.#show(this.min);
    const max = this.max === null ? null : this.#show(this.max);
    if (min === null && max === null) return '[...]';
    if (min === null) return `[...,${max}]`;
    if (max === null) return `[${min},...]`;
    return `[${min},...,${max}]`;
  }
}

/** The value must be one of the given strings (case-sensitive). */
export class ValidString implements Validator {
  private constructor(readonly validStrings: readonly string[]) {}

  static in(...validStrings: string[]): ValidString {
    return new ValidString(validStrings);
  }

  ensureValid(name: string, value: unknown): void {
    if (!this.validStrings.includes(value as string)) {
      throw new ConfigException(name, value, `String must be one of: ${this.validStrings.join(', ')}`);
    }
  }

  toString(): string {
    return `[${this.validStrings.join(', ')}]`;
  }
}

/**
 * The value must be one of the given strings, ignoring case. Like Kafka, the allowed strings are
 * kept upper-cased in a hash set, so messages list them upper-cased in Java's HashSet order.
 */
export class CaseInsensitiveValidString implements Validator {
  readonly validStrings: readonly string[];

  private constructor(validStrings: readonly string[]) {
    this.validStrings = javaHashSetOrder(validStrings.map((s) => s.toUpperCase()));
  }

  static in(...validStrings: string[]): CaseInsensitiveValidString {
    return new CaseInsensitiveValidString(validStrings);
  }

  ensureValid(name: string, value: unknown): void {
    if (typeof value !== 'string' || !this.validStrings.includes(value.toUpperCase())) {
      throw new ConfigException(
        name,
        value,
        `String must be one of (case insensitive): ${this.validStrings.join(', ')}`,
      );
    }
  }

  toString(): string {
    return `(case insensitive) [${this.validStrings.join(', ')}]`;
  }
}

/** Every element of a LIST value must be one of the given strings. */
export class ValidList implements Validator {
  readonly #validString: ValidString;

  private constructor(validStrings: string[]) {
    this.#validString = ValidString.in(...validStrings);
  }

  static in(...validStrings: string[]): ValidList {
    return new ValidList(validStrings);
  }

  ensureValid(name: string, value: unknown): void {
    // Kafka fails with a NullPointerException on a null list; there is nothing to check.
    for (const item of (value ?? []) as unknown[]) this.#validString.ensureValid(name, item);
  }

  toString(): string {
    return this.#validString.toString();
  }
}

/** A LIST value may hold at most `maxSize` elements. */
export class ListSize implements Validator {
  private constructor(readonly maxSize: number) {}

  static atMostOfSize(maxSize: number): ListSize {
    return new ListSize(maxSize);
  }

  ensureValid(name: string, value: unknown): void {
    const list = (value ?? []) as unknown[];
    if (list.length > this.maxSize) {
      throw new ConfigException(name, javaValueString(list), `exceeds maximum list size of [${this.maxSize}].`);
    }
  }

  toString(): string {
    return `List containing maximum of ${this.maxSize} elements`;
  }
}

/** A string value, when set, must not be empty (null passes). */
export class NonEmptyString implements Validator {
  ensureValid(name: string, value: unknown): void {
    if (value === '') throw new ConfigException(name, value, 'String must be non-empty');
  }

  toString(): string {
    return 'non-empty string';
  }
}

function isIsoControl(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/**
 * A string value, when set, must be non-empty and free of ISO control characters (as the
 * connector `name` key requires). null passes: a missing required key is reported elsewhere.
 */
export class NonEmptyStringWithoutControlChars implements Validator {
  ensureValid(name: string, value: unknown): void {
    if (value === null || value === undefined) return;
    const s = value as string;
    if (s === '') throw new ConfigException(name, value, 'String may not be empty');
    const found: number[] = [];
    for (let i = 0; i < s.length; i++) if (isIsoControl(s.charCodeAt(i))) found.push(s.charCodeAt(i));
    if (found.length > 0) {
      throw new ConfigException(
        name,
        value,
        `String may not contain control sequences but had the following ASCII chars: ${found.join(', ')}`,
      );
    }
  }

  toString(): string {
    return 'non-empty string without ISO control characters';
  }
}

/** The value must not be null. */
export class NonNullValidator implements Validator {
  ensureValid(name: string, value: unknown): void {
    if (value === null || value === undefined) throw new ConfigException(name, 'null', 'entry must be non null');
  }

  toString(): string {
    return 'non-null string';
  }
}

/** Runs each validator in turn; the first failure is reported. */
export class CompositeValidator implements Validator {
  private constructor(readonly validators: readonly Validator[]) {}

  static of(...validators: Validator[]): CompositeValidator {
    return new CompositeValidator(validators);
  }

  ensureValid(name: string, value: unknown): void {
    for (const validator of this.validators) validator.ensureValid(name, value);
  }

  toString(): string {
    return this.validators.map((v) => String(v)).join(', ');
  }
}

/** A validator from two functions: the check, and the text documentation shows. */
export class LambdaValidator implements Validator {
  readonly #check: (name: string, value: unknown) => void;
  readonly #describe: () => string;

  private constructor(
    check: (name: string, value: unknown) => void,
    describe: () => string,
  ) {
    this.#check = check;
    this.#describe = describe;
  }

  static with(check: (name: string, value: unknown) => void, describe: () => string): LambdaValidator {
    return new LambdaValidator(check, describe);
  }

  ensureValid(name: string, value: unknown): void {
    this.#check(name, value);
  }

  toString(): string {
    return this.#describe();
  }
}
