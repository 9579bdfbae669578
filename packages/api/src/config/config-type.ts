/**
 * The enumerations of Kafka's ConfigDef: the type a value parses to, how important a key is, and
 * how wide a UI field should be. Their names are what the REST validate endpoint prints.
 */

/**
 * The type of a configuration value and what `parse` turns its string into:
 * BOOLEAN boolean, STRING string, INT/SHORT/LONG/DOUBLE number, LIST string[],
 * CLASS a class name (string) or a constructor, PASSWORD {@link Password}.
 *
 * LONG values are JS numbers: exact up to 2^53 (Number.MAX_SAFE_INTEGER), rounded beyond; the full
 * Java long range is accepted and Long.MAX_VALUE / MIN_VALUE print back exactly.
 */
export const ConfigType = {
  BOOLEAN: 'BOOLEAN',
  STRING: 'STRING',
  INT: 'INT',
  SHORT: 'SHORT',
  LONG: 'LONG',
  DOUBLE: 'DOUBLE',
  LIST: 'LIST',
  CLASS: 'CLASS',
  PASSWORD: 'PASSWORD',
} as const;
export type ConfigType = (typeof ConfigType)[keyof typeof ConfigType];

export const Importance = { HIGH: 'HIGH', MEDIUM: 'MEDIUM', LOW: 'LOW' } as const;
export type Importance = (typeof Importance)[keyof typeof Importance];

export const Width = { NONE: 'NONE', SHORT: 'SHORT', MEDIUM: 'MEDIUM', LONG: 'LONG' } as const;
export type Width = (typeof Width)[keyof typeof Width];
