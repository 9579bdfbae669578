import type { ThrowawayDatabase } from '@tsconnect/testinfra';
import type { DatabaseConnection } from '../../src/connection/database-connection.js';
import { openConnection } from '../../src/connection/open-connection.js';
import type { SinkTarget } from './sink-harness.js';

export async function killOtherMariaDbConnections(admin: DatabaseConnection): Promise<void> {
  const others = await admin.query<{ id: unknown }>(
    'SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()');
  for (const { id } of others.rows) await admin.execute(`KILL ${Number(id)}`).catch(() => undefined);
}

export function mariadbTarget(name: string, url: () => string, db: () => ThrowawayDatabase): SinkTarget {
  return {
    name,
    connectionProps: () => ({ 'connection.url': url(), 'connection.user': db().user, 'connection.password': db().password }),
    open: () => openConnection({ url: url(), user: db().user, password: db().password }),
    text: (c) => `CAST(${c} AS CHAR)`,
    hex: (c) => `HEX(${c})`,
    quote: (n) => `\`${n}\``,
    types: { int: 'INT', text: 'VARCHAR(100)' },
    killOtherConnections: killOtherMariaDbConnections,
  };
}
