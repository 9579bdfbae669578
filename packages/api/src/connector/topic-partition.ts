/**
 * A topic name and partition number. Instances are interned: `TopicPartition.of('t', 0)` always
 * returns the same frozen object, so TopicPartitions work as keys of a plain Map or Set (JS
 * compares object keys by identity), which is how offsets and assignments are passed around.
 */
export class TopicPartition {
  /** By topic, then partition: looking one up builds no key string (it runs per consumed record). */
  static readonly #interned = new Map<string, Map<number, TopicPartition>>();

  private constructor(
    readonly topic: string,
    readonly partition: number,
  ) {
    Object.freeze(this);
  }

  static of(topic: string, partition: number): TopicPartition {
    let partitions = TopicPartition.#interned.get(topic);
    if (partitions === undefined) {
      partitions = new Map();
      TopicPartition.#interned.set(topic, partitions);
    }
    let tp = partitions.get(partition);
    if (tp === undefined) {
      tp = new TopicPartition(topic, partition);
      partitions.set(partition, tp);
    }
    return tp;
  }

  /** As Kafka prints it: `<topic>-<partition>`. */
  toString(): string {
    return `${this.topic}-${this.partition}`;
  }
}
