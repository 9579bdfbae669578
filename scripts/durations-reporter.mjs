// A node:test reporter that writes how long each test file took, slowest first, so the next
// person trimming `npm test` knows where its time goes. Files run one at a time
// (scripts/run-tests.mjs), so a file's time runs from the previous file's last event to its own
// last event: start-up and hooks (brokers, workers) included.
export default async function* durations(source) {
  const lastEventAt = new Map();
  const started = Date.now();
  for await (const event of source) {
    const file = event.data?.file;
    if (file) {
      lastEventAt.delete(file); // keep insertion order = order of last activity
      lastEventAt.set(file, Date.now());
    }
  }
  const rows = [];
  let previous = started;
  for (const [file, at] of lastEventAt) {
    rows.push([at - previous, file]);
    previous = at;
  }
  rows.sort((a, b) => b[0] - a[0]);
  const total = rows.reduce((sum, [ms]) => sum + ms, 0);
  yield `# test files by duration (s), total ${(total / 1000).toFixed(0)} s\n`;
  for (const [ms, file] of rows) yield `${(ms / 1000).toFixed(1).padStart(7)}  ${file}\n`;
}
