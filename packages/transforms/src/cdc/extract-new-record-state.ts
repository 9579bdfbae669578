import {
  ConfigException, Schemas, Struct, type ConfigDef, type ConnectHeaders, type ConnectRecord, type Schema, type Transformation,
} from '@tsconnect/api';
import { readDebeziumEnvelope, readEnvelopeMetadata, type DebeziumEnvelope } from './debezium-envelope.js';
import { RowExtender, type ExtraField } from './extended-row.js';
import {
  DEBEZIUM_UNWRAP, EXTRACT_NEW_RECORD_STATE_CONFIG, extractNewRecordStateSettings, type ExtractNewRecordStateSettings,
} from './extract-new-record-state-config.js';
import { hasField, readField, type RowValue } from './row-value.js';
import { optionalCopy } from '../util/schema-util.js';
import { transformDataError } from './transform-error.js';

const DELETED_FIELD = '__deleted';

/**
 * Debezium's event flattening (`io.debezium.transforms.ExtractNewRecordState`): replaces a change
 * event envelope by its row state, with Debezium's handling of deletes and tombstones, metadata
 * fields and headers, and routing by a row field. Records that are not envelopes pass unchanged.
 */
export class ExtractNewRecordState<R extends ConnectRecord<R>> implements Transformation<R> {
  #settings: ExtractNewRecordStateSettings | null = null;
  readonly #rows = new RowExtender(DEBEZIUM_UNWRAP);

  configure(configs: Record<string, unknown>): void {
    this.#settings = extractNewRecordStateSettings(configs);
  }

  config(): ConfigDef {
    return EXTRACT_NEW_RECORD_STATE_CONFIG;
  }

  close(): void {
    this.#settings = null;
  }

  apply(record: R): R | null {
    const settings = this.#settings;
    if (settings === null) throw new ConfigException(`${DEBEZIUM_UNWRAP} used before it was configured`);
    if (record.value === null) return this.#tombstone(settings, record);
    const envelope = readDebeziumEnvelope(DEBEZIUM_UNWRAP, record);
    if (envelope === null) return record;
    const headers = this.#headers(settings, record, envelope);
    const { before, after } = envelope;
    if (after === null && before === null) {
      // A truncate event: Debezium drops it, unless the deprecated drop.tombstones=false keeps it.
      return settings.legacy !== null && !settings.legacy.dropTombstones ? record : null;
    }
    const rewrite = settings.deleteHandling === 'rewrite' || settings.deleteHandling === 'rewrite-with-tombstone';
    if (after === null) {
      const topic = this.#topic(settings, record, before!);
      switch (settings.deleteHandling) {
        case 'drop':
          return null;
        case 'tombstone':
          // As Debezium: a null value that keeps the row schema (JDBC sinks read it as a delete).
          return record.newRecord({ topic, valueSchema: envelope.afterSchema, value: null, headers });
        default:
          return this.#row(settings, record, envelope, before!, envelope.beforeSchema, topic, headers, 'true');
      }
    }
    const topic = this.#topic(settings, record, after);
    return this.#row(settings, record, envelope, after, envelope.afterSchema, topic, headers, rewrite ? 'false' : null);
  }

  #tombstone(settings: ExtractNewRecordStateSettings, record: R): R | null {
    const keep = settings.legacy !== null
      ? !settings.legacy.dropTombstones
      : settings.deleteHandling === 'rewrite-with-tombstone';
    if (!keep) return null;
    const opHeaders = settings.addHeaders.filter((ref) => ref.struct === null && ref.field === 'op');
    if (opHeaders.length === 0) return record;
    const headers = record.headers.duplicate();
    for (const ref of opHeaders) headers.addString(ref.newName, 'd');
    return record.newRecord({ headers });
  }

  #headers(settings: ExtractNewRecordStateSettings, record: R, envelope: DebeziumEnvelope): ConnectHeaders | undefined {
    if (settings.addHeaders.length === 0) return undefined;
    const headers = record.headers.duplicate();
    for (const ref of settings.addHeaders) {
      const metadata = readEnvelopeMetadata(envelope.value, ref);
      if (metadata !== null) headers.add(ref.newName, metadata.value, metadata.schema && optionalCopy(metadata.schema));
    }
    return headers;
  }

  #topic(settings: ExtractNewRecordStateSettings, record: R, row: RowValue): string {
    const field = settings.routeByField;
    if (field === null) return record.topic;
    if (!hasField(row, field)) {
      throw transformDataError(DEBEZIUM_UNWRAP, `route.by.field '${field}' is not a field of the row`);
    }
    const value = readField(row, field) ?? null;
    if (value !== null && typeof value !== 'string') {
      throw transformDataError(DEBEZIUM_UNWRAP, `route.by.field '${field}' holds a ${typeof value}, not a topic name`);
    }
    return value === null || value.trim() === '' ? record.topic : value;
  }

  /** The row with the requested metadata fields and, in the rewrite modes, `__deleted`. */
  #row(
    settings: ExtractNewRecordStateSettings, record: R, envelope: DebeziumEnvelope, row: RowValue,
    rowSchema: Schema | null, topic: string, headers: ConnectHeaders | undefined, deleted: 'true' | 'false' | null,
  ): R {
    const extras: ExtraField[] = [];
    for (const ref of settings.addFields) {
      const metadata = readEnvelopeMetadata(envelope.value, ref);
      if (metadata !== null) {
        extras.push({ name: ref.newName, schema: metadata.schema && optionalCopy(metadata.schema), value: metadata.value });
      }
    }
    if (deleted !== null) extras.push({ name: DELETED_FIELD, schema: Schemas.OPTIONAL_STRING, value: deleted });
    if (extras.length === 0) return record.newRecord({ topic, valueSchema: rowSchema, value: row, headers });
    const replaceNulls = deleted !== null && settings.replaceNullWithDefault;
    const value = this.#rows.extend(row, extras, replaceNulls);
    return record.newRecord({ topic, valueSchema: value instanceof Struct ? value.schema : null, value, headers });
  }
}
