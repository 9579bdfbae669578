import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Schemas, Timestamp } from '../../src/index.js';

describe('Timestamp logical type', () => {
  it('is INT64 named org.apache.kafka.connect.data.Timestamp, version 1', () => {
    assert.deepEqual([Timestamp.SCHEMA.type, Timestamp.SCHEMA.name, Timestamp.SCHEMA.version],
      ['INT64', 'org.apache.kafka.connect.data.Timestamp', 1]);
  });

  it('converts to and from epoch milliseconds as bigint', () => {
    assert.equal(Timestamp.fromLogical(Timestamp.SCHEMA, new Date(1_600_000_000_123)), 1_600_000_000_123n);
    assert.equal(Timestamp.fromLogical(Timestamp.SCHEMA, new Date(-5)), -5n);
    assert.equal(Timestamp.toLogical(Timestamp.SCHEMA, 1_600_000_000_123n).getTime(), 1_600_000_000_123);
    assert.equal(Timestamp.toLogical(Timestamp.SCHEMA, 42).getTime(), 42);
  });

  it('checks the schema name', () => {
    assert.throws(() => Timestamp.toLogical(Schemas.INT64, 0n),
      { message: 'Requested conversion of Timestamp object but the schema does not match.' });
  });
});
