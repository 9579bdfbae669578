/**
 * Request and response bodies as Kafka's Jackson provider handles them. Bodies are read raw (the
 * internal endpoints verify signatures over the exact bytes) and parsed here:
 * - an empty body is null (Jackson's ALLOW_EMPTY_INPUT), which most endpoints then fail on with
 *   a 500, as Kafka does;
 * - malformed JSON, or JSON of the wrong shape, is a 500 (Kafka's exception mapper sends Jackson
 *   errors to the catch-all 500; our messages describe the problem but are not Jackson's words);
 * - numbers and booleans where a string is expected are taken as their text (Jackson coerces
 *   scalars to String).
 */
import type { Request, RequestHandler } from 'express';
import { ConnectRestError } from '../herder/herder-errors.js';
import { jaxRsError } from './rest-errors.js';
import type { ConnectorOffset, ConnectorOffsets, CreateConnectorRequest, InitialState, RequestConfig } from '../model/entities.js';

/** The raw body bytes (empty when the request had none). */
export function rawBody(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

/** The parsed JSON body; null for an empty body. */
export function jsonBody(req: Request): unknown {
  const text = rawBody(req).toString('utf8');
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ConnectRestError(500, `Malformed JSON in request body: ${(e as Error).message}`);
  }
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'Array value';
  if (typeof value === 'object') return 'Object value';
  return `${typeof value} value`;
}

function mismatch(javaType: string, value: unknown): ConnectRestError {
  return new ConnectRestError(500, `Cannot deserialize value of type \`${javaType}\` from ${jsonKind(value)}`);
}

const STRING_MAP = 'java.util.LinkedHashMap<java.lang.String,java.lang.String>';

function asString(value: unknown): string | null {
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw mismatch('java.lang.String', value);
}

/** A `Map<String, String>` body or field; null stays null, JSON null values are kept. */
export function asStringMap(value: unknown): RequestConfig | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw mismatch(STRING_MAP, value);
  const out: RequestConfig = {};
  for (const [k, v] of Object.entries(value)) {
    // defineProperty, so that a key named __proto__ stays a key.
    Object.defineProperty(out, k, { value: asString(v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Kafka's helpful NullPointerException text for a missing body. */
export function nullBody(variable: string): ConnectRestError {
  return new ConnectRestError(500, `Cannot invoke "java.util.Map.get(Object)" because "${variable}" is null`);
}

interface ParsedCreateRequest {
  request: CreateConnectorRequest;
  initialState: InitialState | null;
}

/** POST /connectors body. */
export function asCreateRequest(value: unknown): ParsedCreateRequest {
  if (value === null) {
    throw new ConnectRestError(500, 'Cannot invoke "org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest.name()" because "createRequest" is null');
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw mismatch('org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest', value);
  }
  const body = value as Record<string, unknown>;
  const rawState = body.initial_state === undefined ? null : asString(body.initial_state);
  return {
    request: {
      name: body.name === undefined ? null : asString(body.name),
      config: asStringMap(body.config),
      initial_state: rawState,
    },
    initialState: rawState === null ? null : initialState(rawState),
  };
}

function initialState(text: string): InitialState {
  const upper = text.toUpperCase();
  if (upper === 'RUNNING' || upper === 'PAUSED' || upper === 'STOPPED') return upper;
  throw new ConnectRestError(
    500,
    `No enum constant org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest.InitialState.${upper}`,
  );
}

function asJsonObject(value: unknown, javaType: string): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw mismatch(javaType, value);
  return value as Record<string, unknown>;
}

/** PATCH /connectors/{c}/offsets body; `offsets` may be null or missing (the route answers 400). */
export function asConnectorOffsets(value: unknown): { offsets: ConnectorOffset[] | null } {
  const body = asJsonObject(value, 'org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets');
  if (body === null) {
    throw new ConnectRestError(500, 'Cannot invoke "org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets.offsets()" because "offsets" is null');
  }
  const list = body.offsets;
  if (list === null || list === undefined) return { offsets: null };
  if (!Array.isArray(list)) throw mismatch('java.util.ArrayList<org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset>', list);
  return {
    offsets: list.map((element) => {
      const entry = asJsonObject(element, 'org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset') ?? {};
      const partition = asJsonObject(entry.partition, 'java.util.LinkedHashMap<java.lang.String,java.lang.Object>') ?? {};
      const offset = asJsonObject(entry.offset, 'java.util.LinkedHashMap<java.lang.String,java.lang.Object>');
      return { partition, offset };
    }),
  };
}

/** The forwarded form of an offsets body. */
export function connectorOffsetsBody(offsets: ConnectorOffsets): unknown {
  return { offsets: offsets.offsets.map((o) => ({ partition: o.partition, offset: o.offset })) };
}

/** Internal POST /connectors/{c}/tasks body: a list of string maps. */
export function asTaskConfigs(value: unknown): Record<string, string>[] {
  if (value === null) throw new ConnectRestError(500, 'No content to map due to end-of-input');
  if (!Array.isArray(value)) throw mismatch(`java.util.ArrayList<${STRING_MAP}>`, value);
  return value.map((element) => {
    const map = asStringMap(element) ?? {};
    return map as Record<string, string>;
  });
}

/**
 * Resources declared `@Consumes(APPLICATION_JSON)`: a request body with another Content-Type, or
 * with none (Jersey then takes it for application/octet-stream), is a 415; curl's default `-d`
 * type, application/x-www-form-urlencoded, is the usual case. A request without a body passes.
 */
export const consumesJson: RequestHandler = (req, _res, next) => {
  if (rawBody(req).length === 0) {
    next();
    return;
  }
  const type = req.get('content-type') ?? 'application/octet-stream';
  const mime = type.split(';')[0]!.trim().toLowerCase();
  next(mime === 'application/json' || mime === 'application/*' || mime === '*/*' ? undefined : jaxRsError(415));
};
