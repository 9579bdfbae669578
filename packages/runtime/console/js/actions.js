// What an operator does to a connector, each one REST call, the risky ones after a confirmation.
import { announce, h } from './dom.js';
import { ask } from './dialogs.js';
import { connectorPath, rest } from './rest.js';

async function act(what, call, after) {
  try {
    await call();
    announce(what);
    after?.();
  } catch (e) {
    announce(`${what.replace(/\.$/, '')} failed: ${e.message}`, 'error');
  }
}

export function pause(name, refresh) {
  return act(`${name} paused.`, () => rest('PUT', `${connectorPath(name)}/pause`), refresh);
}

export function resume(name, refresh) {
  return act(`${name} resumed.`, () => rest('PUT', `${connectorPath(name)}/resume`), refresh);
}

export function stop(name, refresh) {
  return act(`${name} stopped.`, () => rest('PUT', `${connectorPath(name)}/stop`), refresh);
}

export async function restart(name, refresh) {
  const values = await ask({
    title: `Restart ${name}`,
    confirmLabel: 'Restart',
    fields: [
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'includeTasks', value: 'true', checked: true }), ' with its tasks'),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'onlyFailed', value: 'true' }), ' only the failed ones'),
    ],
  });
  if (values === null) return;
  const query = `includeTasks=${values.includeTasks === 'true'}&onlyFailed=${values.onlyFailed === 'true'}`;
  await act(`${name} restarted.`, () => rest('POST', `${connectorPath(name)}/restart?${query}`), refresh);
}

export async function restartTask(name, task, refresh) {
  await act(`Task ${task} of ${name} restarted.`, () => rest('POST', `${connectorPath(name)}/tasks/${task}/restart`), refresh);
}

export async function remove(name, afterwards) {
  const values = await ask({
    title: `Delete ${name}?`,
    message: 'Its config and tasks go; its offsets stay in the offsets topic.',
    confirmLabel: `Delete ${name}`,
    danger: true,
  });
  if (values !== null) await act(`${name} deleted.`, () => rest('DELETE', connectorPath(name)), afterwards);
}

export async function resetOffsets(name, refresh) {
  const values = await ask({
    title: `Reset the offsets of ${name}?`,
    message: 'The connector must be STOPPED. A source starts again from the beginning; a sink from its consumer\'s reset policy.',
    confirmLabel: 'Reset offsets',
    danger: true,
  });
  if (values !== null) await act(`Offsets of ${name} reset.`, () => rest('DELETE', `${connectorPath(name)}/offsets`), refresh);
}

export async function alterOffsets(name, offsets, refresh) {
  const text = h('textarea', { name: 'offsets', id: 'alter-offsets', rows: 8, cols: 60, spellcheck: 'false' });
  text.value = JSON.stringify({ offsets }, null, 2);
  const values = await ask({
    title: `Alter the offsets of ${name}`,
    message: 'The connector must be STOPPED. A partition with a null offset is reset.',
    confirmLabel: 'Alter offsets',
    fields: [h('label', { for: 'alter-offsets' }, 'Offsets (the body of PATCH /connectors/{name}/offsets)'), text],
  });
  if (values === null) return;
  await act(`Offsets of ${name} altered.`, () => rest('PATCH', `${connectorPath(name)}/offsets`, JSON.parse(values.offsets)), refresh);
}

/** The buttons for a connector in the state it is in. */
export function actionButtons(name, state, refresh, { onDeleted } = {}) {
  const button = (label, onclick, cls = 'secondary') => h('button', { type: 'button', class: cls, onclick, 'aria-label': `${label} ${name}` }, label);
  return h('div', { class: 'actions', role: 'group', 'aria-label': `Actions for ${name}` },
    state === 'PAUSED' || state === 'STOPPED' ? button('Resume', () => resume(name, refresh)) : button('Pause', () => pause(name, refresh)),
    state !== 'STOPPED' ? button('Stop', () => stop(name, refresh)) : null,
    button('Restart', () => restart(name, refresh)),
    button('Delete', () => remove(name, onDeleted ?? refresh), 'danger'));
}
