/**
 * Actian Vector (and Actian X / Ingres), reached through its ODBC driver. Regular and delimited
 * identifiers are folded to lower case by default, so metadata is looked up in lower case. Rows
 * are written by one prepared single-row INSERT run for every row (node-odbc has no array binding);
 * upserts are DELETE then INSERT of the batch's keys in the batch's transaction. Nullability is
 * spelled Ingres-style (`WITH NULL` / `NOT NULL`), dates are ANSIDATE and strings NVARCHAR.
 *
 * Not yet run against a live Vector server: only the SQL it generates is tested.
 */
import type { Schema } from '@tsconnect/api';
import { decimalPrecision, decimalScale, type ColumnKind } from './column-kind.js';
import type { IdentifierCase } from './dialect.js';
import { GenericDatabaseDialect } from './generic-dialect.js';

export class VectorDatabaseDialect extends GenericDatabaseDialect {
  static override readonly dialectName: string = 'VectorDatabaseDialect';
  override readonly identifierCase: IdentifierCase = 'lower';
  override readonly maxParameters: number = 1024;

  protected override typeFor(kind: ColumnKind, schema: Schema, isKey: boolean): string {
    switch (kind) {
      case 'int8': return 'TINYINT';
      case 'int16': return 'SMALLINT';
      case 'int32': return 'INTEGER';
      case 'int64': return 'BIGINT';
      case 'float32': return 'FLOAT4';
      case 'float64': return 'FLOAT8';
      case 'boolean': return 'BOOLEAN';
      case 'string': case 'json': case 'array': case 'map': case 'struct': return isKey ? 'NVARCHAR(255)' : 'NVARCHAR(16000)';
      case 'uuid': return 'CHAR(36)';
      case 'bytes': return isKey ? 'VARBYTE(255)' : 'VARBYTE(32000)';
      case 'decimal': {
        const scale = Math.max(0, decimalScale(schema) ?? 10);
        const precision = Math.min(38, Math.max(decimalPrecision(schema) ?? 38, scale));
        return `DECIMAL(${precision},${Math.min(scale, precision)})`;
      }
      case 'date': return 'ANSIDATE';
      case 'time': return 'TIME(6) WITHOUT TIME ZONE';
      case 'timestamp': return 'TIMESTAMP(6) WITHOUT TIME ZONE';
      case 'timestamptz': return 'TIMESTAMP(6) WITH TIME ZONE';
    }
  }

  protected override nullClause(nullable: boolean): string {
    return nullable ? 'WITH NULL' : 'NOT NULL';
  }
}
