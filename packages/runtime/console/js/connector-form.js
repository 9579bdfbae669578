// Create or edit a connector with a form built from its plugin's config definition
// (GET /connector-plugins/{p}/config), checked as you type with config/validate, each error next
// to its field. PASSWORD values are never put in the page: an edit keeps the stored one unless a
// new one is typed.
import { announce, connectorHash, h } from './dom.js';
import { connectorPath, rest } from './rest.js';

/** Kafka's own groups, closed at first; the plugin's groups and Common are open. */
const GENERIC_GROUPS = new Set(['Transforms', 'Predicates', 'Error Handling', 'Topic Creation', 'Exactly Once Support', 'offsets.topic', 'Plugin Versions']);
const FIXED_KEYS = new Set(['name', 'connector.class']);
const VALIDATE_DELAY_MS = 400;

const fieldId = (key) => `field-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function inputFor(definition, value) {
  const id = fieldId(definition.name);
  const describedBy = `${id}-doc ${id}-error`;
  if (definition.type === 'BOOLEAN') {
    return h('select', { id, name: definition.name, 'aria-describedby': describedBy },
      ['', 'true', 'false'].map((v) => h('option', { value: v, selected: String(value) === v }, v === '' ? '(not set)' : v)));
  }
  return h('input', {
    id,
    name: definition.name,
    type: definition.type === 'PASSWORD' ? 'password' : 'text',
    autocomplete: definition.type === 'PASSWORD' ? 'new-password' : 'off',
    value: definition.type === 'PASSWORD' ? '' : (value ?? ''),
    'aria-describedby': describedBy,
    'aria-required': definition.required && definition.default_value === null ? 'true' : null,
  });
}

function fieldBlock(definition, value, editing) {
  const id = fieldId(definition.name);
  const placeholder = definition.type === 'PASSWORD' && editing ? 'unchanged (type to replace)' : null;
  const input = inputFor(definition, value);
  if (placeholder) input.setAttribute('placeholder', placeholder);
  return h('div', { class: 'field', 'data-key': definition.name },
    h('label', { for: id }, definition.display_name || definition.name, h('span', { class: 'key' }, ` ${definition.name}`),
      definition.required && definition.default_value === null ? h('span', { class: 'required' }, ' (required)') : null),
    input,
    h('p', { id: `${id}-error`, class: 'field-error', 'aria-live': 'polite' }),
    h('p', { id: `${id}-doc`, class: 'doc' }, definition.documentation ?? '',
      definition.default_value !== null && definition.default_value !== undefined && definition.type !== 'PASSWORD' ? ` Default: ${definition.default_value || '(empty)'}.` : ''));
}

function groupsOf(definitions) {
  const groups = new Map();
  for (const d of definitions) {
    if (FIXED_KEYS.has(d.name)) continue;
    const group = d.group ?? 'Connector';
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push(d);
  }
  for (const list of groups.values()) list.sort((a, b) => (a.order_in_group ?? 0) - (b.order_in_group ?? 0));
  // Common first (name, tasks, converters), Kafka's generic groups last.
  const rank = (group) => (group === 'Common' ? 0 : GENERIC_GROUPS.has(group) ? 2 : 1);
  return new Map([...groups.entries()].sort(([a], [b]) => rank(a) - rank(b)));
}

export async function connectorFormView(editName, { go }) {
  const editing = editName !== null;
  const existing = editing ? await rest('GET', connectorPath(editName)) : null;
  const plugins = editing ? [] : await rest('GET', '/connector-plugins?connectorsOnly=true');
  const form = h('form', { class: 'panel connector-form', novalidate: true, 'aria-labelledby': 'form-title' });
  const summary = h('div', { class: 'form-summary', role: 'alert' });
  const fieldsHolder = h('div', {});
  let definitions = [];
  let pluginClass = existing?.config['connector.class'] ?? '';
  /** Keys the form has no field for (transforms.*, overrides, ...) and stored passwords: the config starts from these. */
  let base = editing ? { ...existing.config } : {};
  let timer = null;

  const nameInput = h('input', { id: 'field-name', name: 'name', type: 'text', required: true, value: editName ?? '', readonly: editing, 'aria-describedby': 'field-name-error' });
  const pluginSelect = h('select', { id: 'field-connector-class', name: 'connector.class', disabled: editing, required: true },
    editing ? h('option', { value: pluginClass }, pluginClass)
      : [h('option', { value: '' }, 'Choose a plugin…'), plugins.map((p) => h('option', { value: p.class }, `${p.class.split('.').pop()} (${p.type}${p.version ? `, ${p.version}` : ''})`))]);

  function config() {
    const result = { ...base };
    for (const d of definitions) {
      if (FIXED_KEYS.has(d.name)) continue;
      const input = form.elements.namedItem(d.name);
      if (!input) continue;
      const value = input.value;
      if (d.type === 'PASSWORD' && value === '' && editing) continue;
      if (value === '') delete result[d.name];
      // Defaults nobody touched stay out of the config, as they would in a hand-written one.
      else if (!editing && input.dataset.touched !== 'true' && value === String(d.default_value ?? '')) continue;
      else result[d.name] = value;
    }
    result['connector.class'] = pluginClass;
    result.name = nameInput.value.trim();
    return result;
  }

  /** Errors show at the fields someone has typed in, and at every field once they tried to save. */
  function showErrors(result, everywhere) {
    const elsewhere = [];
    for (const { value } of result.configs) {
      const field = form.querySelector(`.field[data-key="${CSS.escape(value.name)}"]`) ?? (value.name === 'name' ? form.querySelector('.name-field') : null);
      const input = field?.querySelector('input, select');
      const message = everywhere || input?.dataset.touched === 'true' ? value.errors.join('\n') : '';
      if (field) {
        field.querySelector('.field-error').textContent = message;
        if (message) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
        if (message) field.closest('details')?.setAttribute('open', '');
      } else if (message) {
        elsewhere.push(`${value.name}: ${message}`);
      }
    }
    const shown = form.querySelectorAll('.field-error:not(:empty)').length + elsewhere.length;
    summary.replaceChildren(...(shown > 0
      ? [h('p', {}, `${shown} ${shown === 1 ? 'value needs' : 'values need'} attention.`), ...(elsewhere.length ? [h('ul', {}, elsewhere.map((e) => h('li', {}, e)))] : [])]
      : []));
  }

  async function validate(everywhere = false) {
    if (!pluginClass) return null;
    const result = await rest('PUT', `/connector-plugins/${encodeURIComponent(pluginClass)}/config/validate`, config());
    showErrors(result, everywhere);
    return result;
  }

  function scheduleValidation() {
    clearTimeout(timer);
    timer = setTimeout(() => validate().catch((e) => announce(`Validation failed: ${e.message}`, 'error')), VALIDATE_DELAY_MS);
  }

  async function loadPlugin() {
    pluginClass = pluginSelect.value;
    fieldsHolder.replaceChildren();
    if (!pluginClass) return;
    definitions = await rest('GET', `/connector-plugins/${encodeURIComponent(pluginClass)}/config`);
    const current = existing?.config ?? {};
    for (const [group, list] of groupsOf(definitions)) {
      const open = !GENERIC_GROUPS.has(group);
      fieldsHolder.append(h('details', { open, class: 'group' },
        h('summary', {}, group),
        h('fieldset', {}, h('legend', { class: 'visually-hidden' }, group),
          list.map((d) => fieldBlock(d, current[d.name] ?? (editing ? '' : d.default_value), editing)))));
    }
    await validate();
  }

  const rawText = h('textarea', { id: 'raw-json', rows: 12, spellcheck: 'false', 'aria-describedby': 'raw-json-doc' });
  const passwordKeys = () => new Set(definitions.filter((d) => d.type === 'PASSWORD').map((d) => d.name));
  const raw = h('details', { class: 'group raw-json' },
    h('summary', {}, 'Raw JSON'),
    h('label', { for: 'raw-json' }, 'The whole config as JSON'),
    rawText,
    h('p', { id: 'raw-json-doc', class: 'doc' }, 'PASSWORD values are left out; a PASSWORD key you add here replaces the stored value.'),
    h('button', { type: 'button', class: 'secondary', onclick: () => useJson().catch((e) => announce(`Not usable: ${e.message}`, 'error')) }, 'Use this JSON'));
  // The toggle event comes as a task of its own, possibly after someone already typed or pasted
  // into the textarea: their text is kept.
  rawText.addEventListener('input', () => {
    rawText.dataset.edited = 'true';
  });
  raw.addEventListener('toggle', () => {
    if (!raw.open || rawText.dataset.edited === 'true') return;
    const secret = passwordKeys();
    const shown = Object.fromEntries(Object.entries(config()).filter(([k]) => !secret.has(k)).sort(([a], [b]) => a.localeCompare(b)));
    rawText.value = JSON.stringify(shown, null, 2);
  });

  /** Replaces the config with the JSON: fields get their values, other keys go to the base. */
  async function useJson() {
    const parsed = JSON.parse(rawText.value);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('a JSON object of keys and string values is needed');
    const json = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    if (!editing && json.name) nameInput.value = json.name;
    if (!editing && json['connector.class'] && json['connector.class'] !== pluginClass) {
      pluginSelect.value = json['connector.class'];
      if (pluginSelect.value !== json['connector.class']) throw new Error(`no plugin ${json['connector.class']} on this worker`);
      await loadPlugin();
    }
    const secret = passwordKeys();
    base = {};
    for (const [k, v] of Object.entries(json)) if (!FIXED_KEYS.has(k) && !form.elements.namedItem(k)) base[k] = v;
    for (const d of definitions) {
      const input = form.elements.namedItem(d.name);
      if (!input || FIXED_KEYS.has(d.name)) continue;
      if (secret.has(d.name) && !(d.name in json)) {
        if (editing && d.name in existing.config) base[d.name] = existing.config[d.name];
        continue;
      }
      input.value = json[d.name] ?? '';
      input.dataset.touched = 'true';
    }
    delete rawText.dataset.edited;
    await validate(true);
  }

  form.addEventListener('input', (e) => {
    if (e.target === pluginSelect || e.target === rawText) return;
    e.target.dataset.touched = 'true';
    scheduleValidation();
  });
  pluginSelect.addEventListener('change', () => loadPlugin().catch((e) => announce(e.message, 'error')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearTimeout(timer);
    try {
      const result = await validate(true);
      if (!result || result.error_count > 0 || !nameInput.value.trim()) {
        announce('The config is not valid yet: see the messages next to the fields.', 'error');
        form.querySelector('[aria-invalid="true"]')?.focus();
        return;
      }
      const name = nameInput.value.trim();
      await rest('PUT', `${connectorPath(name)}/config`, config());
      announce(`${name} ${editing ? 'saved' : 'created'}.`);
      go(connectorHash('connector', name));
    } catch (err) {
      announce(`Could not save: ${err.message}`, 'error');
    }
  });

  form.append(
    h('h2', { id: 'form-title' }, editing ? `Edit ${editName}` : 'New connector'),
    h('div', { class: 'field name-field' }, h('label', { for: 'field-name' }, 'Name'), nameInput, h('p', { id: 'field-name-error', class: 'field-error' })),
    h('div', { class: 'field' }, h('label', { for: 'field-connector-class' }, 'Plugin'), pluginSelect),
    summary,
    fieldsHolder,
    raw,
    h('div', { class: 'form-buttons' },
      h('button', { type: 'submit', class: 'primary' }, editing ? 'Save' : 'Create connector'),
      h('a', { href: editing ? connectorHash('connector', editName) : '#/connectors', class: 'button-link' }, 'Cancel')));
  if (editing) await loadPlugin();
  return form;
}
