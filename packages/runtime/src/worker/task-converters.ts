/**
 * A task's key, value and header converters, with the class names they were configured by
 * (`key.converter=org.apache.kafka.connect.json.JsonConverter`, ...), which error reports show.
 */
import type { Converter, HeaderConverter } from '@tsconnect/api';

export interface TaskConverters {
  readonly key: Converter;
  readonly keyClass: string;
  readonly value: Converter;
  readonly valueClass: string;
  readonly header: HeaderConverter;
  readonly headerClass: string;
}
