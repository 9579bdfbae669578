/**
 * The connection options of the worker-group member (WorkerGroupMemberOptions.connection): the
 * security settings of the worker itself, as Kafka's WorkerGroupMember builds its network client
 * from the worker config, plus the socket connection timeout.
 */
import type { ConnectionOptions } from '@platformatic/kafka';
import type { WorkerConfig } from '../../config/worker-config.js';
import { platformaticSecurity } from '../../kafka/admin-client-options.js';

type GroupConnectionOptions = Omit<ConnectionOptions, 'requestTimeout'>;

/** From worker properties as strings (unprefixed keys: security.protocol, sasl.*, ssl.*). */
export function groupConnectionOptionsFromProperties(props: Readonly<Record<string, string>>): GroupConnectionOptions {
  const options: GroupConnectionOptions = { ...platformaticSecurity(props) };
  const connectTimeout = props['socket.connection.setup.timeout.ms'];
  if (connectTimeout !== undefined) options.connectTimeout = Number(connectTimeout);
  return options;
}

/** Pass as `connection` when creating the WorkerGroupMember. */
export function groupConnectionOptions(config: WorkerConfig): GroupConnectionOptions {
  const props: Record<string, string> = {};
  for (const [key, value] of Object.entries(config.originals())) {
    if (value !== undefined && value !== null) props[key] = String(value);
  }
  return groupConnectionOptionsFromProperties(props);
}
