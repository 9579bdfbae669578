/**
 * The connector's `transforms`, applied in order to each record, each stage through the tolerance
 * operator as a TRANSFORMATION step. A stage with a predicate runs its transformation only when
 * `negate XOR predicate.test(record)`; otherwise the record passes unchanged. A null result drops
 * the record and skips the later stages.
 */
import type { ConnectRecord, Predicate, Transformation } from '@tsconnect/api';
import type { OriginalRecord, ProcessingContext } from './errors/processing-context.js';
import type { RetryWithToleranceOperator } from './errors/retry-with-tolerance-operator.js';
import { Stage } from './errors/stage.js';
import { isPromiseLike } from './maybe-promise.js';

export interface TransformationStage<R extends ConnectRecord<R>> {
  /** The alias from `transforms=`. */
  readonly alias: string;
  readonly transformation: Transformation<R>;
  /** The class name from `transforms.<alias>.type`, shown in error reports. */
  readonly className: string;
  readonly predicate?: Predicate<R> | null;
  /** `transforms.<alias>.negate` */
  readonly negate?: boolean;
}

/** One stage on one record: the transformation's result, or the record when the predicate says skip. */
function applyStage<R extends ConnectRecord<R>>(stage: TransformationStage<R>, record: R): R | null {
  const predicate = stage.predicate ?? null;
  if (predicate !== null && (stage.negate ?? false) === predicate.test(record)) return record;
  return stage.transformation.apply(record);
}

export class TransformationChain<R extends ConnectRecord<R>> {
  readonly #operator: RetryWithToleranceOperator;

  constructor(
    readonly stages: readonly TransformationStage<R>[],
    operator: RetryWithToleranceOperator,
  ) {
    this.#operator = operator;
  }

  /**
   * The transformed record, or null when a stage dropped it or it failed and the failure was
   * tolerated (the context then holds the error). Synchronous unless a stage answers with a promise.
   */
  apply(context: ProcessingContext<OriginalRecord>, record: R | null): R | null | Promise<R | null> {
    return this.#applyFrom(0, context, record);
  }

  #applyFrom(first: number, context: ProcessingContext<OriginalRecord>, record: R | null): R | null | Promise<R | null> {
    let current = record;
    for (let i = first; i < this.stages.length && current !== null; i++) {
      const stage = this.stages[i]!;
      const input: R = current;
      const result = this.#operator.run(context, () => applyStage(stage, input), Stage.TRANSFORMATION, stage.className);
      if (isPromiseLike(result)) return result.then((transformed) => this.#applyFrom(i + 1, context, transformed));
      current = result;
    }
    return current;
  }

  /** Closes every transformation and predicate; the first error is thrown after all were tried. */
  close(): void {
    let first: unknown = null;
    for (const stage of this.stages) {
      for (const closeable of [stage.transformation, stage.predicate]) {
        try {
          closeable?.close();
        } catch (error) {
          first ??= error;
        }
      }
    }
    if (first !== null) throw first;
  }
}
