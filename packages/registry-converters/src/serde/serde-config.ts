/**
 * The registry settings every schema converter shares (Confluent's AbstractKafkaSchemaSerDeConfig),
 * as given to a converter after the `key.converter.` / `value.converter.` prefix is stripped.
 */
import { AbstractConfig, ConfigDef, ConfigException, Range, ValidString, type ConfigProps } from '@tsconnect/api';
import type { BasicAuthCredentials, SchemaRegistryClientOptions } from '../registry/schema-registry-client.js';
import { subjectNameStrategy, TOPIC_NAME_STRATEGY_CLASS, type SubjectNameStrategy } from './subject-name-strategy.js';

export const SCHEMA_REGISTRY_URL_CONFIG = 'schema.registry.url';
export const AUTO_REGISTER_SCHEMAS_CONFIG = 'auto.register.schemas';
export const USE_LATEST_VERSION_CONFIG = 'use.latest.version';
export const LATEST_COMPATIBILITY_STRICT_CONFIG = 'latest.compatibility.strict';
export const USE_SCHEMA_ID_CONFIG = 'use.schema.id';
export const ID_COMPATIBILITY_STRICT_CONFIG = 'id.compatibility.strict';
export const NORMALIZE_SCHEMAS_CONFIG = 'normalize.schemas';
export const MAX_SCHEMAS_PER_SUBJECT_CONFIG = 'max.schemas.per.subject';
export const KEY_SUBJECT_NAME_STRATEGY_CONFIG = 'key.subject.name.strategy';
export const VALUE_SUBJECT_NAME_STRATEGY_CONFIG = 'value.subject.name.strategy';
export const BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = 'basic.auth.credentials.source';
export const USER_INFO_CONFIG = 'basic.auth.user.info';
export const LEGACY_USER_INFO_CONFIG = 'schema.registry.basic.auth.user.info';
export const BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG = 'bearer.auth.credentials.source';
export const BEARER_AUTH_TOKEN_CONFIG = 'bearer.auth.token';
export const LATEST_CACHE_SIZE_CONFIG = 'latest.cache.size';
export const LATEST_CACHE_TTL_CONFIG = 'latest.cache.ttl.sec';
export const HTTP_READ_TIMEOUT_MS_CONFIG = 'http.read.timeout.ms';
export const SCHEMAS_CACHE_SIZE_CONFIG = 'schemas.cache.config';

/** Adds the shared registry keys to a converter's ConfigDef. */
export function defineSerdeConfig(def: ConfigDef): ConfigDef {
  return def
    .define({
      name: SCHEMA_REGISTRY_URL_CONFIG, type: 'LIST', importance: 'HIGH',
      documentation: 'Comma-separated list of URLs for Schema Registry instances that can be used to register or look up schemas.',
    })
    .define({
      name: AUTO_REGISTER_SCHEMAS_CONFIG, type: 'BOOLEAN', defaultValue: true, importance: 'MEDIUM',
      documentation: 'Specify if the Serializer should attempt to register the Schema with Schema Registry',
    })
    .define({
      name: USE_LATEST_VERSION_CONFIG, type: 'BOOLEAN', defaultValue: false, importance: 'LOW',
      documentation: 'Specify if the Serializer should use the latest subject version for serialization' +
        ' (only when auto.register.schemas is false)',
    })
    .define({
      name: LATEST_COMPATIBILITY_STRICT_CONFIG, type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
      documentation: 'If true, check that the latest subject version is backward compatible with the schema of the object' +
        ' when use.latest.version is true.',
    })
    .define({
      name: USE_SCHEMA_ID_CONFIG, type: 'INT', defaultValue: -1, importance: 'LOW',
      documentation: 'Schema ID to use for serialization',
    })
    .define({
      name: ID_COMPATIBILITY_STRICT_CONFIG, type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
      documentation: 'If true, check that the schema of use.schema.id is backward compatible with the schema of the object.',
    })
    .define({
      name: NORMALIZE_SCHEMAS_CONFIG, type: 'BOOLEAN', defaultValue: false, importance: 'LOW',
      documentation: 'Whether to normalize schemas, which generally ignores ordering when it is not significant',
    })
    .define({
      name: MAX_SCHEMAS_PER_SUBJECT_CONFIG, type: 'INT', defaultValue: 1000, validator: Range.atLeast(1), importance: 'LOW',
      documentation: 'Maximum number of schemas to create or cache locally.',
    })
    .define({
      name: KEY_SUBJECT_NAME_STRATEGY_CONFIG, type: 'STRING', defaultValue: TOPIC_NAME_STRATEGY_CLASS, importance: 'MEDIUM',
      documentation: 'Determines how to construct the subject name under which the key schema is registered.',
    })
    .define({
      name: VALUE_SUBJECT_NAME_STRATEGY_CONFIG, type: 'STRING', defaultValue: TOPIC_NAME_STRATEGY_CLASS, importance: 'MEDIUM',
      documentation: 'Determines how to construct the subject name under which the value schema is registered.',
    })
    .define({
      name: BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, type: 'STRING', defaultValue: 'URL',
      validator: ValidString.in('URL', 'USER_INFO', 'SASL_INHERIT'), importance: 'MEDIUM',
      documentation: 'Specify how to pick the credentials for the Basic Auth header. URL takes them from the' +
        ' user-info of schema.registry.url, USER_INFO from basic.auth.user.info.',
    })
    .define({
      name: USER_INFO_CONFIG, type: 'PASSWORD', defaultValue: '', importance: 'MEDIUM',
      documentation: 'Specify the user info for Basic Auth in the form of {username}:{password}',
    })
    .define({
      name: LEGACY_USER_INFO_CONFIG, type: 'PASSWORD', defaultValue: '', importance: 'LOW',
      documentation: 'Deprecated name of basic.auth.user.info',
    })
    .define({
      name: BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG, type: 'STRING', defaultValue: 'STATIC_TOKEN',
      validator: ValidString.in('STATIC_TOKEN'), importance: 'LOW',
      documentation: 'Specify how to pick the credentials for the Bearer Auth header (only STATIC_TOKEN here).',
    })
    .define({
      name: BEARER_AUTH_TOKEN_CONFIG, type: 'PASSWORD', defaultValue: '', importance: 'LOW',
      documentation: 'A static bearer token sent to the registry when set.',
    })
    .define({
      name: LATEST_CACHE_SIZE_CONFIG, type: 'INT', defaultValue: 1000, importance: 'LOW',
      documentation: 'The maximum size for caches holding latest schemas',
    })
    .define({
      name: LATEST_CACHE_TTL_CONFIG, type: 'LONG', defaultValue: -1, importance: 'LOW',
      documentation: 'The TTL in seconds for caches holding latest schemas, or -1 for no TTL',
    })
    .define({
      name: HTTP_READ_TIMEOUT_MS_CONFIG, type: 'INT', defaultValue: 60000, validator: Range.atLeast(1), importance: 'LOW',
      documentation: 'Time limit in milliseconds for one registry request (connection and answer).',
    })
    .define({
      name: SCHEMAS_CACHE_SIZE_CONFIG, type: 'INT', defaultValue: 1000, validator: Range.atLeast(1), importance: 'LOW',
      documentation: 'Size of the converted schemas cache',
    });
}

