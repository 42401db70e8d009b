import { PGlite } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { runMigrations, type SqlRunner } from './migrate.ts';
import { openPostgres, type DbLogger, type Timeouts } from './postgres.ts';

/**
 * The one way the application reaches PostgreSQL: embedded PGlite (a data folder) or a PostgreSQL
 * server (DATABASE_URL). Both run the same committed migrations.
 *
 * Tenant isolation is enforced by row-level security. Policies bind only a role that neither owns
 * the tables nor is a superuser, so the application works as `peerbridge_app` (SET ROLE right after
 * connecting) and names its organization per transaction with `set_config('app.org_id', …, true)`.
 * A query outside `tenant()` sees no organization's rows.
 */
export const APP_ROLE = 'peerbridge_app';

export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, Record<string, never>>;
export type Drizzle = PgDatabase<PgQueryResultHKT, Record<string, never>>;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` in one transaction as the application role, scoped to `orgId` (null: no tenant).
   * `settings` are more transaction-local settings, set in the same round trip (names from the
   * code, never from input).
   */
  tenant<T>(orgId: string | null, fn: (tx: Tx) => Promise<T>, userId?: string | null, settings?: Readonly<Record<string, string>>): Promise<T>;
  /**
   * Runs `fn` with the owner's privileges (bypassing RLS). For operator work only: migrations and
   * `peerbridge audit verify`. Never reachable from an HTTP request.
   */
  owner<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Settings for `tenant()` of a long import or export: a statement timeout of its own instead of
   * the server's short default (DATABASE_LONG_STATEMENT_TIMEOUT_MS; nothing on PGlite).
   */
  readonly longStatements: Readonly<Record<string, string>>;
  /** Whether the database answers; on a server within a second, whatever it does. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; absent for PGlite. Migrations and `owner()` log in with it: the tables' owner. */
  databaseUrl?: string | undefined;
  /**
   * postgres:// URL the application's own connections log in with (DATABASE_APP_URL): a role that
   * is a member of `peerbridge_app` and neither owns the tables nor is a superuser, so no SQL run
   * on those connections can switch back to the owner's rights (`SET ROLE NONE` only returns to
   * the login, bound by row-level security like the role itself). Absent: the owner's URL.
   */
  appDatabaseUrl?: string | undefined;
  /** PGlite data folder; absent (with no URL) for an in-memory database (tests). */
  dataDir?: string | undefined;
  /**
   * An in-memory PGlite database starts as this archive of a data folder (`dumpMigratedPglite`)
   * instead of empty: the test suites start each file's database from one migrated copy rather
   * than running every migration again (seconds per file on PGlite).
   */
  pgliteArchive?: Blob | undefined;
  poolSize?: number;
  migrate?: boolean;
  /** Server connections' timeouts (config: DATABASE_*_TIMEOUT_MS); defaults in `db/postgres.ts`. */
  timeouts?: Partial<Timeouts> | undefined;
  /** Where a lost server connection is reported (no personal data: message and code only). */
  logger?: DbLogger | undefined;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Owner work on the application's own connection: switches to the owner for one transaction. */
const asOwner =
  (db: Drizzle, ownerRole: string): Database['owner'] =>
  (fn) =>
    db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local role ${quoteIdent(ownerRole)}`));
      return fn(tx as unknown as Tx);
    });

const makeDatabase = (kind: Database['kind'], db: Drizzle, owner: Database['owner'], closeFn: () => Promise<void>): Database => ({
  kind,
  longStatements: {},
  tenant: (orgId, fn, userId = null, settings = {}) =>
    db.transaction(async (tx) => {
      const more = Object.entries(settings).map(([name, value]) => sql`, set_config(${name}, ${value}, true)`);
      await tx.execute(
        sql`select set_config('app.org_id', ${orgId ?? ''}, true), set_config('app.user_id', ${userId ?? ''}, true)${sql.join(more)}`,
      );
      return fn(tx as unknown as Tx);
    }),
  owner,
  ping: async () => {
    await db.execute(sql`select 1`);
  },
  close: closeFn,
});

const PGLITE_EXTENSIONS = { pg_trgm, unaccent, cube, earthdistance };

const pgliteRunner = (client: PGlite): SqlRunner => ({
  exec: async (text) => {
    await client.exec(text);
  },
  query: async (text, params) => (await client.query<Record<string, unknown>>(text, params)).rows,
});

/** A new in-memory PGlite database with every migration applied, as an archive of its data folder. */
export const dumpMigratedPglite = async (): Promise<Blob> => {
  const client = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  try {
    await runMigrations(pgliteRunner(client));
    return await client.dumpDataDir('none');
  } finally {
    await client.close();
  }
};

