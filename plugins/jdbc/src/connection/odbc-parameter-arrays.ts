/**
 * Lays out rows of bound values as ODBC column-wise parameter arrays: for each column one buffer
 * of fixed-width cells and one length (or SQL_NULL_DATA) per row, with the C type the values have
 * and the SQL type of the target column. Integers go as 64-bit integers, other numbers as doubles,
 * booleans as bits, bytes as binary, text as UTF-8 (SQL_C_CHAR) when it is all ASCII and as UTF-16
 * (SQL_C_WCHAR) otherwise. Decimals, dates and timestamps arrive as text from the dialect and are
 * bound as text with the column's SQL type (SQL_DECIMAL, SQL_TYPE_DATE, SQL_TYPE_TIMESTAMP), so the
 * driver converts them as it would its own literals. Times stay VARCHAR: ODBC's SQL_TYPE_TIME has
 * no fraction, and MariaDB's driver refuses one (22008) where the server would take it.
 */
import { DataException } from '@tsconnect/api';

export const SQL_NULL_DATA = -1n;

/** ODBC C data types (sqlext.h). */
const C = { CHAR: 1, WCHAR: -8, SBIGINT: -25, DOUBLE: 8, BIT: -7, BINARY: -2 } as const;
/** ODBC SQL data types (sql.h, sqlext.h). */
const SQL = {
  VARCHAR: 12, WVARCHAR: -9, BIGINT: -5, DOUBLE: 8, BIT: -7, VARBINARY: -3, LONGVARBINARY: -4,
  DECIMAL: 3, TYPE_DATE: 91, TYPE_TIMESTAMP: 93,
} as const;

/** What the target column is, as far as binding cares (the dialect's JdbcType names). */
export interface ParameterHint {
  readonly jdbcType: string;
  readonly precision: number | null;
  readonly scale: number | null;
}

export interface ParameterColumn {
  cType: number;
  sqlType: number;
  size: number;
  digits: number;
  /** Bytes per row in `data`. */
  width: number;
  data: Buffer;
  lengths: BigInt64Array;
}

type ValueClass = 'null' | 'integer' | 'double' | 'boolean' | 'bytes' | 'text';

function classOf(value: unknown): ValueClass {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return 'integer';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'integer' : 'double';
  if (typeof value === 'boolean') return 'boolean';
  if (value instanceof Uint8Array) return 'bytes';
  return 'text';
}

/** One class for the whole column: integers widen to doubles, anything mixed with text becomes text. */
function columnClass(rows: readonly (readonly unknown[])[], index: number): ValueClass {
  let found: ValueClass = 'null';
  for (const row of rows) {
    const c = classOf(row[index]);
    if (c === 'null' || c === found) continue;
    if (found === 'null') found = c;
    else if ((found === 'integer' && c === 'double') || (found === 'double' && c === 'integer')) found = 'double';
    else if (c === 'bytes' || found === 'bytes') throw new DataException(`Parameter ${index + 1} mixes bytes with other values`);
    else found = 'text';
  }
  return found;
}

/** The SQL type and its size/digits for text bound to a column of this kind. */
function textTarget(hint: ParameterHint | undefined, wide: boolean, maxChars: number, maxFraction: number):
  { sqlType: number; size: number; digits: number } {
  switch (hint?.jdbcType) {
    case 'DECIMAL': case 'NUMERIC':
      return { sqlType: SQL.DECIMAL, size: hint.precision ?? Math.max(1, maxChars), digits: hint.scale ?? 0 };
    case 'DATE':
      return { sqlType: SQL.TYPE_DATE, size: 10, digits: 0 };
    case 'TIMESTAMP':
      return { sqlType: SQL.TYPE_TIMESTAMP, size: maxFraction > 0 ? 20 + maxFraction : 19, digits: maxFraction };
    default:
      return { sqlType: wide ? SQL.WVARCHAR : SQL.VARCHAR, size: Math.max(1, maxChars), digits: 0 };
  }
}

function fractionDigits(text: string): number {
  const match = /\.(\d+)$/.exec(text);
  return match ? match[1]!.length : 0;
}

function isAscii(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text);
}

