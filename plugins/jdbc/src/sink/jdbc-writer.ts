/**
 * Writes a batch of sink records: maps each to its table and columns, creates or evolves tables,
 * reduces each table's operations to segments (segment-plan.ts) and runs them all in one
 * transaction, which commits only when every table is written. Nothing is left half-written: any
 * failure rolls the whole batch back.
 */
import { ConnectException, DataException, isRetriable, type Schema, type SinkRecord } from '@tsconnect/api';
import type { DatabaseConnection } from '../connection/database-connection.js';
import { ParameterSetError } from '../connection/odbc-bulk-connection.js';
import { findColumn, type ColumnDefinition, type Dialect, type TableDefinition } from '../dialect/dialect.js';
import { parseTableId, tableIdToString, type TableId } from '../dialect/table-id.js';
import { recordLayout, type ColumnSource, type LayoutSettings, type RecordLayout } from './record-layout.js';
import { planSegments, type Segment } from './segment-plan.js';
import type { InsertMode } from './sink-config.js';
import { recordCoordinates, sinkOperation, type SinkOperation } from './sink-operation.js';
import { SinkWriteException } from './sink-write-exception.js';
import type { TableStructure } from './table-structure.js';

interface WriterSettings extends LayoutSettings {
  insertMode: InsertMode;
  deleteEnabled: boolean;
  tableNameFormat: string;
  /** Rows per statement (0 = as many as the dialect allows). */
  batchSize: number;
}

interface TableBatch {
  readonly id: TableId;
  readonly operations: SinkOperation[];
}

/** A segment with the table its records go to and the columns of their key and value fields. */
interface ResolvedSegment {
  readonly segment: Segment;
  readonly table: TableDefinition;
  readonly keyDefs: readonly ColumnDefinition[];
  readonly valueDefs: readonly ColumnDefinition[];
}

/** A segment with its values bound for the table, ready to run. */
interface BoundSegment {
  readonly table: TableDefinition;
  readonly keyColumns: string[];
  readonly valueColumns: string[];
  readonly deleteKeys: unknown[][];
  readonly rows: unknown[][];
  /** The record of each entry of `rows`. */
  readonly writeRecords: SinkRecord[];
  readonly records: SinkRecord[];
}

const NO_SCHEMA = {};

export class JdbcWriter {
  readonly #schemaIds = new WeakMap<object, number>();
  readonly #layouts = new Map<string, RecordLayout>();
  #lastLayout: { tableName: string; keySchema: Schema | null; valueSchema: Schema | null; layout: RecordLayout } | null = null;
  /** table.name.format applied, by topic: every record asks. */
  readonly #tableNames = new Map<string, string>();
  #nextSchemaId = 1;

  readonly #connection: DatabaseConnection;
  readonly #dialect: Dialect;
  readonly #structure: TableStructure;
  readonly #settings: WriterSettings;

  constructor(
    connection: DatabaseConnection,
    dialect: Dialect,
    structure: TableStructure,
    settings: WriterSettings,
  ) {
    this.#connection = connection;
    this.#dialect = dialect;
    this.#structure = structure;
    this.#settings = settings;
  }

