/**
 * The converters this package provides, under the names Kafka Connect configs use for them: the
 * Java class name, the simple class name and Kafka's pruned alias (`Json` for JsonConverter as a
 * converter, `Simple` for SimpleHeaderConverter), so the runtime's plugin registry can resolve
 * `key.converter`, `value.converter` and `header.converter` values.
 */
import type { Converter, HeaderConverter } from '@tsconnect/api';
import { ByteArrayConverter } from './bytes/byte-array-converter.js';
import { SimpleHeaderConverter } from './header/simple-header-converter.js';
import { JsonConverter } from './json/json-converter.js';
import { BooleanConverter } from './number/boolean-converter.js';
import {
  DoubleConverter, FloatConverter, IntegerConverter, LongConverter, ShortConverter,
} from './number/number-converters.js';
import { StringConverter } from './string/string-converter.js';

export type ConverterKind = 'converter' | 'header_converter' | 'both';

export interface BuiltinConverter {
  /** Fully qualified Java class names it answers to. */
  readonly javaClassNames: readonly string[];
  /** Short names: the simple class name, plus Kafka's alias without the `Converter`/`HeaderConverter` suffix. */
  readonly aliases: readonly string[];
  readonly kind: ConverterKind;
  readonly type: new () => Converter | HeaderConverter;
}

function entry(javaClassName: string, kind: ConverterKind, type: new () => Converter | HeaderConverter): BuiltinConverter {
  const simple = javaClassName.slice(javaClassName.lastIndexOf('.') + 1);
  const aliases = [simple];
  for (const suffix of kind === 'header_converter' ? ['HeaderConverter'] : ['Converter']) {
    const pos = simple.lastIndexOf(suffix);
    if (pos > 0) aliases.push(simple.slice(0, pos));
  }
  return Object.freeze({ javaClassNames: Object.freeze([javaClassName]), aliases: Object.freeze(aliases), kind, type });
}

const CONVERTERS = 'org.apache.kafka.connect.converters.';
const STORAGE = 'org.apache.kafka.connect.storage.';

export const builtinConverters: readonly BuiltinConverter[] = Object.freeze([
  entry('org.apache.kafka.connect.json.JsonConverter', 'both', JsonConverter),
  entry(`${STORAGE}StringConverter`, 'both', StringConverter),
  entry(`${CONVERTERS}ByteArrayConverter`, 'both', ByteArrayConverter),
  entry(`${CONVERTERS}BooleanConverter`, 'both', BooleanConverter),
  entry(`${CONVERTERS}DoubleConverter`, 'both', DoubleConverter),
  entry(`${CONVERTERS}FloatConverter`, 'both', FloatConverter),
  entry(`${CONVERTERS}IntegerConverter`, 'both', IntegerConverter),
  entry(`${CONVERTERS}LongConverter`, 'both', LongConverter),
  entry(`${CONVERTERS}ShortConverter`, 'both', ShortConverter),
  entry(`${STORAGE}SimpleHeaderConverter`, 'header_converter', SimpleHeaderConverter),
]);

/** The built-in converter known by that Java class name or alias, or null. */
export function findBuiltinConverter(name: string): BuiltinConverter | null {
  return builtinConverters.find((c) => c.javaClassNames.includes(name) || c.aliases.includes(name)) ?? null;
}
