import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAvroSchema, writeAvroSchema } from '../../src/avro/avro-schema.js';

describe('Avro schema text', () => {
  it('writes nested namespaces as Avro Java does: inherited left out, empty when leaving one', () => {
    const text = '{"type":"record","name":"A","namespace":"x","fields":[' +
      '{"name":"b","type":{"type":"record","name":"B","namespace":"x","fields":[]}},' +
      '{"name":"c","type":{"type":"record","name":"C","namespace":"y","fields":[]}},' +
      '{"name":"d","type":{"type":"record","name":"D","fields":[]}},{"name":"e","type":"x.B"},{"name":"f","type":"y.C"}]}';
    assert.equal(writeAvroSchema(parseAvroSchema(text)),
      '{"type":"record","name":"A","namespace":"x","fields":[' +
      '{"name":"b","type":{"type":"record","name":"B","fields":[]}},' +
      '{"name":"c","type":{"type":"record","name":"C","namespace":"y","fields":[]}},' +
      '{"name":"d","type":{"type":"record","name":"D","fields":[]}},{"name":"e","type":"B"},{"name":"f","type":"y.C"}]}');
  });

  it('keeps properties, field docs, defaults and enum defaults', () => {
    const text = '{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"int","x":1},"doc":"d","default":3},' +
      '{"name":"e","type":{"type":"enum","name":"E","symbols":["P","Q"],"default":"Q"}}],"p":{"k":"v"}}';
    assert.equal(writeAvroSchema(parseAvroSchema(text)), text);
  });

  it('rejects unknown names and bad JSON', () => {
    assert.throws(() => parseAvroSchema('{"type":"array","items":"Nope"}'), /undefined name Nope/);
    assert.throws(() => parseAvroSchema('{'), /Invalid Avro schema/);
  });
});
