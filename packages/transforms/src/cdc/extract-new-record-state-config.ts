/**
 * The configuration of ExtractNewRecordState, with Debezium's keys, defaults and meanings
 * (https://debezium.io/documentation/reference/stable/transformations/event-flattening.html).
 */
import { ConfigDef, ConfigException, LambdaValidator, type ConfigProps } from '@tsconnect/api';
import { parseFieldMapping } from './field-mapping.js';

export const DEBEZIUM_UNWRAP = 'ExtractNewRecordState';

/** What happens to delete events and to the tombstones that follow them. */
type DeleteTombstoneHandling = 'drop' | 'tombstone' | 'rewrite' | 'rewrite-with-tombstone';
const DELETE_TOMBSTONE_MODES: readonly DeleteTombstoneHandling[] = ['drop', 'tombstone', 'rewrite', 'rewrite-with-tombstone'];
/** The deprecated `delete.handling.mode`: `none` leaves a delete as a tombstone. */
type LegacyDeleteHandling = 'drop' | 'rewrite' | 'none';
const LEGACY_DELETE_MODES: readonly LegacyDeleteHandling[] = ['drop', 'rewrite', 'none'];

const DELETE_TOMBSTONE_HANDLING_MODE = 'delete.tombstone.handling.mode';
export const DROP_TOMBSTONES = 'drop.tombstones';
export const DELETE_HANDLING_MODE = 'delete.handling.mode';
const ROUTE_BY_FIELD = 'route.by.field';
const ADD_FIELDS = 'add.fields';
const ADD_FIELDS_PREFIX = 'add.fields.prefix';
const ADD_HEADERS = 'add.headers';
const ADD_HEADERS_PREFIX = 'add.headers.prefix';
export const REPLACE_NULL_WITH_DEFAULT = 'replace.null.with.default';

/** Debezium matches mode names ignoring case and surrounding blanks. */
function modeValidator<T extends string>(modes: readonly T[]): LambdaValidator {
  return LambdaValidator.with((name, value) => {
    if (value === null) return;
    if (typeof value !== 'string' || !modes.includes(value.trim().toLowerCase() as T)) {
      throw new ConfigException(name, value, `String must be one of: ${modes.join(', ')}`);
    }
  }, () => `[${modes.join(', ')}]`);
}

export const EXTRACT_NEW_RECORD_STATE_CONFIG = new ConfigDef()
  .define({
    name: DELETE_TOMBSTONE_HANDLING_MODE, type: 'STRING', defaultValue: null, importance: 'MEDIUM', width: 'MEDIUM',
    validator: modeValidator(DELETE_TOMBSTONE_MODES), displayName: 'Handle delete and tombstone records',
    documentation: 'How delete events and tombstones are emitted. drop: remove the delete event and its tombstone. ' +
      'tombstone (the default when neither this nor the deprecated keys are set): a delete becomes a record with a ' +
      'null value and the tombstone that followed it is dropped. rewrite: a delete becomes its before row with ' +
      '__deleted="true" (other rows get __deleted="false"), tombstones are dropped. rewrite-with-tombstone: as ' +
      'rewrite, and tombstones are kept. When set, drop.tombstones and delete.handling.mode are ignored.',
  })
  .define({
    name: DROP_TOMBSTONES, type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
    displayName: 'Drop tombstones (deprecated)',
    documentation: 'Deprecated, use delete.tombstone.handling.mode. Read only when delete.tombstone.handling.mode ' +
      'is not set and this key or delete.handling.mode is: whether tombstones (and truncate events) are dropped.',
  })
  .define({
    name: DELETE_HANDLING_MODE, type: 'STRING', defaultValue: 'drop', importance: 'MEDIUM',
    validator: modeValidator(LEGACY_DELETE_MODES), displayName: 'Handle delete records (deprecated)',
    documentation: 'Deprecated, use delete.tombstone.handling.mode. drop: remove delete events; none: keep them ' +
      'as records with a null value; rewrite: emit the before row with __deleted="true".',
  })
  .define({
    name: ROUTE_BY_FIELD, type: 'STRING', defaultValue: '', importance: 'LOW', width: 'LONG',
    displayName: 'Route by field name',
    documentation: 'A row field whose value becomes the topic (the after row, or the before row for a delete). ' +
      'A null or blank value leaves the topic as it is.',
  })
  .define({
    name: ADD_FIELDS_PREFIX, type: 'STRING', defaultValue: '__', importance: 'LOW', width: 'SHORT',
    displayName: 'Field prefix to be added to each field.',
    documentation: 'The prefix of the field names add.fields creates.',
  })
  .define({
    name: ADD_FIELDS, type: 'LIST', defaultValue: '', importance: 'LOW', width: 'LONG',
    displayName: 'Adds the specified field(s) to the message if they exist.',
    documentation: 'Envelope metadata to copy into the row: op, ts_ms, ts_us, ts_ns at the top level; id, ' +
      'total_order, data_collection_order from transaction; any other name from source; or struct.field. ' +
      'op,table,source.ts_ms adds __op, __table and __source_ts_ms. field:NAME names the new field prefix+NAME. ' +
      'Fields the envelope does not have are skipped.',
  })
  .define({
    name: ADD_HEADERS_PREFIX, type: 'STRING', defaultValue: '__', importance: 'LOW', width: 'SHORT',
    displayName: 'Header prefix to be added to each header.',
    documentation: 'The prefix of the header names add.headers creates.',
  })
  .define({
    name: ADD_HEADERS, type: 'LIST', defaultValue: '', importance: 'LOW', width: 'LONG',
    displayName: 'Adds the specified fields to the header if they exist.',
    documentation: 'Envelope metadata to copy into record headers, named as for add.fields. A kept tombstone ' +
      'gets only the op header, with value "d".',
  })
  .define({
    name: REPLACE_NULL_WITH_DEFAULT, type: 'BOOLEAN', defaultValue: true, importance: 'LOW', width: 'SHORT',
    displayName: 'replace null field value with default',
    documentation: 'When rows are rewritten (add.fields, __deleted), a null field value is replaced by the ' +
      'field\'s schema default.',
  });

