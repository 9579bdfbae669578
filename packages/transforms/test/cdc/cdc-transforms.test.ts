import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SinkRecord } from '@tsconnect/api';
import { cdcTransforms } from '../../src/cdc/cdc-transforms.js';
import { ExtractNewRecordState } from '../../src/cdc/extract-new-record-state.js';
import { QlikReplicateUnwrap } from '../../src/cdc/qlik-replicate-unwrap.js';

describe('cdcTransforms', () => {
  it('lists both transforms under their Java class names and our aliases', () => {
    const byName = new Map(cdcTransforms.flatMap((e) => [...e.javaNames, ...e.aliases].map((n) => [n, e.class] as const)));
    assert.equal(byName.get('io.debezium.transforms.ExtractNewRecordState'), ExtractNewRecordState);
    assert.equal(byName.get('DebeziumUnwrap'), ExtractNewRecordState);
    assert.equal(byName.get('io.tsconnect.transforms.QlikReplicateUnwrap'), QlikReplicateUnwrap);
    assert.equal(byName.get('QlikReplicateUnwrap'), QlikReplicateUnwrap);
    assert.ok(cdcTransforms.every((e) => e.kind === 'transformation'));
  });

  it('gives classes that can be configured and applied with defaults', () => {
    for (const entry of cdcTransforms) {
      const transform = new entry.class();
      transform.configure({});
      const record = new SinkRecord({ topic: 't', kafkaOffset: 0, value: { unrelated: true } });
      assert.equal(transform.apply(record), record);
      transform.close();
    }
  });
});
