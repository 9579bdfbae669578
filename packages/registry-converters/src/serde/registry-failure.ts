/**
 * Turns a failure met while (de)serializing into the Connect error the runtime acts on: a registry
 * that cannot be reached (or answers 5xx) is retriable, a configuration error stays one, anything
 * else is a DataException naming the topic.
 */
import { ConfigException, ConnectError, DataException, RetriableException } from '@tsconnect/api';
import { SchemaRegistryError } from '../registry/schema-registry-error.js';

export function conversionFailure(context: string, cause: unknown): ConnectError {
  if (cause instanceof ConfigException) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  const retriable = (cause instanceof SchemaRegistryError || cause instanceof ConnectError) && cause.retriable;
  return retriable
    ? new RetriableException(`${context}${reason}`, { cause })
    : new DataException(`${context}${reason}`, { cause });
}
