// One connector: state and tasks with their workers, per-task figures from /metrics, traces,
// topics, config (PASSWORD values never shown), offsets, and every action.
import { actionButtons, alterOffsets, resetOffsets, restartTask } from './actions.js';
import { connectorHash, h, stateBadge } from './dom.js';
import { rateChart } from './rate-chart.js';
import { connectorPath, rest } from './rest.js';
import { formatRate } from './task-metrics.js';

async function optional(call) {
  try {
    return await call();
  } catch (e) {
    return { unavailable: e.message };
  }
}

export async function passwordKeys(connectorClass) {
  const definitions = await optional(() => rest('GET', `/connector-plugins/${encodeURIComponent(connectorClass)}/config`));
  return new Set(Array.isArray(definitions) ? definitions.filter((d) => d.type === 'PASSWORD').map((d) => d.name) : []);
}

export async function connectorDetailView(name, { metrics, refresh, go }) {
  const path = connectorPath(name);
  const info = await rest('GET', path);
  const [status, topics, offsets, passwords] = await Promise.all([
    rest('GET', `${path}/status`),
    optional(() => rest('GET', `${path}/topics`)),
    optional(() => rest('GET', `${path}/offsets`)),
    passwordKeys(info.config['connector.class'] ?? ''),
  ]);
  const taskRows = status.tasks.map((t) => {
    const m = metrics.task(name, t.id);
    return h('tr', {},
      h('th', { scope: 'row' }, String(t.id)),
      h('td', {}, stateBadge(t.state)),
      h('td', {}, t.worker_id),
      h('td', {}, m ? [`${formatRate(m.history.at(-1)?.in ?? 0)} in / ${formatRate(m.history.at(-1)?.out ?? 0)} out`, rateChart(m.history, { label: `Task ${t.id}, records per second` })] : 'not on this worker'),
      h('td', {}, m && info.type === 'sink' ? `${m.counts.uncommitted ?? 0} (${m.counts.partitions ?? 0} partitions)` : '–'),
      h('td', {}, m ? `${m.counts.errors ?? 0} errors, ${m.counts.skipped ?? 0} skipped` : '–'),
      h('td', {}, m ? `${m.counts.dlq ?? 0} sent, ${m.counts.dlqFailures ?? 0} failed` : '–'),
      h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: () => restartTask(name, t.id, refresh) }, `Restart task ${t.id}`)));
  });
  const traceBlocks = [status.connector, ...status.tasks].filter((s) => s.trace).map((s) =>
    h('details', { class: 'trace', open: true }, h('summary', {}, s.id === undefined ? 'Connector trace' : `Task ${s.id} trace`), h('pre', { tabindex: '0' }, s.trace)));
  const configRows = Object.keys(info.config).sort().map((k) =>
    h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, passwords.has(k) ? h('span', { class: 'muted' }, '[hidden]') : info.config[k])));
  const offsetList = offsets.offsets ?? [];
  return h('div', {},
    h('p', {}, h('a', { href: '#/connectors' }, '← All connectors')),
    h('section', { class: 'panel', 'aria-labelledby': 'detail-title' },
      h('h2', { id: 'detail-title' }, name, ' ', stateBadge(status.connector.state)),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Type'), h('dd', {}, info.type),
        h('dt', {}, 'Plugin'), h('dd', {}, info.config['connector.class'] ?? '', status.connector.version ? ` ${status.connector.version}` : ''),
        h('dt', {}, 'Worker'), h('dd', {}, status.connector.worker_id),
        h('dt', {}, 'Topics'), h('dd', {}, topics.unavailable ? `not known (${topics.unavailable})` : (topics[name]?.topics ?? []).join(', ') || 'none yet')),
      actionButtons(name, status.connector.state, refresh, { onDeleted: () => go('#/connectors') }),
      h('p', {}, h('a', { href: connectorHash('edit', name) }, 'Edit the config'))),
    traceBlocks.length ? h('section', { class: 'panel' }, h('h3', {}, 'Traces'), traceBlocks) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'tasks-title' },
      h('h3', { id: 'tasks-title' }, 'Tasks'),
      h('table', {},
        h('thead', {}, h('tr', {}, ['Task', 'State', 'Worker', 'Records/s', 'Read, not committed', 'Errors', 'Dead letter queue', ''].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, taskRows)),
      h('p', { class: 'muted' }, 'Figures come from the /metrics of the worker serving this page: tasks on other workers show there.')),
    h('section', { class: 'panel', 'aria-labelledby': 'offsets-title' },
      h('h3', { id: 'offsets-title' }, 'Offsets'),
      offsets.unavailable ? h('p', {}, `Not available: ${offsets.unavailable}`)
        : h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Partition'), h('th', { scope: 'col' }, 'Offset'))),
          h('tbody', {}, offsetList.map((o) => h('tr', {}, h('td', {}, JSON.stringify(o.partition)), h('td', {}, JSON.stringify(o.offset)))))),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => alterOffsets(name, offsetList, refresh) }, 'Alter offsets…'),
        h('button', { type: 'button', class: 'danger', onclick: () => resetOffsets(name, refresh) }, 'Reset offsets…'))),
    h('section', { class: 'panel', 'aria-labelledby': 'config-title' },
      h('h3', { id: 'config-title' }, 'Config'),
      h('table', { class: 'config' }, h('tbody', {}, configRows))));
}
