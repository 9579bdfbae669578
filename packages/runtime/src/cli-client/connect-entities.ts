/** The REST API's JSON shapes the CLI reads (Kafka's ConnectorStateInfo, ConnectorInfo, ...). */
interface StateInfo {
  state: string;
  worker_id: string;
  trace?: string;
  version?: string;
}

interface TaskStateInfo extends StateInfo {
  id: number;
}

export interface ConnectorStatus {
  name: string;
  connector: StateInfo;
  tasks: TaskStateInfo[];
  type: string;
}

export interface ConnectorInfo {
  name: string;
  config: Record<string, string>;
  tasks: { connector: string; task: number }[];
  type: string;
}

export type ExpandedConnectors = Record<string, { status: ConnectorStatus; info: ConnectorInfo }>;

export interface PluginInfo {
  class: string;
  type: string;
  version?: string;
}

export interface ConnectorOffset {
  partition: Record<string, unknown>;
  offset: Record<string, unknown> | null;
}

export interface ConfigValueInfo {
  value: { name: string; value: string | null; errors: string[] };
  definition: { name: string; type: string } | null;
}

export interface ConfigInfos {
  name: string;
  error_count: number;
  configs: ConfigValueInfo[];
}

export interface ConfigKeyInfo {
  name: string;
  type: string;
}

export function connectorPath(name: string): string {
  return `/connectors/${encodeURIComponent(name)}`;
}
