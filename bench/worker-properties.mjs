/**
 * The worker properties every benchmark's worker starts from: a group and internal topics of its
 * own (replication factor 1, for the one-node broker) and JSON converters.
 */
export function benchWorkerProperties(bootstrapServers, id) {
  return {
    'bootstrap.servers': bootstrapServers,
    'group.id': id,
    'config.storage.topic': `${id}-configs`,
    'offset.storage.topic': `${id}-offsets`,
    'status.storage.topic': `${id}-status`,
    'config.storage.replication.factor': '1',
    'offset.storage.replication.factor': '1',
    'status.storage.replication.factor': '1',
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  };
}
