/**
 * The exactly-once option: the next Kafka offset of each partition the sink wrote, kept in a table
 * of the target database and written in the same transaction as the rows, so the rows and the
 * offset are committed together or not at all. Rows are keyed by connector name, topic and
 * partition.
 */
import { SchemaBuilder, TopicPartition, type SinkRecord } from '@tsconnect/api';
import type { DatabaseConnection } from '../connection/database-connection.js';
import type { Dialect, TableDefinition } from '../dialect/dialect.js';
import { parseTableId } from '../dialect/table-id.js';

const STRING = SchemaBuilder.string().build();
const COLUMNS = [
  { name: 'connector_name', schema: STRING, isPrimaryKey: true },
  { name: 'kafka_topic', schema: STRING, isPrimaryKey: true },
  { name: 'kafka_partition', schema: SchemaBuilder.int32().build(), isPrimaryKey: true },
  { name: 'next_offset', schema: SchemaBuilder.int64().build(), isPrimaryKey: false },
];
const KEYS = ['connector_name', 'kafka_topic', 'kafka_partition'];

export class OffsetStore {
  #table: TableDefinition | null = null;

  readonly #connection: DatabaseConnection;
  readonly #dialect: Dialect;
  readonly #tableName: string;
  readonly #connectorName: string;

  constructor(
    connection: DatabaseConnection,
    dialect: Dialect,
    tableName: string,
    connectorName: string,
  ) {
    this.#connection = connection;
    this.#dialect = dialect;
    this.#tableName = tableName;
    this.#connectorName = connectorName;
  }

  async #ensureTable(): Promise<TableDefinition> {
    if (this.#table) return this.#table;
    const id = parseTableId(this.#tableName);
    let table = await this.#dialect.describeTable(this.#connection, id);
    if (!table) {
      try {
        await this.#connection.execute(this.#dialect.buildCreateTable(id, COLUMNS));
      } catch (err) {
        if (!(await this.#dialect.describeTable(this.#connection, id))) throw err;
      }
      table = await this.#dialect.describeTable(this.#connection, id);
      if (!table) throw new Error(`Offsets table ${this.#tableName} cannot be found after creating it`);
    }
    this.#table = table;
    return table;
  }

  /** The stored next offsets of the connector's partitions (all of them when `partitions` is empty). */
  async load(partitions: readonly TopicPartition[] = []): Promise<Map<TopicPartition, number>> {
    const table = await this.#ensureTable();
    const d = this.#dialect;
    const result = await this.#connection.query<Record<string, unknown>>(
      `SELECT ${d.identifier('kafka_topic')}, ${d.identifier('kafka_partition')}, ${d.identifier('next_offset')} ` +
      `FROM ${d.tableName(table.id)} WHERE ${d.identifier('connector_name')} = ${d.placeholder(1)}`,
      [this.#connectorName],
    );
    const wanted = new Set(partitions);
    const offsets = new Map<TopicPartition, number>();
    for (const row of result.rows) {
      const get = (name: string): unknown => row[name] ?? row[name.toUpperCase()];
      const tp = TopicPartition.of(String(get('kafka_topic')), Number(get('kafka_partition')));
      if (wanted.size === 0 || wanted.has(tp)) offsets.set(tp, Number(get('next_offset')));
    }
    return offsets;
  }

  /** Stores the offsets after these records; call inside the transaction that writes them. */
  async save(records: readonly SinkRecord[]): Promise<Map<TopicPartition, number>> {
    const next = new Map<TopicPartition, number>();
    for (const r of records) {
      if (r.originalKafkaPartition === null) continue;
      const tp = TopicPartition.of(r.originalTopic, r.originalKafkaPartition);
      next.set(tp, Math.max(next.get(tp) ?? 0, r.originalKafkaOffset + 1));
    }
    if (next.size === 0) return next;
    const table = await this.#ensureTable();
    const rows = [...next].map(([tp, offset]) => [this.#connectorName, tp.topic, tp.partition, BigInt(offset)]);
    await this.#dialect.upsertRows(this.#connection, table, KEYS, ['next_offset'], rows);
    return next;
  }
}
