// The REST API of the worker serving the console; the browser sends its basic auth credentials itself.
import { apiBase } from './dom.js';

export class RestError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** A worker answers 409 while its group rebalances: ask again a few times, as Kafka's clients do. */
export async function rest(method, path, body) {
  for (let attempt = 0; ; attempt++) {
    const init = { method, headers: { accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(apiBase + path, init);
    const text = await response.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    const message = parsed && typeof parsed.message === 'string' ? parsed.message : `HTTP ${response.status}`;
    if (response.status === 409 && /rebalance|leader|stale configuration/i.test(message) && attempt < 20) {
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    if (!response.ok) throw new RestError(response.status, message);
    return parsed;
  }
}

export async function metricsText() {
  const response = await fetch(`${apiBase}/metrics`, { headers: { accept: 'text/plain' } });
  if (!response.ok) throw new RestError(response.status, `GET /metrics: HTTP ${response.status}`);
  return response.text();
}

export const connectorPath = (name) => `/connectors/${encodeURIComponent(name)}`;
