// The operator console in headless Chromium (Debian's, driven by playwright-core; never a
// downloaded browser) against a real broker and our worker: a FAILED connector listed first with
// its trace, a connector created through the form (a validate error at its field, then fixed),
// pause and resume shown, and the rate chart non-zero while a file pipeline runs. The run leaves
// a screenshot of the main page in var/console.png.
import { KafkaBroker, repoRoot } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { eventually, rest, WorkerProcess } from '../support/worker-process.js';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Waits in the page are bounded; a slow machine gets the time it needs. */
const WAIT = { timeout: 120_000 };

let broker: KafkaBroker;
let worker: WorkerProcess;
let browser: Browser;
let page: Page;
let dir: string;
let feeding: NodeJS.Timeout | undefined;

async function connectorState(name: string): Promise<string | undefined> {
  const answer = await rest<{ connector: { state: string }; tasks: { state: string }[] }>(worker.url, 'GET', `/connectors/${name}/status`);
  return answer.status === 200 ? [answer.body.connector.state, ...answer.body.tasks.map((t) => t.state)].join(' ') : undefined;
}

/** The state badge the list shows for a connector. */
function shownState(name: string) {
  return page.locator(`tr[data-connector="${name}"] td.connector-state .state`);
}

/** Waits until an expression holds in the page (written as text: this project's TypeScript has no DOM types). */
async function until(expression: string): Promise<void> {
  await page.waitForFunction(expression, undefined, WAIT);
}

const STATE_SHOWN = (name: string) => `document.querySelector('tr[data-connector="${name}"] td.connector-state .state')?.textContent`;
const SINK_CHART = `document.querySelector('tr[data-connector="aa-sink"] svg.rate-chart')`;
const TASKS_MAX_ERROR = `(document.getElementById('field-tasks_max-error')?.textContent ?? '')`;

before(async () => {
  broker = await KafkaBroker.start();
  worker = await WorkerProcess.create({ bootstrapServers: broker.bootstrapServers });
  await worker.start();
  dir = await mkdtemp(join(tmpdir(), 'console-'));
  await writeFile(join(dir, 'source.txt'), '');
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  // The console's CSP forbids evaluating strings, which is how the waits below read the page.
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
});

after(async () => {
  clearInterval(feeding);
  await browser?.close();
  await worker?.stop();
  await broker?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  if (worker) await rm(worker.workDir, { recursive: true, force: true });
});

