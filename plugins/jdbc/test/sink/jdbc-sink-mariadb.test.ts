import { after, before, describe } from 'node:test';
import { createMariaDbDatabase, type ThrowawayDatabase } from '@tsconnect/testinfra';
import { mariadbTarget } from './mariadb-target.js';
import { defineSinkScenarios } from './sink-scenarios.js';

describe('JDBC sink into MariaDB (mysql2, multi-row statements)', () => {
  let database: ThrowawayDatabase;
  before(async () => {
    database = await createMariaDbDatabase('jdbc_sink');
  });
  after(async () => {
    await database?.drop();
  });
  const target = mariadbTarget('MariaDB', () => database.jdbcUrl, () => database);
  defineSinkScenarios(() => target);
});
