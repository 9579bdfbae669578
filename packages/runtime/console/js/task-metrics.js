// Per-task figures from /metrics: records in and out (as rates between two scrapes of the totals,
// so a figure is what happened in the last seconds, not an average since start), records not yet
// committed by a sink, errors and dead letter queue writes. Kept for the last minutes for the charts.
import { parsePrometheus } from './prometheus.js';

const IN = {
  kafka_connect_source_task_source_record_poll_total: 'source',
  kafka_connect_sink_task_sink_record_read_total: 'sink',
};
const OUT = {
  kafka_connect_source_task_source_record_write_total: 'source',
  kafka_connect_sink_task_sink_record_send_total: 'sink',
};
const COUNTS = {
  kafka_connect_sink_task_sink_record_active_count: 'uncommitted',
  kafka_connect_sink_task_partition_count: 'partitions',
  kafka_connect_task_error_total_record_errors: 'errors',
  kafka_connect_task_error_total_records_skipped: 'skipped',
  kafka_connect_task_error_deadletterqueue_produce_requests: 'dlq',
  kafka_connect_task_error_deadletterqueue_produce_failures: 'dlqFailures',
};
const WORKER = {
  kafka_connect_worker_rebalance_epoch: 'generation',
  kafka_connect_worker_rebalance_completed_rebalances_total: 'rebalances',
  kafka_connect_worker_rebalance_rebalancing: 'rebalancing',
};

/** Five minutes of samples, one every two seconds. */
export const HISTORY_MS = 5 * 60 * 1000;

export class TaskMetrics {
  constructor() {
    /** key `connector/task` -> { totalIn, totalOut, at, counts, history: [{at, in, out}] } */
    this.tasks = new Map();
    /** Worker-wide rate history (sum over this worker's tasks). */
    this.history = [];
    this.worker = {};
  }

  /** Adds one scrape taken at `at` (ms). */
  record(text, at) {
    const seen = new Map();
    const of = (labels) => {
      const key = `${labels.connector}/${labels.task}`;
      if (!seen.has(key)) seen.set(key, { connector: labels.connector, task: Number(labels.task), in: 0, out: 0, counts: {} });
      return seen.get(key);
    };
    for (const { name, labels, value } of parsePrometheus(text)) {
      if (name in WORKER) this.worker[WORKER[name]] = value;
      if (labels.connector === undefined || labels.task === undefined) continue;
      if (name in IN) of(labels).in = value;
      else if (name in OUT) of(labels).out = value;
      else if (name in COUNTS) of(labels).counts[COUNTS[name]] = value;
    }
    let sumIn = 0;
    let sumOut = 0;
    for (const [key, now] of seen) {
      const before = this.tasks.get(key);
      const history = before ? before.history : [];
      if (before && at > before.at) {
        const seconds = (at - before.at) / 1000;
        // A restarted task starts its totals again from zero: count from there.
        const rateIn = Math.max(0, now.in >= before.totalIn ? now.in - before.totalIn : now.in) / seconds;
        const rateOut = Math.max(0, now.out >= before.totalOut ? now.out - before.totalOut : now.out) / seconds;
        history.push({ at, in: rateIn, out: rateOut });
        sumIn += rateIn;
        sumOut += rateOut;
      }
      while (history.length > 0 && history[0].at < at - HISTORY_MS) history.shift();
      this.tasks.set(key, { ...now, totalIn: now.in, totalOut: now.out, at, history });
    }
    for (const key of this.tasks.keys()) if (!seen.has(key)) this.tasks.delete(key);
    this.history.push({ at, in: sumIn, out: sumOut });
    while (this.history[0].at < at - HISTORY_MS) this.history.shift();
  }

  task(connector, task) {
    return this.tasks.get(`${connector}/${task}`) ?? null;
  }

  /** The tasks of a connector that run on this worker, summed: latest rates, counts, and history. */
  connector(connector) {
    const tasks = [...this.tasks.values()].filter((t) => t.connector === connector);
    if (tasks.length === 0) return null;
    const byAt = new Map();
    for (const t of tasks) {
      for (const p of t.history) {
        const sum = byAt.get(p.at) ?? { at: p.at, in: 0, out: 0 };
        sum.in += p.in;
        sum.out += p.out;
        byAt.set(p.at, sum);
      }
    }
    const history = [...byAt.values()].sort((a, b) => a.at - b.at);
    const counts = {};
    for (const t of tasks) for (const [k, v] of Object.entries(t.counts)) counts[k] = (counts[k] ?? 0) + v;
    const latest = history[history.length - 1] ?? { in: 0, out: 0 };
    return { in: latest.in, out: latest.out, counts, history };
  }
}

export function formatRate(value) {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
