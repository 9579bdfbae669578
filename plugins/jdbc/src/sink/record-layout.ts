/**
 * Which columns a record becomes, as Confluent's FieldsMetadata decides them from `pk.mode`,
 * `pk.fields` and `fields.whitelist`: key columns first (Kafka coordinates, key fields or value
 * fields), then the value fields that are not key columns. Each column knows how to read its value
 * from a record.
 */
import { ConnectException, SchemaBuilder, Struct, type Schema, type SinkRecord } from '@tsconnect/api';
import type { SinkColumn } from '../dialect/dialect.js';
import { DEFAULT_KAFKA_PK_NAMES, type PrimaryKeyMode } from './sink-config.js';

export interface LayoutSettings {
  pkMode: PrimaryKeyMode;
  pkFields: readonly string[];
  fieldsWhitelist: readonly string[];
  replaceNullWithDefault: boolean;
}

export interface ColumnSource {
  readonly column: SinkColumn;
  read(record: SinkRecord): unknown;
}

export interface RecordLayout {
  readonly keys: readonly ColumnSource[];
  readonly values: readonly ColumnSource[];
  /** Equal for layouts with the same columns and column schemas: such records share statements. */
  readonly signature: string;
  /** The key columns' names: records of one segment share them. */
  readonly keySignature: string;
}

const KAFKA_SCHEMAS: readonly Schema[] = [
  SchemaBuilder.string().build(), SchemaBuilder.int32().build(), SchemaBuilder.int64().build(),
];

function structField(struct: unknown, name: string, withDefault: boolean): unknown {
  if (!(struct instanceof Struct)) return null;
  return withDefault ? struct.get(name) : struct.getWithoutDefault(name);
}

function describeSchema(schema: Schema): string {
  const params = schema.parameters ? [...schema.parameters].map(([k, v]) => `${k}=${v}`).join(',') : '';
  const nested = schema.type === 'ARRAY' || schema.type === 'MAP' ? `<${schema.valueSchema ? describeSchema(schema.valueSchema) : ''}>` : '';
  return `${schema.type}${schema.name ? `:${schema.name}` : ''}${params ? `(${params})` : ''}${nested}${schema.isOptional ? '?' : ''}`;
}

/**
 * The layout of records with these schemas bound for `tableName`. A null value schema (a
 * tombstone) gives a layout with key columns only.
 */
export function recordLayout(settings: LayoutSettings, tableName: string, keySchema: Schema | null,
  valueSchema: Schema | null): RecordLayout {
  const keys: ColumnSource[] = [];
  const keyNames = new Set<string>();
  const key = (name: string, schema: Schema, read: (r: SinkRecord) => unknown): void => {
    keys.push({ column: { name, schema, isPrimaryKey: true }, read });
    keyNames.add(name);
  };
  const withDefault = settings.replaceNullWithDefault;

  switch (settings.pkMode) {
    case 'none':
      break;
    case 'kafka': {
      const names = settings.pkFields.length === 0 ? DEFAULT_KAFKA_PK_NAMES : settings.pkFields;
      if (names.length !== 3) {
        throw new ConnectException(`PK mode for table '${tableName}' is KAFKA so there should either be no field names ` +
          `defined for defaults ${DEFAULT_KAFKA_PK_NAMES.join(',')} to be applicable, or exactly 3, defined fields are: ${names.join(',')}`);
      }
      key(names[0]!, KAFKA_SCHEMAS[0]!, (r) => r.topic);
      key(names[1]!, KAFKA_SCHEMAS[1]!, (r) => r.kafkaPartition);
      key(names[2]!, KAFKA_SCHEMAS[2]!, (r) => BigInt(r.kafkaOffset));
      break;
    }
    case 'record_key': {
      if (!keySchema) {
        throw new ConnectException(`PK mode for table '${tableName}' is RECORD_KEY, but record key schema is missing`);
      }
      if (keySchema.type === 'STRUCT') {
        const fields = settings.pkFields.length === 0 ? keySchema.fields.map((f) => f.name) : settings.pkFields;
        for (const name of fields) {
          const field = keySchema.field(name);
          if (!field) {
            throw new ConnectException(`PK mode for table '${tableName}' is RECORD_KEY with configured PK fields ` +
              `[${settings.pkFields.join(', ')}], but record key schema does not contain field: ${name}`);
          }
          key(name, field.schema, (r) => structField(r.key, name, withDefault));
        }
      } else {
        if (settings.pkFields.length !== 1) {
          throw new ConnectException(`Need exactly one PK column defined since the key schema for records is a ` +
            `primitive type, defined columns are: [${settings.pkFields.join(', ')}]`);
        }
        key(settings.pkFields[0]!, keySchema, (r) => r.key);
      }
      break;
    }
    case 'record_value': {
      if (!valueSchema) break;
      if (valueSchema.type !== 'STRUCT') {
        throw new ConnectException(`PK mode for table '${tableName}' is RECORD_VALUE, but record value schema is not a struct`);
      }
      const fields = settings.pkFields.length === 0 ? valueSchema.fields.map((f) => f.name) : settings.pkFields;
      for (const name of fields) {
        const field = valueSchema.field(name);
        if (!field) {
          throw new ConnectException(`PK mode for table '${tableName}' is RECORD_VALUE with configured PK fields ` +
            `[${settings.pkFields.join(', ')}], but record value schema does not contain field: ${name}`);
        }
        key(name, field.schema, (r) => structField(r.value, name, withDefault));
      }
      break;
    }
  }

  const values: ColumnSource[] = [];
  if (valueSchema) {
    if (valueSchema.type !== 'STRUCT') {
      throw new ConnectException(`Sink connector requires a Struct value schema for table '${tableName}', ` +
        `but the value schema is ${valueSchema.type}`);
    }
    const whitelist = new Set(settings.fieldsWhitelist);
    for (const field of valueSchema.fields) {
      if (keyNames.has(field.name)) continue;
      if (whitelist.size > 0 && !whitelist.has(field.name)) continue;
      values.push({
        column: { name: field.name, schema: field.schema, isPrimaryKey: false },
        read: (r) => structField(r.value, field.name, withDefault),
      });
    }
    if (keys.length === 0 && values.length === 0) {
      throw new ConnectException(`No fields found using key and value schemas for table: ${tableName}`);
    }
  }
  const signature = [...keys, ...values].map((s) => `${s.column.isPrimaryKey ? '*' : ''}${s.column.name}:${describeSchema(s.column.schema)}`).join('|');
  return { keys, values, signature, keySignature: keys.map((k) => k.column.name).join('|') };
}
