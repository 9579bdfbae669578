import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigException, SchemaBuilder, Schemas, Struct } from '@tsconnect/api';
import { StringConverter } from '../../src/index.js';

function converter(configs: Record<string, unknown> = {}, isKey = false): StringConverter {
  const c = new StringConverter();
  c.configure(configs, isKey);
  return c;
}

const hex = (bytes: Uint8Array | null): string | null => (bytes === null ? null : Buffer.from(bytes).toString('hex'));

describe('StringConverter', () => {
  it('writes UTF-8 by default and reads an optional string', () => {
    const c = converter();
    assert.equal(hex(c.fromConnectData('t', null, Schemas.STRING, 'héllo')), '68c3a96c6c6f');
    const back = c.toConnectData('t', null, Buffer.from('68c3a96c6c6f', 'hex'));
    assert.ok(back.schema!.equals(Schemas.OPTIONAL_STRING));
    assert.equal(back.value, 'héllo');
    assert.equal(c.fromConnectData('t', null, Schemas.OPTIONAL_STRING, null), null);
    assert.equal(c.toConnectData('t', null, null).value, null);
  });

  it('writes any value as Java\'s toString would', () => {
    const c = converter();
    const schema = SchemaBuilder.struct().addField('id', Schemas.INT64).addField('name', Schemas.OPTIONAL_STRING).build();
    const text = (schema: Parameters<StringConverter['fromConnectData']>[2], value: unknown): string =>
      Buffer.from(c.fromConnectData('t', null, schema, value)!).toString();
    assert.equal(text(schema, new Struct(schema).put('id', 42n).put('name', 'Ann')), 'Struct{id=42,name=Ann}');
    assert.equal(text(Schemas.FLOAT64, 12), '12.0');
    assert.equal(text(null, 12), '12');
    assert.equal(text(null, true), 'true');
  });

  it('uses converter.encoding with Java\'s charset rules', () => {
    assert.equal(hex(converter({ 'converter.encoding': 'UTF-16' }).fromConnectData('t', null, null, 'abc')), 'feff006100620063');
    assert.equal(hex(converter({ 'converter.encoding': 'utf-16le' }).fromConnectData('t', null, null, 'ab')), '61006200');
    const latin1 = converter({ 'converter.encoding': 'ISO-8859-1' });
    assert.equal(hex(latin1.fromConnectData('t', null, null, 'é€')), 'e93f');
    assert.equal(latin1.toConnectData('t', null, Uint8Array.of(0xe9, 0x80)).value, 'é\u0080');
    assert.equal(hex(converter({ 'converter.encoding': 'US-ASCII' }).fromConnectData('t', null, null, 'aé')), '613f');
    assert.equal(converter({ 'converter.encoding': 'UTF-16' }).toConnectData('t', null, Buffer.from('fffe6100', 'hex')).value, 'a');
    assert.equal(hex(converter().fromConnectData('t', null, null, 'a\ud800')), '613f');
  });

  it('lets the Kafka serializer keys for its side take precedence', () => {
    const key = converter({ 'converter.encoding': 'UTF-8', 'key.serializer.encoding': 'UTF-16BE' }, true);
    assert.equal(hex(key.fromConnectData('t', null, null, 'a')), '0061');
    const value = converter({ 'key.serializer.encoding': 'UTF-16BE' }, false);
    assert.equal(hex(value.fromConnectData('t', null, null, 'a')), '61');
  });

  it('rejects an unknown encoding and requires converter.type without isKey', () => {
    assert.throws(() => converter({ 'converter.encoding': 'EBCDIC-XYZ' }), ConfigException);
    assert.throws(() => new StringConverter().configure({}), ConfigException);
  });

  it('works as a header converter', () => {
    const c = new StringConverter();
    c.configure({ 'converter.type': 'header' });
    assert.equal(c.toConnectHeader('t', 'h', c.fromConnectHeader('t', 'h', Schemas.INT32, 7)).value, '7');
  });
});
