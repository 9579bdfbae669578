import { DataException } from '../errors.js';
import type { Schema } from './schema.js';
import { SchemaBuilder } from './schema-builder.js';

const LOGICAL_NAME = 'org.apache.kafka.connect.data.Date';
export const MILLIS_PER_DAY = 24 * 60 * 60 * 1000;

function checkSchema(schema: Schema): void {
  if (schema.name !== LOGICAL_NAME) {
    throw new DataException('Requested conversion of Date object but the schema does not match.');
  }
}

const SCHEMA = SchemaBuilder.int32().withName(LOGICAL_NAME).withVersion(1).build();

/**
 * The Date logical type: INT32 days since the epoch; the JS value is a `Date` at UTC midnight.
 * Named `ConnectDate` because `Date` would shadow the JavaScript global.
 */
export const ConnectDate = Object.freeze({
  LOGICAL_NAME,
  SCHEMA,

  builder(): SchemaBuilder {
    return SchemaBuilder.int32().withName(LOGICAL_NAME).withVersion(1);
  },

  /** Days since 1970-01-01; the date must have no time of day (in UTC). */
  fromLogical(schema: Schema, value: Date): number {
    checkSchema(schema);
    const millis = value.getTime();
    if (value.getUTCHours() !== 0 || value.getUTCMinutes() !== 0 || value.getUTCSeconds() !== 0 ||
      value.getUTCMilliseconds() !== 0) {
      throw new DataException('Kafka Connect Date type should not have any time fields set to non-zero values.');
    }
    return Math.trunc(millis / MILLIS_PER_DAY);
  },

  toLogical(schema: Schema, value: number): Date {
    checkSchema(schema);
    return new Date(value * MILLIS_PER_DAY);
  },
});
