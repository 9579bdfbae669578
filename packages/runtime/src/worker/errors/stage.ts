/**
 * The steps of the record pipeline an error can happen in, as Kafka's `errors.Stage`; the names
 * appear in the `__connect.errors.stage` DLQ header and in log lines.
 */
export const Stage = {
  KEY_CONVERTER: 'KEY_CONVERTER',
  VALUE_CONVERTER: 'VALUE_CONVERTER',
  HEADER_CONVERTER: 'HEADER_CONVERTER',
  TRANSFORMATION: 'TRANSFORMATION',
  TASK_PUT: 'TASK_PUT',
  TASK_POLL: 'TASK_POLL',
  KAFKA_PRODUCE: 'KAFKA_PRODUCE',
  KAFKA_CONSUME: 'KAFKA_CONSUME',
} as const;
export type Stage = (typeof Stage)[keyof typeof Stage];

/** Stages where any error may be tolerated; elsewhere only retriable errors are. */
const TOLERATES_ANY_ERROR: ReadonlySet<Stage> = new Set([
  Stage.KEY_CONVERTER,
  Stage.VALUE_CONVERTER,
  Stage.HEADER_CONVERTER,
  Stage.TRANSFORMATION,
]);

export function stageToleratesAnyError(stage: Stage): boolean {
  return TOLERATES_ANY_ERROR.has(stage);
}
