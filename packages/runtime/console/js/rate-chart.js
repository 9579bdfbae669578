// A small inline SVG chart of records/s in and out over the last minutes. The latest values are in
// its accessible name (and data attributes), so a screen reader and a test read what the eye sees.
import { formatRate, HISTORY_MS } from './task-metrics.js';

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** @param history [{at, in, out}] oldest first */
export function rateChart(history, { width = 160, height = 36, label = 'Records per second' } = {}) {
  const latest = history[history.length - 1] ?? { in: 0, out: 0 };
  const name = `${label}: ${formatRate(latest.in)} in, ${formatRate(latest.out)} out (last ${HISTORY_MS / 60000} minutes)`;
  const chart = svg('svg', {
    class: 'rate-chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': name,
    'data-latest-in': latest.in, 'data-latest-out': latest.out, 'data-points': history.length,
  });
  chart.append(svg('title', {}, name));
  const max = Math.max(1, ...history.map((p) => Math.max(p.in, p.out)));
  const end = latest.at ?? Date.now();
  // Until there are minutes of samples, the ones there are fill the width.
  const span = Math.max(1, end - (history[0]?.at ?? end));
  const x = (at) => width - ((end - at) / span) * width;
  // The top 12 px hold the scale's label, clear of the lines.
  const y = (v) => height - 2 - (v / max) * (height - 14);
  for (const series of ['in', 'out']) {
    if (history.length < 2) break;
    const points = history.map((p) => `${x(p.at).toFixed(1)},${y(p[series]).toFixed(1)}`).join(' ');
    chart.append(svg('polyline', { class: `line-${series}`, points, fill: 'none' }));
  }
  chart.append(svg('text', { x: 2, y: 10, class: 'chart-max' }, `${formatRate(max)}/s`));
  return chart;
}
