import { DataException } from '../errors.js';
import type { Schema } from './schema.js';
import { SchemaBuilder } from './schema-builder.js';

const LOGICAL_NAME = 'org.apache.kafka.connect.data.Timestamp';

function checkSchema(schema: Schema): void {
  if (schema.name !== LOGICAL_NAME) {
    throw new DataException('Requested conversion of Timestamp object but the schema does not match.');
  }
}

/**
 * The Timestamp logical type: INT64 milliseconds since the epoch (a `bigint`, as every INT64);
 * the JS value is a `Date`.
 */
export const Timestamp = Object.freeze({
  LOGICAL_NAME,
  SCHEMA: SchemaBuilder.int64().withName(LOGICAL_NAME).withVersion(1).build(),

  builder(): SchemaBuilder {
    return SchemaBuilder.int64().withName(LOGICAL_NAME).withVersion(1);
  },

  fromLogical(schema: Schema, value: Date): bigint {
    checkSchema(schema);
    return BigInt(value.getTime());
  },

  /** Accepts the INT64 `bigint`, or a millisecond `number`. */
  toLogical(schema: Schema, value: bigint | number): Date {
    checkSchema(schema);
    return new Date(Number(value));
  },
});
