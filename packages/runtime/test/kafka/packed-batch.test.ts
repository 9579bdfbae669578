import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unpack } from '../../src/kafka/kafka-consumer.js';

/** A batch laid out as packed-consume.cc lays it out. */
function pack(
  messages: {
    topic: number;
    partition: number;
    offset: number;
    timestamp: number;
    type: number;
    key: string | null;
    value: string | null;
    headers?: [string, string][];
  }[],
) {
  const data: Buffer[] = [];
  const meta: number[] = [];
  for (const m of messages) {
    const key = m.key === null ? null : Buffer.from(m.key);
    const value = m.value === null ? null : Buffer.from(m.value);
    meta.push(m.offset, m.timestamp, m.type, m.partition, m.topic, key?.length ?? -1, value?.length ?? -1, m.headers?.length ?? 0);
    if (key) data.push(key);
    if (value) data.push(value);
    for (const [name, headerValue] of m.headers ?? []) {
      meta.push(Buffer.byteLength(name), Buffer.byteLength(headerValue));
      data.push(Buffer.from(name), Buffer.from(headerValue));
    }
  }
  return { data: Buffer.concat(data), meta: Float64Array.from(meta), count: messages.length };
}

describe('unpack', () => {
  const batch = {
    ...pack([
      { topic: 0, partition: 0, offset: 7, timestamp: 1000, type: 1, key: 'k', value: 'v', headers: [['h', 'é'], ['', '']] },
      { topic: 1, partition: 2, offset: 2 ** 40, timestamp: 2000, type: 2, key: null, value: 'only value' },
      { topic: 0, partition: 1, offset: 0, timestamp: -1, type: 0, key: '', value: null, headers: [['x', 'y']] },
      { topic: 1, partition: 3, offset: 5, timestamp: 3000, type: 1, key: 'last', value: '' },
    ]),
    topics: ['a', 'b'],
  };

  it('reads every field of every record, keys, values and header values as views of the one buffer', () => {
    const all = new Map([
      ['a', new Set([0, 1])],
      ['b', new Set([2, 3])],
    ]);
    const records = unpack(batch, all);
    assert.deepEqual(
      records.map((r) => ({
        ...r,
        key: r.key?.toString() ?? null,
        value: r.value?.toString() ?? null,
        headers: r.headers.map((h) => [h.key, h.value?.toString()]),
      })),
      [
        { topic: 'a', partition: 0, offset: 7, key: 'k', value: 'v', headers: [['h', 'é'], ['', '']], timestamp: 1000, timestampType: 'CreateTime' },
        { topic: 'b', partition: 2, offset: 2 ** 40, key: null, value: 'only value', headers: [], timestamp: 2000, timestampType: 'LogAppendTime' },
        { topic: 'a', partition: 1, offset: 0, key: '', value: null, headers: [['x', 'y']], timestamp: -1, timestampType: 'NoTimestampType' },
        { topic: 'b', partition: 3, offset: 5, key: 'last', value: '', headers: [], timestamp: 3000, timestampType: 'CreateTime' },
      ],
    );
    for (const r of records) {
      for (const bytes of [r.key, r.value, ...r.headers.map((h) => h.value ?? null)]) {
        if (bytes !== null) assert.equal(bytes.buffer, batch.data.buffer);
      }
    }
    assert.ok(Object.isFrozen(records[1]!.headers), 'records without headers share the frozen empty list');
  });

  it('leaves out records of partitions not assigned, and still reads the records after them', () => {
    const some = new Map([
      ['a', new Set([1])],
      ['b', new Set([3])],
    ]);
    assert.deepEqual(
      unpack(batch, some).map((r) => `${r.topic}-${r.partition}@${r.offset} ${r.key?.toString()}`),
      ['a-1@0 ', 'b-3@5 last'],
    );
    assert.deepEqual(unpack(batch, new Map()), []);
  });
});
