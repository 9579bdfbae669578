import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDbTimestamp, parseDbTime, parseDbTimestamp } from '../../src/source/db-time.js';

describe('database time text', () => {
  it('reads a timestamp without offset in db.timezone, keeping the nanos', () => {
    assert.deepEqual(parseDbTimestamp('2024-07-01 12:00:00.123456789', 'Europe/Paris'),
      { millis: Date.parse('2024-07-01T10:00:00.123Z'), nanos: 123456789 });
    assert.deepEqual(parseDbTimestamp('2024-01-01 00:00:00', 'UTC'), { millis: Date.parse('2024-01-01T00:00:00Z'), nanos: 0 });
  });

  it('honours an offset in the text (PostgreSQL timestamptz)', () => {
    assert.equal(parseDbTimestamp('2024-07-01 12:00:00.5+02', 'UTC').millis, Date.parse('2024-07-01T10:00:00.5Z'));
    assert.equal(parseDbTimestamp('2024-07-01T10:00:00.5Z', 'Europe/Paris').millis, Date.parse('2024-07-01T10:00:00.5Z'));
  });

  it('writes wall-clock text that reads back to the same instant', () => {
    const ts = { millis: Date.parse('2024-03-31T01:30:00.042Z'), nanos: 42_000_500 };
    for (const zone of ['UTC', 'Europe/Paris', 'America/New_York', '+05:30']) {
      const text = formatDbTimestamp(ts, zone, 9);
      assert.deepEqual(parseDbTimestamp(text, zone), ts, zone);
    }
    assert.equal(formatDbTimestamp(ts, 'UTC', 6), '2024-03-31 01:30:00.042000');
  });

  it('reads times of day', () => {
    assert.equal(parseDbTime('10:11:12.5'), ((10 * 60 + 11) * 60 + 12) * 1000 + 500);
  });
});
