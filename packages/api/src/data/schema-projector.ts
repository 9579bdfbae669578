import { SchemaProjectorException } from '../errors.js';
import { javaToString } from './java-text.js';
import type { Schema } from './schema.js';
import type { SchemaType } from './schema-type.js';
import { Struct } from './struct.js';

const PROMOTIONS: Readonly<Partial<Record<SchemaType, readonly SchemaType[]>>> = {
  INT8: ['INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64'],
  INT16: ['INT32', 'INT64', 'FLOAT32', 'FLOAT64'],
  INT32: ['INT64', 'FLOAT32', 'FLOAT64'],
  INT64: ['FLOAT32', 'FLOAT64'],
  FLOAT32: ['FLOAT64'],
};

function isPromotable(source: SchemaType, target: SchemaType): boolean {
  return PROMOTIONS[source]?.includes(target) ?? false;
}

function parametersText(parameters: ReadonlyMap<string, string> | null): string {
  return parameters === null ? 'null' : javaToString(new Map(parameters));
}

function parametersEqual(a: ReadonlyMap<string, string> | null, b: ReadonlyMap<string, string> | null): boolean {
  if (a === null || b === null) return a === b;
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

function checkMaybeCompatible(source: Schema, target: Schema): void {
  if (source.type !== target.type && !isPromotable(source.type, target.type)) {
    throw new SchemaProjectorException(
      `Schema type mismatch. source type: ${source.type} and target type: ${target.type}`);
  }
  if (source.name !== target.name) {
    throw new SchemaProjectorException(
      `Schema name mismatch. source name: ${source.name} and target name: ${target.name}`);
  }
  if (!parametersEqual(source.parameters, target.parameters)) {
    throw new SchemaProjectorException(`Schema parameters not equal. source parameters: ${
      parametersText(source.parameters)} and target parameters: ${parametersText(target.parameters)}`);
  }
}

function projectPrimitive(source: Schema, value: unknown, target: Schema): unknown {
  if (!isPromotable(source.type, target.type) || (typeof value !== 'number' && typeof value !== 'bigint')) {
    return value;
  }
  switch (target.type) {
    case 'INT16':
    case 'INT32':
      return Number(value);
    case 'INT64':
      return typeof value === 'bigint' ? value : BigInt(Math.trunc(value));
    case 'FLOAT32':
      return Math.fround(Number(value));
    case 'FLOAT64':
      return Number(value);
    default:
      throw new SchemaProjectorException('Not promotable type.');
  }
}

function projectStruct(source: Schema, struct: Struct, target: Schema): Struct {
  const result = new Struct(target);
  for (const targetField of target.fields) {
    const name = targetField.name;
    const sourceField = source.field(name);
    if (sourceField !== null) {
      try {
        result.put(name, SchemaProjector.project(sourceField.schema, struct.get(name), targetField.schema));
      } catch (e) {
        if (e instanceof SchemaProjectorException) {
          throw new SchemaProjectorException(`Error projecting ${sourceField.name}`, { cause: e });
        }
        throw e;
      }
    } else if (targetField.schema.isOptional) {
      // A missing optional field stays null.
    } else if (targetField.schema.defaultValue !== null) {
      result.put(name, targetField.schema.defaultValue);
    } else {
      throw new SchemaProjectorException(
        `Required field \`${name}\` is missing from source schema: ${source.toString()}`);
    }
  }
  return result;
}

function projectRequired(source: Schema, value: unknown, target: Schema): unknown {
  switch (target.type) {
    case 'STRUCT':
      return projectStruct(source, value as Struct, target);
    case 'ARRAY':
      return (value as unknown[]).map((v) => SchemaProjector.project(source.valueSchema!, v, target.valueSchema!));
    case 'MAP': {
      const result = new Map<unknown, unknown>();
      for (const [k, v] of value as Map<unknown, unknown>) {
        result.set(
          SchemaProjector.project(source.keySchema!, k, target.keySchema!),
          SchemaProjector.project(source.valueSchema!, v, target.valueSchema!),
        );
      }
      return result;
    }
    default:
      return projectPrimitive(source, value, target);
  }
}

/**
 * Kafka's `SchemaProjector`: rewrites a value of one schema so it fits a compatible target schema
 * (numeric promotion, added optional/defaulted fields, dropped fields), or throws
 * `SchemaProjectorException`.
 */
export const SchemaProjector = Object.freeze({
  project(source: Schema, value: unknown, target: Schema): unknown {
    checkMaybeCompatible(source, target);
    if (source.isOptional && !target.isOptional) {
      if (target.defaultValue === null) {
        throw new SchemaProjectorException(
          'Writer schema is optional, however, target schema does not provide a default value.');
      }
      return value == null ? target.defaultValue : projectRequired(source, value, target);
    }
    return value == null ? null : projectRequired(source, value, target);
  },
});