/** Where an add.fields / add.headers entry is read from, and the name it is written under. */
export interface EnvelopeFieldReference {
  /** The envelope struct holding the field (`source`, `transaction`), or null for a top-level field. */
  readonly struct: string | null;
  readonly field: string;
  readonly newName: string;
}

const TOP_LEVEL_FIELDS = new Set(['op', 'ts_ms', 'ts_us', 'ts_ns']);
const TRANSACTION_FIELDS = new Set(['id', 'total_order', 'data_collection_order']);

function fieldReference(configName: string, prefix: string, entry: string): EnvelopeFieldReference {
  const { source, target } = parseFieldMapping(DEBEZIUM_UNWRAP, configName, entry);
  const dot = source.indexOf('.');
  const qualified = dot >= 0;
  const field = qualified ? source.slice(dot + 1) : source;
  const struct = qualified
    ? source.slice(0, dot)
    : TOP_LEVEL_FIELDS.has(field) ? null : TRANSACTION_FIELDS.has(field) ? 'transaction' : 'source';
  if (field === '' || struct === '') {
    throw new ConfigException(configName, entry, `${DEBEZIUM_UNWRAP} expects <field> or <struct>.<field>`);
  }
  const newName = prefix + (target ?? (qualified ? `${struct}_${field}` : field));
  return { struct, field, newName };
}

export interface ExtractNewRecordStateSettings {
  readonly deleteHandling: DeleteTombstoneHandling;
  /** Legacy mode only: tombstones and truncate events pass unchanged when false. */
  readonly legacy: { readonly dropTombstones: boolean } | null;
  readonly routeByField: string | null;
  readonly addFields: readonly EnvelopeFieldReference[];
  readonly addHeaders: readonly EnvelopeFieldReference[];
  readonly replaceNullWithDefault: boolean;
}

/** Parses and resolves the configuration, the deprecated keys included. */
export function extractNewRecordStateSettings(props: ConfigProps): ExtractNewRecordStateSettings {
  const values = EXTRACT_NEW_RECORD_STATE_CONFIG.parse(props);
  const mode = values[DELETE_TOMBSTONE_HANDLING_MODE] as string | null;
  const legacyKeysSet = props[DROP_TOMBSTONES] !== undefined || props[DELETE_HANDLING_MODE] !== undefined;
  let deleteHandling: DeleteTombstoneHandling;
  let legacy: ExtractNewRecordStateSettings['legacy'] = null;
  if (mode !== null || !legacyKeysSet) {
    deleteHandling = (mode?.trim().toLowerCase() ?? 'tombstone') as DeleteTombstoneHandling;
  } else {
    const legacyMode = (values[DELETE_HANDLING_MODE] as string).trim().toLowerCase() as LegacyDeleteHandling;
    deleteHandling = legacyMode === 'none' ? 'tombstone' : legacyMode;
    legacy = { dropTombstones: values[DROP_TOMBSTONES] as boolean };
  }
  const route = (values[ROUTE_BY_FIELD] as string).trim();
  const references = (list: string, prefix: string) =>
    (values[list] as string[]).map((entry) => fieldReference(list, values[prefix] as string, entry));
  return {
    deleteHandling,
    legacy,
    routeByField: route === '' ? null : route,
    addFields: references(ADD_FIELDS, ADD_FIELDS_PREFIX),
    addHeaders: references(ADD_HEADERS, ADD_HEADERS_PREFIX),
    replaceNullWithDefault: values[REPLACE_NULL_WITH_DEFAULT] as boolean,
  };
}
