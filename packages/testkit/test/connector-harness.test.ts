import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectorHarness } from '../src/connector-harness.js';
import { CountingSourceConnector, CountingSourceTask } from './fixtures.js';

describe('ConnectorHarness', () => {
  it("validates a config with the connector's ConfigDef, listing the keys in error", async () => {
    const harness = new ConnectorHarness(new CountingSourceConnector());
    const invalid = await harness.validate({ batch: 'many' });
    assert.deepEqual(Object.keys(invalid.errors).sort(), ['batch', 'topic']);
    assert.match(invalid.errors['batch']![0]!, /Invalid value many for configuration batch/);
    const valid = await harness.validate({ topic: 't' });
    assert.deepEqual(valid.errors, {});
    assert.equal(valid.value('batch')?.value, 2);
    assert.equal(valid.value('nope'), undefined);
  });

  it('starts the connector and gives its task configs and task instances', async () => {
    const harness = new ConnectorHarness(new CountingSourceConnector());
    await assert.rejects(harness.taskConfigs(1), /Start the connector/);
    await harness.start({ topic: 't' });
    assert.deepEqual(await harness.taskConfigs(2), [
      { topic: 't', 'task.id': '0' },
      { topic: 't', 'task.id': '1' },
    ]);
    const tasks = await harness.tasks(1);
    assert.ok(tasks[0]!.task instanceof CountingSourceTask);
    assert.deepEqual(tasks[0]!.config, { topic: 't', 'task.id': '0' });
    await harness.stop();
  });

  it('records requests for task reconfiguration', async () => {
    const harness = new ConnectorHarness(new CountingSourceConnector());
    await harness.start({ topic: 't', reconfigure: 'true' });
    assert.equal(harness.reconfigurationRequests, 1);
  });

  it('refuses more task configs than tasks.max, as the worker does', async () => {
    const connector = new CountingSourceConnector();
    connector.taskConfigs = () => [{}, {}];
    const harness = new ConnectorHarness(connector);
    await harness.start({ topic: 't' });
    await assert.rejects(harness.taskConfigs(1), /generated 2 task configs, but tasks\.max is 1/);
  });
});
