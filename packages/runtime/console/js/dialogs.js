// Modal dialogs on the platform's <dialog>: it keeps keyboard focus inside and closes on Escape.
import { h } from './dom.js';

/** Resolves to the values of the form's fields when confirmed, or null when cancelled. */
export function ask({ title, message, confirmLabel, danger = false, fields = [] }) {
  return new Promise((resolve) => {
    const form = h('form', { method: 'dialog' },
      h('h2', { id: 'dialog-title' }, title),
      message ? h('p', {}, message) : null,
      fields,
      h('div', { class: 'dialog-buttons' },
        h('button', { type: 'submit', value: 'cancel', class: 'secondary' }, 'Cancel'),
        h('button', { type: 'submit', value: 'confirm', class: danger ? 'danger' : 'primary' }, confirmLabel)));
    const dialog = h('dialog', { 'aria-labelledby': 'dialog-title' }, form);
    dialog.addEventListener('close', () => {
      const values = dialog.returnValue === 'confirm' ? Object.fromEntries(new FormData(form)) : null;
      dialog.remove();
      resolve(values);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
