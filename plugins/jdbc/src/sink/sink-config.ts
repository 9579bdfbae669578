/**
 * The JDBC sink's configuration: Confluent's JdbcSinkConfig keys, defaults, groups and
 * documentation, so an existing `io.confluent.connect.jdbc.JdbcSinkConnector` config works as it is.
 * Keys Confluent has that we do not implement (jdbc.credentials.provider.class, timestamp.fields.list,
 * date.timezone, date.calendar.system, mssql.use.merge.holdlock, string.output.value.column.name,
 * trim.sensitive.log) are not declared, so the validate endpoint shows they have no effect here.
 */
import {
  AbstractConfig, CaseInsensitiveValidString, ConfigDef, ConfigException, LambdaValidator, NonEmptyString, Range,
  ValidList, type ConfigProps,
} from '@tsconnect/api';
import type { OdbcBulkMode } from '../connection/odbc-bulk-connection.js';
import { DIALECT_NAMES } from '../dialect/dialect-registry.js';

export type InsertMode = 'insert' | 'upsert' | 'update';
export type PrimaryKeyMode = 'none' | 'kafka' | 'record_key' | 'record_value';

const CONNECTION_GROUP = 'Connection';
const WRITES_GROUP = 'Writes';
const DATAMAPPING_GROUP = 'Data Mapping';
const DDL_GROUP = 'SQL/DDL Support';
const RETRIES_GROUP = 'Retries';

export const DEFAULT_KAFKA_PK_NAMES = ['__connect_topic', '__connect_partition', '__connect_offset'] as const;

const timeZoneValidator = LambdaValidator.with(
  (name, value) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: String(value) });
    } catch {
      throw new ConfigException(name, value, 'Invalid time zone identifier');
    }
  },
  () => 'Any valid JDK time zone',
);

const dialectValidator = LambdaValidator.with(
  (name, value) => {
    if (value !== '' && value !== null && !DIALECT_NAMES.includes(String(value))) {
      throw new ConfigException(name, value, `Must be empty or one of ${DIALECT_NAMES.join(', ')}`);
    }
  },
  () => `[${['', ...DIALECT_NAMES].join(', ')}]`,
);

