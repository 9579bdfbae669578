import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SchemaBuilder, Schemas, SinkRecord, Struct, TopicPartition, type SinkTaskContext } from '@tsconnect/api';
import { FileStreamSinkConnector } from '../../../src/connectors/file/file-stream-sink-connector.js';
import { FileStreamSinkTask } from '../../../src/connectors/file/file-stream-sink-task.js';

const record = (value: unknown, offset: number, valueSchema = Schemas.OPTIONAL_STRING) =>
  new SinkRecord({ topic: 't', kafkaPartition: 0, valueSchema, value, kafkaOffset: offset });

async function startTask(props: Record<string, string>): Promise<FileStreamSinkTask> {
  const task = new FileStreamSinkTask();
  task.initialize({ configs: () => props } as unknown as SinkTaskContext);
  await task.start(props);
  return task;
}

describe('FileStreamSinkConnector', () => {
  it("declares Kafka's file key and gives every task the connector's config", () => {
    const connector = new FileStreamSinkConnector();
    assert.deepEqual([...connector.config().configKeys.keys()], ['file']);
    const props = { file: '/tmp/out.txt', topics: 't' };
    connector.start(props);
    assert.deepEqual(connector.taskConfigs(2), [props, props]);
    assert.equal(connector.taskClass(), FileStreamSinkTask);
    assert.equal(connector.alterOffsets(props, new Map([[TopicPartition.of('t', 0), 5]])), true);
  });
});

describe('FileStreamSinkTask', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'file-sink-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends one line per record, written by flush', async () => {
    const file = join(dir, 'nested', 'out.txt');
    const task = await startTask({ file });
    try {
      const schema = SchemaBuilder.struct().withName('Row').addField('id', Schemas.INT32).build();
      task.put([record('first', 0), record(null, 1), record(new Struct(schema).put('id', 7), 2, schema)]);
      assert.equal(await readFile(file, 'utf8'), '');
      await task.flush(new Map());
      assert.equal(await readFile(file, 'utf8'), 'first\nnull\nStruct{id=7}\n');
    } finally {
      await task.stop();
    }
  });

  it('appends to an existing file and writes what was put before stop', async () => {
    const file = join(dir, 'existing.txt');
    await writeFile(file, 'old\n');
    const task = await startTask({ file });
    task.put([record('new', 0)]);
    await task.stop();
    assert.equal(await readFile(file, 'utf8'), 'old\nnew\n');
  });
});
