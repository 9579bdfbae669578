import { after, before, describe } from 'node:test';
import { createPostgresDatabase, type ThrowawayDatabase } from '@tsconnect/testinfra';
import { postgresTarget } from './postgres-target.js';
import { defineSinkScenarios } from './sink-scenarios.js';

describe('JDBC sink into PostgreSQL (pg, COPY and UNNEST)', () => {
  let database: ThrowawayDatabase;
  before(async () => {
    database = await createPostgresDatabase('jdbc_sink');
  });
  after(async () => {
    await database?.drop();
  });
  const target = postgresTarget('PostgreSQL', () => database.jdbcUrl, () => database);
  defineSinkScenarios(() => target);
});
