import { hashString } from './hash.js';
import type { Schema } from './schema.js';

/** A named, positioned field of a STRUCT schema. */
export class Field {
  constructor(
    readonly name: string,
    readonly index: number,
    readonly schema: Schema,
  ) {}

  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof Field)) return false;
    return this.name === other.name && this.index === other.index && this.schema.equals(other.schema);
  }

  hashCode(): number {
    return (hashString(this.name) * 31 + this.index) * 31 + this.schema.hashCode();
  }

  toString(): string {
    return `Field{name=${this.name}, index=${this.index}, schema=${this.schema.toString()}}`;
  }
}
