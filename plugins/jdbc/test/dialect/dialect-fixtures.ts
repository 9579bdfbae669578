/** Table definitions and a statement-recording connection for testing the SQL dialects build. */
import { SchemaBuilder, Schemas, type Schema } from '@tsconnect/api';
import type { ConnectionUrl } from '../../src/connection/connection-url.js';
import type { DatabaseConnection, QueryResult } from '../../src/connection/database-connection.js';
import type { ColumnDefinition, JdbcType, SinkColumn, TableDefinition } from '../../src/dialect/dialect.js';

export function column(name: string, fullType: string, jdbcType: JdbcType = 'OTHER', extra: Partial<ColumnDefinition> = {}): ColumnDefinition {
  return {
    name, ordinal: 0, typeName: fullType.replace(/\(.*$/, '').toLowerCase(), fullType, jdbcType, precision: null, scale: null,
    nullable: true, isPrimaryKey: false, isAutoIncrement: false, defaultValue: null, ...extra,
  };
}

export function table(name: string, columns: ColumnDefinition[], schema: string | null = null): TableDefinition {
  return {
    id: { catalog: null, schema, table: name },
    columns: columns.map((c, i) => ({ ...c, ordinal: i + 1 })),
    type: 'TABLE',
    primaryKey: columns.filter((c) => c.isPrimaryKey).map((c) => c.name),
  };
}

export function sinkColumn(name: string, schema: Schema, isPrimaryKey = false): SinkColumn {
  return { name, schema, isPrimaryKey };
}

/** One column of every kind the sink writes, for CREATE TABLE tests. */
export function everyKindColumns(decimal: Schema): SinkColumn[] {
  return [
    sinkColumn('id', Schemas.INT64, true),
    sinkColumn('code', Schemas.STRING, true),
    sinkColumn('i8', Schemas.INT8),
    sinkColumn('i16', Schemas.OPTIONAL_INT16),
    sinkColumn('i32', Schemas.INT32),
    sinkColumn('f32', Schemas.FLOAT32),
    sinkColumn('f64', Schemas.FLOAT64),
    sinkColumn('flag', SchemaBuilder.bool().withDefault(true).build()),
    sinkColumn('note', SchemaBuilder.string().optional().withDefault("it's").build()),
    sinkColumn('bin', Schemas.OPTIONAL_BYTES),
    sinkColumn('amount', decimal),
  ];
}

export class RecordingConnection implements DatabaseConnection {
  readonly driver = 'odbc' as const;
  readonly paramStyle = 'question' as const;
  readonly inTransaction: boolean = false;
  readonly url = { url: 'DSN=x' } as ConnectionUrl;
  readonly statements: { sql: string; params: readonly unknown[] }[] = [];

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    this.statements.push({ sql, params });
    return { rows: [], rowCount: 1, columns: [] };
  }
  async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    this.statements.push({ sql, params });
    return 1;
  }
  async executeBatch(sql: string, paramSets: readonly (readonly unknown[])[]): Promise<number[]> {
    for (const params of paramSets) this.statements.push({ sql, params });
    return paramSets.map(() => 1);
  }
  async *queryInChunks<R>(): AsyncIterable<R[]> {}
  async begin(): Promise<void> {}
  async commit(): Promise<void> {}
  async rollback(): Promise<void> {}
  async transaction<T>(work: () => Promise<T>, whileBeginning?: () => void): Promise<T> {
    whileBeginning?.();
    return work();
  }
  async serverVersion(): Promise<string> { return 'test'; }
  async isValid(): Promise<boolean> { return true; }
  async close(): Promise<void> {}
}