export const JDBC_SINK_CONFIG_DEF: ConfigDef = new ConfigDef()
  // Connection
  .define({
    name: 'connection.url', type: 'STRING', validator: new NonEmptyString(), importance: 'HIGH', group: CONNECTION_GROUP,
    orderInGroup: 1, width: 'LONG', displayName: 'JDBC URL',
    documentation: 'JDBC connection URL.\nFor example: ``jdbc:postgresql://localhost/db_name``, ' +
      '``jdbc:mysql://localhost/db_name``, ``jdbc:sqlite:/path/to/file.db``, or an ODBC connection string such as ' +
      '``Driver={PostgreSQL Unicode};Server=localhost;Database=db_name`` (also as ``jdbc:odbc:<connection string or DSN>``).',
  })
  .define({
    name: 'connection.user', type: 'STRING', defaultValue: null, importance: 'HIGH', group: CONNECTION_GROUP,
    orderInGroup: 2, width: 'MEDIUM', displayName: 'JDBC User', documentation: 'JDBC connection user.',
  })
  .define({
    name: 'connection.password', type: 'PASSWORD', defaultValue: null, importance: 'HIGH', group: CONNECTION_GROUP,
    orderInGroup: 3, width: 'MEDIUM', displayName: 'JDBC Password', documentation: 'JDBC connection password.',
  })
  .define({
    name: 'dialect.name', type: 'STRING', defaultValue: '', validator: dialectValidator, importance: 'LOW',
    group: CONNECTION_GROUP, orderInGroup: 4, width: 'LONG', displayName: 'Database Dialect',
    documentation: 'The name of the database dialect that should be used for this connector. By default this is ' +
      'empty, and the connector automatically determines the dialect based upon the JDBC connection URL. Use this ' +
      'if you want to override that behavior and use a specific dialect. All properly-packaged dialects in the JDBC ' +
      'connector plugin can be used.',
  })
  .define({
    name: 'connection.attempts', type: 'INT', defaultValue: 3, validator: Range.atLeast(1), importance: 'LOW',
    group: CONNECTION_GROUP, orderInGroup: 5, width: 'SHORT', displayName: 'JDBC connection attempts',
    documentation: 'Maximum number of attempts to retrieve a valid JDBC connection. Must be a positive integer.',
  })
  .define({
    name: 'connection.backoff.ms', type: 'LONG', defaultValue: 10000, importance: 'LOW', group: CONNECTION_GROUP,
    orderInGroup: 6, width: 'SHORT', displayName: 'JDBC connection backoff in milliseconds',
    documentation: 'Backoff time in milliseconds between connection attempts.',
  })
  // Writes
  .define({
    name: 'insert.mode', type: 'STRING', defaultValue: 'insert',
    validator: CaseInsensitiveValidString.in('insert', 'upsert', 'update'), importance: 'HIGH', group: WRITES_GROUP,
    orderInGroup: 1, width: 'MEDIUM', displayName: 'Insert Mode',
    documentation: 'The insertion mode to use. Supported modes are:\n``insert``\n    Use standard SQL ``INSERT`` ' +
      'statements.\n``upsert``\n    Use the appropriate upsert semantics for the target database if it is supported ' +
      'by the connector, e.g. ``INSERT OR IGNORE``.\n``update``\n    Use the appropriate update semantics for the ' +
      'target database if it is supported by the connector, e.g. ``UPDATE``.',
  })
  .define({
    name: 'batch.size', type: 'INT', defaultValue: 3000, validator: Range.atLeast(0), importance: 'MEDIUM',
    group: WRITES_GROUP, orderInGroup: 2, width: 'SHORT', displayName: 'Batch Size',
    documentation: 'Specifies how many records to attempt to batch together for insertion into the destination ' +
      'table, when possible.',
  })
  .define({
    name: 'delete.enabled', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: WRITES_GROUP,
    orderInGroup: 3, width: 'SHORT', displayName: 'Enable deletes',
    documentation: 'Whether to treat ``null`` record values as deletes. Requires ``pk.mode`` to be ``record_key``.',
  })
  .define({
    name: 'table.types', type: 'LIST', defaultValue: 'TABLE', validator: ValidList.in('TABLE', 'VIEW', 'PARTITIONED TABLE'),
    importance: 'LOW', group: WRITES_GROUP, orderInGroup: 4, width: 'SHORT', displayName: 'Table Types',
    documentation: 'The comma-separated types of database tables to which the sink connector can write. By default ' +
      'this is ``TABLE``, but any combination of ``TABLE``, ``PARTITIONED TABLE`` and ``VIEW`` is allowed. Not all ' +
      'databases support writing to views, and when they do the sink connector will fail if the view definition ' +
      'does not match the records\' schemas (regardless of ``auto.evolve``).',
  })
  .define({
    name: 'replace.null.with.default', type: 'BOOLEAN', defaultValue: true, importance: 'MEDIUM', group: WRITES_GROUP,
    orderInGroup: 5, width: 'SHORT', displayName: 'Replace null with default',
    documentation: 'Whether to replace fields that have a default value and that are null to the default value. ' +
      'When set to true, the default value will be used; otherwise null will be used.',
  })
  .define({
    name: 'exactly.once.offsets.table', type: 'STRING', defaultValue: '', importance: 'MEDIUM', group: WRITES_GROUP,
    orderInGroup: 6, width: 'LONG', displayName: 'Exactly-once offsets table',
    documentation: 'Not in Confluent\'s connector. When set, the sink stores the next Kafka offset of every partition ' +
      'it writes in this table (created if missing), in the same transaction as the rows, skips records below the ' +
      'stored offsets and, when partitions are assigned, asks the consumer to resume from them, so each record is ' +
      'written exactly once, even in insert mode after a crash. Empty (the default) leaves offsets to Kafka: at least once.',
  })
  .define({
    name: 'odbc.parameter.arrays', type: 'BOOLEAN', defaultValue: true, importance: 'LOW', group: WRITES_GROUP,
    orderInGroup: 7, width: 'SHORT', displayName: 'ODBC Parameter Arrays',
    documentation: 'With an ODBC connection, write each batch by executing one prepared statement over an array of ' +
      'parameter sets (SQL_ATTR_PARAMSET_SIZE) on a connection of its own thread. ``false`` executes the statement ' +
      'once per row through the odbc package, whose calls wait for a libuv thread-pool thread.',
  })
  .define({
    name: 'odbc.bulk.mode', type: 'STRING', defaultValue: 'auto',
    validator: CaseInsensitiveValidString.in('auto', 'arrays', 'multirow'), importance: 'LOW', group: WRITES_GROUP,
    orderInGroup: 8, width: 'SHORT', displayName: 'ODBC Bulk Mode',
    documentation: 'With ODBC parameter arrays, how inserts reach the driver. ``arrays``: one single-row INSERT executed ' +
      'over an array of parameter sets. ``multirow``: multi-row INSERT ... VALUES statements, each executed once with up ' +
      'to 1,000 rows (fewer where the database\'s parameter limit says). ``auto`` (the default): multirow for drivers ' +
      'that run a parameter array one statement per row (psqlODBC), arrays for the others. Upserts, updates and ' +
      'deletes keep their statements.',
  })
  // Data mapping
  .define({
    name: 'table.name.format', type: 'STRING', defaultValue: '${topic}', validator: new NonEmptyString(),
    importance: 'MEDIUM', group: DATAMAPPING_GROUP, orderInGroup: 1, width: 'LONG', displayName: 'Table Name Format',
    documentation: 'A format string for the destination table name, which may contain \'${topic}\' as a placeholder ' +
      'for the originating topic name.\nFor example, ``kafka_${topic}`` for the topic \'orders\' will map to the ' +
      'table name \'kafka_orders\'.',
  })
  .define({
    name: 'pk.mode', type: 'STRING', defaultValue: 'none',
    validator: CaseInsensitiveValidString.in('none', 'kafka', 'record_key', 'record_value'), importance: 'HIGH',
    group: DATAMAPPING_GROUP, orderInGroup: 2, width: 'MEDIUM', displayName: 'Primary Key Mode',
    documentation: 'The primary key mode, also refer to ``pk.fields`` documentation for interplay. Supported modes ' +
      'are:\n``none``\n    No keys utilized.\n``kafka``\n    Kafka coordinates are used as the PK.\n``record_key``\n' +
      '    Field(s) from the record key are used, which may be a primitive or a struct.\n``record_value``\n' +
      '    Field(s) from the record value are used, which must be a struct.',
  })
  .define({
    name: 'pk.fields', type: 'LIST', defaultValue: '', importance: 'MEDIUM', group: DATAMAPPING_GROUP, orderInGroup: 3,
    width: 'LONG', displayName: 'Primary Key Fields',
    documentation: 'List of comma-separated primary key field names. The runtime interpretation of this config ' +
      'depends on the ``pk.mode``:\n``none``\n    Ignored as no fields are used as primary key in this mode.\n' +
      '``kafka``\n    Must be a trio representing the Kafka coordinates, defaults to ' +
      '``__connect_topic,__connect_partition,__connect_offset`` if empty. Custom field names that are set in this ' +
      'mode will rename the default column names, but keep the Kafka coordinates as the primary keys.\n' +
      '``record_key``\n    If empty, all fields from the key struct will be used, otherwise used to extract the ' +
      'desired fields - for primitive key only a single field name must be configured.\n``record_value``\n' +
      '    If empty, all fields from the value struct will be used, otherwise used to extract the desired fields.',
  })
  .define({
    name: 'fields.whitelist', type: 'LIST', defaultValue: '', importance: 'MEDIUM', group: DATAMAPPING_GROUP,
    orderInGroup: 4, width: 'LONG', displayName: 'Fields Whitelist',
    documentation: 'List of comma-separated record value field names. If empty, all fields from the record value ' +
      'are utilized, otherwise used to filter to the desired fields.\nNote that ``pk.fields`` is applied ' +
      'independently in the context of which field(s) form the primary key columns in the destination database, ' +
      'while this configuration is applicable for the other columns.',
  })
  .define({
    name: 'db.timezone', type: 'STRING', defaultValue: 'UTC', validator: timeZoneValidator, importance: 'MEDIUM',
    group: DATAMAPPING_GROUP, orderInGroup: 5, width: 'MEDIUM', displayName: 'DB Time Zone',
    documentation: 'Name of the JDBC timezone that should be used in the connector when inserting time-based ' +
      'values. Defaults to UTC.',
  })
  // DDL
  .define({
    name: 'auto.create', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: DDL_GROUP, orderInGroup: 1,
    width: 'SHORT', displayName: 'Auto-Create',
    documentation: 'Whether to automatically create the destination table based on record schema if it is found to ' +
      'be missing by issuing ``CREATE``.',
  })
  .define({
    name: 'auto.evolve', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: DDL_GROUP, orderInGroup: 2,
    width: 'SHORT', displayName: 'Auto-Evolve',
    documentation: 'Whether to automatically add columns in the table schema when found to be missing relative to ' +
      'the record schema by issuing ``ALTER``.',
  })
  .define({
    name: 'quote.sql.identifiers', type: 'STRING', defaultValue: 'always',
    validator: CaseInsensitiveValidString.in('always', 'never'), importance: 'MEDIUM', group: DDL_GROUP,
    orderInGroup: 3, width: 'MEDIUM', displayName: 'Quote Identifiers',
    documentation: 'When to quote table names, column names, and other identifiers in SQL statements. For backward ' +
      'compatibility, the default is ``always``.',
  })
  // Retries
  .define({
    name: 'max.retries', type: 'INT', defaultValue: 10, validator: Range.atLeast(0), importance: 'MEDIUM',
    group: RETRIES_GROUP, orderInGroup: 1, width: 'SHORT', displayName: 'Maximum Retries',
    documentation: 'The maximum number of times to retry on errors before failing the task.',
  })
  .define({
    name: 'retry.backoff.ms', type: 'INT', defaultValue: 3000, validator: Range.atLeast(0), importance: 'MEDIUM',
    group: RETRIES_GROUP, orderInGroup: 2, width: 'SHORT', displayName: 'Retry Backoff (millis)',
    documentation: 'The time in milliseconds to wait following an error before a retry attempt is made.',
  });

