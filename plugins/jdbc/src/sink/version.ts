/** The plugin version the sink connector and task report (the package version). */
export const JDBC_SINK_VERSION = '0.1.0';
