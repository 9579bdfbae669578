import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Schemas, Time } from '../../src/index.js';

describe('Time logical type', () => {
  it('is INT32 named org.apache.kafka.connect.data.Time, version 1', () => {
    assert.deepEqual([Time.SCHEMA.type, Time.SCHEMA.name, Time.SCHEMA.version],
      ['INT32', 'org.apache.kafka.connect.data.Time', 1]);
  });

  it('converts milliseconds since midnight, within 0..86400000', () => {
    assert.equal(Time.fromLogical(Time.SCHEMA, new Date(45_296_789)), 45_296_789);
    assert.equal(Time.fromLogical(Time.SCHEMA, new Date(86_400_000)), 86_400_000);
    assert.equal(Time.toLogical(Time.SCHEMA, 1000).getTime(), 1000);
    assert.throws(() => Time.fromLogical(Time.SCHEMA, new Date(86_400_001)),
      { message: 'Kafka Connect Time type should not have any date fields set to non-zero values.' });
    assert.throws(() => Time.fromLogical(Time.SCHEMA, new Date(-1)),
      { message: 'Kafka Connect Time type should not have any date fields set to non-zero values.' });
    assert.throws(() => Time.toLogical(Time.SCHEMA, 86_400_001),
      { message: 'Time values must use number of milliseconds greater than 0 and less than 86400000' });
    assert.throws(() => Time.toLogical(Time.SCHEMA, -1),
      { message: 'Time values must use number of milliseconds greater than 0 and less than 86400000' });
  });

  it('checks the schema name', () => {
    assert.throws(() => Time.fromLogical(Schemas.INT32, new Date(0)),
      { message: 'Requested conversion of Time object but the schema does not match.' });
  });
});
