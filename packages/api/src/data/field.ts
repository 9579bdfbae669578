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

/** Java's String.hashCode, used to build structural hashes for schema caches. */
export function hashString(text: string | null): number {
  if (text === null) return 0;
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}
