import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTableId, tableIdToString } from '../../src/dialect/table-id.js';

describe('parseTableId', () => {
  it('reads table, schema.table and catalog.schema.table, with quoted parts', () => {
    assert.deepEqual(parseTableId('orders'), { catalog: null, schema: null, table: 'orders' });
    assert.deepEqual(parseTableId('sales.orders'), { catalog: null, schema: 'sales', table: 'orders' });
    assert.deepEqual(parseTableId('db.sales."my.table"'), { catalog: 'db', schema: 'sales', table: 'my.table' });
    assert.equal(tableIdToString(parseTableId('a.b')), 'a.b');
  });

  it('rejects empty parts and more than three', () => {
    assert.throws(() => parseTableId('a..b'), SyntaxError);
    assert.throws(() => parseTableId('a.b.c.d'), SyntaxError);
  });
});
