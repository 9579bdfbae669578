import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CatalogTable } from '../../src/source/source-catalog.js';
import { JdbcSourceConfig } from '../../src/source/source-config.js';
import { tableFilter } from '../../src/source/table-filter.js';

const tables: CatalogTable[] = [
  { catalog: 'shop', schema: 'public', table: 'orders', type: 'TABLE' },
  { catalog: 'shop', schema: 'public', table: 'order_items', type: 'TABLE' },
  { catalog: 'shop', schema: 'audit', table: 'orders', type: 'TABLE' },
  { catalog: 'shop', schema: 'public', table: 'order_view', type: 'VIEW' },
];

const pick = (props: Record<string, string>) =>
  tables.filter(tableFilter(new JdbcSourceConfig({ 'connection.url': 'x', mode: 'bulk', 'topic.prefix': 'db.', ...props })))
    .map((t) => `${t.schema}.${t.table}`);

describe('tableFilter', () => {
  it('copies tables of the listed types only', () => {
    assert.deepEqual(pick({}), ['public.orders', 'public.order_items', 'audit.orders']);
    assert.deepEqual(pick({ 'table.types': 'VIEW' }), ['public.order_view']);
  });

  it('matches whitelist entries by full name, schema.table or table name', () => {
    assert.deepEqual(pick({ 'table.whitelist': 'orders' }), ['public.orders', 'audit.orders']);
    assert.deepEqual(pick({ 'table.whitelist': 'audit.orders' }), ['audit.orders']);
    assert.deepEqual(pick({ 'table.whitelist': 'shop.public.order_items' }), ['public.order_items']);
    assert.deepEqual(pick({ 'table.blacklist': 'orders' }), ['public.order_items']);
  });

  it('applies include/exclude regular expressions to the whole full name', () => {
    assert.deepEqual(pick({ 'table.include.list': 'shop\\.public\\..*' }), ['public.orders', 'public.order_items']);
    assert.deepEqual(pick({ 'table.include.list': 'shop\\.public\\..*', 'table.exclude.list': '.*items' }), ['public.orders']);
    assert.deepEqual(pick({ 'table.include.list': 'orders' }), []);
  });

  it('reads schema.pattern as a LIKE pattern', () => {
    assert.deepEqual(pick({ 'schema.pattern': 'aud%' }), ['audit.orders']);
    assert.deepEqual(pick({ 'schema.pattern': '' }), []);
  });
});
