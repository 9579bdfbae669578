/**
 * The JDBC source connector's keys: Confluent's JdbcSourceConnectorConfig (names, types, defaults
 * and allowed values), plus `timestamp.lag.window.ms`, our late-commit window. Declared once; the
 * connector, the task and the REST validate endpoint all read this declaration.
 */
import {
  AbstractConfig,
  ConfigDef,
  ConfigException,
  Range,
  ValidString,
  type ConfigProps,
  type Validator,
} from '@tsconnect/api';

export const SourceMode = {
  BULK: 'bulk',
  INCREMENTING: 'incrementing',
  TIMESTAMP: 'timestamp',
  TIMESTAMP_INCREMENTING: 'timestamp+incrementing',
} as const;
export type SourceMode = (typeof SourceMode)[keyof typeof SourceMode];

export const NumericMapping = {
  NONE: 'none',
  PRECISION_ONLY: 'precision_only',
  BEST_FIT: 'best_fit',
  BEST_FIT_EAGER_DOUBLE: 'best_fit_eager_double',
} as const;
export type NumericMapping = (typeof NumericMapping)[keyof typeof NumericMapping];

export const TimestampGranularity = {
  CONNECT_LOGICAL: 'connect_logical',
  MICROS_LONG: 'micros_long',
  MICROS_STRING: 'micros_string',
  MICROS_ISO_DATETIME_STRING: 'micros_iso_datetime_string',
  NANOS_LONG: 'nanos_long',
  NANOS_STRING: 'nanos_string',
  NANOS_ISO_DATETIME_STRING: 'nanos_iso_datetime_string',
} as const;
export type TimestampGranularity = (typeof TimestampGranularity)[keyof typeof TimestampGranularity];

export const TransactionIsolationMode = {
  DEFAULT: 'DEFAULT',
  READ_UNCOMMITTED: 'READ_UNCOMMITTED',
  READ_COMMITTED: 'READ_COMMITTED',
  REPEATABLE_READ: 'REPEATABLE_READ',
  SERIALIZABLE: 'SERIALIZABLE',
  SQL_SERVER_SNAPSHOT: 'SQL_SERVER_SNAPSHOT',
} as const;
export type TransactionIsolationMode = (typeof TransactionIsolationMode)[keyof typeof TransactionIsolationMode];

/** `timestamp.initial` value meaning "start from the database's current time". */
export const TIMESTAMP_INITIAL_CURRENT = -1;

/** Keys the connector adds to each task's configuration. */
export const TASK_TABLES_CONFIG = 'tables';

const DATABASE = 'Database';
const MODE = 'Mode';
const CONNECTOR = 'Connector';

const validEnum = (...values: string[]): Validator => ValidString.in(...values);

