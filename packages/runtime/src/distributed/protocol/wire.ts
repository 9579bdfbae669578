/**
 * The primitive types of Kafka's classic (non-flexible) protocol Struct/Schema encoding, which the
 * Connect group protocol uses for its member metadata and assignments:
 *
 *   INT16 / INT32 / INT64   big-endian two's complement
 *   STRING                  INT16 length (>= 0) + UTF-8 bytes
 *   NULLABLE_BYTES          INT32 length (-1 = null) + bytes
 *   ARRAY                   INT32 count (-1 = null, only where the field is nullable) + elements
 *
 * No tagged fields, no varints. Readers ignore bytes left after the last field they know, as
 * Kafka does.
 */
import { ConnectException } from '@tsconnect/api';

/** Thrown for bytes that do not follow the grammar: truncated, negative lengths, bad versions. */
export class GroupProtocolError extends ConnectException {}

export class WireWriter {
  readonly #chunks: Buffer[] = [];

  int16(value: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(value);
    return this.#push(b);
  }

  int32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(value);
    return this.#push(b);
  }

  int64(value: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(value);
    return this.#push(b);
  }

  string(value: string): this {
    const bytes = Buffer.from(value, 'utf8');
    if (bytes.length > 0x7fff) {
      throw new GroupProtocolError(`String length ${bytes.length} is larger than the maximum string length.`);
    }
    return this.int16(bytes.length).#push(bytes);
  }

  nullableBytes(value: Buffer | null): this {
    if (value === null) return this.int32(-1);
    return this.int32(value.length).#push(value);
  }

  /** An ARRAY: the count, then each element written by `writeElement`; null writes count -1. */
  array<T>(values: readonly T[] | null, writeElement: (writer: this, value: T) => void): this {
    if (values === null) return this.int32(-1);
    this.int32(values.length);
    for (const value of values) writeElement(this, value);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.#chunks);
  }

  #push(bytes: Buffer): this {
    this.#chunks.push(bytes);
    return this;
  }
}

export class WireReader {
  #offset = 0;

  readonly #buffer: Buffer;
  readonly #what: string;

  constructor(
    buffer: Buffer,
    what: string,
  ) {
    this.#buffer = buffer;
    this.#what = what;
  }

  get remaining(): number {
    return this.#buffer.length - this.#offset;
  }

  int16(field: string): number {
    return this.#take(2, field).readInt16BE();
  }

  int32(field: string): number {
    return this.#take(4, field).readInt32BE();
  }

  int64(field: string): bigint {
    return this.#take(8, field).readBigInt64BE();
  }

  string(field: string): string {
    const length = this.int16(field);
    if (length < 0) throw this.error(`field '${field}': string length ${length} cannot be negative`);
    return this.#take(length, field).toString('utf8');
  }

  nullableBytes(field: string): Buffer | null {
    const length = this.int32(field);
    if (length === -1) return null;
    if (length < 0) throw this.error(`field '${field}': bytes size ${length} cannot be negative`);
    return Buffer.from(this.#take(length, field));
  }

  /** A non-nullable ARRAY. */
  array<T>(field: string, readElement: (reader: this) => T): T[] {
    const values = this.nullableArray(field, readElement);
    if (values === null) throw this.error(`field '${field}': array cannot be null`);
    return values;
  }

  nullableArray<T>(field: string, readElement: (reader: this) => T): T[] | null {
    const count = this.int32(field);
    if (count === -1) return null;
    if (count < 0) throw this.error(`field '${field}': array size ${count} cannot be negative`);
    // Each element takes at least one byte; a larger count can only be a corrupt or truncated buffer.
    if (count > this.remaining) {
      throw this.error(`field '${field}': array size ${count} exceeds the ${this.remaining} bytes left`);
    }
    const values: T[] = [];
    for (let i = 0; i < count; i++) values.push(readElement(this));
    return values;
  }

  error(message: string): GroupProtocolError {
    return new GroupProtocolError(`Invalid ${this.#what}: ${message}`);
  }

  #take(length: number, field: string): Buffer {
    if (length > this.remaining) {
      throw this.error(
        `truncated at field '${field}': needs ${length} bytes at offset ${this.#offset}, only ${this.remaining} left`,
      );
    }
    const slice = this.#buffer.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return slice;
  }
}
