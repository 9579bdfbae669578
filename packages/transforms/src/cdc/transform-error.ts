import { DataException } from '@tsconnect/api';

/** A data error that names the transform (by the alias users configure) and what it was reading. */
export function transformDataError(transform: string, message: string, cause?: unknown): DataException {
  return new DataException(`${transform}: ${message}`, cause === undefined ? {} : { cause });
}
