/** The topic administration task execution needs: DLQ topics and source topic creation. */

export interface NewTopic {
  readonly name: string;
  /** -1 = the broker's default. */
  readonly numPartitions: number;
  /** -1 = the broker's default. */
  readonly replicationFactor: number;
  /** Topic-level configs (cleanup.policy, retention.ms, ...). */
  readonly configs?: Readonly<Record<string, string>>;
}

export interface TopicAdmin {
  /** Creates the topic unless it exists already; true when this call created it. */
  createTopicIfMissing(topic: NewTopic): Promise<boolean>;
}
