/**
 * What is known about one record while it goes through the pipeline: the original (the consumed
 * Kafka record for sinks, the polled SourceRecord for sources), the stage and class running now,
 * the attempt count and the error that stopped it. Reporters describe failures from it.
 */
import { javaToString, SourceRecord } from '@tsconnect/api';
import type { ConsumedRecord } from '../kafka-records.js';
import type { Stage } from './stage.js';

export type OriginalRecord = ConsumedRecord | SourceRecord;

export class ProcessingContext<T extends OriginalRecord = OriginalRecord> {
  stage: Stage | null = null;
  /** The (Java) class name of the converter, transformation or task running the stage. */
  executingClass: string | null = null;
  attempt = 0;
  error: Error | null = null;

  constructor(readonly original: T) {}

  get failed(): boolean {
    return this.error !== null;
  }

  currentContext(stage: Stage, executingClass: string): void {
    this.stage = stage;
    this.executingClass = executingClass;
  }

  /**
   * Kafka's `ProcessingContext.toString(includeMessage)`, the body of the log reporter's line and
   * of a failed task's trace. Unlike Kafka's, it always names the record (topic, partition and
   * offset of a consumed record; topic, source partition and offset of a source record), so a
   * failure can be traced to its record; key, value and headers only with `includeMessage`.
   */
  describe(includeMessage: boolean): string {
    let text = `Executing stage '${this.stage}' with class '${this.executingClass ?? 'null'}'`;
    const original: OriginalRecord = this.original;
    if (original instanceof SourceRecord) {
      text += includeMessage
        ? `, where source record is = ${original.toString()}`
        : `, where source record is {topic='${original.topic}', kafkaPartition=${original.kafkaPartition}, sourcePartition=${
          javaToString(original.sourcePartition)}, sourceOffset=${javaToString(original.sourceOffset)}, timestamp=${original.timestamp}}`;
    } else {
      text += `, where consumed record is {topic='${original.topic}', partition=${original.partition}, offset=${original.offset}`;
      if (original.timestampType === 'CreateTime' || original.timestampType === 'LogAppendTime') {
        text += `, timestamp=${original.timestamp}, timestampType=${original.timestampType}`;
      }
      text += '}';
    }
    return `${text}.`;
  }
}
