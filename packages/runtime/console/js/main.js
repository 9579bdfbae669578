// The console's shell: routes (#/connectors, #/connector/<name>, #/new, #/edit/<name>, #/cluster,
// #/loggers) and the refresh loop. Every two seconds it scrapes /metrics (the rates need a steady
// beat even on pages without charts) and redraws the pages that only show state; pages where a
// person types are drawn once.
import { clusterView } from './cluster-view.js';
import { connectorDetailView } from './connector-detail.js';
import { connectorFormView } from './connector-form.js';
import { connectorsView } from './connectors-view.js';
import { announce, h } from './dom.js';
import { loggersView } from './loggers-view.js';
import { metricsText, rest } from './rest.js';
import { TaskMetrics } from './task-metrics.js';

const REFRESH_MS = 2000;
const view = document.getElementById('view');
const metrics = new TaskMetrics();
let connectors = {};
let serverInfo = {};
/** The route on screen, to tell a redraw from a new page. */
let drawn = '';
/** Traces someone closed stay closed across redraws. */
const closedDetails = new Set();

function route() {
  const [, page = 'connectors', arg] = location.hash.split('/');
  return { page, arg: arg === undefined ? null : decodeURIComponent(arg) };
}

const LIVE_PAGES = new Set(['connectors', 'connector', 'cluster']);

function go(hash) {
  if (location.hash === hash) draw();
  else location.hash = hash;
}

async function build({ page, arg }) {
  const refresh = () => tick();
  switch (page) {
    case 'connector': return connectorDetailView(arg, { metrics, refresh, go });
    case 'new': return connectorFormView(null, { go });
    case 'edit': return connectorFormView(arg, { go });
    case 'cluster': return clusterView({ connectors, metrics, serverInfo });
    case 'loggers': return loggersView({ refresh: () => draw() });
    default: return connectorsView({ connectors, metrics, refresh });
  }
}

/** Redraws the page, keeping focus and closed traces where they were. */
async function draw() {
  const current = route();
  for (const link of document.querySelectorAll('nav a')) {
    if (link.getAttribute('href') === `#/${current.page}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  // A redraw of the same page keeps the focus where it was; a new page starts from the top.
  const samePage = JSON.stringify(current) === drawn;
  const focused = document.activeElement;
  const focusKey = samePage && focused && view.contains(focused) ? focused.id || focused.getAttribute('aria-label') : null;
  let content;
  try {
    content = await build(current);
  } catch (e) {
    content = h('section', { class: 'panel' }, h('h2', {}, 'Could not load this page'), h('p', { role: 'alert' }, e.message));
  }
  if (JSON.stringify(route()) !== JSON.stringify(current)) return;
  for (const details of content.querySelectorAll('details.trace')) {
    if (closedDetails.has(details.querySelector('summary').textContent)) details.removeAttribute('open');
  }
  view.replaceChildren(content);
  drawn = JSON.stringify(current);
  if (focusKey) {
    const again = [...view.querySelectorAll('[id], [aria-label]')].find((el) => el.id === focusKey || el.getAttribute('aria-label') === focusKey);
    again?.focus();
  }
}

async function tick() {
  try {
    const [text, expanded] = await Promise.all([metricsText(), rest('GET', '/connectors?expand=status&expand=info')]);
    metrics.record(text, Date.now());
    connectors = expanded;
    document.getElementById('updated').textContent = `Updated ${new Date().toLocaleTimeString()}`;
  } catch (e) {
    announce(`Refresh failed: ${e.message}`, 'error');
  }
  if (LIVE_PAGES.has(route().page) && !document.querySelector('dialog[open]')) await draw();
}

view.addEventListener('toggle', (e) => {
  if (!(e.target instanceof HTMLDetailsElement) || !e.target.classList.contains('trace')) return;
  const key = e.target.querySelector('summary').textContent;
  if (e.target.open) closedDetails.delete(key);
  else closedDetails.add(key);
}, true);

window.addEventListener('hashchange', () => {
  draw();
  view.focus();
});

serverInfo = await rest('GET', '/').catch(() => ({}));
document.getElementById('worker-version').textContent = serverInfo.version ? `worker ${serverInfo.version}` : '';
await tick();
if (!LIVE_PAGES.has(route().page)) await draw();
setInterval(tick, REFRESH_MS);
