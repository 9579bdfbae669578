import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigDef } from '../../src/config/config-def.js';
import { configInfos, configKeyInfos, mergeConfigInfos } from '../../src/config/config-infos.js';
import { ConfigValue } from '../../src/config/config-value.js';
import { Range } from '../../src/config/validators.js';

function sinkDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'connection.url', type: 'STRING', importance: 'HIGH', documentation: 'JDBC URL.',
      group: 'Connection', orderInGroup: 1, width: 'LONG', displayName: 'JDBC URL',
    })
    .define({
      name: 'connection.password', type: 'PASSWORD', defaultValue: null, importance: 'HIGH', documentation: 'Password.',
      group: 'Connection', orderInGroup: 2, width: 'MEDIUM', displayName: 'Password',
    })
    .define({
      name: 'batch.size', type: 'INT', defaultValue: 3000, validator: Range.atLeast(1), importance: 'MEDIUM',
      documentation: 'Rows per batch.', group: 'Writes', orderInGroup: 1, width: 'SHORT', displayName: 'Batch size',
    })
    .define({
      name: 'pk.fields', type: 'LIST', defaultValue: 'a, b', importance: 'LOW', documentation: 'Key fields.',
      group: 'Writes', orderInGroup: 2, width: 'LONG', displayName: 'Primary key fields',
    })
    .define({ name: 'ratio', type: 'DOUBLE', defaultValue: 1, importance: 'LOW', documentation: 'Ratio.' });
}

describe('configInfos', () => {
  it('serialises a validation exactly as a Java worker does', () => {
    const def = sinkDef();
    const values = def.validate({ 'connection.password': 'secret', 'batch.size': '0', 'pk.fields': 'id, name' });
    const json = JSON.stringify(configInfos('org.example.JdbcSinkConnector', def.configKeys, values, def.groups));
    const expected = String.raw`{"name":"org.example.JdbcSinkConnector","error_count":2,"groups":["Connection","Writes"],"configs":[` +
      String.raw`{"definition":{"name":"connection.url","type":"STRING","required":true,"default_value":null,"importance":"HIGH","documentation":"JDBC URL.","group":"Connection","width":"LONG","display_name":"JDBC URL","dependents":[],"order":1},` +
      String.raw`"value":{"name":"connection.url","value":null,"recommended_values":[],"errors":["Missing required configuration \"connection.url\" which has no default value."],"visible":true}},` +
      String.raw`{"definition":{"name":"connection.password","type":"PASSWORD","required":false,"default_value":null,"importance":"HIGH","documentation":"Password.","group":"Connection","width":"MEDIUM","display_name":"Password","dependents":[],"order":2},` +
      String.raw`"value":{"name":"connection.password","value":"[hidden]","recommended_values":[],"errors":[],"visible":true}},` +
      String.raw`{"definition":{"name":"batch.size","type":"INT","required":false,"default_value":"3000","importance":"MEDIUM","documentation":"Rows per batch.","group":"Writes","width":"SHORT","display_name":"Batch size","dependents":[],"order":1},` +
      String.raw`"value":{"name":"batch.size","value":"0","recommended_values":[],"errors":["Invalid value 0 for configuration batch.size: Value must be at least 1"],"visible":true}},` +
      String.raw`{"definition":{"name":"pk.fields","type":"LIST","required":false,"default_value":"a,b","importance":"LOW","documentation":"Key fields.","group":"Writes","width":"LONG","display_name":"Primary key fields","dependents":[],"order":2},` +
      String.raw`"value":{"name":"pk.fields","value":"id,name","recommended_values":[],"errors":[],"visible":true}},` +
      String.raw`{"definition":{"name":"ratio","type":"DOUBLE","required":false,"default_value":"1.0","importance":"LOW","documentation":"Ratio.","group":null,"width":"NONE","display_name":"ratio","dependents":[],"order":-1},` +
      String.raw`"value":{"name":"ratio","value":"1.0","recommended_values":[],"errors":[],"visible":true}}]}`;
    assert.equal(json, expected);
  });

  it('puts values without a declared key first, with a null definition, and counts their errors', () => {
    const def = new ConfigDef().define({ name: 'a', type: 'BOOLEAN', defaultValue: false, importance: 'LOW', documentation: 'A.' });
    const extra = new ConfigValue('extra', ['x', 'y'], [], ['bad extra']);
    const infos = configInfos('C', def.configKeys, [...def.validate({ a: 'TRUE' }), extra], def.groups);
    assert.equal(
      JSON.stringify(infos),
      '{"name":"C","error_count":1,"groups":[],"configs":[' +
        '{"definition":null,"value":{"name":"extra","value":"[x, y]","recommended_values":[],"errors":["bad extra"],"visible":true}},' +
        '{"definition":{"name":"a","type":"BOOLEAN","required":false,"default_value":"false","importance":"LOW","documentation":"A.","group":null,"width":"NONE","display_name":"a","dependents":[],"order":-1},' +
        '"value":{"name":"a","value":"true","recommended_values":[],"errors":[],"visible":true}}]}',
    );
  });

  it('gives a null value for a declared key that was not validated', () => {
    const def = new ConfigDef().define({ name: 'a', type: 'STRING', defaultValue: 'x', importance: 'LOW', documentation: 'A.' });
    assert.equal(configInfos('C', def.configKeys, [], def.groups).configs[0]!.value, null);
  });

  it('writes recommended values of a LIST key as strings and of other keys in their type', () => {
    const def = new ConfigDef()
      .define({
        name: 'l', type: 'LIST', defaultValue: '', importance: 'LOW', documentation: '',
        recommender: { validValues: () => ['p', 'q'], visible: () => true },
      })
      .define({
        name: 'd', type: 'DOUBLE', defaultValue: 0.5, importance: 'LOW', documentation: '',
        recommender: { validValues: () => [0.5, 2], visible: () => false },
      });
    const [l, d] = configInfos('C', def.configKeys, def.validate({}), def.groups).configs;
    assert.deepEqual(l!.value!.recommended_values, ['p', 'q']);
    assert.deepEqual(d!.value!.recommended_values, ['0.5', '2.0']);
    assert.equal(d!.value!.visible, false);
  });
});

