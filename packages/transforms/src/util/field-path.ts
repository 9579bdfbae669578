import { ConfigException, type Field, type Schema, type Struct } from '@tsconnect/api';
import { requireMapOrNull, requireStructOrNull } from './requirements.js';

/** `field.syntax.version` (KIP-821): V1 names a top-level field, V2 a dotted path with backtick quoting. */
export type FieldSyntaxVersion = 'V1' | 'V2';

export const FIELD_SYNTAX_VERSION_CONFIG = 'field.syntax.version';
export const FIELD_SYNTAX_VERSION_DEFAULT: FieldSyntaxVersion = 'V1';
export const FIELD_SYNTAX_VERSION_DOC = 'Defines the version of the syntax to access fields. If set to `V1`, then ' +
  'the field paths are limited to access the elements at the root level of the struct or map. If set to `V2`, the ' +
  'syntax will support accessing nested elements. To access nested elements, dotted notation is used. If dots are ' +
  'already included in the field name, then backtick pairs can be used to wrap field names containing dots. E.g. ' +
  'to access the subfield `baz` from a field named "foo.bar" in a struct/map the following format can be used to ' +
  'access its elements: "`foo.bar`.baz".';

const NESTED_PURPOSE = 'nested field access';

function incompleteBacktick(path: string, at: number): ConfigException {
  return new ConfigException(`Incomplete backtick pair in path: [${path}], consider adding a backslash before ` +
    `backtick at position ${at} to escape it`);
}

/** The V2 steps of a path: split on dots, except inside backticks; `\`` escapes a backtick. */
function parseStepsV2(path: string): string[] {
  const steps: string[] = [];
  let idx = 0;
  while (idx >= 0 && idx < path.length) {
    if (path[idx] !== '`') {
      const dot = path.indexOf('.', idx);
      steps.push(dot >= 0 ? path.slice(idx, dot) : path.slice(idx));
      idx = dot >= 0 ? dot + 1 : -1;
      continue;
    }
    const backtickAt = idx;
    idx++;
    let field = '';
    let start = idx;
    for (;;) {
      idx = path.indexOf('`', idx);
      if (idx < 0) throw incompleteBacktick(path, backtickAt);
      const escaped = path[idx - 1] === '\\';
      if (idx >= path.length - 1) {
        if (escaped) throw incompleteBacktick(path, backtickAt);
        steps.push(field + path.slice(start, idx));
        idx++;
        break;
      }
      if (path[idx + 1] !== '.') { idx++; continue; }
      if (escaped) {
        field += `${path.slice(start, idx - 1)}\``;
        idx++;
        start = idx;
        continue;
      }
      steps.push(field + path.slice(start, idx));
      idx += 2;
      break;
    }
  }
  if (path.endsWith('.')) steps.push('');
  return steps;
}

/** Kafka's `SingleFieldPath`: one field, top-level (V1) or nested (V2), in a Struct schema or a map. */
export class SingleFieldPath {
  readonly steps: readonly string[];

  constructor(readonly path: string, readonly version: FieldSyntaxVersion) {
    this.steps = version === 'V1' ? [path] : parseStepsV2(path);
  }

  /** The field at this path in a STRUCT schema, or null when any step is missing. */
  fieldFrom(schema: Schema | null): Field | null {
    let current = schema;
    for (const step of this.steps.slice(0, -1)) {
      const field = current?.type === 'STRUCT' ? current.field(step) : null;
      if (field === null) return null;
      current = field.schema;
    }
    return current?.type === 'STRUCT' ? current.field(this.steps[this.steps.length - 1]!) : null;
  }

  /** The value at this path in a Struct (null when missing); the last step may skip the field default. */
  valueFromStruct(struct: Struct | null, replaceNullWithDefault = true): unknown {
    let current = struct;
    for (const step of this.steps.slice(0, -1)) {
      if (current === null || current.schema.field(step) === null) return null;
      current = requireStructOrNull(current.get(step), NESTED_PURPOSE);
    }
    const last = this.steps[this.steps.length - 1]!;
    if (current === null || current.schema.field(last) === null) return null;
    return replaceNullWithDefault ? current.get(last) : current.getWithoutDefault(last);
  }

  /** The value at this path in a schemaless map (null when missing). */
  valueFromMap(map: Record<string, unknown> | null): unknown {
    let current = map;
    for (const step of this.steps.slice(0, -1)) {
      if (current === null) return null;
      current = requireMapOrNull(current[step], NESTED_PURPOSE);
    }
    return current?.[this.steps[this.steps.length - 1]!] ?? null;
  }

  toString(): string {
    return this.path;
  }
}