  #schemaId(schema: Schema | null): number {
    const key = schema ?? NO_SCHEMA;
    let id = this.#schemaIds.get(key);
    if (id === undefined) {
      id = this.#nextSchemaId++;
      this.#schemaIds.set(key, id);
    }
    return id;
  }

  #layout(tableName: string, keySchema: Schema | null, valueSchema: Schema | null): RecordLayout {
    // Records of a batch nearly always repeat the previous one's table and schemas: no key string for them.
    const last = this.#lastLayout;
    if (last !== null && last.tableName === tableName && last.keySchema === keySchema && last.valueSchema === valueSchema) {
      return last.layout;
    }
    const cacheKey = `${tableName}\u0000${this.#schemaId(keySchema)}\u0000${this.#schemaId(valueSchema)}`;
    let layout = this.#layouts.get(cacheKey);
    if (!layout) {
      layout = recordLayout(this.#settings, tableName, keySchema, valueSchema);
      if (this.#layouts.size > 10_000) this.#layouts.clear();
      this.#layouts.set(cacheKey, layout);
    }
    this.#lastLayout = { tableName, keySchema, valueSchema, layout };
    return layout;
  }

  #tableName(record: SinkRecord): string {
    let name = this.#tableNames.get(record.topic);
    if (name === undefined) {
      name = this.#settings.tableNameFormat.replaceAll('${topic}', record.topic);
      if (this.#tableNames.size > 10_000) this.#tableNames.clear();
      this.#tableNames.set(record.topic, name);
    }
    return name;
  }

  #operation(record: SinkRecord, tableName: string): SinkOperation {
    if (record.value === null) {
      const where = `record ${recordCoordinates(record)}`;
      if (!this.#settings.deleteEnabled) {
        throw new ConnectException(`Sink connector is configured with 'delete.enabled=false' and 'pk.mode=${this.#settings.pkMode}' ` +
          `and therefore requires records with a non-null Struct value and non-null Struct schema, but found ${where} ` +
          'with a null value and null value schema.');
      }
      if (record.key === null || record.keySchema === null) {
        throw new ConnectException(`Sink connector is configured with 'delete.enabled=true' and therefore requires records ` +
          `with a non-null key and non-null Struct or primitive key schema, but found ${where} with a null key or key schema.`);
      }
      return sinkOperation(record, this.#layout(tableName, record.keySchema, null), true);
    }
    if (record.valueSchema === null) {
      throw new ConnectException(`Sink connector requires records with a schema (a Struct value and schema), but found record ${recordCoordinates(record)} ` +
        'without a value schema; use a converter with schemas (e.g. JsonConverter with schemas.enable=true, Avro).');
    }
    return sinkOperation(record, this.#layout(tableName, record.keySchema, record.valueSchema), false);
  }

  /**
   * Writes the records in one transaction (DDL, if any, runs before it). `alsoInTransaction` runs
   * in the same transaction after the rows (the exactly-once option stores offsets there).
   */
  async write(records: readonly SinkRecord[], alsoInTransaction?: () => Promise<unknown>): Promise<void> {
    const batches = new Map<string, TableBatch>();
    for (const record of records) {
      const tableName = this.#tableName(record);
      let batch = batches.get(tableName);
      if (!batch) {
        let id: TableId;
        try {
          id = parseTableId(tableName);
        } catch (err) {
          throw new ConnectException(`table.name.format gives an invalid table name for ${recordCoordinates(record)}: ${(err as Error).message}`);
        }
        batch = { id, operations: [] };
        batches.set(tableName, batch);
      }
      batch.operations.push(this.#operation(record, tableName));
    }
    const resolved: ResolvedSegment[] = [];
    for (const batch of batches.values()) {
      for (const segment of planSegments(batch.operations, this.#settings.insertMode)) {
        const columns = await this.#resolve(batch.id, segment);
        if (columns) resolved.push(columns);
      }
    }
    if (resolved.length === 0 && !alsoInTransaction) return;
    let bound: BoundSegment[] = [];
    await this.#connection.transaction(async () => {
      for (const segment of bound) await this.#run(segment);
      await alsoInTransaction?.();
    }, () => {
      // the rows are bound while the database answers the transaction's start
      bound = resolved.map((columns) => this.#bind(columns));
    });
  }

  /** The segment's table (created or evolved as needed: DDL runs before the transaction) and the columns its fields go to. */
  async #resolve(id: TableId, segment: Segment): Promise<ResolvedSegment | null> {
    const layout = (segment.writes[0] ?? segment.deletes[0])!.layout;
    let table: TableDefinition | null;
    let keyDefs: ColumnDefinition[];
    let valueDefs: ColumnDefinition[];
    try {
      if (segment.writes.length > 0) {
        table = await this.#structure.ensure(this.#connection, id, [...layout.keys, ...layout.values].map((s) => s.column));
      } else {
        // only deletes: a missing table has nothing to delete, and is not created for them
        table = await this.#dialect.describeTable(this.#connection, id);
        if (!table) return null;
      }
      const resolve = (sources: readonly ColumnSource[]): ColumnDefinition[] => sources.map((s) => {
        const column = findColumn(table!, s.column.name);
        if (!column) throw new ConnectException(`Table ${tableIdToString(table!.id)} has no column ${s.column.name}`);
        return column;
      });
      keyDefs = resolve(layout.keys);
      valueDefs = resolve(layout.values);
    } catch (err) {
      // a missing table or column: name the records that could not be written
      if (isRetriable(err)) throw err;
      throw new SinkWriteException(tableIdToString(id), segment.operations.map((op) => op.record), err);
    }
    return { segment, table, keyDefs, valueDefs };
  }

  #bind({ segment, table, keyDefs, valueDefs }: ResolvedSegment): BoundSegment {
    // Rows are made at their full length, not grown value by value.
    const bindRow = (op: SinkOperation, sources: readonly ColumnSource[], defs: readonly ColumnDefinition[], row: unknown[], from: number): unknown[] => {
      for (let i = 0; i < sources.length; i++) row[from + i] = this.#bindValue(op, sources[i]!, defs[i]!, table);
      return row;
    };
    return {
      table,
      keyColumns: keyDefs.map((c) => c.name),
      valueColumns: valueDefs.map((c) => c.name),
      deleteKeys: segment.deletes.map((op) => bindRow(op, op.layout.keys, keyDefs, new Array<unknown>(keyDefs.length), 0)),
      rows: segment.writes.map((op) => bindRow(op, op.layout.values, valueDefs,
        bindRow(op, op.layout.keys, keyDefs, new Array<unknown>(keyDefs.length + valueDefs.length), 0), keyDefs.length)),
      writeRecords: segment.writes.map((op) => op.record),
      records: segment.operations.map((op) => op.record),
    };
  }

  #bindValue(op: SinkOperation, source: ColumnSource, column: ColumnDefinition, table: TableDefinition): unknown {
    const value = source.read(op.record);
    let bound: unknown;
    try {
      bound = this.#dialect.bindValue(value, source.column.schema, column);
    } catch (err) {
      throw new DataException(`Record ${recordCoordinates(op.record)}: cannot write field ${source.column.name} to column ` +
        `${column.name} (${column.fullType}) of table ${tableIdToString(table.id)}: ${(err as Error).message}`, { cause: err });
    }
    if (bound === null && !column.nullable && !column.isAutoIncrement) {
      throw new DataException(`Record ${recordCoordinates(op.record)}: column ${column.name} of table ` +
        `${tableIdToString(table.id)} is NOT NULL, but the record has no value for field ${source.column.name}`);
    }
    return bound;
  }

  #chunks<T>(rows: readonly T[]): T[][] {
    const size = this.#settings.batchSize > 0 ? this.#settings.batchSize : rows.length;
    const chunks: T[][] = [];
    for (let i = 0; i < rows.length; i += Math.max(1, size)) chunks.push(rows.slice(i, i + size));
    return chunks;
  }

  async #run(segment: BoundSegment): Promise<void> {
    const { table, keyColumns, valueColumns } = segment;
    try {
      for (const keys of this.#chunks(segment.deleteKeys)) {
        await this.#dialect.deleteRows(this.#connection, table, keyColumns, keys);
      }
      const chunks = this.#chunks(segment.rows);
      switch (this.#settings.insertMode) {
        case 'insert':
          await this.#dialect.insertChunks(this.#connection, table, [...keyColumns, ...valueColumns], chunks);
          break;
        case 'upsert':
          for (const rows of chunks) await this.#dialect.upsertRows(this.#connection, table, keyColumns, valueColumns, rows);
          break;
        case 'update':
          for (const rows of chunks) await this.#dialect.updateRows(this.#connection, table, keyColumns, valueColumns, rows);
          break;
      }
    } catch (err) {
      if (isRetriable(err)) throw err;
      throw new SinkWriteException(tableIdToString(table.id), segment.records, err, failedRecords(segment, err));
    }
  }
}

/** The records of the parameter sets the driver marked as failed (dialects that bind one row per set pass the rows themselves). */
function failedRecords(segment: BoundSegment, err: unknown): SinkRecord[] {
  if (!(err instanceof ParameterSetError)) return [];
  const failed = new Set<unknown>(err.failedSets);
  return segment.rows.flatMap((row, i) => (failed.has(row) ? [segment.writeRecords[i]!] : []));
}
