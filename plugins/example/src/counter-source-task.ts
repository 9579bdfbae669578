/**
 * Counts from where the last committed offset left off: each record's value is the next number,
 * its source offset the number after it, so a restarted task resumes without gaps or repeats.
 */
import { Schemas, SourceRecord, SourceTask, type ConnectorProps, type SourcePartition } from '@tsconnect/api';
import { CounterConfig } from './counter-config.js';
import { VERSION } from './version.js';

export const COUNTER_PARTITION: SourcePartition = { counter: 'main' };

/** How long poll() waits before saying "nothing" once the count is done: poll should block a little when idle. */
const IDLE_WAIT_MS = 1000;

export class CounterSourceTask extends SourceTask {
  #config!: CounterConfig;
  #next = 0;
  #lastBatchAt = 0;
  #wakeUp: (() => void) | null = null;

  version(): string {
    return VERSION;
  }

  async start(props: ConnectorProps): Promise<void> {
    this.#config = new CounterConfig(props);
    const offset = await this.context.offsetStorageReader().offset(COUNTER_PARTITION);
    this.#next = offset ? Number(offset['next']) : 0;
  }

  async poll(): Promise<SourceRecord[] | null> {
    const config = this.#config;
    if (this.#next >= config.maxCount) {
      await this.#pause(IDLE_WAIT_MS);
      return null;
    }
    await this.#pause(this.#lastBatchAt + config.pollIntervalMs - Date.now());
    this.#lastBatchAt = Date.now();
    const records: SourceRecord[] = [];
    for (let i = 0; i < config.batchSize && this.#next < config.maxCount; i++, this.#next++) {
      records.push(
        new SourceRecord({
          topic: config.topic,
          valueSchema: Schemas.INT64,
          value: BigInt(this.#next),
          sourcePartition: COUNTER_PARTITION,
          sourceOffset: { next: this.#next + 1 },
        }),
      );
    }
    return records;
  }

  stop(): void {
    this.#wakeUp?.();
  }

  /** Waits up to `ms`, cut short by stop() so the worker never waits for a sleeping task. */
  #pause(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#wakeUp?.(), ms);
      this.#wakeUp = () => {
        clearTimeout(timer);
        this.#wakeUp = null;
        resolve();
      };
    });
  }
}
