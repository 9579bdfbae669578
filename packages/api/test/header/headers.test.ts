import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BigDecimal, ConnectDate, ConnectHeader, ConnectSchema, ConnectHeaders, DataException, Decimal, SchemaAndValue, SchemaBuilder,
  Schemas, Struct, Timestamp,
} from '../../src/index.js';

function keys(headers: ConnectHeaders): string[] {
  return [...headers].map((h) => `${h.key}=${String(h.value)}`);
}

describe('ConnectHeaders', () => {
  it('keeps insertion order and allows repeated keys', () => {
    const h = new ConnectHeaders().addString('a', '1').addInt('b', 2).addString('a', '3');
    assert.deepEqual(keys(h), ['a=1', 'b=2', 'a=3']);
    assert.equal(h.size, 3);
    assert.deepEqual(h.allWithName('a').map((x) => x.value), ['1', '3']);
    assert.equal(h.lastWithName('a')!.value, '3');
    assert.equal(h.lastWithName('zz'), null);
  });

  it('gives typed adders the matching schemas', () => {
    const h = new ConnectHeaders().addBoolean('bool', true).addByte('i8', 1).addShort('i16', 2).addInt('i32', 3)
      .addLong('i64', 4n).addFloat('f32', 1.1).addDouble('f64', 2.5).addString('s', null).addBytes('b', new Uint8Array([1]));
    assert.deepEqual([...h].map((x) => x.schema!.toString()), [
      'Schema{BOOLEAN}', 'Schema{INT8}', 'Schema{INT16}', 'Schema{INT32}', 'Schema{INT64}', 'Schema{FLOAT32}',
      'Schema{FLOAT64}', 'Schema{STRING}', 'Schema{BYTES}',
    ]);
    assert.equal(h.lastWithName('s')!.schema, Schemas.OPTIONAL_STRING);
    assert.equal(h.lastWithName('f32')!.value, Math.fround(1.1));
  });

  it('validates values against their schema when added', () => {
    const h = new ConnectHeaders();
    assert.throws(() => h.add('k', 'text', Schemas.INT32), DataException);
    assert.throws(() => h.addByte('k', 300), DataException);
    assert.throws(() => h.addLong('k', 1 as unknown as bigint), DataException);
    assert.throws(() => h.addList('k', [1], SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build()),
      { message: 'Expecting ARRAY but instead found MAP' });
    h.add('k', new SchemaAndValue(Schemas.INT32, 5)).add('n', null, null).add('sb', 5, SchemaBuilder.int32());
    assert.deepEqual(keys(h), ['k=5', 'n=null', 'sb=5']);
  });

  it('checks only the value itself against the schema, as Kafka: maps and lists of mixed values are added', () => {
    // What SimpleHeaderConverter parses from Debezium's `__debezium.oldkey` of a composite key.
    const mixedMap = new ConnectSchema('MAP', { keySchema: Schemas.STRING });
    const mixedList = new ConnectSchema('ARRAY');
    const h = new ConnectHeaders()
      .add('__debezium.oldkey', new Map<string, unknown>([['region', 'north'], ['item_id', 1]]), mixedMap)
      .add('list', ['north', 1, null], mixedList)
      .add('wrong-inside', new Map([['a', 'text']]), SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build());
    assert.deepEqual([...h].map((x) => x.key), ['__debezium.oldkey', 'list', 'wrong-inside']);
    assert.equal(h.lastWithName('__debezium.oldkey')!.schema, mixedMap);
    assert.throws(() => h.add('k', 'text', mixedMap), { message: 'The value text is not compatible with the schema Schema{MAP}' });
    assert.throws(() => h.add('k', null, Schemas.INT32), { message: 'A null value requires an optional schema but was Schema{INT32}' });
  });

  it('checks logical values when added', () => {
    const h = new ConnectHeaders().addDecimal('d', BigDecimal.fromString('1.25')).addDate('day', new Date(86_400_000))
      .addTimestamp('ts', new Date(5));
    assert.ok(h.lastWithName('d')!.schema!.equals(Decimal.schema(2)));
    assert.equal(h.lastWithName('day')!.schema, ConnectDate.SCHEMA);
    assert.equal(h.lastWithName('ts')!.schema, Timestamp.SCHEMA);
    assert.throws(() => h.addDate('bad', new Date(1)),
      { message: 'Kafka Connect Date type should not have any time fields set to non-zero values.' });
  });

  it('validates structs before adding them', () => {
    const schema = SchemaBuilder.struct().addField('a', Schemas.INT32).build();
    assert.throws(() => new ConnectHeaders().addStruct('s', new Struct(schema)), DataException);
    const h = new ConnectHeaders().addStruct('s', new Struct(schema).put('a', 1));
    assert.equal(h.lastWithName('s')!.schema, schema);
  });

  it('removes all headers of a key, and retains the latest of one key or of every key', () => {
    const make = (): ConnectHeaders => new ConnectHeaders().addString('a', '1').addString('b', '2')
      .addString('a', '3').addString('c', '4').addString('b', '5');
    assert.deepEqual(keys(make().remove('a')), ['b=2', 'c=4', 'b=5']);
    assert.deepEqual(keys(make().retainLatest('a')), ['b=2', 'a=3', 'c=4', 'b=5']);
    assert.deepEqual(keys(make().retainLatest()), ['a=3', 'c=4', 'b=5']);
    assert.equal(make().clear().isEmpty(), true);
  });

  it('applies transforms to all headers or one key; null removes', () => {
    const h = new ConnectHeaders().addString('a', 'x').addString('b', 'y').addString('a', 'z');
    h.apply('a', (header) => (header.value === 'x' ? null : header.with(Schemas.STRING, 'Z')));
    assert.deepEqual(keys(h), ['b=y', 'a=Z']);
    h.apply((header) => header.rename(`${header.key}!`));
    assert.deepEqual(keys(h), ['b!=y', 'a!=Z']);
  });

  it('duplicates independently and compares by content', () => {
    const h = new ConnectHeaders().addBytes('b', new Uint8Array([1, 2]));
    const copy = h.duplicate();
    assert.ok(copy.equals(h));
    assert.ok(new ConnectHeaders().addBytes('b', new Uint8Array([1, 2])).equals(h));
    copy.addString('x', 'y');
    assert.equal(h.size, 1);
    assert.equal(copy.equals(h), false);
  });

  it('prints like Kafka', () => {
    const h = new ConnectHeaders().addInt('a', 1);
    assert.equal(h.toString(), 'ConnectHeaders(headers=[ConnectHeader(key=a, value=1, schema=Schema{INT32})])');
    assert.ok(new ConnectHeader('a', null, 'v').equals(new ConnectHeader('a', null, 'v')));
  });
});
