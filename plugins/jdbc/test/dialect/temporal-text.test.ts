import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaBuilder } from '@tsconnect/api';
import { formatEpochDay, formatEpochMicros, formatEpochMillis, formatMicrosOfDay, parseIsoToEpochMicros } from '../../src/dialect/temporal-text.js';
import { timeValueText } from '../../src/dialect/time-value.js';

const named = (type: 'int32' | 'int64' | 'string', name: string) => SchemaBuilder[type]().withName(name).build();

describe('temporal text', () => {
  it('formats timestamps to the microsecond, before and after the epoch', () => {
    assert.equal(formatEpochMicros(1709296496123456n), '2024-03-01 12:34:56.123456');
    assert.equal(formatEpochMicros(-1n), '1969-12-31 23:59:59.999999');
    assert.equal(formatMicrosOfDay(49_530_123_000n), '13:45:30.123000');
  });

  it('formats timestamps near the epoch (in doubles) and far from it (in BigInt) alike, to the microsecond', () => {
    const utcText = (micros: bigint): string => {
      const fraction = ((micros % 1_000_000n) + 1_000_000n) % 1_000_000n;
      const iso = new Date(Number((micros - fraction) / 1000n)).toISOString();
      return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(fraction).padStart(6, '0')}`;
    };
    const edge = 2n ** 52n;
    const values = [0n, 1n, -1n, 999_999n, -1_000_000n, 86_399_999_999n, -86_400_000_000n, 1_700_000_000_123_456n,
      edge - 1n, edge, -edge + 1n, -edge, edge * 2n + 7n, -edge * 2n - 7n];
    for (let i = -100; i < 100; i++) values.push(BigInt(i) * 90_071_992_547_409n + 123_457n); // across ±2^53
    for (const micros of values) assert.equal(formatEpochMicros(micros), utcText(micros), String(micros));
    assert.equal(formatEpochMicros(edge - 1n, 'Asia/Kolkata'), formatEpochMicros(edge - 1n + 19_800_000_000n));
    assert.equal(formatEpochMicros(edge + 1n, 'Asia/Kolkata'), formatEpochMicros(edge + 1n + 19_800_000_000n));
  });

  it('formats whole milliseconds as formatEpochMicros does, near the epoch and far from it, in any zone', () => {
    const millis = [0, 1, -1, 999, -1000, 86_399_999, -86_400_000, 1_700_000_000_123, 4_503_599_627_370, -4_503_599_627_371];
    for (let i = -50; i < 50; i++) millis.push(i * 97_654_321_987 + 457);
    for (const ms of millis) {
      for (const zone of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
        assert.equal(formatEpochMillis(ms, zone), formatEpochMicros(BigInt(ms) * 1000n, zone), `${ms} ${zone}`);
      }
    }
    // the ends of a Date's range, where only UTC has an offset to apply
    for (const ms of [8_640_000_000_000_000, -8_640_000_000_000_000]) assert.equal(formatEpochMillis(ms), formatEpochMicros(BigInt(ms) * 1000n));
  });

  it('formats a day the same whether or not the previous call had the same day', () => {
    const fresh = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);
    for (const day of [19782, 19782, 0, -1, -1, 19782, -719528, -719528, 2932896, 19783, 19783]) {
      assert.equal(formatEpochDay(day), fresh(day), String(day));
    }
  });

  it('formats a timestamp the same whether or not the previous call had the same minute, in any zone', () => {
    const utcText = (ms: number): string => `${new Date(ms).toISOString().replace('T', ' ').slice(0, 23)}000`;
    const start = 1_700_000_000_000;
    // one second apart across minutes, hours and a day; repeats and steps back; the same instants in another zone between
    const millis = Array.from({ length: 200 }, (_, i) => start + i * 1000 + (i % 7));
    millis.push(start, start + 59_999, start, start - 86_400_000, start - 86_400_000 + 1, 0, -1, -60_000, -59_999);
    for (const ms of millis) {
      assert.equal(formatEpochMillis(ms), utcText(ms), String(ms));
      assert.equal(formatEpochMillis(ms, 'Asia/Kolkata'), utcText(ms + 19_800_000), `${ms} Asia/Kolkata`);
      assert.equal(formatEpochMillis(ms), utcText(ms), `${ms} again`);
    }
  });

  it('writes wall-clock time in db.timezone, following daylight saving', () => {
    const winter = BigInt(Date.UTC(2024, 0, 15, 12)) * 1000n;
    const summer = BigInt(Date.UTC(2024, 6, 15, 12)) * 1000n;
    assert.equal(formatEpochMicros(winter, 'America/New_York'), '2024-01-15 07:00:00.000000');
    assert.equal(formatEpochMicros(summer, 'America/New_York'), '2024-07-15 08:00:00.000000');
    assert.equal(formatEpochMicros(summer, 'Asia/Kolkata'), '2024-07-15 17:30:00.000000');
  });

  it('reads zoned ISO-8601 text to the microsecond', () => {
    assert.equal(parseIsoToEpochMicros('2024-03-01T14:34:56.1234567+02:00'), 1709296496123456n);
    assert.equal(parseIsoToEpochMicros('2024-03-01T12:34:56Z'), 1709296496000000n);
    assert.equal(parseIsoToEpochMicros('not a time'), null);
  });

  it('turns Connect and Debezium time values into SQL text', () => {
    assert.equal(timeValueText(new Date(Date.UTC(2024, 1, 29)), named('int32', 'org.apache.kafka.connect.data.Date'), 'UTC'), '2024-02-29');
    assert.equal(timeValueText(19782, named('int32', 'io.debezium.time.Date'), 'UTC'), '2024-02-29');
    assert.equal(timeValueText(49530123456n, named('int64', 'io.debezium.time.MicroTime'), 'UTC'), '13:45:30.123456');
    assert.equal(timeValueText(1709296496123456789n, named('int64', 'io.debezium.time.NanoTimestamp'), 'UTC'), '2024-03-01 12:34:56.123456');
    assert.equal(timeValueText('2024-03-01T12:34:56.5Z', named('string', 'io.debezium.time.ZonedTimestamp'), 'Europe/Paris'),
      '2024-03-01 13:34:56.500000');
    assert.equal(timeValueText(new Date(Date.UTC(2024, 2, 1, 12)), named('int64', 'org.apache.kafka.connect.data.Timestamp'), 'UTC', true),
      '2024-03-01 12:00:00.000000+00:00');
  });
});
