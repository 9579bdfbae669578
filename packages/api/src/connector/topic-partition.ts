/**
 * A topic name and partition number. Instances are interned: `TopicPartition.of('t', 0)` always
 * returns the same frozen object, so TopicPartitions work as keys of a plain Map or Set (JS
 * compares object keys by identity), which is how offsets and assignments are passed around.
 */
export class TopicPartition {
  static readonly #interned = new Map<string, TopicPartition>();

  private constructor(
    readonly topic: string,
    readonly partition: number,
  ) {
    Object.freeze(this);
  }

  static of(topic: string, partition: number): TopicPartition {
    const key = `${partition}:${topic}`;
    let tp = TopicPartition.#interned.get(key);
    if (!tp) {
      tp = new TopicPartition(topic, partition);
      TopicPartition.#interned.set(key, tp);
    }
    return tp;
  }

  /** As Kafka prints it: `<topic>-<partition>`. */
  toString(): string {
    return `${this.topic}-${this.partition}`;
  }
}
