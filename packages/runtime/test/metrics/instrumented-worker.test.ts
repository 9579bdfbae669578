import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectorTaskId } from '../../src/connector-task-id.js';
import type { WorkerPort } from '../../src/herder/worker-port.js';
import { currentConnectorContext, type ConnectorContext } from '../../src/logging/connector-context.js';
import { ConnectMetrics } from '../../src/metrics/connect-metrics.js';
import { instrumentWorker, meteredConnectorStatus } from '../../src/metrics/instrumented-worker.js';

/** A worker that starts what it is told and remembers the logging context it ran in. */
class ContextRecordingWorker implements WorkerPort {
  readonly contexts: (ConnectorContext | undefined)[] = [];
  reconfigureContext: ConnectorContext | undefined | 'not called' = 'not called';
  failTasks = false;
  async startConnector(_name: string, _config: Readonly<Record<string, string>>, _state: unknown, reconfigure: () => void): Promise<boolean> {
    this.contexts.push(currentConnectorContext());
    reconfigure();
    return true;
  }
  async connectorTaskConfigs(): Promise<Record<string, string>[]> {
    return [];
  }
  async stopConnector(): Promise<void> {}
  async startTask(_id: ConnectorTaskId): Promise<boolean> {
    await Promise.resolve();
    this.contexts.push(currentConnectorContext());
    return !this.failTasks;
  }
  async stopTasks(): Promise<void> {}
  async setTargetState(): Promise<void> {}
  connectorNames(): string[] {
    return [];
  }
  taskIds(): ConnectorTaskId[] {
    return [];
  }
  isRunning(): boolean {
    return false;
  }
  async stop(): Promise<void> {}
}

describe('instrumentWorker', () => {
  it('runs connectors and tasks in their logging context and counts start-ups', async () => {
    const inner = new ContextRecordingWorker();
    const metrics = new ConnectMetrics();
    const worker = instrumentWorker(inner, metrics);
    await worker.startConnector('orders', {}, 'STARTED', () => {
      inner.reconfigureContext = currentConnectorContext();
    });
    await worker.startTask({ connector: 'orders', task: 1 }, {}, {}, 'STARTED');
    inner.failTasks = true;
    await worker.startTask({ connector: 'orders', task: 2 }, {}, {}, 'STARTED');
    assert.deepEqual(inner.contexts, [
      { connector: 'orders', task: null },
      { connector: 'orders', task: 1 },
      { connector: 'orders', task: 2 },
    ]);
    assert.equal(inner.reconfigureContext, undefined, 'the herder handles reconfiguration outside the connector context');
    assert.equal(currentConnectorContext(), undefined);
    assert.deepEqual({ ...metrics.worker.connectorStartup }, { attempts: 1, successes: 1, failures: 0 });
    assert.deepEqual({ ...metrics.worker.taskStartup }, { attempts: 2, successes: 1, failures: 1 });
    assert.equal(metrics.worker.taskStartup.failureRatio(), 0.5);
  });

  it('records connector status reports and passes them on', async () => {
    const metrics = new ConnectMetrics();
    const seen: string[] = [];
    const listener = meteredConnectorStatus(
      {
        onStartup: (n) => seen.push(`startup ${n}`),
        onPause: (n) => seen.push(`pause ${n}`),
        onResume: (n) => seen.push(`resume ${n}`),
        onStop: (n) => seen.push(`stop ${n}`),
        onFailure: (n) => seen.push(`failure ${n}`),
        onShutdown: (n) => seen.push(`shutdown ${n}`),
      },
      metrics,
    );
    listener.onStartup('a');
    listener.onPause('a');
    listener.onFailure('b', 'trace', new Error('x'));
    assert.deepEqual(seen, ['startup a', 'pause a', 'failure b']);
    const text = await metrics.text();
    assert.match(text, /^kafka_connect_connector_status\{connector="a",status="paused"\} 1$/m);
    assert.match(text, /^kafka_connect_connector_status\{connector="b",status="failed"\} 1$/m);
    listener.onShutdown('a');
    assert.doesNotMatch(await metrics.text(), /connector="a",status=/);
  });
});
