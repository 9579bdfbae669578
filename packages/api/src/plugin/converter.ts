import type { ConfigDef } from '../config/config-def.js';
import type { Schema } from '../data/schema.js';
import type { SchemaAndValue } from '../data/schema-and-value.js';
import type { ConnectHeaders } from '../header/headers.js';

/**
 * Turns record keys or values into Kafka bytes and back (`key.converter`, `value.converter`).
 * Either direction may return a promise, so converters can call a schema registry.
 */
export interface Converter {
  /** Called once with the converter's settings (prefix stripped); `isKey` says which side it serves. */
  configure(configs: Record<string, unknown>, isKey: boolean): void;
  fromConnectData(
    topic: string,
    headers: ConnectHeaders | null,
    schema: Schema | null,
    value: unknown,
  ): Uint8Array | null | Promise<Uint8Array | null>;
  toConnectData(
    topic: string,
    headers: ConnectHeaders | null,
    value: Uint8Array | null,
  ): SchemaAndValue | Promise<SchemaAndValue>;
  /** The settings it accepts, for validation and documentation. */
  config(): ConfigDef;
  close?(): void | Promise<void>;
}

/** Turns header values into bytes and back (`header.converter`). */
export interface HeaderConverter {
  configure(configs: Record<string, unknown>): void;
  toConnectHeader(topic: string, headerKey: string, value: Uint8Array | null): SchemaAndValue | Promise<SchemaAndValue>;
  fromConnectHeader(
    topic: string,
    headerKey: string,
    schema: Schema | null,
    value: unknown,
  ): Uint8Array | null | Promise<Uint8Array | null>;
  config(): ConfigDef;
  close?(): void | Promise<void>;
}
