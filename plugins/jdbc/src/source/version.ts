/** The plugin version the source connector and task report (the package version). */
export const JDBC_SOURCE_VERSION = '0.1.0';
