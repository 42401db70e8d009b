import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { APP_ROLE, openDatabase, type Database } from '../../src/db/client.ts';
import { migratedPgliteArchive, migrationsKey } from './migrated.ts';

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
 * pool.end() resolves once its clients are told to end, not when their backends are gone: a
 * forced drop meanwhile would terminate them and fail the run with an unhandled error on a client
 * that is closing, and a database cannot be renamed or copied while one is there. Waits (briefly)
 * for them to leave.
 */
const untilNoConnections = async (admin: pg.Client, name: string) => {
  for (let i = 0; i < 100; i++) {
    const left = await admin.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
    if (left.rows[0]!.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/**
 * A new, empty database on the PostgreSQL server at `adminUrl` (tests and benchmarks): its URL,
 * and `drop`, to call once every connection to it is closed.
 */
export const createServerDatabase = async (
  adminUrl: string,
  prefix: string,
  template?: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> => {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await untilNoConnections(a, name);
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
};

/**
 * The login the suites' application connections use on the server, as a production install does
 * (DATABASE_APP_URL): a member of peerbridge_app that owns nothing, so every suite also shows the
 * application needs no more than that role's rights. Roles are cluster-wide: made once, under a
 * lock, by whichever test file comes first.
 */
export const TEST_APP_LOGIN = 'pb_test_app';
let appLogin: Promise<void> | undefined;
const ensureAppLogin = (adminUrl: string) =>
  (appLogin ??= (async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`select pg_advisory_lock(hashtext('${TEST_APP_LOGIN}'))`);
      await admin.query(`do $$ begin
        if not exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then create role ${APP_ROLE} nologin; end if;
        if not exists (select 1 from pg_roles where rolname = '${TEST_APP_LOGIN}') then create role ${TEST_APP_LOGIN} login; end if;
      end $$`);
      if (!(await admin.query(`select pg_has_role('${TEST_APP_LOGIN}', '${APP_ROLE}', 'member') as m`)).rows[0].m) {
        await admin.query(`grant ${APP_ROLE} to ${TEST_APP_LOGIN}`);
      }
    } finally {
      await admin.end();
    }
  })());

/** `url` with another login (trust authentication on the test server: no password). */
export const withLogin = (url: string, login: string) => {
  const u = new URL(url);
  u.username = login;
  return u.toString();
};

/**
 * The migrated database on the server every suite's database is a copy of (CREATE DATABASE …
 * TEMPLATE), named by the migrations' text: made once, under a lock, by the first test file that
 * finds none, which also drops the ones of older migrations. It is built under another name and
 * renamed when complete, so a run stopped halfway leaves nothing a later run would copy.
 */
let template: Promise<string> | undefined;
const migratedTemplate = (adminUrl: string) =>
  (template ??= (async () => {
    const name = `pb_test_template_${migrationsKey()}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`select pg_advisory_lock(hashtext('pb_test_template'))`);
      if ((await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount) return name;
      const stale = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'pb\\_test\\_template\\_%'`);
      for (const { datname } of stale.rows) await admin.query(`drop database if exists ${datname} with (force)`);
      const building = await createServerDatabase(adminUrl, 'pb_test_template_partial');
      const db = await openDatabase({ databaseUrl: building.url, poolSize: 1 });
      await db.close();
      await untilNoConnections(admin, building.name);
      await admin.query(`alter database ${building.name} rename to ${name}`);
      return name;
    } finally {
      await admin.end();
    }
  })());

export const createTestDatabase = async (): Promise<TestDatabase> => {
  if (!onPostgres) {
    const db = await openDatabase({ pgliteArchive: await migratedPgliteArchive() });
    return { db, url: undefined, close: () => db.close() };
  }
  await ensureAppLogin(TEST_POSTGRES_URL);
  const server = await createServerDatabase(TEST_POSTGRES_URL, 'pb_test', await migratedTemplate(TEST_POSTGRES_URL));
  const db = await openDatabase({ databaseUrl: server.url, appDatabaseUrl: withLogin(server.url, TEST_APP_LOGIN), poolSize: 4 });
  return {
    db,
    url: server.url,
    close: async () => {
      await db.close();
      await server.drop();
    },
  };
};