describe('the console in a browser', () => {
  test('a FAILED connector is listed first, its trace readable', async () => {
    // A sink whose file sits under a regular file cannot start its task.
    const broken = { 'connector.class': 'FileStreamSink', 'tasks.max': '1', topics: 'console-lines', file: join(dir, 'source.txt', 'cannot.txt') };
    assert.equal((await rest(worker.url, 'PUT', '/connectors/zz-broken/config', broken)).status, 201);
    const pipeline = [
      ['aa-source', { 'connector.class': 'FileStreamSource', 'tasks.max': '1', topic: 'console-lines', file: join(dir, 'source.txt') }],
      ['aa-sink', { 'connector.class': 'FileStreamSink', 'tasks.max': '1', topics: 'console-lines', file: join(dir, 'sink.txt') }],
    ] as const;
    for (const [name, config] of pipeline) assert.equal((await rest(worker.url, 'PUT', `/connectors/${name}/config`, config)).status, 201);
    await eventually('zz-broken FAILED', async () => ((await connectorState('zz-broken'))?.includes('FAILED') ? true : undefined));

    await page.goto(`${worker.url}/ui/`);
    await page.locator('tr[data-connector="aa-sink"]').waitFor(WAIT);
    await page.locator('tr[data-connector="zz-broken"]').waitFor(WAIT);
    const order = await page.locator('table.connectors tbody tr[data-connector]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-connector')));
    assert.equal(order[0], 'zz-broken', `order shown: ${order.join(', ')}`);
    const trace = page.locator('tr.trace-row details.trace pre').first();
    assert.ok(await trace.isVisible(), 'the trace is open');
    assert.match(await trace.innerText(), /cannot\.txt/);
    assert.ok((await trace.innerText()).split('\n').length > 1, 'the trace keeps its lines');
  });

  test('the rate chart shows non-zero throughput while the file pipeline runs', async () => {
    let line = 0;
    feeding = setInterval(() => {
      const lines = Array.from({ length: 50 }, () => `line ${line++}`).join('\n') + '\n';
      appendFile(join(dir, 'source.txt'), lines).catch(() => {});
    }, 100);
    const chart = page.locator('tr[data-connector="aa-sink"] svg.rate-chart');
    await until(`Number(${SINK_CHART}?.getAttribute('data-latest-in')) > 0 && Number(${SINK_CHART}?.getAttribute('data-latest-out')) > 0`);
    assert.match((await chart.getAttribute('aria-label')) ?? '', /aa-sink, records per second: [\d.]+ in/);
    assert.ok(Number(await page.locator('section.throughput svg.rate-chart').getAttribute('data-latest-in')) > 0);
    // A few more samples, so the screenshot shows a line rather than a dot.
    await until(`Number(${SINK_CHART}?.getAttribute('data-points')) >= 6 && ${SINK_CHART}?.querySelector('polyline') != null`);
    await mkdir(join(repoRoot(), 'var'), { recursive: true });
    await page.screenshot({ path: join(repoRoot(), 'var', 'console.png'), fullPage: true });
  });

  test('a connector created through the form: a validate error at its field, then fixed', async () => {
    await page.getByRole('link', { name: 'New connector' }).click();
    await page.getByLabel('Name').fill('from-form');
    await page.getByLabel('Plugin').selectOption('org.apache.kafka.connect.file.FileStreamSinkConnector');
    const tasksMax = page.locator('input[name="tasks.max"]');
    await tasksMax.waitFor(WAIT);
    await tasksMax.fill('zero');
    const tasksMaxError = page.locator('#field-tasks_max-error');
    await until(`${TASKS_MAX_ERROR} !== ''`);
    assert.match(await tasksMaxError.innerText(), /zero/);
    assert.equal(await tasksMax.getAttribute('aria-invalid'), 'true');

    await tasksMax.fill('1');
    await page.locator('input[name="topics"]').fill('console-lines');
    await page.locator('input[name="file"]').fill(join(dir, 'form-sink.txt'));
    await until(`${TASKS_MAX_ERROR} === ''`);
    assert.equal(await tasksMax.getAttribute('aria-invalid'), null);
    await page.getByRole('button', { name: 'Create connector' }).click();
    await page.locator('#detail-title').filter({ hasText: 'from-form' }).waitFor(WAIT);
    const created = await rest<{ config: Record<string, string> }>(worker.url, 'GET', '/connectors/from-form');
    assert.equal(created.status, 200);
    assert.equal(created.body.config['tasks.max'], '1');
    assert.equal(created.body.config.topics, 'console-lines');
  });

  test('a connector created from raw JSON in the form', async () => {
    await page.getByRole('link', { name: 'New connector' }).click();
    await page.getByText('Raw JSON').click();
    const config = { name: 'from-json', 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', topics: 'console-lines', file: join(dir, 'json-sink.txt'), transforms: 'tag', 'transforms.tag.type': 'org.apache.kafka.connect.transforms.InsertField$Value', 'transforms.tag.static.field': 'via', 'transforms.tag.static.value': 'json' };
    await page.getByLabel('The whole config as JSON').fill(JSON.stringify(config));
    await page.getByRole('button', { name: 'Use this JSON' }).click();
    await until(`document.querySelector('input[name="topics"]')?.value === 'console-lines'`);
    await page.getByRole('button', { name: 'Create connector' }).click();
    await page.locator('#detail-title').filter({ hasText: 'from-json' }).waitFor(WAIT);
    const created = await rest<Record<string, string>>(worker.url, 'GET', '/connectors/from-json/config');
    assert.deepEqual(created.body, config);
  });

  test('pause and resume change the state shown', async () => {
    await page.getByRole('link', { name: 'Connectors', exact: true }).click();
    await eventually('from-form RUNNING', async () => ((await connectorState('from-form')) === 'RUNNING RUNNING' ? true : undefined));
    await until(`${STATE_SHOWN('from-form')} === 'RUNNING'`);
    await page.getByRole('button', { name: 'Pause from-form' }).click();
    await until(`${STATE_SHOWN('from-form')} === 'PAUSED'`);
    assert.equal(await shownState('from-form').innerText(), 'PAUSED');
    // The tasks follow the connector a moment later (in their task host).
    await eventually('from-form and its task PAUSED', async () => ((await connectorState('from-form')) === 'PAUSED PAUSED' ? true : undefined));
    await page.getByRole('button', { name: 'Resume from-form' }).click();
    await until(`${STATE_SHOWN('from-form')} === 'RUNNING'`);
    assert.equal(await shownState('from-form').innerText(), 'RUNNING');
  });

  test('a PASSWORD value is never put in the page: not in the details, not in the edit form', async () => {
    const config = {
      'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
      topics: 'console-lines',
      'connection.url': 'jdbc:postgresql://127.0.0.1:9/none',
      'connection.user': 'console',
      'connection.password': 'console-s3cret',
    };
    const created = await rest(worker.url, 'PUT', '/connectors/with-secret/config', config);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await page.goto(`${worker.url}/ui/#/connector/with-secret`);
    await page.locator('table.config').waitFor(WAIT);
    assert.doesNotMatch(await page.content(), /console-s3cret/);
    assert.equal(await page.locator('table.config tr', { hasText: 'connection.password' }).locator('td').innerText(), '[hidden]');

    await page.goto(`${worker.url}/ui/#/edit/with-secret`);
    const password = page.locator('input[name="connection.password"]');
    await password.waitFor(WAIT);
    assert.equal(await password.getAttribute('type'), 'password');
    assert.equal(await password.inputValue(), '');
    assert.doesNotMatch(await page.content(), /console-s3cret/);
    // Saving without typing a new one keeps the stored password.
    await page.locator('input[name="connection.user"]').fill('console2');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#detail-title').filter({ hasText: 'with-secret' }).waitFor(WAIT);
    const saved = await rest<Record<string, string>>(worker.url, 'GET', '/connectors/with-secret/config');
    assert.equal(saved.body['connection.user'], 'console2');
    assert.equal(saved.body['connection.password'], 'console-s3cret');
  });
});
