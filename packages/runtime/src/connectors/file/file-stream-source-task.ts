/**
 * Reads lines from a file (or standard input) and returns them as STRING records, as Kafka's
 * FileStreamSourceTask. Lines end at \n, \r or \r\n; a line is published only once its end is
 * seen. The offset is the byte position just after the line, so after a restart reading resumes
 * at the first line not yet acknowledged. (Kafka counts chars but skips bytes on restart; we count
 * bytes, which agrees with it for ASCII files and stays right for the rest.)
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { AbstractConfig, ConnectException, Schemas, SourceRecord, SourceTask } from '@tsconnect/api';
import { builtinPluginVersion } from '../../plugins/builtin-plugin-version.js';
import {
  FILE_CONFIG,
  FILENAME_FIELD,
  POSITION_FIELD,
  TASK_BATCH_SIZE_CONFIG,
  TOPIC_CONFIG,
  fileStreamSourceConfigDef,
  isInteger,
} from './file-stream-config.js';

/** How long a poll that found nothing new waits before returning, as Kafka's task does. */
const IDLE_WAIT_MS = 1000;
const READ_CHUNK_BYTES = 64 * 1024;
const LF = 0x0a;
const CR = 0x0d;

export class FileStreamSourceTask extends SourceTask {
  /** Written as task.class, so a Java worker in the same group can run the task. */
  static readonly className = 'org.apache.kafka.connect.file.FileStreamSourceTask';

  #filename: string | null = null;
  #topic = '';
  #batchSize = 0;
  #file: FileHandle | null = null;
  /** Byte position in the file of the start of #pending; null for standard input. */
  #position: number | null = null;
  #pending: Buffer = Buffer.alloc(0);
  #stdin: { chunks: Buffer[]; onData: (chunk: Buffer) => void } | null = null;
  #stopped = false;
  #wakeUp: (() => void) | null = null;

  version(): string {
    return builtinPluginVersion();
  }

  start(props: Readonly<Record<string, string>>): void {
    const config = new AbstractConfig(fileStreamSourceConfigDef(), props);
    this.#filename = config.getString(FILE_CONFIG) || null;
    this.#topic = config.requireString(TOPIC_CONFIG);
    this.#batchSize = config.getInt(TASK_BATCH_SIZE_CONFIG);
    this.#stopped = false;
    if (this.#filename === null) {
      const chunks: Buffer[] = [];
      const onData = (chunk: Buffer) => {
        chunks.push(chunk);
        this.#wakeUp?.();
      };
      process.stdin.on('data', onData);
      this.#stdin = { chunks, onData };
    }
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.#filename !== null && this.#file === null && !(await this.#openFile())) {
      await this.#idle();
      return null;
    }
    const records: SourceRecord[] = [];
    let readSomething = false;
    while (!this.#stopped) {
      this.#takeLines(records);
      if (records.length >= this.#batchSize) return records;
      const chunk = await this.#read();
      if (chunk === null) break;
      readSomething = true;
      this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    }
    if (!readSomething && records.length === 0) await this.#idle();
    return records.length > 0 ? records : null;
  }

  /** Opens the file at the stored offset; false while it does not exist yet. */
  async #openFile(): Promise<boolean> {
    const filename = this.#filename!;
    try {
      this.#file = await open(filename, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw new ConnectException(`Couldn't open ${filename} for FileStreamSourceTask`, { cause: error });
    }
    const offset = await this.context.offsetStorageReader().offset({ [FILENAME_FIELD]: filename });
    const stored = offset?.[POSITION_FIELD] ?? null;
    if (stored !== null && !isInteger(stored)) throw new ConnectException('Offset position is the incorrect type');
    this.#position = stored === null ? 0 : Number(stored);
    this.#pending = Buffer.alloc(0);
    return true;
  }

  /** The next bytes available, or null when there are none right now. */
  async #read(): Promise<Buffer | null> {
    if (this.#stdin) {
      if (this.#stdin.chunks.length === 0) return null;
      return Buffer.concat(this.#stdin.chunks.splice(0));
    }
    const file = this.#file;
    if (!file) return null;
    const buffer = Buffer.alloc(READ_CHUNK_BYTES);
    const start = this.#position! + this.#pending.length;
    const { bytesRead } = await file.read(buffer, 0, buffer.length, start);
    return bytesRead > 0 ? buffer.subarray(0, bytesRead) : null;
  }

  /** Moves the complete lines of #pending into records, up to the batch size. */
  #takeLines(records: SourceRecord[]): void {
    while (records.length < this.#batchSize) {
      const pending = this.#pending;
      let end = -1;
      let next = -1;
      for (let i = 0; i < pending.length; i++) {
        if (pending[i] === LF) {
          end = i;
          next = i + 1;
          break;
        }
        if (pending[i] === CR) {
          // A \r at the end may be the first half of \r\n: wait for the next byte.
          if (i + 1 >= pending.length) return;
          end = i;
          next = pending[i + 1] === LF ? i + 2 : i + 1;
          break;
        }
      }
      if (end < 0) return;
      const line = pending.toString('utf8', 0, end);
      this.#pending = pending.subarray(next);
      if (this.#position !== null) this.#position += next;
      records.push(
        new SourceRecord({
          sourcePartition: { [FILENAME_FIELD]: this.#filename },
          sourceOffset: { [POSITION_FIELD]: this.#position },
          topic: this.#topic,
          kafkaPartition: null,
          valueSchema: Schemas.STRING,
          value: line,
          timestamp: Date.now(),
        }),
      );
    }
  }

  /** Waits for new input (standard input wakes it) or the idle time, ending early on stop. */
  async #idle(): Promise<void> {
    if (this.#stopped) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, IDLE_WAIT_MS);
      const wake = () => done();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wakeUp = wake;
    });
    this.#wakeUp = null;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wakeUp?.();
    if (this.#stdin) {
      process.stdin.off('data', this.#stdin.onData);
      this.#stdin = null;
    }
    const file = this.#file;
    this.#file = null;
    await file?.close();
  }
}
