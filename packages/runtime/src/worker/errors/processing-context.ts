/**
 * What is known about one record while it goes through the pipeline: the original (the consumed
 * Kafka record for sinks, the polled SourceRecord for sources), the stage and class running now,
 * the attempt count and the error that stopped it. Reporters describe failures from it.
 */
import { SourceRecord } from '@tsconnect/api';
import type { ConsumedRecord } from '../kafka-records.js';
import type { Stage } from './stage.js';

export type OriginalRecord = ConsumedRecord | SourceRecord;

export class ProcessingContext<T extends OriginalRecord = OriginalRecord> {
  stage: Stage | null = null;
  /** The (Java) class name of the converter, transformation or task running the stage. */
  executingClass: string | null = null;
  attempt = 0;
  error: Error | null = null;
  /** Reports sent for this record (e.g. DLQ writes), to await before committing its offset. */
  readonly reports: Promise<void>[] = [];

  constructor(readonly original: T) {}

  get failed(): boolean {
    return this.error !== null;
  }

  currentContext(stage: Stage, executingClass: string): void {
    this.stage = stage;
    this.executingClass = executingClass;
  }

  /** Kafka's `ProcessingContext.toString(includeMessage)`, the body of the log reporter's line. */
  describe(includeMessage: boolean): string {
    let text = `Executing stage '${this.stage}' with class '${this.executingClass ?? 'null'}'`;
    const original: OriginalRecord = this.original;
    if (includeMessage && original instanceof SourceRecord) {
      text += `, where source record is = ${original.toString()}`;
    } else if (includeMessage && !(original instanceof SourceRecord)) {
      text += `, where consumed record is {topic='${original.topic}', partition=${original.partition}, offset=${original.offset}`;
      if (original.timestampType === 'CreateTime' || original.timestampType === 'LogAppendTime') {
        text += `, timestamp=${original.timestamp}, timestampType=${original.timestampType}`;
      }
      text += '}';
    }
    return `${text}.`;
  }
}
