/**
 * Runs async jobs one after another, like the single herder thread of Kafka's worker: config
 * writes, rebalance handling and task reconfiguration never interleave.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #depth = 0;

  run<T>(job: () => Promise<T>): Promise<T> {
    this.#depth++;
    const result = this.#tail.then(job, job);
    this.#tail = result.then(
      () => this.#depth--,
      () => this.#depth--,
    );
    return result;
  }

  /** Jobs queued or running. */
  get depth(): number {
    return this.#depth;
  }
}
