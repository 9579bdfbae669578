import { DataException } from '../errors.js';
import { MILLIS_PER_DAY } from './date.js';
import type { Schema } from './schema.js';
import { SchemaBuilder } from './schema-builder.js';

const LOGICAL_NAME = 'org.apache.kafka.connect.data.Time';

function checkSchema(schema: Schema): void {
  if (schema.name !== LOGICAL_NAME) {
    throw new DataException('Requested conversion of Time object but the schema does not match.');
  }
}

/** The Time logical type: INT32 milliseconds since midnight; the JS value is a `Date` on 1970-01-01 UTC. */
export const Time = Object.freeze({
  LOGICAL_NAME,
  SCHEMA: SchemaBuilder.int32().withName(LOGICAL_NAME).withVersion(1).build(),

  builder(): SchemaBuilder {
    return SchemaBuilder.int32().withName(LOGICAL_NAME).withVersion(1);
  },

  fromLogical(schema: Schema, value: Date): number {
    checkSchema(schema);
    const millis = value.getTime();
    if (millis < 0 || millis > MILLIS_PER_DAY) {
      throw new DataException('Kafka Connect Time type should not have any date fields set to non-zero values.');
    }
    return millis;
  },

  toLogical(schema: Schema, value: number): Date {
    checkSchema(schema);
    if (value < 0 || value > MILLIS_PER_DAY) {
      throw new DataException('Time values must use number of milliseconds greater than 0 and less than 86400000');
    }
    return new Date(value);
  },
});
