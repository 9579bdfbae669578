import {
  ConfigException, Schemas, Struct, type ConfigDef, type ConnectRecord, type Transformation,
} from '@tsconnect/api';
import { RowExtender, type ExtraField } from './extended-row.js';
import { readQlikDataMessage, type QlikDataMessage } from './qlik-data-message.js';
import {
  KEY_FIELDS, QLIK_REPLICATE_UNWRAP_CONFIG, QLIK_UNWRAP, qlikReplicateUnwrapSettings, type QlikReplicateUnwrapSettings,
} from './qlik-replicate-unwrap-config.js';
import { RowKeyBuilder } from './record-key.js';
import { hasField, readField, type RowValue } from './row-value.js';
import { optionalCopy } from '../util/schema-util.js';
import { transformDataError } from './transform-error.js';

/**
 * Unwraps Qlik Replicate change messages (JSON `atMSG` wrapper or the bare Avro record) into the
 * flat row a JDBC sink writes: `data` for INSERT, UPDATE and REFRESH; for DELETE a tombstone, the
 * deleted row with a marker field, or nothing. Optionally copies message headers into the row and
 * sets the record key from row fields.
 */
export class QlikReplicateUnwrap<R extends ConnectRecord<R>> implements Transformation<R> {
  #settings: QlikReplicateUnwrapSettings | null = null;
  #keys: RowKeyBuilder | null = null;
  readonly #rows = new RowExtender(QLIK_UNWRAP);

  configure(configs: Record<string, unknown>): void {
    const settings = qlikReplicateUnwrapSettings(configs);
    this.#settings = settings;
    this.#keys = settings.keyFields.length > 0 ? new RowKeyBuilder(QLIK_UNWRAP, KEY_FIELDS, settings.keyFields) : null;
  }

  config(): ConfigDef {
    return QLIK_REPLICATE_UNWRAP_CONFIG;
  }

  close(): void {
    this.#settings = null;
    this.#keys = null;
  }

  apply(record: R): R | null {
    const settings = this.#settings;
    if (settings === null) throw new ConfigException(`${QLIK_UNWRAP} used before it was configured`);
    if (record.value === null) return settings.dropTombstones ? null : record;
    const message = readQlikDataMessage(QLIK_UNWRAP, record.value);
    if (message === null) return this.#nonDataMessage(settings, record);
    const rewrite = settings.deleteHandling === 'rewrite';
    if (message.operation !== 'DELETE') {
      const row = message.data;
      if (row === null) throw transformDataError(QLIK_UNWRAP, `${message.operation} message has a null 'data' field`);
      return this.#row(settings, record, message, row, rewrite ? false : null);
    }
    const row = message.beforeData ?? message.data;
    if (row === null) throw transformDataError(QLIK_UNWRAP, "DELETE message has neither 'beforeData' nor 'data'");
    switch (settings.deleteHandling) {
      case 'drop':
        return null;
      case 'tombstone':
        return record.newRecord({ ...this.#keys?.keyOf(row), valueSchema: null, value: null });
      case 'rewrite':
        return this.#row(settings, record, message, row, true);
    }
  }

  #nonDataMessage(settings: QlikReplicateUnwrapSettings, record: R): R | null {
    switch (settings.nonDataMessages) {
      case 'pass':
        return record;
      case 'drop':
        return null;
      case 'fail':
        throw transformDataError(QLIK_UNWRAP, `the record from topic ${record.topic} is not a Qlik Replicate data message`);
    }
  }

  #row(settings: QlikReplicateUnwrapSettings, record: R, message: QlikDataMessage, row: RowValue, deleted: boolean | null): R {
    const key = this.#keys?.keyOf(row);
    const extras: ExtraField[] = settings.headersToFields.map(({ header, field }) => {
      if (!hasField(message.headers, header)) {
        throw transformDataError(QLIK_UNWRAP, `headers.to.fields field '${header}' is not in the message headers`);
      }
      const schema = message.headers instanceof Struct ? optionalCopy(message.headers.schema.field(header)!.schema) : null;
      return { name: field, schema, value: readField(message.headers, header) ?? null };
    });
    if (deleted !== null) extras.push({ name: settings.deleteMarkerField, schema: Schemas.OPTIONAL_BOOLEAN, value: deleted });
    const value = extras.length === 0 ? row : this.#rows.extend(row, extras, settings.replaceNullWithDefault);
    return record.newRecord({ ...key, valueSchema: value instanceof Struct ? value.schema : null, value });
  }
}
