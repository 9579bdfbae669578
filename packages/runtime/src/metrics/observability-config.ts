/**
 * The worker properties that choose how the worker is observed, declared once: `metrics.enabled`
 * (ours: false turns /metrics and all recording off, to measure their cost), Kafka's
 * `metrics.sample.window.ms` and `metrics.num.samples` (the windows of rates, averages and
 * maxima) and `log.format` (ours: plain or json). `applyObservabilityConfig` sets up the
 * process-wide metrics registry and loggers from them.
 */
import { AbstractConfig, ConfigDef, Range, ValidString, type ConfigProps } from '@tsconnect/api';
import { loggers as defaultLoggers, type Loggers } from '../logging/loggers.js';
import { LOG_FORMAT_CONFIG, LOG_FORMATS, type LogFormat } from '../logging/log-format.js';
import { connectMetrics as defaultMetrics, type ConnectMetrics } from './connect-metrics.js';

const METRICS_ENABLED_CONFIG = 'metrics.enabled';

const OBSERVABILITY_CONFIG_DEF = new ConfigDef()
  .define({
    name: METRICS_ENABLED_CONFIG,
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'LOW',
    documentation: 'Whether the worker records metrics and serves them on GET /metrics (tsconnect; Kafka has no such switch).',
  })
  .define({
    name: 'metrics.sample.window.ms',
    type: 'LONG',
    defaultValue: 30000,
    validator: Range.atLeast(1),
    importance: 'LOW',
    documentation: 'The window of time a metrics sample is computed over.',
  })
  .define({
    name: 'metrics.num.samples',
    type: 'INT',
    defaultValue: 2,
    validator: Range.atLeast(1),
    importance: 'LOW',
    documentation: 'The number of samples maintained to compute metrics.',
  })
  .define({
    name: LOG_FORMAT_CONFIG,
    type: 'STRING',
    defaultValue: 'plain',
    validator: ValidString.in(...LOG_FORMATS),
    importance: 'LOW',
    documentation: 'How log lines are written: plain (Kafka\'s connect-log4j pattern) or json (one object per line) (tsconnect).',
  });

class ObservabilityConfig extends AbstractConfig {
  constructor(props: ConfigProps) {
    super(OBSERVABILITY_CONFIG_DEF, props);
  }

  metricsEnabled(): boolean {
    return this.getBoolean(METRICS_ENABLED_CONFIG);
  }

  logFormat(): LogFormat {
    return this.getString(LOG_FORMAT_CONFIG) as LogFormat;
  }
}

/**
 * Configures the metrics registry and the log format from the worker properties; call once at
 * start-up, before the worker runs anything.
 * @throws ConfigException for a bad value, naming the key.
 */
export function applyObservabilityConfig(
  props: ConfigProps,
  metrics: ConnectMetrics = defaultMetrics,
  loggers: Loggers = defaultLoggers,
  role: 'worker' | 'task-host' = 'worker',
): ObservabilityConfig {
  const config = new ObservabilityConfig(props);
  loggers.setFormat(config.logFormat());
  metrics.configure({
    enabled: config.metricsEnabled(),
    window: { windowMs: config.getLong('metrics.sample.window.ms'), numSamples: config.getInt('metrics.num.samples') },
    role,
  });
  return config;
}
