import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ConnectException,
  ExactlyOnceSupport,
  Schemas,
  type OffsetStorageReader,
  type SourceOffset,
  type SourcePartition,
  type SourceTaskContext,
} from '@tsconnect/api';
import { FileStreamSourceConnector } from '../../../src/connectors/file/file-stream-source-connector.js';
import { FileStreamSourceTask } from '../../../src/connectors/file/file-stream-source-task.js';

/** Offsets kept in memory, keyed by the partition's JSON, as the worker's offset store would. */
class MemoryOffsets implements OffsetStorageReader {
  readonly stored = new Map<string, SourceOffset>();
  async offset(partition: SourcePartition): Promise<SourceOffset | null> {
    return this.stored.get(JSON.stringify(partition)) ?? null;
  }
  async offsets(partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>> {
    return new Map(await Promise.all(partitions.map(async (p) => [p, await this.offset(p)] as const)));
  }
}

function contextWith(offsets: OffsetStorageReader, configs: Record<string, string>): SourceTaskContext {
  return { configs: () => configs, offsetStorageReader: () => offsets, transactionContext: () => null };
}

async function startTask(offsets: OffsetStorageReader, props: Record<string, string>): Promise<FileStreamSourceTask> {
  const task = new FileStreamSourceTask();
  task.initialize(contextWith(offsets, props));
  await task.start(props);
  return task;
}

describe('FileStreamSourceConnector', () => {
  it('declares the keys of Kafka\'s connector and makes one task config', async () => {
    const connector = new FileStreamSourceConnector();
    assert.deepEqual([...connector.config().configKeys.keys()], ['file', 'topic', 'batch.size']);
    const props = { file: '/tmp/in.txt', topic: 't' };
    connector.start(props);
    assert.deepEqual(connector.taskConfigs(3), [props]);
    assert.equal(connector.taskClass(), FileStreamSourceTask);
    assert.equal(connector.exactlyOnceSupport(props), ExactlyOnceSupport.SUPPORTED);
    assert.equal(connector.exactlyOnceSupport({ topic: 't' }), ExactlyOnceSupport.UNSUPPORTED);
  });

  it('validates its config as Kafka does (topic required and non-empty)', async () => {
    const values = (await new FileStreamSourceConnector().validate({ topic: '' })).configValues;
    assert.deepEqual(values.find((v) => v.name === 'topic')!.errorMessages, ['Invalid value  for configuration topic: String must be non-empty']);
  });

  it('checks offsets an operator writes', () => {
    const connector = new FileStreamSourceConnector();
    const props = { file: '/tmp/in.txt', topic: 't' };
    assert.equal(connector.alterOffsets(props, new Map([[{ filename: '/tmp/in.txt' }, { position: 10 }], [{ filename: 'old' }, null]])), true);
    assert.throws(() => connector.alterOffsets(props, new Map([[{ filename: 'f' }, { position: -1 }]])), {
      message: "The value for the 'position' key in the offset should be a non-negative value",
    });
    assert.throws(() => connector.alterOffsets(props, new Map([[{ filename: 'f' }, { position: 'x' }]])), {
      message: "The value for the 'position' key in the offset is expected to be a Long value",
    });
    assert.throws(() => connector.alterOffsets(props, new Map([[{ file: 'f' }, { position: 1 }]])), {
      message: "Partition objects should contain the key 'filename'",
    });
    assert.throws(() => connector.alterOffsets({ topic: 't' }, new Map()), ConnectException);
  });
});

describe('FileStreamSourceTask', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'file-source-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes each complete line with the filename partition and the byte position after it', async () => {
    const file = join(dir, 'lines.txt');
    await writeFile(file, 'alpha\r\nbé\rgamma\npartial');
    const task = await startTask(new MemoryOffsets(), { file, topic: 'lines' });
    try {
      const records = (await task.poll())!;
      assert.deepEqual(records.map((r) => r.value), ['alpha', 'bé', 'gamma']);
      assert.deepEqual(records.map((r) => r.sourceOffset), [{ position: 7 }, { position: 11 }, { position: 17 }]);
      assert.deepEqual(records[0]!.sourcePartition, { filename: file });
      assert.equal(records[0]!.topic, 'lines');
      assert.equal(records[0]!.valueSchema, Schemas.STRING);
      assert.equal(records[0]!.kafkaPartition, null);
      await appendFile(file, ' line\n');
      const more = (await task.poll())!;
      assert.deepEqual(more.map((r) => [r.value, r.sourceOffset]), [['partial line', { position: 30 }]]);
    } finally {
      await task.stop();
    }
  });

  it('resumes after a restart from the stored offset', async () => {
    const file = join(dir, 'resume.txt');
    await writeFile(file, 'one\ntwo\nthree\n');
    const offsets = new MemoryOffsets();
    const first = await startTask(offsets, { file, topic: 't', 'batch.size': '1' });
    const [one] = (await first.poll())!;
    assert.equal(one!.value, 'one');
    // The worker stores the offset of what Kafka acknowledged, then the task is restarted.
    offsets.stored.set(JSON.stringify(one!.sourcePartition), one!.sourceOffset!);
    await first.stop();

    const second = await startTask(offsets, { file, topic: 't' });
    try {
      assert.deepEqual((await second.poll())!.map((r) => r.value), ['two', 'three']);
    } finally {
      await second.stop();
    }
  });

  it('returns at most batch.size records per poll', async () => {
    const file = join(dir, 'batch.txt');
    await writeFile(file, 'a\nb\nc\nd\ne\n');
    const task = await startTask(new MemoryOffsets(), { file, topic: 't', 'batch.size': '2' });
    try {
      const sizes = [];
      for (let i = 0; i < 3; i++) sizes.push((await task.poll())!.map((r) => r.value));
      assert.deepEqual(sizes, [['a', 'b'], ['c', 'd'], ['e']]);
    } finally {
      await task.stop();
    }
  });

  it('refuses a stored position that is not a long', async () => {
    const file = join(dir, 'bad-offset.txt');
    await writeFile(file, 'x\n');
    const offsets = new MemoryOffsets();
    offsets.stored.set(JSON.stringify({ filename: file }), { position: 'ten' });
    const task = await startTask(offsets, { file, topic: 't' });
    try {
      await assert.rejects(task.poll(), { message: 'Offset position is the incorrect type' });
    } finally {
      await task.stop();
    }
  });

  it('returns null while the file does not exist, and ends that wait on stop', async () => {
    const task = await startTask(new MemoryOffsets(), { file: join(dir, 'missing.txt'), topic: 't' });
    const polled = task.poll();
    await task.stop();
    assert.equal(await polled, null);
  });
});
