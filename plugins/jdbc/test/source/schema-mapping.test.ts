import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BigDecimal, Decimal } from '@tsconnect/api';
import type { ColumnDefinition } from '../../src/source/column-definition.js';
import { parseDeclaredType } from '../../src/source/column-definition.js';
import { RowMapper } from '../../src/source/schema-mapping.js';
import type { NumericMapping } from '../../src/source/source-config.js';

const column = (name: string, declared: string, nullable = true): ColumnDefinition => ({
  name, ...parseDeclaredType(declared), nullable, autoIncrement: false, primaryKey: false,
});

const mapper = (columns: ColumnDefinition[], numericMapping: NumericMapping = 'none') =>
  new RowMapper('t', columns, { numericMapping, timestampGranularity: 'connect_logical', timeZone: 'UTC' });

const typeOf = (declared: string, numericMapping: NumericMapping = 'none') => {
  const s = mapper([column('c', declared)], numericMapping).schema.fields[0]!.schema;
  return s.name ?? s.type;
};

describe('RowMapper', () => {
  it('maps integer widths, one wider when unsigned', () => {
    assert.deepEqual(['tinyint', 'smallint', 'int', 'bigint', 'int unsigned', 'smallint unsigned'].map((t) => typeOf(t)),
      ['INT8', 'INT16', 'INT32', 'INT64', 'INT64', 'INT32']);
  });

  it('maps NUMERIC per numeric.mapping and DECIMAL always to Decimal, as Confluent', () => {
    assert.equal(typeOf('numeric(10,2)'), Decimal.LOGICAL_NAME);
    assert.equal(typeOf('numeric(5,0)', 'precision_only'), 'INT32');
    assert.equal(typeOf('numeric(12,0)', 'best_fit'), 'INT64');
    assert.equal(typeOf('numeric(10,2)', 'precision_only'), Decimal.LOGICAL_NAME);
    assert.equal(typeOf('numeric(10,2)', 'best_fit'), 'FLOAT64');
    assert.equal(typeOf('numeric(30,2)', 'best_fit'), Decimal.LOGICAL_NAME);
    assert.equal(typeOf('numeric(30,2)', 'best_fit_eager_double'), 'FLOAT64');
    assert.equal(typeOf('decimal(10,2)', 'best_fit'), Decimal.LOGICAL_NAME);
  });

  it('converts driver values into Connect values', () => {
    const m = mapper([
      column('id', 'bigint', false), column('price', 'decimal(10,2)'), column('day', 'date'), column('at', 'time'),
      column('ts', 'timestamp'), column('ok', 'boolean'), column('blob', 'bytea'), column('doc', 'jsonb'), column('gone', 'text'),
    ]);
    const s = m.toStruct({
      id: '42', price: '3.5', day: '2024-02-29', at: '10:00:01.5', ts: '2024-02-29 23:59:59.123456', ok: 't',
      blob: Buffer.from([1, 2]), doc: { a: 1 }, gone: null,
    });
    assert.equal(s.get('id'), 42n);
    assert.ok((s.get('price') as BigDecimal).equals(BigDecimal.fromString('3.50')));
    assert.deepEqual(s.get('day'), new Date('2024-02-29T00:00:00Z'));
    assert.deepEqual(s.get('at'), new Date(10 * 3600_000 + 1500));
    assert.deepEqual(s.get('ts'), new Date('2024-02-29T23:59:59.123Z'));
    assert.equal(s.get('ok'), true);
    assert.deepEqual([...(s.get('blob') as Uint8Array)], [1, 2]);
    assert.equal(s.get('doc'), '{"a":1}');
    assert.equal(s.get('gone'), null);
    assert.equal(m.schema.name, 't');
    assert.equal(m.schema.field('id')!.schema.isOptional, false);
  });

  it('writes timestamps per timestamp.granularity', () => {
    const m = new RowMapper(null, [column('ts', 'timestamp')], { numericMapping: 'none', timestampGranularity: 'nanos_long', timeZone: 'UTC' });
    assert.equal(m.toStruct({ ts: '1970-01-01 00:00:01.000000123' }).get('ts'), 1_000_000_123n);
  });
});
