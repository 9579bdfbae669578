import { SourceRecord, SourceTask, type RecordMetadata, type SourcePartition } from '@tsconnect/api';

export const FILE: SourcePartition = { file: 'a.txt' };

/**
 * Emits `line-<pos>` records (key `k<pos>`) to `topic` from where the stored offset says, `limit`
 * in all, 10 per poll, and records what the runtime tells it (commitRecord, commit). With
 * `commit.every` / `abort.at` it asks for transaction boundaries itself (transaction.boundary=connector).
 */
export class LineSourceTask extends SourceTask {
  next = 0;
  limit = 100;
  topic = 'lines';
  commitEvery = 0;
  abortAt = -1;
  readonly committedRecords: [number, RecordMetadata | null][] = [];
  commits = 0;
  version(): string {
    return '1.0';
  }
  async start(props: Readonly<Record<string, string>>): Promise<void> {
    this.topic = props['topic'] ?? this.topic;
    this.limit = Number(props['limit'] ?? this.limit);
    this.commitEvery = Number(props['commit.every'] ?? 0);
    this.abortAt = Number(props['abort.at'] ?? -1);
    const stored = (await this.context.offsetStorageReader().offset(FILE)) as { pos: number } | null;
    this.next = stored ? stored.pos + 1 : 0;
  }
  async poll(): Promise<SourceRecord[] | null> {
    if (this.next >= this.limit) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return null;
    }
    const records: SourceRecord[] = [];
    for (let i = 0; i < 10 && this.next < this.limit; i++, this.next++) {
      const record = new SourceRecord({
        sourcePartition: FILE, sourceOffset: { pos: this.next }, topic: this.topic, key: `k${this.next}`, value: `line-${this.next}`,
      });
      records.push(record);
      if (this.next === this.abortAt) this.context.transactionContext()!.abortTransaction(record);
      else if (this.commitEvery > 0 && (this.next + 1) % this.commitEvery === 0) this.context.transactionContext()!.commitTransaction(record);
    }
    return records;
  }
  override commitRecord(record: SourceRecord, metadata: RecordMetadata | null): void {
    this.committedRecords.push([(record.sourceOffset as { pos: number }).pos, metadata]);
  }
  override commit(): void {
    this.commits++;
  }
  stop(): void {}
}
