import { ConfigException } from '@tsconnect/api';

/** One entry of a list such as `add.fields`: the field to copy and, after a colon, the name to give it. */
interface FieldMapping {
  readonly source: string;
  readonly target: string | null;
}

/** Parses `field` or `field:newName`; anything else is a ConfigException on `configName`. */
export function parseFieldMapping(transform: string, configName: string, entry: string): FieldMapping {
  const parts = entry.trim().split(':');
  if (parts.length > 2 || parts.some((part) => part === '')) {
    throw new ConfigException(configName, entry, `${transform} expects <field> or <field>:<new name>`);
  }
  return { source: parts[0]!, target: parts[1] ?? null };
}
