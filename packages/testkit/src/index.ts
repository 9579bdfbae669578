export * from './in-memory-offset-storage-reader.js';
export * from './connector-harness.js';
export * from './source-task-harness.js';
export * from './sink-records.js';
export * from './sink-task-harness.js';
