/** The version both connectors report: the package's, which the worker reads from package.json. */
export const VERSION = '0.1.0';
