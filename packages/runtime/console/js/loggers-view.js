// Logger levels (GET/PUT /admin/loggers): on this worker, or on every worker of the cluster.
import { announce, h } from './dom.js';
import { rest } from './rest.js';

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'OFF'];

function levelSelect(id, current) {
  return h('select', { id, name: 'level' }, LEVELS.map((l) => h('option', { value: l, selected: l === current }, l)));
}

export async function loggersView({ refresh }) {
  const levels = await rest('GET', '/admin/loggers');
  const scope = h('select', { id: 'logger-scope', name: 'scope' },
    h('option', { value: 'worker' }, 'this worker'), h('option', { value: 'cluster' }, 'every worker'));
  async function set(logger, level) {
    try {
      await rest('PUT', `/admin/loggers/${encodeURIComponent(logger)}?scope=${scope.value}`, { level });
      announce(`${logger} set to ${level} on ${scope.value === 'cluster' ? 'every worker' : 'this worker'}.`);
      refresh();
    } catch (e) {
      announce(`Could not set ${logger}: ${e.message}`, 'error');
    }
  }
  const rows = Object.keys(levels).sort().map((name, i) => {
    const select = levelSelect(`level-${i}`, levels[name].level);
    return h('tr', {},
      h('th', { scope: 'row' }, h('label', { for: `level-${i}` }, name)),
      h('td', {}, select, ' ', h('button', { type: 'button', class: 'secondary', onclick: () => set(name, select.value) }, 'Apply')),
      h('td', {}, levels[name].last_modified ? new Date(levels[name].last_modified).toLocaleString() : ''));
  });
  const newName = h('input', { id: 'new-logger', type: 'text', required: true, placeholder: 'org.apache.kafka.connect' });
  const newLevel = levelSelect('new-level', 'DEBUG');
  return h('div', {},
    h('section', { class: 'panel', 'aria-labelledby': 'loggers-title' },
      h('h2', { id: 'loggers-title' }, 'Log levels'),
      h('div', { class: 'field inline' }, h('label', { for: 'logger-scope' }, 'Apply to'), scope),
      h('form', { class: 'inline-form', onsubmit: (e) => { e.preventDefault(); if (newName.value.trim()) set(newName.value.trim(), newLevel.value); } },
        h('label', { for: 'new-logger' }, 'Logger or namespace'), newName,
        h('label', { for: 'new-level' }, 'Level'), newLevel,
        h('button', { type: 'submit', class: 'primary' }, 'Set level')),
      h('table', {},
        h('thead', {}, h('tr', {}, ['Logger', 'Level', 'Last modified'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows))));
}
