import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BigDecimal, ConnectDate, Decimal, SchemaBuilder, Schemas, Struct } from '@tsconnect/api';
import { JsonSchemaData } from '../../src/json-schema/json-schema-data.js';
import { parseJsonText, writeJsonText } from '../../src/json-schema/json-text.js';

const USER = SchemaBuilder.struct().withName('com.example.User').withVersion(3)
  .addField('id', Schemas.INT64).addField('name', Schemas.OPTIONAL_STRING).addField('age', Schemas.INT8)
  .addField('m', SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build()).addField('dec', Decimal.schema(2)).build();

describe('JsonSchemaData', () => {
  const data = new JsonSchemaData();

  it('maps a Connect struct to Confluent JSON Schema keywords', () => {
    assert.equal(writeJsonText(data.fromConnectSchema(USER)),
      '{"title":"com.example.User","type":"object","properties":{' +
      '"id":{"type":"integer","connect.index":0,"connect.type":"int64"},' +
      '"name":{"oneOf":[{"type":"null"},{"type":"string"}],"connect.index":1},' +
      '"age":{"type":"integer","connect.index":2,"connect.type":"int8"},' +
      '"m":{"type":"array","items":{"type":"object","properties":{' +
      '"key":{"type":"integer","connect.index":0,"connect.type":"int32"},"value":{"type":"string","connect.index":1}}},' +
      '"connect.index":3,"connect.type":"map"},' +
      '"dec":{"title":"org.apache.kafka.connect.data.Decimal","type":"string","connect.version":1,"connect.index":4,' +
      '"connect.type":"bytes","connect.parameters":{"scale":"2"}}},"connect.version":3}');
  });

  it('maps string-keyed maps to objects and NUMERIC decimals to numbers', () => {
    assert.equal(writeJsonText(data.fromConnectSchema(SchemaBuilder.map(Schemas.STRING, Schemas.FLOAT64).build())),
      '{"type":"object","additionalProperties":{"type":"number","connect.type":"float64"},"connect.type":"map"}');
    const numeric = new JsonSchemaData({ decimalFormat: 'NUMERIC' });
    assert.equal(writeJsonText(numeric.fromConnectValue(Decimal.schema(2), new BigDecimal(-1050n, 2))), '-10.50');
  });

  it('writes values with exact 64-bit integers and Java float text, and reads them back', () => {
    const value = new Struct(USER).put('id', 2n ** 62n + 1n).put('age', 3).put('m', new Map([[1, 'a']]))
      .put('dec', new BigDecimal(1234n, 2));
    const text = writeJsonText(data.fromConnectValue(USER, value));
    assert.equal(text, '{"id":4611686018427387905,"name":null,"age":3,"m":[{"key":1,"value":"a"}],"dec":"BNI="}');
    const schema = data.toConnectSchema(JSON.parse(writeJsonText(data.fromConnectSchema(USER))));
    assert.equal(schema.name, 'com.example.User');
    assert.equal(schema.version, 3);
    assert.deepEqual(schema.fields.map((f) => `${f.name}:${f.schema.type}:${f.schema.isOptional}`),
      ['id:INT64:false', 'name:STRING:true', 'age:INT8:false', 'm:MAP:false', 'dec:BYTES:false']);
    const back = data.toConnectValue(schema, parseJsonText(text)) as Struct;
    assert.equal(back.get('id'), 2n ** 62n + 1n);
    assert.deepEqual(back.get('dec'), new BigDecimal(1234n, 2));
    assert.equal(writeJsonText(data.fromConnectValue(Schemas.FLOAT64, 1)), '1.0');
  });

  it('reads plain JSON schemas from other producers: integer/number, required, enums, oneOf', () => {
    const schema = new JsonSchemaData({ useOptionalForNonRequired: true }).toConnectSchema({
      type: 'object', title: 'Order', required: ['id'],
      properties: {
        id: { type: 'integer' }, price: { type: 'number' }, state: { enum: ['NEW', 'DONE'] },
        note: { type: ['string', 'null'] }, any: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
      },
    });
    assert.deepEqual(schema.fields.map((f) => `${f.name}:${f.schema.type}:${f.schema.isOptional}`),
      ['id:INT64:false', 'price:FLOAT64:true', 'state:STRING:true', 'note:STRING:true', 'any:STRUCT:true']);
    const value = data.toConnectValue(schema, parseJsonText('{"id":1,"price":2.5,"state":"NEW","any":"x"}')) as Struct;
    assert.equal(value.get('id'), 1n);
    assert.equal((value.get('any') as Struct).get('io.confluent.connect.json.OneOf.field.1'), 'x');
  });

  it('keeps dates as day numbers', () => {
    assert.equal(writeJsonText(data.fromConnectValue(ConnectDate.SCHEMA, new Date('1970-01-11T00:00:00Z'))), '10');
  });
});

describe('JSON text with exact numbers', () => {
  it('parses objects in order and keeps number text', () => {
    const value = parseJsonText(' {"b":[1,-2.5e3,true,null],"a":"x\\"y"} ');
    assert.equal(writeJsonText(value), '{"b":[1,-2.5e3,true,null],"a":"x\\"y"}');
    assert.throws(() => parseJsonText('{"a":1'), /Invalid JSON/);
    assert.throws(() => parseJsonText('1 2'), /trailing/);
  });
});
