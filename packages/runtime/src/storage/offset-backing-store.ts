/**
 * Source connector offsets (spec §2.3): where they are kept (`OffsetBackingStore`: the offsets
 * topic in distributed mode, a file in standalone mode), how a connector reads them
 * (`ConnectorOffsetReader`) and how a task's offsets are flushed (`OffsetStorageWriter`).
 *
 * Keys are matched by content (offset-records.ts `offsetKeyIdentity`): a lookup finds a key
 * written by Java with its partition fields in another order. A write whose key matches a stored
 * key reuses the stored key's exact bytes, so it replaces (or tombstones) that record for Java
 * workers too.
 */
import { rename, readFile, writeFile } from 'node:fs/promises';
import { ConnectException, type OffsetStorageReader, type SourceOffset, type SourcePartition } from '@tsconnect/api';
import { type ClientLog, defaultClientLog } from '../kafka/client-log.js';
import type { KafkaBasedLog } from './kafka-based-log.js';
import { type InternalTopicStoreOptions, internalTopicLog } from './internal-topic-log.js';
import {
  type OffsetMap,
  decodeOffsetKey,
  decodeOffsetValue,
  encodeOffsetKey,
  encodeOffsetValue,
  offsetKeyIdentity,
  offsetKeyIdentityOf,
} from './offset-records.js';

/** One offsets record: key bytes and value bytes (null: the offset was deleted). */
export interface OffsetRecord {
  key: Buffer;
  value: Buffer | null;
}

/**
 * Where an exactly-once source task writes its offsets with its own transactional producer: the
 * offsets topic, each record keyed as the store keys it (reusing a stored key's exact bytes).
 */
export interface TransactionalOffsets {
  readonly topic: string;
  record(partition: SourcePartition, offset: SourceOffset | null): OffsetRecord;
}

export interface OffsetBackingStore {
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * The stored values of these keys, by key identity (`offsetKeyIdentity`), after bringing the
   * store up to date; keys without an offset are absent.
   */
  get(keys: readonly Buffer[]): Promise<Map<string, Buffer>>;
  /** Stores the records; resolves when they are durable. */
  set(records: readonly OffsetRecord[]): Promise<void>;
  /** The source partitions of a connector that have an offset, as last read. */
  connectorPartitions(connector: string): Record<string, unknown>[];
}

/** The offsets read so far, by key identity, with the exact key bytes they were read under. */
class OffsetTable {
  readonly #entries = new Map<string, { key: Buffer; value: Buffer }>();

  apply(key: Buffer, value: Buffer | null): void {
    const identity = offsetKeyIdentity(key);
    if (value === null) this.#entries.delete(identity);
    else this.#entries.set(identity, { key, value });
  }

  get(keys: readonly Buffer[]): Map<string, Buffer> {
    const result = new Map<string, Buffer>();
    for (const key of keys) {
      const identity = offsetKeyIdentity(key);
      const entry = this.#entries.get(identity);
      if (entry !== undefined) result.set(identity, entry.value);
    }
    return result;
  }

  /** The bytes to write for `key`: those of a stored key with the same content, else its own. */
  keyForWrite(key: Buffer): Buffer {
    return this.#entries.get(offsetKeyIdentity(key))?.key ?? key;
  }

  connectorPartitions(connector: string): Record<string, unknown>[] {
    const partitions: Record<string, unknown>[] = [];
    for (const { key } of this.#entries.values()) {
      const decoded = decodeOffsetKey(key);
      if (decoded?.connector === connector) partitions.push(decoded.partition);
    }
    return partitions;
  }

  connectorKeys(connector: string): Buffer[] {
    return [...this.#entries.values()].map(({ key }) => key).filter((key) => decodeOffsetKey(key)?.connector === connector);
  }

  records(): { key: Buffer; value: Buffer }[] {
    return [...this.#entries.values()];
  }
}

/** Offsets in the worker's offsets topic (Kafka's KafkaOffsetBackingStore). */
export class KafkaOffsetBackingStore implements OffsetBackingStore {
  readonly topic: string;
  readonly #log: ClientLog;
  readonly #table = new OffsetTable();
  readonly #kafkaLog: KafkaBasedLog;

  constructor(options: InternalTopicStoreOptions) {
    this.#log = options.log ?? defaultClientLog;
    this.#kafkaLog = internalTopicLog('offset', {
      ...options,
      log: this.#log,
      producerSettings: { 'enable.idempotence': 'false' },
      onRecord: (record) => {
        if (record.key === null) {
          this.#log.warn(`Ignoring offsets record without a key at ${record.partition}/${record.offset}`);
          return;
        }
        if (decodeOffsetKey(record.key) === null) {
          this.#log.warn(`Ignoring offsets record with a malformed key: ${record.key.toString('utf8')}`);
        }
        this.#table.apply(record.key, record.value);
      },
    });
    this.topic = this.#kafkaLog.topic;
  }

