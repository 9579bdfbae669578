/** The configuration of QlikReplicateUnwrap (our transform; Qlik Replicate ships none for Kafka Connect). */
import { ConfigDef, ConfigException, NonEmptyString, ValidString, type ConfigProps } from '@tsconnect/api';
import { parseFieldMapping } from './field-mapping.js';

export const QLIK_UNWRAP = 'QlikReplicateUnwrap';

export const DELETE_HANDLING_MODE = 'delete.handling.mode';
const DELETE_MARKER_FIELD = 'delete.marker.field';
const HEADERS_TO_FIELDS = 'headers.to.fields';
const HEADERS_TO_FIELDS_PREFIX = 'headers.to.fields.prefix';
export const KEY_FIELDS = 'key.fields';
const NON_DATA_MESSAGE_HANDLING_MODE = 'non.data.message.handling.mode';
export const DROP_TOMBSTONES = 'drop.tombstones';
export const REPLACE_NULL_WITH_DEFAULT = 'replace.null.with.default';

type QlikDeleteHandling = 'tombstone' | 'rewrite' | 'drop';
type NonDataMessageHandling = 'pass' | 'drop' | 'fail';

export const QLIK_REPLICATE_UNWRAP_CONFIG = new ConfigDef()
  .define({
    name: DELETE_HANDLING_MODE, type: 'STRING', defaultValue: 'tombstone', importance: 'MEDIUM',
    validator: ValidString.in('tombstone', 'rewrite', 'drop'), displayName: 'Handle DELETE messages',
    documentation: 'What a DELETE becomes. tombstone: a record with a null value and no value schema, which a ' +
      'JDBC sink with delete.enabled=true applies as a delete by key (set key.fields, or keep the key Replicate ' +
      'wrote). rewrite: the deleted row (beforeData, else data) with the delete marker field set to true; every ' +
      'other row gets the marker set to false, so all rows share one shape. drop: removed.',
  })
  .define({
    name: DELETE_MARKER_FIELD, type: 'STRING', defaultValue: '__deleted', validator: new NonEmptyString(),
    importance: 'LOW', displayName: 'Delete marker field',
    documentation: 'The optional boolean field delete.handling.mode=rewrite adds to every row.',
  })
  .define({
    name: HEADERS_TO_FIELDS, type: 'LIST', defaultValue: '', importance: 'MEDIUM', width: 'LONG',
    displayName: 'Message headers copied into the row',
    documentation: 'Fields of the message headers to add to the row, named prefix+field: operation, ' +
      'changeSequence, timestamp, streamPosition, transactionId, changeMask, columnMask, ' +
      'transactionEventCounter, transactionLastEvent. field:NAME names the new field prefix+NAME. A listed ' +
      'field the message headers lack is an error.',
  })
  .define({
    name: HEADERS_TO_FIELDS_PREFIX, type: 'STRING', defaultValue: '__', importance: 'LOW', width: 'SHORT',
    displayName: 'Prefix of copied header fields',
    documentation: 'The prefix of the field names headers.to.fields creates.',
  })
  .define({
    name: KEY_FIELDS, type: 'LIST', defaultValue: '', importance: 'MEDIUM', width: 'LONG',
    displayName: 'Row fields that form the record key',
    documentation: 'When set, the record key becomes a struct (an object when schemaless) of these row fields, ' +
      'read from the deleted row for a DELETE. Empty keeps the key as it came.',
  })
  .define({
    name: NON_DATA_MESSAGE_HANDLING_MODE, type: 'STRING', defaultValue: 'pass', importance: 'MEDIUM',
    validator: ValidString.in('pass', 'drop', 'fail'), displayName: 'Handle records that are not data messages',
    documentation: 'What happens to a record that is not a data message (a JSON message whose type is not DT, ' +
      'such as a metadata message, or a value without data and headers): pass (unchanged), drop, or fail ' +
      '(a DataException, handled by errors.tolerance).',
  })
  .define({
    name: DROP_TOMBSTONES, type: 'BOOLEAN', defaultValue: false, importance: 'LOW',
    displayName: 'Drop incoming tombstones',
    documentation: 'Whether records that arrive with a null value are dropped; otherwise they pass unchanged.',
  })
  .define({
    name: REPLACE_NULL_WITH_DEFAULT, type: 'BOOLEAN', defaultValue: true, importance: 'LOW', width: 'SHORT',
    displayName: 'Replace null field values with default',
    documentation: 'When fields are added to a row, a null field value is replaced by the field\'s schema default.',
  });

interface HeaderField {
  readonly header: string;
  readonly field: string;
}

export interface QlikReplicateUnwrapSettings {
  readonly deleteHandling: QlikDeleteHandling;
  readonly deleteMarkerField: string;
  readonly headersToFields: readonly HeaderField[];
  readonly keyFields: readonly string[];
  readonly nonDataMessages: NonDataMessageHandling;
  readonly dropTombstones: boolean;
  readonly replaceNullWithDefault: boolean;
}

export function qlikReplicateUnwrapSettings(props: ConfigProps): QlikReplicateUnwrapSettings {
  const values = QLIK_REPLICATE_UNWRAP_CONFIG.parse(props);
  const prefix = values[HEADERS_TO_FIELDS_PREFIX] as string;
  const headersToFields = (values[HEADERS_TO_FIELDS] as string[]).map((entry) => {
    const { source, target } = parseFieldMapping(QLIK_UNWRAP, HEADERS_TO_FIELDS, entry);
    return { header: source, field: prefix + (target ?? source) };
  });
  const keyFields = values[KEY_FIELDS] as string[];
  const repeated = keyFields.find((field, i) => keyFields.indexOf(field) !== i);
  if (repeated !== undefined) {
    throw new ConfigException(KEY_FIELDS, keyFields.join(','), `${QLIK_UNWRAP} lists field '${repeated}' twice`);
  }
  return {
    deleteHandling: values[DELETE_HANDLING_MODE] as QlikDeleteHandling,
    deleteMarkerField: values[DELETE_MARKER_FIELD] as string,
    headersToFields,
    keyFields,
    nonDataMessages: values[NON_DATA_MESSAGE_HANDLING_MODE] as NonDataMessageHandling,
    dropTombstones: values[DROP_TOMBSTONES] as boolean,
    replaceNullWithDefault: values[REPLACE_NULL_WITH_DEFAULT] as boolean,
  };
}
