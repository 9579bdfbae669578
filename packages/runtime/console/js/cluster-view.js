// The cluster as the REST API and this worker's metrics show it: the Kafka cluster id, the
// workers named in the statuses with what each runs (the assignment), this worker's generation.
import { h, stateBadge } from './dom.js';
import { rest } from './rest.js';

export async function clusterView({ connectors, metrics, serverInfo }) {
  const workers = new Map();
  const of = (id) => workers.get(id) ?? workers.set(id, { connectors: [], tasks: [] }).get(id);
  for (const { status } of Object.values(connectors)) {
    if (status.connector.worker_id) of(status.connector.worker_id).connectors.push({ name: status.name, state: status.connector.state });
    for (const t of status.tasks) of(t.worker_id).tasks.push({ name: `${status.name}-${t.id}`, state: t.state });
  }
  const health = await rest('GET', '/health').catch((e) => ({ status: 'unknown', message: e.message }));
  const w = metrics.worker;
  const list = (items) => items.length === 0 ? h('span', { class: 'muted' }, 'none')
    : h('ul', { class: 'tasks' }, items.sort((a, b) => a.name.localeCompare(b.name)).map((i) => h('li', {}, `${i.name} `, stateBadge(i.state))));
  return h('div', {},
    h('section', { class: 'panel', 'aria-labelledby': 'cluster-title' },
      h('h2', { id: 'cluster-title' }, 'Cluster'),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Kafka cluster id'), h('dd', {}, serverInfo.kafka_cluster_id ?? ''),
        h('dt', {}, 'This worker'), h('dd', {}, `version ${serverInfo.version} (${serverInfo.commit}), ${health.status}`),
        h('dt', {}, 'Generation'), h('dd', {}, w.generation === undefined ? 'not in the metrics (standalone mode?)' : `${w.generation}${w.rebalancing ? ', rebalancing now' : ''}`),
        h('dt', {}, 'Rebalances completed'), h('dd', {}, w.rebalances === undefined ? '–' : String(w.rebalances)),
        h('dt', {}, 'Leader'), h('dd', {}, 'not exposed: neither Kafka\'s REST API nor its metrics name the group leader.'))),
    h('section', { class: 'panel', 'aria-labelledby': 'workers-title' },
      h('h2', { id: 'workers-title' }, `Workers (${workers.size})`),
      h('p', { class: 'muted' }, 'Workers are known from the connector and task statuses: a worker running nothing is not listed.'),
      h('table', {},
        h('thead', {}, h('tr', {}, ['Worker', 'Connectors', 'Tasks'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, [...workers.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, x]) =>
          h('tr', {}, h('th', { scope: 'row' }, id), h('td', {}, list(x.connectors)), h('td', {}, list(x.tasks))))))));
}
