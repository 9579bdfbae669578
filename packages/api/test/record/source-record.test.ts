import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Schemas, SourceRecord } from '../../src/index.js';

describe('SourceRecord', () => {
  it('newRecord keeps the class, source partition and offset', () => {
    const r = new SourceRecord({
      sourcePartition: { table: 'users' }, sourceOffset: { id: 10 }, topic: 't', valueSchema: Schemas.STRING, value: 'v',
    });
    const n = r.newRecord({ value: 'w', timestamp: 5 });
    assert.ok(n instanceof SourceRecord);
    assert.deepEqual([n.sourcePartition, n.sourceOffset, n.topic, n.value, n.valueSchema, n.timestamp],
      [{ table: 'users' }, { id: 10 }, 't', 'w', Schemas.STRING, 5]);
    assert.equal(r.value, 'v');
    assert.equal(n.toString().startsWith('SourceRecord{sourcePartition={table=users}, sourceOffset={id=10}} ConnectRecord{'), true);
  });

  it('compares source partition and offset by content', () => {
    const make = (id: number): SourceRecord => new SourceRecord({ sourcePartition: { t: 'a' }, sourceOffset: { id }, topic: 't' });
    assert.ok(make(1).equals(make(1)));
    assert.equal(make(1).equals(make(2)), false);
  });
});
