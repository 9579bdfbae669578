import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaBuilder, Schemas, SinkRecord, Struct } from '@tsconnect/api';
import { recordLayout } from '../../src/sink/record-layout.js';
import { planSegments } from '../../src/sink/segment-plan.js';
import type { InsertMode } from '../../src/sink/sink-config.js';
import { sinkOperation, type SinkOperation } from '../../src/sink/sink-operation.js';

const VALUE = SchemaBuilder.struct().addField('v', Schemas.STRING).build();
const VALUE2 = SchemaBuilder.struct().addField('v', Schemas.STRING).addField('w', Schemas.OPTIONAL_STRING).build();
const settings = { pkMode: 'record_key' as const, pkFields: ['id'], fieldsWhitelist: [], replaceNullWithDefault: true };
let offset = 0;

function op(id: number, v: string | null, schema = VALUE): SinkOperation {
  const record = new SinkRecord({
    topic: 't', kafkaPartition: 0, kafkaOffset: offset++, keySchema: Schemas.INT32, key: id,
    valueSchema: v === null ? null : schema, value: v === null ? null : new Struct(schema).put('v', v),
  });
  return sinkOperation(record, recordLayout(settings, 't', Schemas.INT32, record.valueSchema), v === null);
}

/** Each segment as [deleted keys, written "key=value"s]. */
function plan(ops: SinkOperation[], mode: InsertMode): [number[], string[]][] {
  return planSegments(ops, mode).map((s) => [
    s.deletes.map((d) => d.record.key as number),
    s.writes.map((w) => `${w.record.key}=${(w.record.value as Struct).get('v')}`),
  ]);
}

describe('planSegments', () => {
  it('keeps the last write of a key in upsert mode', () => {
    assert.deepEqual(plan([op(1, 'a'), op(2, 'b'), op(1, 'c')], 'upsert'), [[[], ['1=c', '2=b']]]);
  });

  it('keeps a delete before a later write of the same key, and lets a later delete cancel a write', () => {
    assert.deepEqual(plan([op(1, 'a'), op(1, null), op(1, 'b'), op(2, 'x'), op(2, null), op(3, null)], 'upsert'),
      [[[1, 2, 3], ['1=b']]]);
  });

  it('starts a new segment for a second insert of a key, so the database sees both', () => {
    assert.deepEqual(plan([op(1, 'a'), op(2, 'b'), op(1, 'c')], 'insert'), [[[], ['1=a', '2=b']], [[], ['1=c']]]);
    assert.deepEqual(plan([op(1, null), op(1, 'a')], 'insert'), [[[1], ['1=a']]]);
  });

  it('starts a new segment where the value schema changes', () => {
    assert.deepEqual(plan([op(1, 'a'), op(2, 'b', VALUE2), op(3, null)], 'upsert'), [[[], ['1=a']], [[3], ['2=b']]]);
  });

  it('accounts for every record, including those a later one replaced', () => {
    const ops = [op(1, 'a'), op(1, 'b'), op(1, null)];
    assert.equal(planSegments(ops, 'upsert').flatMap((s) => s.operations).length, 3);
  });
});