/** The settings whose combinations are checked across keys. */
export interface CrossKeySettings {
  readonly deleteEnabled: boolean;
  readonly pkMode: string;
  readonly insertMode: string;
  readonly pkFields: readonly string[];
}

/** The problems across keys that no single key's validator can see; empty when there are none. */
export function crossKeyProblems(config: CrossKeySettings): { key: string; message: string }[] {
  const problems: { key: string; message: string }[] = [];
  if (config.deleteEnabled && config.pkMode !== 'record_key') {
    problems.push({ key: 'delete.enabled', message: 'Deletes are only supported for pk.mode record_key' });
  }
  if (config.insertMode !== 'insert' && config.pkMode === 'none') {
    problems.push({ key: 'pk.mode', message: `insert.mode ${config.insertMode} needs primary key columns; set pk.mode` });
  }
  if (config.pkMode === 'kafka' && config.pkFields.length !== 0 && config.pkFields.length !== 3) {
    problems.push({ key: 'pk.fields', message: 'With pk.mode kafka, pk.fields must be empty or name exactly 3 columns (topic, partition, offset)' });
  }
  return problems;
}

/** The parsed sink configuration, with typed accessors. */
export class JdbcSinkConfig extends AbstractConfig {
  readonly connectionUrl: string;
  readonly connectionUser: string | null;
  readonly connectionPassword: string | null;
  /** Unknown `connection.*` keys, passed to the driver with the prefix removed (as Confluent does). */
  readonly connectionProperties: Record<string, string>;
  readonly dialectName: string;
  readonly connectionAttempts: number;
  readonly connectionBackoffMs: number;
  readonly insertMode: InsertMode;
  readonly batchSize: number;
  readonly odbcParameterArrays: boolean;
  readonly odbcBulkMode: OdbcBulkMode;
  readonly deleteEnabled: boolean;
  readonly tableTypes: string[];
  readonly replaceNullWithDefault: boolean;
  /** Empty when exactly-once is off. */
  readonly exactlyOnceOffsetsTable: string;
  /** The connector's name (`name`), which keys its rows in the offsets table. */
  readonly connectorName: string;
  readonly tableNameFormat: string;
  readonly pkMode: PrimaryKeyMode;
  readonly pkFields: string[];
  readonly fieldsWhitelist: string[];
  readonly dbTimeZone: string;
  readonly autoCreate: boolean;
  readonly autoEvolve: boolean;
  readonly quoteIdentifiers: boolean;
  readonly maxRetries: number;
  readonly retryBackoffMs: number;

