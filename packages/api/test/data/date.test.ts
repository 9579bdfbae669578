import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectDate, DataException, Schemas } from '../../src/index.js';

describe('ConnectDate (Date logical type)', () => {
  it('is INT32 named org.apache.kafka.connect.data.Date, version 1', () => {
    assert.deepEqual([ConnectDate.SCHEMA.type, ConnectDate.SCHEMA.name, ConnectDate.SCHEMA.version],
      ['INT32', 'org.apache.kafka.connect.data.Date', 1]);
  });

  it('converts UTC midnights to days since the epoch and back', () => {
    assert.equal(ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(Date.UTC(1970, 0, 2))), 1);
    assert.equal(ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(Date.UTC(1969, 11, 31))), -1);
    assert.equal(ConnectDate.toLogical(ConnectDate.SCHEMA, 18262).toISOString(), '2020-01-01T00:00:00.000Z');
  });

  it('rejects a time of day and a schema that is not Date', () => {
    assert.throws(() => ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(1)),
      (e: unknown) => e instanceof DataException &&
        e.message === 'Kafka Connect Date type should not have any time fields set to non-zero values.');
    assert.throws(() => ConnectDate.fromLogical(Schemas.INT32, new Date(0)),
      { message: 'Requested conversion of Date object but the schema does not match.' });
    assert.throws(() => ConnectDate.toLogical(Schemas.INT32, 0),
      { message: 'Requested conversion of Date object but the schema does not match.' });
  });
});