function define(): ConfigDef {
  let order = 0;
  const def = new ConfigDef();
  const key = (
    group: string,
    name: string,
    type: 'STRING' | 'LIST' | 'INT' | 'LONG' | 'BOOLEAN' | 'PASSWORD',
    defaultValue: unknown,
    importance: 'HIGH' | 'MEDIUM' | 'LOW',
    documentation: string,
    validator: Validator | null = null,
  ): void => {
    def.define({ name, type, defaultValue, importance, documentation, validator, group, orderInGroup: ++order });
  };
  key(DATABASE, 'connection.url', 'STRING', '', 'HIGH',
    'JDBC connection URL (jdbc:postgresql:, jdbc:mysql:, jdbc:mariadb:, jdbc:sqlite:) or an ODBC connection string.');
  key(DATABASE, 'connection.user', 'STRING', null, 'HIGH', 'JDBC connection user.');
  key(DATABASE, 'connection.password', 'PASSWORD', null, 'HIGH', 'JDBC connection password.');
  key(DATABASE, 'connection.attempts', 'INT', 3, 'LOW', 'Maximum number of attempts to get a connection.',
    Range.atLeast(1));
  key(DATABASE, 'connection.backoff.ms', 'LONG', 10000, 'LOW', 'Backoff time between connection attempts.');
  key(DATABASE, 'dialect.name', 'STRING', '', 'LOW', 'The dialect to use; empty means derived from the URL.');
  key(DATABASE, 'catalog.pattern', 'STRING', null, 'MEDIUM',
    'Catalog to list tables from; "" = tables without a catalog, null = no filter.');
  key(DATABASE, 'schema.pattern', 'STRING', null, 'MEDIUM',
    'Schema to list tables from; "" = tables without a schema, null = no filter.');
  key(DATABASE, 'table.whitelist', 'LIST', '', 'MEDIUM', 'Tables to copy; if set, table.blacklist may not be.');
  key(DATABASE, 'table.blacklist', 'LIST', '', 'MEDIUM', 'Tables not to copy; if set, table.whitelist may not be.');
  key(DATABASE, 'table.include.list', 'LIST', null, 'MEDIUM',
    'Regular expressions matched against fully-qualified table names to copy.');
  key(DATABASE, 'table.exclude.list', 'LIST', null, 'MEDIUM',
    'Regular expressions matched against fully-qualified table names not to copy (needs table.include.list).');
  key(DATABASE, 'numeric.precision.mapping', 'BOOLEAN', false, 'LOW',
    'Deprecated: map NUMERIC columns by precision (as numeric.mapping=precision_only).');
  key(DATABASE, 'numeric.mapping', 'STRING', null, 'LOW', 'How NUMERIC/DECIMAL columns map to Connect types.',
    {
      ensureValid(name: string, value: unknown) {
        if (value !== null) validEnum(...Object.values(NumericMapping)).ensureValid(name, value);
      },
    });
  key(DATABASE, 'quote.sql.identifiers', 'STRING', 'always', 'MEDIUM', 'When to quote identifiers in SQL.',
    validEnum('always', 'never'));
  key(DATABASE, 'transaction.isolation.mode', 'STRING', 'DEFAULT', 'LOW', 'Isolation level of the polling queries.',
    validEnum(...Object.values(TransactionIsolationMode)));
  key(MODE, 'mode', 'STRING', '', 'HIGH', 'bulk, incrementing, timestamp or timestamp+incrementing.',
    validEnum('', ...Object.values(SourceMode)));
  key(MODE, 'incrementing.column.name', 'STRING', '', 'MEDIUM',
    'Strictly increasing column; empty = the auto-increment column.');
  key(MODE, 'timestamp.column.name', 'LIST', '', 'MEDIUM',
    'Timestamp column(s) detecting new or changed rows; several are combined with COALESCE.');
  key(MODE, 'timestamp.initial', 'LONG', null, 'LOW',
    'Epoch milliseconds of the first timestamp to read; -1 = the current time; null = from the beginning.');
  key(MODE, 'validate.non.null', 'BOOLEAN', true, 'LOW', 'Fail at start if the id or timestamp columns are nullable.');
  key(MODE, 'query', 'STRING', '', 'MEDIUM', 'A custom SELECT to run instead of copying whole tables.');
  key(MODE, 'query.masked', 'PASSWORD', '', 'MEDIUM', 'As query, hidden in logs and REST output.');
  key(MODE, 'query.suffix', 'STRING', '', 'LOW', 'Appended to the generated query.');
  key(MODE, 'query.retry.attempts', 'INT', -1, 'LOW', 'Retries of a failing query; -1 = forever.');
  key(MODE, 'table.types', 'LIST', 'TABLE', 'LOW', 'Table types to copy (TABLE, VIEW, ...).');
  key(MODE, 'db.timezone', 'STRING', 'UTC', 'MEDIUM',
    'Time zone of the database session: TIMESTAMP values without a zone are read and compared in it.');
  key(MODE, 'timestamp.granularity', 'STRING', 'connect_logical', 'LOW', 'How timestamp columns are written.',
    validEnum(...Object.values(TimestampGranularity)));
  key(MODE, 'timestamp.delay.interval.ms', 'LONG', 0, 'HIGH',
    'Rows are read only once their timestamp is this old (database clock).', Range.atLeast(0));
  key(MODE, 'timestamp.lag.window.ms', 'LONG', 0, 'MEDIUM',
    'Late-commit window (tsconnect): every poll re-reads rows whose timestamp lies within this interval before ' +
      'the database clock, emitting only the ones not emitted yet. 0 = off (Confluent behaviour).',
    Range.atLeast(0));
  key(CONNECTOR, 'poll.interval.ms', 'INT', 5000, 'HIGH', 'How often each table is polled.', Range.atLeast(0));
  key(CONNECTOR, 'batch.max.rows', 'INT', 100, 'LOW', 'Rows per query (a real LIMIT) and per poll().',
    Range.atLeast(1));
  key(CONNECTOR, 'table.poll.interval.ms', 'LONG', 60000, 'LOW', 'How often the table list is re-read.',
    Range.atLeast(0));
  // required, as in Confluent's code
  key(CONNECTOR, 'topic.prefix', 'STRING', undefined, 'HIGH',
    'Prefix of the topic names (prefix + table); with query, the topic name itself.');
  return def;
}

