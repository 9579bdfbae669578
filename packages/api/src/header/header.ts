import { javaToString } from '../data/java-text.js';
import { schemasEqual, type Schema } from '../data/schema.js';
import { hashValue, valuesEqual } from '../data/values-equal.js';

/** One record header: a key (several headers may share it), a schema (may be null) and a value. */
export interface Header {
  readonly key: string;
  readonly schema: Schema | null;
  readonly value: unknown;
  /** A copy with another schema and value. */
  with(schema: Schema | null, value: unknown): Header;
  /** A copy under another key. */
  rename(key: string): Header;
  equals(other: unknown): boolean;
}

/** The immutable `Header`, as Kafka's `ConnectHeader`. */
export class ConnectHeader implements Header {
  constructor(
    readonly key: string,
    readonly schema: Schema | null,
    readonly value: unknown,
  ) {
    if (key == null) throw new TypeError('Null header keys are not permitted');
    Object.freeze(this);
  }

  with(schema: Schema | null, value: unknown): Header {
    return new ConnectHeader(this.key, schema, value);
  }

  rename(key: string): Header {
    return new ConnectHeader(key, this.schema, this.value);
  }

  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof ConnectHeader)) return false;
    return this.key === other.key && schemasEqual(this.schema, other.schema) && valuesEqual(this.value, other.value);
  }

  hashCode(): number {
    return hashValue(this.key) * 31 + hashValue(this.value);
  }

  toString(): string {
    return `ConnectHeader(key=${this.key}, value=${javaToString(this.value, this.schema)}, schema=${
      this.schema?.toString() ?? 'null'})`;
  }
}