  constructor(props: ConfigProps) {
    super(JDBC_SINK_CONFIG_DEF, props);
    this.connectionUrl = this.requireString('connection.url');
    this.connectionUser = this.getString('connection.user');
    this.connectionPassword = this.getPassword('connection.password')?.value() ?? null;
    this.connectionProperties = {};
    for (const [key, value] of Object.entries(props)) {
      if (key.startsWith('connection.') && !JDBC_SINK_CONFIG_DEF.configKeys.has(key) && typeof value === 'string') {
        this.connectionProperties[key.slice('connection.'.length)] = value;
      }
    }
    this.dialectName = this.getString('dialect.name') ?? '';
    this.connectionAttempts = this.getInt('connection.attempts');
    this.connectionBackoffMs = this.getLong('connection.backoff.ms');
    this.insertMode = this.requireString('insert.mode').toLowerCase() as InsertMode;
    this.batchSize = this.getInt('batch.size');
    this.odbcParameterArrays = this.getBoolean('odbc.parameter.arrays');
    this.odbcBulkMode = this.requireString('odbc.bulk.mode').toLowerCase() as OdbcBulkMode;
    this.deleteEnabled = this.getBoolean('delete.enabled');
    this.tableTypes = this.requireList('table.types');
    this.replaceNullWithDefault = this.getBoolean('replace.null.with.default');
    this.exactlyOnceOffsetsTable = (this.getString('exactly.once.offsets.table') ?? '').trim();
    this.connectorName = typeof props.name === 'string' ? props.name : '';
    this.tableNameFormat = this.requireString('table.name.format');
    this.pkMode = this.requireString('pk.mode').toLowerCase() as PrimaryKeyMode;
    this.pkFields = this.requireList('pk.fields');
    this.fieldsWhitelist = this.requireList('fields.whitelist');
    this.dbTimeZone = this.requireString('db.timezone');
    this.autoCreate = this.getBoolean('auto.create');
    this.autoEvolve = this.getBoolean('auto.evolve');
    this.quoteIdentifiers = this.requireString('quote.sql.identifiers').toLowerCase() === 'always';
    this.maxRetries = this.getInt('max.retries');
    this.retryBackoffMs = this.getInt('retry.backoff.ms');
    const problems = crossKeyProblems(this);
    if (problems.length > 0) throw new ConfigException(problems[0]!.key, this.get(problems[0]!.key), problems[0]!.message);
  }
}
