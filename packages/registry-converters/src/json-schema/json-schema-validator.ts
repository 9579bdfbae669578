/**
 * Payload validation against a JSON Schema with ajv (`json.fail.invalid.schema`). Confluent's
 * `connect.*` keywords are unknown to ajv, so it runs non-strict; formats come from ajv-formats.
 */
import { DataException } from '@tsconnect/api';
import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv and ajv-formats are CommonJS modules whose default export sits on `.default`.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

export class JsonSchemaValidator {
  readonly #ajv = addFormats(new Ajv({ strict: false, allErrors: true, validateSchema: false }));
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor(readonly maxSchemas = 1000) {}

  /** Throws DataException listing the violations when `value` (plain JSON) does not match the schema text. */
  validate(schemaText: string, value: unknown, what: string): void {
    let validate = this.#compiled.get(schemaText);
    if (validate === undefined) {
      try {
        validate = this.#ajv.compile(JSON.parse(schemaText) as object);
      } catch (cause) {
        throw new DataException(`Invalid JSON schema for ${what}: ${(cause as Error).message}`, { cause });
      }
      if (this.#compiled.size >= this.maxSchemas) this.#compiled.clear();
      this.#compiled.set(schemaText, validate);
    }
    if (!validate(value)) {
      const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('; ');
      throw new DataException(`Validation error in JSON ${what}: ${problems}`);
    }
  }
}