export const SOURCE_CONFIG_DEF: ConfigDef = define();

/** The task's configuration: the connector's plus the tables it polls. */
export function taskConfigDef(): ConfigDef {
  return new ConfigDef(SOURCE_CONFIG_DEF).define({
    name: TASK_TABLES_CONFIG,
    type: 'STRING',
    defaultValue: '[]',
    importance: 'HIGH',
    documentation: 'Internal: the tables this task polls, a JSON array of {catalog, schema, table}.',
    internalConfig: true,
  });
}

export class JdbcSourceConfig extends AbstractConfig {
  constructor(props: ConfigProps, definition: ConfigDef = SOURCE_CONFIG_DEF) {
    super(definition, props);
    this.#check();
  }

  #check(): void {
    const whitelist = this.requireList('table.whitelist');
    const blacklist = this.requireList('table.blacklist');
    const include = this.getList('table.include.list');
    const exclude = this.getList('table.exclude.list');
    if (whitelist.length > 0 && blacklist.length > 0) {
      throw new ConfigException('table.whitelist', whitelist.join(','),
        'Cannot set both table.whitelist and table.blacklist.');
    }
    if ((include?.length || exclude?.length) && (whitelist.length > 0 || blacklist.length > 0)) {
      throw new ConfigException('table.include.list', include?.join(',') ?? null,
        'table.include.list/table.exclude.list cannot be combined with table.whitelist/table.blacklist.');
    }
    if (exclude?.length && !include?.length) {
      throw new ConfigException('table.exclude.list', exclude.join(','), 'table.exclude.list needs table.include.list.');
    }
    if (this.query() !== '' && (whitelist.length > 0 || blacklist.length > 0 || include?.length)) {
      throw new ConfigException('query', this.query(), 'Do not specify table filtering when using query.');
    }
    const mode = this.getString('mode');
    if (mode === '') throw new ConfigException('mode', mode, 'mode must be one of ' + Object.values(SourceMode).join(', '));
    const needsTimestamp = mode === SourceMode.TIMESTAMP || mode === SourceMode.TIMESTAMP_INCREMENTING;
    if (needsTimestamp && this.timestampColumns().length === 0) {
      throw new ConfigException('timestamp.column.name', '', `mode ${mode} needs timestamp.column.name.`);
    }
    if (this.getLong('timestamp.lag.window.ms') > 0 && mode !== SourceMode.TIMESTAMP_INCREMENTING) {
      throw new ConfigException('timestamp.lag.window.ms', this.getLong('timestamp.lag.window.ms'),
        'The late-commit window de-duplicates by (timestamp, id): it needs mode=timestamp+incrementing.');
    }
    if (!/^[a-zA-Z0-9._-]*$/.test(this.topicPrefix())) {
      throw new ConfigException('topic.prefix', this.topicPrefix(), 'Only [a-zA-Z0-9._-] are allowed in a topic name.');
    }
  }

  mode(): SourceMode {
    return this.getString('mode') as SourceMode;
  }

  /** `query`, or `query.masked` when that is set. */
  query(): string {
    const masked = this.getPassword('query.masked')?.value() ?? '';
    return masked !== '' ? masked : this.requireString('query');
  }

  timestampColumns(): string[] {
    return this.requireList('timestamp.column.name').filter((c) => c.trim() !== '').map((c) => c.trim());
  }

  incrementingColumn(): string {
    return this.requireString('incrementing.column.name').trim();
  }

  numericMapping(): NumericMapping {
    const mapping = this.getString('numeric.mapping') as NumericMapping | null;
    if (mapping !== null) return mapping;
    return this.getBoolean('numeric.precision.mapping') ? NumericMapping.PRECISION_ONLY : NumericMapping.NONE;
  }

  topicPrefix(): string {
    return this.requireString('topic.prefix');
  }

  quoteIdentifiers(): boolean {
    return this.getString('quote.sql.identifiers') === 'always';
  }

  timeZone(): string {
    return this.requireString('db.timezone');
  }

  /** Connection keys (connection.url, .user, .password and any driver property), for openConnection. */
  connectionProps(): Record<string, string> {
    const props: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.originals())) {
      if (k.startsWith('connection.') && v !== null && v !== undefined) props[k] = String(v);
    }
    return props;
  }
}