  async start(): Promise<void> {
    this.#log.info(`Starting KafkaOffsetBackingStore with topic ${this.topic}`);
    await this.#kafkaLog.start();
  }

  async stop(): Promise<void> {
    await this.#kafkaLog.stop();
  }

  async get(keys: readonly Buffer[]): Promise<Map<string, Buffer>> {
    await this.#kafkaLog.readToEnd();
    return this.#table.get(keys);
  }

  async set(records: readonly OffsetRecord[]): Promise<void> {
    await Promise.all(records.map(({ key, value }) => this.#kafkaLog.send(this.#table.keyForWrite(key), value)));
  }

  connectorPartitions(connector: string): Record<string, unknown>[] {
    return this.#table.connectorPartitions(connector);
  }

  /** A connector's offsets as records for its tasks' transactions; they land here once read back committed. */
  transactionalOffsets(connector: string): TransactionalOffsets {
    return transactionalOffsetsOf(connector, this.topic, (key) => this.#table.keyForWrite(key));
  }

  /** The exact bytes of a connector's stored offset keys (a task host's transactions reuse them). */
  connectorKeys(connector: string): Buffer[] {
    return this.#table.connectorKeys(connector);
  }
}

/** Offset records for a connector's transactions, each key written as `keyForWrite` says. */
export function transactionalOffsetsOf(connector: string, topic: string, keyForWrite: (key: Buffer) => Buffer): TransactionalOffsets {
  return {
    topic,
    record: (partition, offset) => ({
      key: keyForWrite(encodeOffsetKey(connector, partition as OffsetMap)),
      value: encodeOffsetValue(offset as OffsetMap | null),
    }),
  };
}

/**
 * Offsets in a local file for standalone mode (`offset.storage.file.filename`), loaded on start
 * and rewritten (to a temporary file, then renamed) on every set. Our own format, UTF-8 JSON:
 *
 *   {"version":1,"offsets":[{"key":"[\"jdbc-src\",{\"table\":\"orders\"}]","value":"{\"id\":42}"}, ...]}
 *
 * `key` and `value` are the exact record bytes as UTF-8 text; deleted offsets are left out.
 */
export class FileOffsetBackingStore implements OffsetBackingStore {
  readonly #table = new OffsetTable();
  #writing: Promise<void> = Promise.resolve();

  readonly #filename: string;
  readonly #log: ClientLog;

  constructor(
    filename: string,
    log: ClientLog = defaultClientLog,
  ) {
    this.#filename = filename;
    this.#log = log;
  }

  async start(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.#filename, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new ConnectException(`Failed to read offsets from ${this.#filename}`, { cause: error });
    }
    const parsed = JSON.parse(text) as { version?: number; offsets?: { key: string; value: string }[] };
    if (parsed.version !== 1 || !Array.isArray(parsed.offsets)) {
      throw new ConnectException(`${this.#filename} is not an offsets file of version 1`);
    }
    for (const { key, value } of parsed.offsets) this.#table.apply(Buffer.from(key, 'utf8'), Buffer.from(value, 'utf8'));
    this.#log.info(`Loaded ${parsed.offsets.length} offsets from ${this.#filename}`);
  }

  async stop(): Promise<void> {
    await this.#writing;
  }

  async get(keys: readonly Buffer[]): Promise<Map<string, Buffer>> {
    return this.#table.get(keys);
  }

  set(records: readonly OffsetRecord[]): Promise<void> {
    for (const { key, value } of records) this.#table.apply(this.#table.keyForWrite(key), value);
    // Saves run one after another; each writes the table as it is when it runs.
    const save = this.#writing.then(() => this.#save());
    this.#writing = save.catch(() => undefined);
    return save;
  }

  connectorPartitions(connector: string): Record<string, unknown>[] {
    return this.#table.connectorPartitions(connector);
  }

  async #save(): Promise<void> {
    const offsets = this.#table
      .records()
      .map(({ key, value }) => ({ key: key.toString('utf8'), value: value.toString('utf8') }));
    const temporary = `${this.#filename}.tmp`;
    await writeFile(temporary, JSON.stringify({ version: 1, offsets }), 'utf8');
    await rename(temporary, this.#filename);
  }
}

/** A connector's view of its offsets (Kafka's OffsetStorageReaderImpl). */
export class ConnectorOffsetReader implements OffsetStorageReader {
  #closed = false;

  readonly #connector: string;
  readonly #store: OffsetBackingStore;
  readonly #log: ClientLog;

  constructor(
    connector: string,
    store: OffsetBackingStore,
    log: ClientLog = defaultClientLog,
  ) {
    this.#connector = connector;
    this.#store = store;
    this.#log = log;
  }

  async offset(partition: SourcePartition): Promise<SourceOffset | null> {
    return (await this.offsets([partition])).get(partition) ?? null;
  }

  async offsets(partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>> {
    if (this.#closed) {
      throw new ConnectException(
        'Offset reader is closed. This is likely because the task has already been scheduled to stop ' +
          'but has taken longer than the graceful shutdown period to do so.',
      );
    }
    const keys = partitions.map((partition) => encodeOffsetKey(this.#connector, partition as OffsetMap));
    const values = await this.#store.get(keys);
    const result = new Map<SourcePartition, SourceOffset | null>();
    partitions.forEach((partition, i) => {
      const value = values.get(offsetKeyIdentity(keys[i]!));
      let offset: SourceOffset | null = null;
      try {
        offset = value === undefined ? null : decodeOffsetValue(value);
      } catch (error) {
        this.#log.error(
          `CRITICAL: Failed to deserialize offset data when getting offsets for task with namespace ${this.#connector}. ` +
            `No value for this data will be returned: ${(error as Error).message}`,
        );
      }
      result.set(partition, offset);
    });
    return result;
  }

  close(): void {
    this.#closed = true;
  }
}

/**
 * Collects a task's offsets and flushes them in snapshots (Kafka's OffsetStorageWriter): offsets
 * given while a flush is in progress go into the next one; a failed or cancelled flush puts its
 * offsets back, under any newer ones for the same partitions.
 */
export class OffsetStorageWriter {
  /** Offsets not yet being flushed, by partition identity. */
  #data = new Map<string, { partition: SourcePartition; offset: SourceOffset | null }>();
  #toFlush: Map<string, { partition: SourcePartition; offset: SourceOffset | null }> | null = null;
  #flushId = 0;

  readonly #connector: string;
  readonly #store: OffsetBackingStore;
  readonly #log: ClientLog;

  constructor(
    connector: string,
    store: OffsetBackingStore,
    log: ClientLog = defaultClientLog,
  ) {
    this.#connector = connector;
    this.#store = store;
    this.#log = log;
  }

  /** Records the offset of a partition (null deletes it) for the next flush. */
  offset(partition: SourcePartition, offset: SourceOffset | null): void {
    this.#data.set(offsetKeyIdentityOf(this.#connector, partition as OffsetMap), { partition, offset });
  }

  flushing(): boolean {
    return this.#toFlush !== null;
  }

  /** Takes a snapshot of the pending offsets; false when there is nothing to flush. */
  beginFlush(): boolean {
    if (this.flushing()) {
      throw new ConnectException('OffsetStorageWriter is already flushing');
    }
    if (this.#data.size === 0) return false;
    this.#toFlush = this.#data;
    this.#data = new Map();
    return true;
  }

  /** Writes the snapshot; on failure the snapshot's offsets return to the pending ones. */
  async doFlush(): Promise<void> {
    const snapshot = this.#toFlush;
    if (snapshot === null) throw new ConnectException('No offset flush in progress');
    const id = this.#flushId;
    let records: OffsetRecord[];
    try {
      records = [...snapshot.values()].map(({ partition, offset }) => ({
        key: encodeOffsetKey(this.#connector, partition as OffsetMap),
        value: encodeOffsetValue(offset as OffsetMap | null),
      }));
    } catch (error) {
      this.#log.error(
        'CRITICAL: Failed to serialize offset data, making it impossible to commit offsets under namespace ' +
          `${this.#connector}: ${(error as Error).message}`,
      );
      this.cancelFlush();
      throw error;
    }
    try {
      await this.#store.set(records);
    } catch (error) {
      if (id === this.#flushId) this.cancelFlush();
      throw error;
    }
    if (id === this.#flushId) this.#toFlush = null;
  }

  /** Abandons the flush in progress, keeping its offsets for the next one. */
  cancelFlush(): void {
    if (this.#toFlush === null) return;
    for (const [identity, entry] of this.#data) this.#toFlush.set(identity, entry);
    this.#data = this.#toFlush;
    this.#toFlush = null;
    this.#flushId++;
  }
}
