/**
 * A secret configuration value (type PASSWORD). It prints as `[hidden]` everywhere a value can be
 * printed by accident: String(), template literals, JSON.stringify and Node's console/inspect.
 * Read the secret with `value()`.
 */
export class Password {
  static readonly HIDDEN = '[hidden]';
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  value(): string {
    return this.#value;
  }

  equals(other: unknown): boolean {
    return other instanceof Password && other.#value === this.#value;
  }

  toString(): string {
    return Password.HIDDEN;
  }

  toJSON(): string {
    return Password.HIDDEN;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return Password.HIDDEN;
  }
}
