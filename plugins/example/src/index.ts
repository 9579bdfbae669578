export * from './version.js';
export * from './counter-config.js';
export * from './counter-source-task.js';
export * from './counter-source-connector.js';
export * from './log-sink-config.js';
export * from './log-sink-task.js';
export * from './log-sink-connector.js';
