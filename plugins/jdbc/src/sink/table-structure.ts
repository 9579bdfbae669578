/**
 * Makes sure a table can take a layout's columns: creates it (auto.create) or adds the missing
 * columns (auto.evolve), as Confluent's DbStructure, and caches what it learned of each table.
 * Columns are matched exactly, then ignoring case, so a table created with unquoted (folded) names
 * still matches the record's field names. Missing NOT NULL fields without a default are added as
 * nullable columns (existing rows have no value), where Confluent would refuse.
 */
import { ConnectException, isRetriable } from '@tsconnect/api';
import type { DatabaseConnection } from '../connection/database-connection.js';
import { findColumn, type Dialect, type SinkColumn, type TableDefinition } from '../dialect/dialect.js';
import { tableIdToString, type TableId } from '../dialect/table-id.js';

interface StructureSettings {
  autoCreate: boolean;
  autoEvolve: boolean;
  /** `table.types`: TABLE, VIEW, PARTITIONED TABLE. */
  tableTypes: readonly string[];
}

export class TableStructure {
  readonly #tables = new Map<string, TableDefinition>();

  readonly #dialect: Dialect;
  readonly #settings: StructureSettings;

  constructor(dialect: Dialect, settings: StructureSettings) {
    this.#dialect = dialect;
    this.#settings = settings;
  }

  /** Forget what is known (after a reconnect, or when a write failed in a way the table may explain). */
  clear(): void {
    this.#tables.clear();
  }

  async ensure(connection: DatabaseConnection, id: TableId, columns: readonly SinkColumn[]): Promise<TableDefinition> {
    const key = tableIdToString(id);
    let table: TableDefinition | null = this.#tables.get(key) ?? await this.#dialect.describeTable(connection, id);
    if (!table) table = await this.#create(connection, id, columns);
    this.#checkType(table);
    const missing = columns.filter((c) => !findColumn(table!, c.name));
    if (missing.length > 0) table = await this.#evolve(connection, id, table, missing);
    this.#tables.set(key, table);
    return table;
  }

  async #create(connection: DatabaseConnection, id: TableId, columns: readonly SinkColumn[]): Promise<TableDefinition> {
    const name = tableIdToString(id);
    if (!this.#settings.autoCreate) {
      throw new ConnectException(`Table ${name} is missing and auto-creation is disabled (auto.create=false)`);
    }
    try {
      await connection.execute(this.#dialect.buildCreateTable(id, columns));
    } catch (err) {
      if (isRetriable(err)) throw err;
      // another task may have created it meanwhile
      const existing = await this.#dialect.describeTable(connection, id);
      if (existing) return existing;
      throw new ConnectException(`Cannot create table ${name}: ${(err as Error).message}`, { cause: err });
    }
    const created = await this.#dialect.describeTable(connection, id);
    if (!created) throw new ConnectException(`Table ${name} was created but cannot be found`);
    return created;
  }

  #checkType(table: TableDefinition): void {
    const allowed = this.#settings.tableTypes.map((t) => t.toUpperCase());
    const type = table.type.toUpperCase();
    const ok = type === 'VIEW' ? allowed.includes('VIEW') : allowed.includes('TABLE') || allowed.includes('PARTITIONED TABLE');
    if (!ok) {
      throw new ConnectException(`${tableIdToString(table.id)} is a ${type}, which table.types (${allowed.join(', ')}) does not allow`);
    }
  }

  async #evolve(connection: DatabaseConnection, id: TableId, table: TableDefinition, missing: readonly SinkColumn[]): Promise<TableDefinition> {
    const name = tableIdToString(table.id);
    const names = missing.map((c) => c.name).join(', ');
    if (!this.#settings.autoEvolve) {
      throw new ConnectException(`Table ${name} is missing fields (${names}) and auto-evolution is disabled (auto.evolve=false)`);
    }
    if (table.type === 'VIEW') throw new ConnectException(`View ${name} is missing fields (${names}) and cannot be altered`);
    // the table's own name, so ALTER reaches the table the lookup found
    const actual: TableId = { catalog: id.catalog, schema: table.id.schema ?? id.schema, table: table.id.table };
    try {
      for (const statement of this.#dialect.buildAddColumns(actual, missing)) await connection.execute(statement);
    } catch (err) {
      if (isRetriable(err)) throw err;
      const again = await this.#dialect.describeTable(connection, id);
      if (again && missing.every((c) => findColumn(again, c.name))) return again;
      throw new ConnectException(`Cannot add columns (${names}) to table ${name}: ${(err as Error).message}`, { cause: err });
    }
    const evolved = await this.#dialect.describeTable(connection, id);
    const still = evolved ? missing.filter((c) => !findColumn(evolved, c.name)) : missing;
    if (!evolved || still.length > 0) {
      throw new ConnectException(`Table ${name} still lacks columns (${still.map((c) => c.name).join(', ')}) after ALTER TABLE`);
    }
    return evolved;
  }
}
