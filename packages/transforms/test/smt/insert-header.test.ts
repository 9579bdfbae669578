import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectHeader, Schemas, type SinkRecord } from '@tsconnect/api';
import { InsertHeader } from '../../src/index.js';
import { sinkRecord } from '../util/test-records.js';

function insert(props: Record<string, unknown>): InsertHeader<SinkRecord> {
  const xform = new InsertHeader<SinkRecord>();
  xform.configure(props);
  return xform;
}

describe('InsertHeader', () => {
  it('adds a header parsed from the literal, keeping existing ones with that key', () => {
    const record = sinkRecord({ value: null, headers: [new ConnectHeader('inserted', Schemas.STRING, 'old')] });
    const transformed = insert({ header: 'inserted', 'value.literal': 'inserted-value' }).apply(record);
    const headers = transformed.headers.allWithName('inserted');
    assert.equal(headers.length, 2);
    assert.equal(headers[1]!.value, 'inserted-value');
    assert.ok(headers[1]!.schema!.equals(Schemas.STRING));
    assert.equal(record.headers.size, 1, 'the original record keeps its headers');
    assert.equal(transformed.value, null, 'tombstones get the header too');
  });

  it('infers the literal schema as Values.parseString does', () => {
    const transformed = insert({ header: 'n', 'value.literal': '42' }).apply(sinkRecord());
    const header = transformed.headers.lastWithName('n')!;
    assert.equal(header.value, 42);
    assert.equal(header.schema!.type, 'INT8');
  });

  it('requires header and value.literal', () => {
    assert.throws(() => insert({ 'value.literal': 'x' }),
      { message: 'Missing required configuration "header" which has no default value.' });
    assert.throws(() => insert({ header: 'x' }),
      { message: 'Missing required configuration "value.literal" which has no default value.' });
  });
});
