/** The sink through Debian's ODBC drivers: "PostgreSQL Unicode" (psqlODBC) and "MariaDB Unicode". */
import { after, before, describe } from 'node:test';
import { createMariaDbDatabase, createPostgresDatabase, type ThrowawayDatabase } from '@tsconnect/testinfra';
import { mariadbTarget } from './mariadb-target.js';
import { postgresTarget } from './postgres-target.js';
import { defineSinkScenarios } from './sink-scenarios.js';

describe('JDBC sink into PostgreSQL through ODBC', () => {
  let database: ThrowawayDatabase;
  before(async () => {
    database = await createPostgresDatabase('jdbc_sink_odbc');
  });
  after(async () => {
    await database?.drop();
  });
  const url = (): string => `Driver={PostgreSQL Unicode};Server=${database.host};Port=${database.port};Database=${database.database}`;
  defineSinkScenarios(() => postgresTarget('PostgreSQL over ODBC', url, () => database));
});

describe('JDBC sink into MariaDB through ODBC', () => {
  let database: ThrowawayDatabase;
  before(async () => {
    database = await createMariaDbDatabase('jdbc_sink_odbc');
  });
  after(async () => {
    await database?.drop();
  });
  const url = (): string => `jdbc:odbc:Driver={MariaDB Unicode};Server=${database.host};Port=${database.port};Database=${database.database}`;
  defineSinkScenarios(() => mariadbTarget('MariaDB over ODBC', url, () => database));
});
