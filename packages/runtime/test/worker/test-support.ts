/** Small in-test plugins and helpers shared by the worker tests. */
import {
  ConfigDef,
  DataException,
  SchemaAndValue,
  Schemas,
  type Converter,
  type HeaderConverter,
  type Schema,
} from '@tsconnect/api';
import type { ConnectorTaskId } from '../../src/connector-task-id.js';
import type { TaskConverters } from '../../src/worker/task-converters.js';
import type { TaskStatusListener } from '../../src/worker/task-status-listener.js';
import type { WorkerLog } from '../../src/worker/worker-log.js';

/** UTF-8 text with a STRING schema; null stays null. */
export class TextConverter implements Converter, HeaderConverter {
  configure(): void {}
  config(): ConfigDef {
    return new ConfigDef();
  }
  fromConnectData(_topic: string, _headers: unknown, _schema: Schema | null, value: unknown): Uint8Array | null {
    return value == null ? null : Buffer.from(String(value), 'utf8');
  }
  toConnectData(_topic: string, _headers: unknown, value: Uint8Array | null): SchemaAndValue {
    return value == null ? SchemaAndValue.NULL : new SchemaAndValue(Schemas.OPTIONAL_STRING, Buffer.from(value).toString('utf8'));
  }
  toConnectHeader(topic: string, _key: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }
  fromConnectHeader(topic: string, _key: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, null, schema, value);
  }
}

/** Schemaless JSON values; bytes that are not JSON fail as Kafka's JsonConverter does. */
export class StrictJsonConverter extends TextConverter {
  override toConnectData(_topic: string, _headers: unknown, value: Uint8Array | null): SchemaAndValue {
    if (value == null) return SchemaAndValue.NULL;
    try {
      return new SchemaAndValue(null, JSON.parse(Buffer.from(value).toString('utf8')));
    } catch (error) {
      throw new DataException('Converting byte[] to Kafka Connect data failed due to serialization error: ', { cause: error });
    }
  }
  override fromConnectData(_topic: string, _headers: unknown, _schema: Schema | null, value: unknown): Uint8Array | null {
    return value == null ? null : Buffer.from(JSON.stringify(value), 'utf8');
  }
}

export function textConverters(value: Converter = new TextConverter()): TaskConverters {
  const text = new TextConverter();
  return {
    key: text,
    keyClass: 'org.apache.kafka.connect.storage.StringConverter',
    value,
    valueClass: value instanceof StrictJsonConverter ? 'org.apache.kafka.connect.json.JsonConverter' : 'org.apache.kafka.connect.storage.StringConverter',
    header: text,
    headerClass: 'org.apache.kafka.connect.storage.StringConverter',
  };
}

export type StatusEvent = ['startup' | 'pause' | 'resume' | 'shutdown'] | ['failure', string];

export class RecordingStatusListener implements TaskStatusListener {
  readonly events: StatusEvent[] = [];
  onStartup(_id: ConnectorTaskId): void {
    this.events.push(['startup']);
  }
  onPause(_id: ConnectorTaskId): void {
    this.events.push(['pause']);
  }
  onResume(_id: ConnectorTaskId): void {
    this.events.push(['resume']);
  }
  onFailure(_id: ConnectorTaskId, trace: string): void {
    this.events.push(['failure', trace]);
  }
  onShutdown(_id: ConnectorTaskId): void {
    this.events.push(['shutdown']);
  }
  get failure(): string | null {
    const failed = this.events.find((e) => e[0] === 'failure');
    return failed ? (failed[1] as string) : null;
  }
}

export const quietLog: WorkerLog = {
  debug() {},
  info() {},
  warn() {},
  error: (message, error) => {
    if (process.env['TSCONNECT_TEST_LOG']) console.error(message, error);
  },
};

/**
 * Polls `condition` until it holds. Fails at once when `failure()` reports one, and after a
 * generous `giveUpMs` so a broken pipeline fails the test instead of hanging it.
 */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  failure: () => string | null = () => null,
  giveUpMs = 120_000,
): Promise<void> {
  const giveUpAt = Date.now() + giveUpMs;
  for (;;) {
    const failed = failure();
    if (failed !== null) throw new Error(`${what}: the task failed: ${failed}`);
    if (await condition()) return;
    if (Date.now() > giveUpAt) throw new Error(`Gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
