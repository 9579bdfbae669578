/**
 * Appends each record's value, as Java would print it, as one line to a file (or standard
 * output), as Kafka's FileStreamSinkTask. Lines are buffered by `put` and written and synced to
 * disk by `flush`, so the offsets Connect commits afterwards never run ahead of the file.
 */
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  AbstractConfig,
  ConnectException,
  SinkTask,
  javaToString,
  type PartitionOffsets,
  type SinkRecord,
} from '@tsconnect/api';
import { builtinPluginVersion } from '../../plugins/builtin-plugin-version.js';
import { FILE_CONFIG, fileStreamSinkConfigDef } from './file-stream-config.js';

export class FileStreamSinkTask extends SinkTask {
  /** Written as task.class, so a Java worker in the same group can run the task. */
  static readonly className = 'org.apache.kafka.connect.file.FileStreamSinkTask';

  #filename: string | null = null;
  #file: FileHandle | null = null;
  #buffered: string[] = [];

  version(): string {
    return builtinPluginVersion();
  }

  async start(props: Readonly<Record<string, string>>): Promise<void> {
    const config = new AbstractConfig(fileStreamSinkConfigDef(), props);
    this.#filename = config.getString(FILE_CONFIG);
    if (this.#filename === null) return;
    try {
      // Unlike Kafka, create missing parent directories, so etc/connect-file-sink.properties works as it is.
      await mkdir(dirname(this.#filename), { recursive: true });
      this.#file = await open(this.#filename, 'a');
    } catch (error) {
      throw new ConnectException(`Couldn't find or create file '${this.#filename}' for FileStreamSinkTask`, {
        cause: error,
      });
    }
  }

  put(records: SinkRecord[]): void {
    for (const record of records) this.#buffered.push(`${javaToString(record.value, record.valueSchema)}\n`);
  }

  override async flush(_currentOffsets: PartitionOffsets): Promise<void> {
    const text = this.#buffered.join('');
    this.#buffered = [];
    if (this.#file === null) {
      if (text) process.stdout.write(text);
      return;
    }
    if (text) await this.#file.appendFile(text, 'utf8');
    await this.#file.sync();
  }

  async stop(): Promise<void> {
    const file = this.#file;
    this.#file = null;
    // Kafka's PrintStream writes on every println; lines put but not yet flushed are kept too.
    if (file && this.#buffered.length > 0) await file.appendFile(this.#buffered.splice(0).join(''), 'utf8');
    await file?.close();
  }
}
