/**
 * A Connect default value as an SQL literal, for `DEFAULT` clauses of auto-created columns.
 * Returns null for values that have no portable literal (nested values), so no DEFAULT is written.
 */
import { BigDecimal, type Schema } from '@tsconnect/api';
import { columnKind } from './column-kind.js';
import { timeValueText } from './time-value.js';

function quoteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

export function sqlLiteral(value: unknown, schema: Schema, booleanAsNumber = false): string | null {
  if (value === null || value === undefined) return null;
  switch (columnKind(schema)) {
    case 'int8': case 'int16': case 'int32': case 'int64': case 'float32': case 'float64':
      return typeof value === 'number' && !Number.isFinite(value) ? null : String(value);
    case 'boolean':
      return booleanAsNumber ? (value ? '1' : '0') : value ? 'TRUE' : 'FALSE';
    case 'string': case 'json': case 'uuid':
      return quoteString(String(value));
    case 'decimal':
      return value instanceof BigDecimal ? value.toPlainString() : null;
    case 'date': case 'time': case 'timestamp': case 'timestamptz':
      return quoteString(timeValueText(value, schema, 'UTC'));
    default:
      return null;
  }
}
