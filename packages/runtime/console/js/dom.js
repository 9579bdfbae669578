// A small element builder: text always goes in as text nodes, so names and traces never become markup.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'value') el.value = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Where the REST API is: the console lives at <base>/ui/. */
export const apiBase = location.pathname.replace(/\/ui(\/.*)?$/, '');

export function connectorHash(view, name) {
  return `#/${view}/${encodeURIComponent(name)}`;
}

export function stateBadge(state) {
  return h('span', { class: `state state-${String(state).toLowerCase()}` }, state);
}

/** Messages for screen readers and sighted users alike, in the page's one live region. */
export function announce(message, kind = 'info') {
  const region = document.getElementById('announcer');
  region.className = `announcer ${kind}`;
  region.textContent = message;
}