describe('configKeyInfos', () => {
  it('lists every key definition for GET /connector-plugins/{p}/config', () => {
    const def = new ConfigDef().define({
      name: 'topics', type: 'LIST', defaultValue: [], importance: 'HIGH', documentation: 'Topics.',
      group: 'Common', orderInGroup: 4, width: 'LONG', displayName: 'Topics', dependents: ['topics.regex'],
    }).define({ name: 'topics.regex', type: 'STRING', defaultValue: '', importance: 'HIGH', documentation: 'Regex.' });
    assert.equal(
      JSON.stringify(configKeyInfos(def.configKeys)),
      '[{"name":"topics","type":"LIST","required":false,"default_value":"","importance":"HIGH","documentation":"Topics.","group":"Common","width":"LONG","display_name":"Topics","dependents":["topics.regex"],"order":4},' +
        '{"name":"topics.regex","type":"STRING","required":false,"default_value":"","importance":"HIGH","documentation":"Regex.","group":null,"width":"NONE","display_name":"topics.regex","dependents":[],"order":-1}]',
    );
  });
});

describe('mergeConfigInfos', () => {
  it('adds error counts, concatenates configs and de-duplicates groups in order', () => {
    const one = { name: 'x', error_count: 1, groups: ['Common', 'A'], configs: [] };
    const two = { name: 'y', error_count: 2, groups: ['A', 'B'], configs: [] };
    assert.deepEqual(mergeConfigInfos('C', one, null, two), { name: 'C', error_count: 3, groups: ['Common', 'A', 'B'], configs: [] });
  });
});
