/**
 * `org.apache.kafka.connect.storage.SimpleHeaderConverter`, the default `header.converter`: writes
 * `Values.convertToString` as UTF-8 and reads text back through `Values.parseString` (smallest
 * integer type, FLOAT32 when it fits, ISO dates, `[...]` and `{...}`). Text it cannot parse is
 * kept as raw BYTES, as Kafka does.
 */
import {
  ConfigDef, SchemaAndValue, Schemas, Values, type HeaderConverter, type Schema,
} from '@tsconnect/api';
import { charsetForName } from '../string/charset.js';

const CONFIG_DEF = new ConfigDef();
const UTF_8 = charsetForName('UTF-8')!;

export class SimpleHeaderConverter implements HeaderConverter {
  config(): ConfigDef {
    return CONFIG_DEF;
  }

  configure(): void {}

  toConnectHeader(_topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    if (value === null || value === undefined) return SchemaAndValue.NULL;
    const text = UTF_8.decode(value);
    if (text === '') return new SchemaAndValue(Schemas.STRING, text);
    try {
      return Values.parseString(text);
    } catch {
      return new SchemaAndValue(Schemas.BYTES, value);
    }
  }

  fromConnectHeader(_topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null;
    return UTF_8.encode(Values.convertToString(schema, value)!);
  }

  close(): void {}
}