/** The parsed shared settings, and what they mean for the registry client and subject names. */
export class SerdeConfig extends AbstractConfig {
  constructor(def: ConfigDef, props: ConfigProps) {
    super(def, props);
  }

  get urls(): string[] {
    const urls = this.requireList(SCHEMA_REGISTRY_URL_CONFIG).filter((u) => u.trim() !== '');
    if (urls.length === 0) throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG, '', 'At least one URL is required');
    return urls;
  }

  get autoRegisterSchemas(): boolean { return this.getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG); }
  get useLatestVersion(): boolean { return this.getBoolean(USE_LATEST_VERSION_CONFIG); }
  get latestCompatibilityStrict(): boolean { return this.getBoolean(LATEST_COMPATIBILITY_STRICT_CONFIG); }
  get useSchemaId(): number { return this.getInt(USE_SCHEMA_ID_CONFIG); }
  get idCompatibilityStrict(): boolean { return this.getBoolean(ID_COMPATIBILITY_STRICT_CONFIG); }
  get normalizeSchemas(): boolean { return this.getBoolean(NORMALIZE_SCHEMAS_CONFIG); }
  get schemasCacheSize(): number { return this.getInt(SCHEMAS_CACHE_SIZE_CONFIG); }

  subjectNameStrategy(isKey: boolean): SubjectNameStrategy {
    const key = isKey ? KEY_SUBJECT_NAME_STRATEGY_CONFIG : VALUE_SUBJECT_NAME_STRATEGY_CONFIG;
    return subjectNameStrategy(key, this.requireString(key));
  }

  /** Basic auth from USER_INFO (`user:password`); URL credentials are read by the client itself. */
  basicAuth(): BasicAuthCredentials | null {
    const source = this.getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG);
    if (source === 'URL') return null;
    if (source === 'SASL_INHERIT') {
      throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, source, 'SASL_INHERIT is not supported');
    }
    const info = this.getPassword(USER_INFO_CONFIG)!.value() || this.getPassword(LEGACY_USER_INFO_CONFIG)!.value();
    const colon = info.indexOf(':');
    if (colon < 0) {
      throw new ConfigException(USER_INFO_CONFIG, '[hidden]', 'Basic auth user info must have the form user:password');
    }
    return { user: info.slice(0, colon), password: info.slice(colon + 1) };
  }

  clientOptions(): SchemaRegistryClientOptions {
    const token = this.getPassword(BEARER_AUTH_TOKEN_CONFIG)!.value();
    const ttl = this.getLong(LATEST_CACHE_TTL_CONFIG);
    return {
      urls: this.urls,
      basicAuth: this.basicAuth(),
      requestTimeoutMs: this.getInt(HTTP_READ_TIMEOUT_MS_CONFIG),
      cacheSize: this.getInt(MAX_SCHEMAS_PER_SUBJECT_CONFIG),
      latestCacheSize: this.getInt(LATEST_CACHE_SIZE_CONFIG),
      latestCacheTtlMs: ttl < 0 ? -1 : ttl * 1000,
      headers: token !== '' ? { Authorization: `Bearer ${token}` } : {},
    };
  }
}