/** Bytes each row of the column takes; lets the caller keep a whole array within a memory budget. */
export function rowWidth(rows: readonly (readonly unknown[])[], index: number): number {
  let width = 8;
  for (const row of rows) {
    const v = row[index];
    if (typeof v === 'string') width = Math.max(width, v.length * 2);
    else if (v instanceof Uint8Array) width = Math.max(width, v.byteLength);
  }
  return width;
}

export function parameterColumns(rows: readonly (readonly unknown[])[], hints: readonly (ParameterHint | undefined)[]): ParameterColumn[] {
  const count = rows.length;
  const width = rows[0]?.length ?? 0;
  const columns: ParameterColumn[] = [];
  for (let i = 0; i < width; i++) {
    const lengths = new BigInt64Array(count);
    const hint = hints[i];
    switch (columnClass(rows, i)) {
      case 'null':
        lengths.fill(SQL_NULL_DATA);
        columns.push({ cType: C.CHAR, sqlType: SQL.VARCHAR, size: 1, digits: 0, width: 1, data: Buffer.alloc(count), lengths });
        break;
      case 'integer': {
        const data = Buffer.alloc(count * 8);
        rows.forEach((row, r) => {
          const v = row[i];
          if (v === null || v === undefined) lengths[r] = SQL_NULL_DATA;
          else { data.writeBigInt64LE(BigInt(v as number | bigint), r * 8); lengths[r] = 8n; }
        });
        columns.push({ cType: C.SBIGINT, sqlType: SQL.BIGINT, size: 19, digits: 0, width: 8, data, lengths });
        break;
      }
      case 'double': {
        const data = Buffer.alloc(count * 8);
        rows.forEach((row, r) => {
          const v = row[i];
          if (v === null || v === undefined) lengths[r] = SQL_NULL_DATA;
          else { data.writeDoubleLE(Number(v), r * 8); lengths[r] = 8n; }
        });
        columns.push({ cType: C.DOUBLE, sqlType: SQL.DOUBLE, size: 15, digits: 0, width: 8, data, lengths });
        break;
      }
      case 'boolean': {
        const data = Buffer.alloc(count);
        rows.forEach((row, r) => {
          const v = row[i];
          if (v === null || v === undefined) lengths[r] = SQL_NULL_DATA;
          else { data[r] = v ? 1 : 0; lengths[r] = 1n; }
        });
        columns.push({ cType: C.BIT, sqlType: SQL.BIT, size: 1, digits: 0, width: 1, data, lengths });
        break;
      }
      case 'bytes': {
        let cell = 1;
        for (const row of rows) if (row[i] instanceof Uint8Array) cell = Math.max(cell, (row[i] as Uint8Array).byteLength);
        const data = Buffer.alloc(count * cell);
        rows.forEach((row, r) => {
          const v = row[i];
          if (v === null || v === undefined) { lengths[r] = SQL_NULL_DATA; return; }
          data.set(v as Uint8Array, r * cell);
          lengths[r] = BigInt((v as Uint8Array).byteLength);
        });
        const long = hint?.jdbcType === 'LONGVARBINARY' || hint?.jdbcType === 'BLOB';
        columns.push({ cType: C.BINARY, sqlType: long ? SQL.LONGVARBINARY : SQL.VARBINARY, size: cell, digits: 0, width: cell, data, lengths });
        break;
      }
      case 'text': {
        const texts = rows.map((row) => (row[i] === null || row[i] === undefined ? null : String(row[i])));
        const wide = !texts.every((t) => t === null || isAscii(t));
        const encoding = wide ? 'utf16le' : 'latin1';
        let cell = 1;
        let maxChars = 0;
        let maxFraction = 0;
        for (const t of texts) {
          if (t === null) continue;
          cell = Math.max(cell, Buffer.byteLength(t, encoding));
          maxChars = Math.max(maxChars, t.length);
          maxFraction = Math.max(maxFraction, fractionDigits(t));
        }
        const data = Buffer.alloc(count * cell);
        texts.forEach((t, r) => {
          if (t === null) { lengths[r] = SQL_NULL_DATA; return; }
          lengths[r] = BigInt(data.write(t, r * cell, encoding));
        });
        const target = textTarget(hint, wide, maxChars, Math.min(9, maxFraction));
        columns.push({ cType: wide ? C.WCHAR : C.CHAR, ...target, width: cell, data, lengths });
        break;
      }
    }
  }
  return columns;
}
