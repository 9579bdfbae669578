/**
 * The sink's behaviour, as scenarios every database target runs: insert, upsert and update; every
 * pk.mode; deletes by tombstone; auto.create and auto.evolve; all types; duplicate keys in one
 * batch; bad records failing the batch or going to the errant record reporter; a lost connection.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BigDecimal, ConnectDate, ConnectError, ConnectException, Decimal, RetriableException, SchemaBuilder, Schemas, SinkRecord, Struct,
  Time, Timestamp, TopicPartition,
} from '@tsconnect/api';
import type { DatabaseConnection } from '../../src/connection/database-connection.js';
import { SQL_STATE_HEADER } from '../../src/sink/errant-records.js';
import { consumedOffsets, startTask, type SinkTarget } from './sink-harness.js';

const KEY = SchemaBuilder.struct().withName('Key').addField('id', Schemas.INT32).build();
const VALUE = SchemaBuilder.struct().withName('Value')
  .addField('id', Schemas.INT32)
  .addField('name', Schemas.OPTIONAL_STRING)
  .addField('qty', Schemas.OPTIONAL_INT32)
  .build();

let offsetCounter = 0;

function record(topic: string, id: number | null, value: { name?: string | null; qty?: number | null } | null,
  key: 'struct' | 'primitive' | 'none' = 'struct'): SinkRecord {
  let valueStruct: Struct | null = null;
  if (value !== null) {
    valueStruct = new Struct(VALUE).put('id', id).put('name', value.name ?? null).put('qty', value.qty ?? null);
  }
  const keyFields = key === 'struct'
    ? { keySchema: KEY, key: id === null ? null : new Struct(KEY).put('id', id) }
    : key === 'primitive' ? { keySchema: Schemas.INT32, key: id } : {};
  return new SinkRecord({
    topic, kafkaPartition: 0, kafkaOffset: offsetCounter++, ...keyFields,
    valueSchema: value === null ? null : VALUE, value: valueStruct,
  });
}

export function defineSinkScenarios(target: () => SinkTarget): void {
  let db: DatabaseConnection;
  const tasks: { stop(): Promise<void> | void }[] = [];
  let tableCount = 0;

  const t = (): SinkTarget => target();
  const newTopic = (prefix: string): string => `${prefix}_${tableCount++}`;

  async function startSink(props: Record<string, string>, withReporter = false) {
    const started = await startTask({ ...t().connectionProps(), ...props }, withReporter);
    tasks.push(started.task);
    return started;
  }

  async function rows(table: string, columns: string[], orderBy = 'id'): Promise<(string | null)[][]> {
    const select = columns.map((c) => `${t().text(t().quote(c))} AS ${t().quote(c)}`).join(', ');
    const result = await db.query<Record<string, unknown>>(`SELECT ${select} FROM ${t().quote(table)} ORDER BY ${t().quote(orderBy)}`);
    return result.rows.map((r) => columns.map((c) => {
      const v = r[c] ?? r[c.toLowerCase()];
      return v === null || v === undefined ? null : String(v).trim();
    }));
  }

  before(async () => {
    db = await t().open();
  });

  after(async () => {
    for (const each of tasks) await each.stop();
    await db?.close();
  });

  describe('insert mode', () => {
    it('creates the table and inserts every record with pk.mode=none', async () => {
      const topic = newTopic('ins_none');
      const { task } = await startSink({ 'auto.create': 'true' });
      const batch = [record(topic, 1, { name: 'a', qty: 1 }), record(topic, 2, { name: 'b' }), record(topic, 2, { name: 'b2' })];
      await task.put(batch);
      assert.deepEqual(await rows(topic, ['id', 'name', 'qty'], 'name'), [['1', 'a', '1'], ['2', 'b', null], ['2', 'b2', null]]);
    });

    it('uses the Kafka coordinates as primary key with pk.mode=kafka, so a redelivered batch is rejected', async () => {
      const topic = newTopic('ins_kafka');
      const { task } = await startSink({ 'auto.create': 'true', 'pk.mode': 'kafka' });
      const batch = [record(topic, 1, { name: 'a' }), record(topic, 2, { name: 'b' })];
      await task.put(batch);
      const written = await rows(topic, ['__connect_topic', '__connect_partition', '__connect_offset', 'name'], '__connect_offset');
      assert.deepEqual(written, batch.map((r) => [topic, '0', String(r.kafkaOffset), (r.value as Struct).get('name') as string]));
      await assert.rejects(task.put(batch), (err: unknown) => err instanceof ConnectException && !(err instanceof RetriableException));
    });

    it('deletes then inserts a key deleted and written again in one batch', async () => {
      const topic = newTopic('ins_del');
      const { task } = await startSink({ 'auto.create': 'true', 'pk.mode': 'record_key', 'delete.enabled': 'true' });
      await task.put([record(topic, 1, { name: 'old' })]);
      await task.put([record(topic, 1, null), record(topic, 1, { name: 'new' }), record(topic, 2, { name: 'two' }), record(topic, 2, null)]);
      assert.deepEqual(await rows(topic, ['id', 'name']), [['1', 'new']]);
    });
  });

  describe('upsert mode', () => {
    it('inserts new keys and updates existing ones (pk.mode=record_key with a struct key)', async () => {
      const topic = newTopic('ups_key');
      const { task } = await startSink({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key' });
      await task.put([record(topic, 1, { name: 'a', qty: 1 }), record(topic, 2, { name: 'b', qty: 2 })]);
      await task.put([record(topic, 2, { name: 'B', qty: 20 }), record(topic, 3, { name: 'c', qty: 3 })]);
      assert.deepEqual(await rows(topic, ['id', 'name', 'qty']), [['1', 'a', '1'], ['2', 'B', '20'], ['3', 'c', '3']]);
    });

    it('collapses duplicate keys in one batch, the last write winning', async () => {
      const topic = newTopic('ups_dup');
      const { task } = await startSink({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key' });
      await task.put([
        record(topic, 1, { name: 'v1' }), record(topic, 2, { name: 'x' }), record(topic, 1, { name: 'v2' }),
        record(topic, 1, { name: 'v3', qty: 3 }),
      ]);
      assert.deepEqual(await rows(topic, ['id', 'name', 'qty']), [['1', 'v3', '3'], ['2', 'x', null]]);
    });

    it('takes a primitive key as the pk.fields column (pk.mode=record_key)', async () => {
      const topic = newTopic('ups_prim');
      const { task } = await startSink({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'pk.fields': 'id' });
      await task.put([record(topic, 5, { name: 'five' }, 'primitive'), record(topic, 5, { name: 'FIVE' }, 'primitive')]);
      assert.deepEqual(await rows(topic, ['id', 'name']), [['5', 'FIVE']]);
    });

    it('takes key columns from the value with pk.mode=record_value', async () => {
      const topic = newTopic('ups_val');
      const { task } = await startSink({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_value', 'pk.fields': 'id' });
      await task.put([record(topic, 7, { name: 'a', qty: 1 }, 'none')]);
      await task.put([record(topic, 7, { name: 'b', qty: 2 }, 'none'), record(topic, 8, { name: 'c' }, 'none')]);
      assert.deepEqual(await rows(topic, ['id', 'name', 'qty']), [['7', 'b', '2'], ['8', 'c', null]]);
    });

    it('writes only the whitelisted value fields', async () => {
      const topic = newTopic('ups_white');
      const { task } = await startSink({
        'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'fields.whitelist': 'name',
      });
      await task.put([record(topic, 1, { name: 'a', qty: 9 })]);
      const columns = (await db.query(`SELECT * FROM ${t().quote(topic)}`)).columns.map((c) => c.toLowerCase());
      assert.deepEqual(columns.sort(), ['id', 'name']);
    });

    it('applies tombstones as deletes by key, in order with the writes of the same batch', async () => {
      const topic = newTopic('ups_del');
      const { task } = await startSink({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'delete.enabled': 'true' });
      await task.put([record(topic, 1, { name: 'a' }), record(topic, 2, { name: 'b' }), record(topic, 3, { name: 'c' })]);
      await task.put([
        record(topic, 1, null),
        record(topic, 2, { name: 'b2' }), record(topic, 2, null),
        record(topic, 3, null), record(topic, 3, { name: 'c2' }),
        record(topic, 4, null),
      ]);
      assert.deepEqual(await rows(topic, ['id', 'name']), [['3', 'c2']]);
    });
  });

  describe('update mode', () => {
    it('updates existing rows by key and ignores keys that are not there', async () => {
      const topic = newTopic('upd');
      const setup = await startSink({ 'auto.create': 'true', 'pk.mode': 'record_key' });
      await setup.task.put([record(topic, 1, { name: 'a', qty: 1 }), record(topic, 2, { name: 'b', qty: 2 })]);
      const { task: updater } = await startSink({ 'insert.mode': 'update', 'pk.mode': 'record_key' });
      await updater.put([record(topic, 2, { name: 'B', qty: 22 }), record(topic, 9, { name: 'nine' }), record(topic, 2, { name: 'B2', qty: 23 })]);
      assert.deepEqual(await rows(topic, ['id', 'name', 'qty']), [['1', 'a', '1'], ['2', 'B2', '23']]);
    });
  });

  describe('tables', () => {
    it('adds a new optional field as a column with auto.evolve', async () => {
      const topic = newTopic('evolve');
      const { task } = await startSink({ 'auto.create': 'true', 'auto.evolve': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key' });
      await task.put([record(topic, 1, { name: 'a' })]);
      const v2 = SchemaBuilder.struct().withName('Value').addField('id', Schemas.INT32).addField('name', Schemas.OPTIONAL_STRING)
        .addField('qty', Schemas.OPTIONAL_INT32).addField('note', SchemaBuilder.string().optional().withDefault('none').build()).build();
      const evolved = new SinkRecord({
        topic, kafkaPartition: 0, kafkaOffset: offsetCounter++, keySchema: KEY, key: new Struct(KEY).put('id', 2),
        valueSchema: v2, value: new Struct(v2).put('id', 2).put('name', 'b').put('note', 'hello'),
      });
      await task.put([evolved]);
      const written = await rows(topic, ['id', 'name', 'note']);
      assert.equal(written[1]![2], 'hello');
      assert.ok(written[0]![2] === null || written[0]![2] === 'none', `old row got ${written[0]![2]}`);
    });

    it('fails clearly when the table is missing and auto.create is off, naming the records', async () => {
      const topic = newTopic('missing');
      const { task } = await startSink({});
      await assert.rejects(task.put([record(topic, 1, { name: 'a' })]), new RegExp(`\\(record ${topic}-0@\\d+\\): .*missing and auto-creation is disabled`));
    });

    it('fails clearly when a field has no column and auto.evolve is off', async () => {
      const topic = newTopic('noevolve');
      await db.execute(`CREATE TABLE ${t().quote(topic)} (${t().quote('id')} ${t().types.int} NOT NULL PRIMARY KEY)`);
      const { task } = await startSink({ 'pk.mode': 'record_key' });
      await assert.rejects(task.put([record(topic, 1, { name: 'a' })]), /missing fields \(name, qty\) and auto-evolution is disabled/);
    });

    it('formats the table name from the topic with table.name.format', async () => {
      const topic = newTopic('fmt');
      const { task } = await startSink({ 'auto.create': 'true', 'table.name.format': 'kafka_${topic}' });
      await task.put([record(topic, 1, { name: 'a' })]);
      assert.deepEqual(await rows(`kafka_${topic}`, ['id', 'name']), [['1', 'a']]);
    });
  });

  describe('bad records', () => {
    it('fails the batch on a NULL for a NOT NULL column, naming the table and column, and writes none of it', async () => {
      const topic = newTopic('notnull');
      await db.execute(`CREATE TABLE ${t().quote(topic)} (${t().quote('id')} ${t().types.int} NOT NULL PRIMARY KEY, ` +
        `${t().quote('name')} ${t().types.text} NOT NULL, ${t().quote('qty')} ${t().types.int})`);
      const { task } = await startSink({ 'pk.mode': 'record_key', 'insert.mode': 'upsert' });
      const batch = [record(topic, 1, { name: 'ok' }), record(topic, 2, { name: null })];
      await assert.rejects(task.put(batch), (err: unknown) => {
        assert.ok(err instanceof ConnectError && !err.retriable, String(err));
        assert.match(err.message, new RegExp(`column name of table \\S*${topic}`));
        return true;
      });
      assert.deepEqual(await rows(topic, ['id']), []);
      assert.equal((await task.preCommit(consumedOffsets(batch))).size, 0);
    });

    it('fails the batch with the database error naming the table when a constraint rejects a record', async () => {
      const topic = newTopic('check');
      await db.execute(`CREATE TABLE ${t().quote(topic)} (${t().quote('id')} ${t().types.int} NOT NULL PRIMARY KEY, ` +
        `${t().quote('name')} ${t().types.text}, ${t().quote('qty')} ${t().types.int} CHECK (${t().quote('qty')} >= 0))`);
      const { task } = await startSink({ 'pk.mode': 'record_key', 'insert.mode': 'upsert' });
      await assert.rejects(task.put([record(topic, 1, { qty: 1 }), record(topic, 2, { qty: -1 })]),
        new RegExp(`Failed to write to table \\S*${topic}`));
      assert.deepEqual(await rows(topic, ['id']), []);
    });

    it('reports only the rejected records to the errant record reporter and writes the others', async () => {
      const topic = newTopic('dlq');
      await db.execute(`CREATE TABLE ${t().quote(topic)} (${t().quote('id')} ${t().types.int} NOT NULL PRIMARY KEY, ` +
        `${t().quote('name')} ${t().types.text}, ${t().quote('qty')} ${t().types.int} CHECK (${t().quote('qty')} >= 0))`);
      const { task, context } = await startSink({ 'pk.mode': 'record_key', 'insert.mode': 'upsert' }, true);
      const batch = [1, 2, 3, 4, 5, 6].map((id) => record(topic, id, { qty: id === 4 ? -4 : id }));
      await task.put(batch);
      assert.deepEqual(await rows(topic, ['id']), [['1'], ['2'], ['3'], ['5'], ['6']]);
      assert.deepEqual(context.reported.map((r) => (r.record.key as Struct).get('id')), [4]);
      const reported = context.reported[0]!.record;
      assert.ok(reported.headers.lastWithName(SQL_STATE_HEADER) || reported.headers.lastWithName('jdbc.vendor.code'),
        'the database error code is in a header');
      const committed = await task.preCommit(consumedOffsets(batch));
      assert.equal(committed.get(TopicPartition.of(topic, 0))?.offset, batch[5]!.kafkaOffset + 1);
    });
  });

  describe('offsets', () => {
    it('returns from preCommit only offsets of records already written', async () => {
      const topic = newTopic('offsets');
      const { task } = await startSink({ 'auto.create': 'true' });
      const first = [record(topic, 1, { name: 'a' })];
      await task.put(first);
      const later = [record(topic, 2, { name: 'b' })];
      const offered = consumedOffsets([...first, ...later]);
      const committed = await task.preCommit(offered);
      assert.equal(committed.get(TopicPartition.of(topic, 0))?.offset, first[0]!.kafkaOffset + 1);
    });
  });

  describe('exactly once (exactly.once.offsets.table)', () => {
    it('stores offsets with the rows, resumes from them and never inserts a redelivered record twice', async () => {
      const topic = newTopic('eos');
      const tp = TopicPartition.of(topic, 0);
      const props = { name: `conn_${topic}`, 'auto.create': 'true', 'exactly.once.offsets.table': 'kafka_offsets' };
      const first = await startSink(props);
      await first.task.open([tp]);
      assert.equal(first.context.seeks.size, 0);
      const batch1 = [record(topic, 1, { name: 'a' }), record(topic, 2, { name: 'b' })];
      await first.task.put(batch1);
      await first.task.stop();

      // a new task after a crash: Kafka never saw a commit, so batch1 comes again
      const second = await startSink(props);
      await second.task.open([tp]);
      assert.equal(second.context.seeks.get(tp), batch1[1]!.kafkaOffset + 1);
      const batch2 = [record(topic, 3, { name: 'c' })];
      await second.task.put([...batch1, ...batch2]);
      assert.deepEqual(await rows(topic, ['id', 'name']), [['1', 'a'], ['2', 'b'], ['3', 'c']]);
      const stored = await db.query<Record<string, unknown>>(
        `SELECT ${t().text(t().quote('next_offset'))} AS n FROM ${t().quote('kafka_offsets')} WHERE ${t().quote('connector_name')} = '${props.name}'`);
      assert.equal(String(stored.rows[0]!.n ?? stored.rows[0]!.N).trim(), String(batch2[0]!.kafkaOffset + 1));
    });
  });

  describe('all types', () => {
    it('writes every Connect type and logical type and reads them back', async () => {
      const topic = newTopic('types');
      const decimal = Decimal.builder(3).parameter('connect.decimal.precision', '20').optional().build();
      const microTs = SchemaBuilder.int64().withName('io.debezium.time.MicroTimestamp').optional().build();
      const nested = SchemaBuilder.struct().withName('Nested').addField('x', Schemas.INT32).addField('y', Schemas.STRING).optional().build();
      const schema = SchemaBuilder.struct().withName('AllTypes')
        .addField('id', Schemas.INT32)
        .addField('i8', Schemas.INT8).addField('i16', Schemas.INT16).addField('i64', Schemas.INT64)
        .addField('f32', Schemas.FLOAT32).addField('f64', Schemas.FLOAT64).addField('flag', Schemas.BOOLEAN)
        .addField('str', Schemas.STRING).addField('bin', Schemas.BYTES).addField('dec', decimal)
        .addField('day', ConnectDate.builder().optional().build()).addField('tod', Time.builder().optional().build())
        .addField('ts', Timestamp.builder().optional().build()).addField('micro_ts', microTs)
        .addField('ints', SchemaBuilder.array(Schemas.INT32).optional().build())
        .addField('attrs', SchemaBuilder.map(Schemas.STRING, Schemas.INT32).optional().build())
        .addField('inner', nested)
        .addField('missing', Schemas.OPTIONAL_STRING)
        .build();
      const text = "héllo 'quoted'\ttab \\ \"dq\"";
      const value = new Struct(schema)
        .put('id', 1).put('i8', -12).put('i16', 1234).put('i64', 9007199254740993n)
        .put('f32', 1.5).put('f64', -2.25).put('flag', true).put('str', text)
        .put('bin', new Uint8Array([0, 1, 254, 255])).put('dec', BigDecimal.fromString('12345678901234567.891'))
        .put('day', new Date(Date.UTC(2024, 1, 29))).put('tod', new Date(Date.UTC(1970, 0, 1, 13, 45, 30, 123)))
        .put('ts', new Date(Date.UTC(2024, 2, 1, 12, 34, 56, 789))).put('micro_ts', 1709296496123456n)
        .put('ints', [1, 2, 3]).put('attrs', new Map([['a', 1]]))
        .put('inner', new Struct(nested).put('x', 1).put('y', 'z'));
      const { task } = await startSink({ 'auto.create': 'true', 'pk.mode': 'record_value', 'pk.fields': 'id' });
      await task.put([new SinkRecord({ topic, kafkaPartition: 0, kafkaOffset: offsetCounter++, valueSchema: schema, value })]);

      const columns = ['i8', 'i16', 'i64', 'f32', 'f64', 'flag', 'str', 'dec', 'day', 'tod', 'ts', 'micro_ts', 'ints', 'attrs', 'inner', 'missing'];
      const [row] = await rows(topic, columns);
      const got = Object.fromEntries(columns.map((c, i) => [c, row![i]]));
      const trimFraction = (s: string | null | undefined): string => String(s).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
      const json = (s: string | null | undefined): unknown => {
        const text = String(s);
        if (/^\{[^:]*\}$/.test(text)) return text.slice(1, -1).split(',').map(Number);
        return JSON.parse(text);
      };
      assert.deepEqual([got.i8, got.i16, got.i64], ['-12', '1234', '9007199254740993']);
      assert.deepEqual([Number(got.f32), Number(got.f64)], [1.5, -2.25]);
      assert.ok(['1', 'true', 't'].includes(String(got.flag)), `flag ${got.flag}`);
      assert.equal(got.str, text.trim());
      assert.equal(got.dec, '12345678901234567.891');
      assert.equal(got.day, '2024-02-29');
      assert.equal(trimFraction(got.tod), '13:45:30.123');
      assert.equal(trimFraction(got.ts), '2024-03-01 12:34:56.789');
      assert.equal(trimFraction(got.micro_ts), '2024-03-01 12:34:56.123456');
      assert.deepEqual(json(got.ints), [1, 2, 3]);
      assert.deepEqual(json(got.attrs), { a: 1 });
      assert.deepEqual(json(got.inner), { x: 1, y: 'z' });
      assert.equal(got.missing, null);
      const bin = await db.query<Record<string, unknown>>(`SELECT ${t().hex(t().quote('bin'))} AS h FROM ${t().quote(topic)}`);
      assert.equal(String(bin.rows[0]!.h ?? bin.rows[0]!.H).toLowerCase(), '0001feff');
    });
  });

  describe('a lost connection', () => {
    it('throws RetriableException with a backoff, then writes the redelivered batch once', async (ctx) => {
      const kill = t().killOtherConnections;
      if (!kill) {
        ctx.skip('this target has no server to lose');
        return;
      }
      const topic = newTopic('lost');
      const { task, context } = await startSink({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'retry.backoff.ms': '10' });
      await task.put([record(topic, 1, { name: 'a' })]);
      await kill.call(t(), db);
      const batch = [record(topic, 2, { name: 'b' }), record(topic, 3, { name: 'c' })];
      await assert.rejects(task.put(batch), RetriableException);
      assert.deepEqual(context.timeouts, [10]);
      // only the first record (the offset just before the batch) is safe to commit
      assert.equal((await task.preCommit(consumedOffsets(batch))).get(TopicPartition.of(topic, 0))?.offset, batch[0]!.kafkaOffset);
      await task.put(batch);
      assert.deepEqual(await rows(topic, ['id', 'name']), [['1', 'a'], ['2', 'b'], ['3', 'c']]);
    });
  });
}

