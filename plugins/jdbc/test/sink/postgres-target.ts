import type { ThrowawayDatabase } from '@tsconnect/testinfra';
import { openConnection } from '../../src/connection/open-connection.js';
import type { SinkTarget } from './sink-harness.js';

export function postgresTarget(name: string, url: () => string, db: () => ThrowawayDatabase): SinkTarget {
  return {
    name,
    connectionProps: () => ({ 'connection.url': url(), 'connection.user': db().user, 'connection.password': db().password }),
    open: () => openConnection({ url: url(), user: db().user, password: db().password }),
    text: (c) => `CAST(${c} AS text)`,
    hex: (c) => `encode(${c}, 'hex')`,
    quote: (n) => `"${n}"`,
    types: { int: 'integer', text: 'text' },
    async killOtherConnections(admin) {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    },
  };
}
