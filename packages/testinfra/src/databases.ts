import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';

/** A database made for one test file and dropped after it. */
export interface ThrowawayDatabase {
  readonly database: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** The JDBC URL a Kafka Connect JDBC connector config names. */
  readonly jdbcUrl: string;
  drop(): Promise<void>;
}

export interface PostgresSettings {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** libpq's usual variables, defaulting to the machine's local server. */
export function postgresSettings(env: NodeJS.ProcessEnv = process.env): PostgresSettings {
  return {
    host: env.PGHOST ?? '127.0.0.1',
    port: Number(env.PGPORT ?? 5432),
    user: env.PGUSER ?? 'postgres',
    password: env.PGPASSWORD ?? '',
  };
}

/** The mysql client's usual variables, defaulting to the machine's local MariaDB. */
export function mariadbSettings(env: NodeJS.ProcessEnv = process.env): PostgresSettings {
  return {
    host: env.MYSQL_HOST ?? '127.0.0.1',
    port: Number(env.MYSQL_TCP_PORT ?? 3306),
    user: env.MYSQL_USER ?? 'root',
    password: env.MYSQL_PWD ?? '',
  };
}

export const POSTGRES_START_COMMAND = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";
export const MARIADB_START_COMMAND = 'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd';

function throwawayName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

function unreachable(server: string, settings: PostgresSettings, startCommand: string, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new Error(
    `${server} is not reachable at ${settings.host}:${settings.port} as ${settings.user} (${reason}). ` +
      `Start the local server with: ${startCommand}`,
    { cause },
  );
}

export async function createPostgresDatabase(prefix = 'tsconnect'): Promise<ThrowawayDatabase> {
  const settings = postgresSettings();
  const database = throwawayName(prefix);
  const admin = new pg.Client({ ...settings, database: 'postgres' });
  try {
    await admin.connect();
  } catch (err) {
    throw unreachable('PostgreSQL', settings, POSTGRES_START_COMMAND, err);
  }
  try {
    await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  return {
    database,
    ...settings,
    jdbcUrl: `jdbc:postgresql://${settings.host}:${settings.port}/${database}`,
    async drop() {
      const client = new pg.Client({ ...settings, database: 'postgres' });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function createMariaDbDatabase(prefix = 'tsconnect'): Promise<ThrowawayDatabase> {
  const settings = mariadbSettings();
  const database = throwawayName(prefix);
  let admin: mysql.Connection;
  try {
    admin = await mysql.createConnection(settings);
  } catch (err) {
    throw unreachable('MariaDB', settings, MARIADB_START_COMMAND, err);
  }
  try {
    await admin.query(`CREATE DATABASE \`${database}\``);
  } finally {
    await admin.end();
  }
  return {
    database,
    ...settings,
    jdbcUrl: `jdbc:mariadb://${settings.host}:${settings.port}/${database}`,
    async drop() {
      const client = await mysql.createConnection(settings);
      try {
        await client.query(`DROP DATABASE IF EXISTS \`${database}\``);
      } finally {
        await client.end();
      }
    },
  };
}
