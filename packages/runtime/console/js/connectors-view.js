// The main page: every connector with its type, plugin, state, tasks and workers, FAILED first
// with the trace readable; records/s in and out with a chart over the last minutes.
import { actionButtons } from './actions.js';
import { connectorHash, h, stateBadge } from './dom.js';
import { rateChart } from './rate-chart.js';
import { formatRate } from './task-metrics.js';

const FAILED = 'FAILED';

function failed(status) {
  return status.connector.state === FAILED || status.tasks.some((t) => t.state === FAILED);
}

/** FAILED (connector or a task) first, then by name. */
export function sortConnectors(entries) {
  return [...entries].sort((a, b) => Number(failed(b.status)) - Number(failed(a.status)) || a.info.name.localeCompare(b.info.name));
}

function shortClass(cls) {
  return cls.split('.').pop();
}

function traces(status) {
  const all = [];
  if (status.connector.trace) all.push({ label: 'Connector trace', trace: status.connector.trace });
  for (const t of status.tasks) if (t.trace) all.push({ label: `Task ${t.id} trace`, trace: t.trace });
  return all.map(({ label, trace }) =>
    h('details', { class: 'trace', open: true },
      h('summary', {}, `${label}: ${trace.split('\n')[0]}`),
      h('pre', { tabindex: '0' }, trace)));
}

export function connectorsView({ connectors, metrics, refresh }) {
  const entries = sortConnectors(Object.values(connectors));
  const overall = h('section', { class: 'panel throughput', 'aria-labelledby': 'throughput-title' },
    h('h2', { id: 'throughput-title' }, 'Throughput on this worker'),
    rateChart(metrics.history, { width: 480, height: 80, label: 'All tasks on this worker, records per second' }),
    h('p', { class: 'legend' }, h('span', { class: 'key-in' }, 'in'), ' records read (sink) or polled (source), ',
      h('span', { class: 'key-out' }, 'out'), ' records put (sink) or written to Kafka (source)'));
  if (entries.length === 0) {
    return h('div', {}, overall, h('section', { class: 'panel' }, h('h2', {}, 'Connectors'),
      h('p', {}, 'No connectors yet. ', h('a', { href: '#/new' }, 'Create one'), '.')));
  }
  const rows = entries.map(({ status, info }) => {
    const name = info.name;
    const plugin = info.config['connector.class'] ?? '';
    const rates = metrics.connector(name);
    const tasks = h('ul', { class: 'tasks' }, status.tasks.map((t) =>
      h('li', {}, `${t.id} `, stateBadge(t.state), h('span', { class: 'worker' }, ` on ${t.worker_id}`))));
    const errors = rates ? `${rates.counts.errors ?? 0} / ${rates.counts.dlq ?? 0}` : '–';
    const row = h('tr', { class: failed(status) ? 'failed' : '', 'data-connector': name },
      h('th', { scope: 'row' }, h('a', { href: connectorHash('connector', name) }, name),
        h('div', { class: 'plugin', title: plugin }, shortClass(plugin), status.connector.version ? ` ${status.connector.version}` : '')),
      h('td', {}, info.type),
      h('td', { class: 'connector-state' }, stateBadge(status.connector.state), h('div', { class: 'worker' }, status.connector.worker_id)),
      h('td', {}, tasks),
      h('td', { class: 'rates' }, rates
        ? [h('div', {}, `${formatRate(rates.in)} in / ${formatRate(rates.out)} out`), rateChart(rates.history, { label: `${name}, records per second` })]
        : h('span', { class: 'muted' }, 'not on this worker')),
      h('td', {}, errors),
      h('td', {}, actionButtons(name, status.connector.state, refresh)));
    const traceRow = failed(status)
      ? h('tr', { class: 'trace-row' }, h('td', { colspan: 7 }, traces(status)))
      : null;
    return [row, traceRow];
  });
  return h('div', {}, overall,
    h('section', { class: 'panel', 'aria-labelledby': 'connectors-title' },
      h('h2', { id: 'connectors-title' }, `Connectors (${entries.length})`),
      h('table', { class: 'connectors' },
        h('thead', {}, h('tr', {}, ['Connector', 'Type', 'State', 'Tasks', 'Records/s', 'Errors / DLQ', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows))));
}
