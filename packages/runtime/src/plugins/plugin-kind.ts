/**
 * The kinds of plugin the worker knows, named as Kafka's PluginType prints them (the `type` of
 * a PluginInfo in `GET /connector-plugins`).
 */
export const PluginKind = {
  SINK: 'sink',
  SOURCE: 'source',
  TRANSFORMATION: 'transformation',
  PREDICATE: 'predicate',
  CONVERTER: 'converter',
  HEADER_CONVERTER: 'header_converter',
  CONFIG_PROVIDER: 'configprovider',
} as const;
export type PluginKind = (typeof PluginKind)[keyof typeof PluginKind];

/** The order `GET /connector-plugins?connectorsOnly=false` lists kinds in; providers are never listed. */
export const LISTED_PLUGIN_KINDS: readonly PluginKind[] = [
  PluginKind.SINK,
  PluginKind.SOURCE,
  PluginKind.TRANSFORMATION,
  PluginKind.PREDICATE,
  PluginKind.CONVERTER,
  PluginKind.HEADER_CONVERTER,
];

export const CONNECTOR_KINDS: readonly PluginKind[] = [PluginKind.SINK, PluginKind.SOURCE];

/** The suffix Kafka strips from a class's simple name to make its short alias. */
export const ALIAS_SUFFIX: Record<PluginKind, string> = {
  sink: 'Connector',
  source: 'Connector',
  transformation: 'Transformation',
  predicate: 'Predicate',
  converter: 'Converter',
  header_converter: 'HeaderConverter',
  configprovider: 'ConfigProvider',
};