const openPglite = async (opts: OpenOptions): Promise<Database> => {
  const client = await PGlite.create({
    ...(opts.dataDir ? { dataDir: opts.dataDir } : opts.pgliteArchive ? { loadDataDir: opts.pgliteArchive } : {}),
    extensions: PGLITE_EXTENSIONS,
  });
  const run = pgliteRunner(client);
  // From an archive too: a migration newer than the archive is applied, the others are skipped.
  if (opts.migrate !== false) await runMigrations(run);
  const owner = (await run.query('select session_user as name'))[0]!.name as string;
  // PGlite is one connection: the role set here holds for every later query.
  await client.exec(`set role ${APP_ROLE}`);
  const db = drizzlePglite(client) as unknown as Drizzle;
  return makeDatabase('pglite', db, asOwner(db, owner), async () => {
    if (!client.closed) await client.close();
  });
};

/** Refuses an application login with more than the application role's rights. */
export class AppLoginError extends Error {}

/** PGlite (a data folder, or in memory) or a PostgreSQL server (`db/postgres.ts`). */
export const openDatabase = (opts: OpenOptions): Promise<Database> =>
  opts.databaseUrl ? openPostgres({ ...opts, databaseUrl: opts.databaseUrl }) : openPglite(opts);

/** Rows of a raw `tx.execute(sql...)`, the same on both drivers. */
export const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/**
 * Runs `text` (constant SQL with $n parameters) as a named prepared statement, rows as objects.
 * PostgreSQL then plans it once per connection instead of on every call: with row-level security
 * policies inlined, planning a hot statement can cost the server more than running it. PGlite
 * runs it as any query (it has no statement names). `name` must be unique per statement text.
 */
export const namedRows = async <T>(tx: Tx, name: string, text: string, params: unknown[]): Promise<T[]> =>
  rowsOf<T>(await tx._.session.prepareQuery({ sql: text, params }, undefined, name, false).execute());

/**
 * Runs a built query as a named prepared statement named after its text, so a query whose text
 * repeats (one per combination of filters) is parsed once per connection and later calls send
 * only their parameters. Run it with plan_cache_mode = force_custom_plan where the best plan
 * depends on the values (a generic plan cannot fold a search's words into constants).
 */
export const executeNamed = async <T>(tx: Tx, query: SQL): Promise<T[]> => {
  const built = (tx as unknown as { dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } } }).dialect.sqlToQuery(query);
  return namedRows<T>(tx, `pb_${createHash('sha1').update(built.sql).digest('hex').slice(0, 24)}`, built.sql, built.params);
};

/**
 * COPY ... FROM STDIN with `data` on a pg client: pg's Query answers the server's CopyInResponse
 * with the data in 1 MB chunks (what pg-copy-streams does, without a stream dependency).
 */
class CopyIn extends (pg as unknown as { Query: new (text: string) => object }).Query {
  data: Buffer;
  constructor(text: string, data: Buffer) {
    super(text);
    this.data = data;
  }
  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }) {
    for (let i = 0; i < this.data.length; i += 1 << 20) connection.sendCopyFromChunk(this.data.subarray(i, i + (1 << 20)));
    connection.endCopyFrom();
  }
}

export const copyFromStdin = (client: pg.ClientBase, statement: string, data: string) =>
  new Promise<void>((resolve, reject) => {
    const q = client.query(new CopyIn(statement, Buffer.from(data, 'utf8')) as unknown as pg.QueryConfig) as unknown as NodeJS.EventEmitter;
    q.on('end', () => resolve());
    q.on('error', reject);
  });

/**
 * Bulk-loads CSV `data` into `table (columns)` inside the transaction `tx`: COPY, which the
 * server parses itself, several times cheaper per row than an INSERT of the same rows. On a pg
 * connection the data goes as COPY FROM STDIN, on PGlite as a blob (COPY FROM '/dev/blob').
 * `table` and `columns` are identifiers from the code, never from input.
 */
export const copyCsv = async (tx: Tx, table: string, columns: readonly string[], data: string): Promise<void> => {
  const target = `${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')})`;
  // Both drizzle sessions keep the transaction's own connection as `session.client`.
  const client = (tx as unknown as { session: { client: unknown } }).session.client;
  if (client instanceof pg.Client || (client as { connection?: unknown }).connection !== undefined) {
    await copyFromStdin(client as pg.ClientBase, `copy ${target} from stdin with (format csv)`, data);
  } else {
    // COPY from a "file" (the blob) needs pg_read_server_files, which the application role must
    // not hold; the session user (the owner) runs this one statement, whose text is all code.
    const pglite = client as { query(text: string, params?: unknown[], options?: { blob: Blob }): Promise<unknown> };
    // A failed COPY aborts the transaction, and its rollback restores the role.
    await pglite.query('set local role none');
    await pglite.query(`copy ${target} from '/dev/blob' with (format csv)`, [], { blob: new Blob([data]) });
    await pglite.query(`set local role ${APP_ROLE}`);
  }
};

/** One CSV field for COPY: null as the empty unquoted field, text always quoted. */
export const csvField = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  return `"${String(v).replaceAll('"', '""')}"`;
};
