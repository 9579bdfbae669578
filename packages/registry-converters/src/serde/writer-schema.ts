/**
 * What both registry converters do when reading: fetch the writer's schema by the id in the
 * record, check it is of their kind, and find its version under the record's subject.
 */
import { DataException } from '@tsconnect/api';
import { schemaText, type SchemaType } from '../registry/registered-schema.js';
import type { SchemaRegistryClient } from '../registry/schema-registry-client.js';
import { SchemaRegistryError } from '../registry/schema-registry-error.js';

/**
 * The schema text registered under `id`. A registry failure is reported as
 * `Error retrieving <described> schema for id <id>: ...`; a schema of another type as a DataException.
 */
export async function writerSchemaText(
  client: SchemaRegistryClient,
  id: number,
  schemaType: SchemaType,
  described: string,
  typeName: string,
): Promise<string> {
  try {
    const found = await client.getSchemaById(id);
    if (found.schemaType !== schemaType) throw new DataException(`Schema ${id} is a ${found.schemaType} schema, not ${typeName}`);
    return found.schema;
  } catch (cause) {
    if (cause instanceof SchemaRegistryError) {
      throw new SchemaRegistryError(`Error retrieving ${described} schema for id ${id}: ${cause.message}`, cause.status, cause.errorCode, { cause });
    }
    throw cause;
  }
}

/**
 * The version of a writer schema under its subject, as Confluent's converters set it; null when it
 * is not registered there (or no subject can be named for it).
 */
export async function registeredVersion(
  client: SchemaRegistryClient,
  subject: () => string,
  text: string,
  schemaType: SchemaType,
): Promise<number | null> {
  try {
    return (await client.lookup(subject(), schemaText(text, schemaType))).version;
  } catch (cause) {
    if ((cause instanceof SchemaRegistryError && cause.isNotFound) || cause instanceof DataException) return null;
    throw cause;
  }
}
