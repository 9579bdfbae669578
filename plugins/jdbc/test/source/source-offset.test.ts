import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compareRowKeys,
  legacyTablePartition,
  parseOffset,
  serializeOffset,
  tablePartition,
} from '../../src/source/source-offset.js';

describe('source offsets', () => {
  it('names table partitions as Confluent protocol v1 and v0 do', () => {
    assert.deepEqual(tablePartition({ catalog: 'shop', schema: 'public', table: 'orders' }), { protocol: '1', table: 'shop.public.orders' });
    assert.deepEqual(tablePartition({ catalog: 'shop', schema: null, table: 'orders' }), { protocol: '1', table: 'shop.orders' });
    assert.deepEqual(tablePartition({ catalog: null, schema: null, table: 'orders' }), { protocol: '1', table: 'orders' });
    assert.deepEqual(legacyTablePartition({ catalog: 'shop', schema: 'public', table: 'orders' }), { table: 'orders' });
  });

  it('reads an offset stored by Confluent and writes it back in the same shape', () => {
    const stored = { timestamp_nanos: 123456789, incrementing: 5001, timestamp: 1672835217123 };
    const offset = parseOffset(stored);
    assert.deepEqual(offset.position, { timestamp: { millis: 1672835217123, nanos: 123456789 }, incrementing: 5001n });
    assert.deepEqual(serializeOffset(offset), { incrementing: 5001, timestamp: 1672835217123, timestamp_nanos: 123456789 });
  });

  it('leaves out the keys a mode does not use', () => {
    assert.deepEqual(serializeOffset(parseOffset({ incrementing: 9 })), { incrementing: 9 });
    assert.deepEqual(serializeOffset(parseOffset({ timestamp: 1000 })), { timestamp: 1000, timestamp_nanos: 0 });
  });

  it('takes the nanos from the millis when timestamp_nanos is missing', () => {
    assert.deepEqual(parseOffset({ timestamp: 1500 }).position.timestamp, { millis: 1500, nanos: 500_000_000 });
  });

  it('keeps ids beyond 2^53 exact as text', () => {
    const big = 2n ** 60n + 1n;
    const written = serializeOffset({ position: { timestamp: null, incrementing: big }, window: [] });
    assert.equal(written.incrementing, big.toString());
    assert.equal(parseOffset(written).position.incrementing, big);
  });

  it('round-trips the late-commit window', () => {
    const offset = {
      position: { timestamp: { millis: 1000, nanos: 0 }, incrementing: 3n },
      window: [{ timestamp: { millis: 2000, nanos: 1 }, incrementing: 4n }],
    };
    const written = serializeOffset(offset);
    assert.equal(written.lag_window, '2000:1:4');
    // Kafka's offset store takes primitive values only (OffsetUtils.validateFormat)
    assert.ok(Object.values(written).every((v) => v === null || typeof v !== 'object'));
    assert.deepEqual(parseOffset(written), offset);
  });

  it('orders keys by timestamp, nanos, then id; no timestamp first', () => {
    const k = (ms: number | null, nanos: number, id: bigint) => ({ timestamp: ms === null ? null : { millis: ms, nanos }, incrementing: id });
    assert.ok(compareRowKeys(k(1000, 1, 9n), k(1000, 2, 1n)) < 0);
    assert.ok(compareRowKeys(k(1000, 2, 1n), k(1000, 2, 2n)) < 0);
    assert.ok(compareRowKeys(k(null, 0, 100n), k(0, 0, 1n)) < 0);
    assert.equal(compareRowKeys(k(5, 5_000_000, 1n), k(5, 5_000_000, 1n)), 0);
  });
});
