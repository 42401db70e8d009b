import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.ts';

/**
 * A fresh, migrated database per test file: in-memory PGlite by default, or a new database on the
 * PostgreSQL server with PEERBRIDGE_TEST_DB=postgres (dropped again on close). The same suites run
 * on both.
 */
export const TEST_POSTGRES_URL = process.env.PEERBRIDGE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const onPostgres = process.env.PEERBRIDGE_TEST_DB === 'postgres';

export interface TestDatabase {
  db: Database;
  /** The URL of the fresh server database (PostgreSQL runs only). */
  url: string | undefined;
  close(): Promise<void>;
}

/**
 * A new, empty database on the PostgreSQL server at `adminUrl` (tests and benchmarks): its URL,
 * and `drop`, to call once every connection to it is closed.
 */
export const createServerDatabase = async (adminUrl: string, prefix: string): Promise<{ name: string; url: string; drop(): Promise<void> }> => {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      // pool.end() resolves once its clients are told to end, not when their backends are gone:
      // a forced drop meanwhile would terminate them and fail the run with an unhandled error on
      // a client that is closing. Wait (briefly) for them to leave first.
      for (let i = 0; i < 100; i++) {
        const left = await a.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (left.rows[0]!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
};

export const createTestDatabase = async (): Promise<TestDatabase> => {
  if (!onPostgres) {
    const db = await openDatabase({});
    return { db, url: undefined, close: () => db.close() };
  }
  const server = await createServerDatabase(TEST_POSTGRES_URL, 'pb_test');
  const db = await openDatabase({ databaseUrl: server.url, poolSize: 4 });
  return {
    db,
    url: server.url,
    close: async () => {
      await db.close();
      await server.drop();
    },
  };
};
