import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { clientClassFor, connectSelected, HostSelector } from './hosts.ts';
import { runMigrations } from './migrate.ts';
import { databaseFailure, databaseUnavailable, inReadOnlyRequest, mayRetry, RETRY_DELAYS_MS, type TxPhase } from './resilience.ts';
import { APP_ROLE, AppLoginError, type Database, type Drizzle, type OpenOptions, type Tx } from './client.ts';

/**
 * The PostgreSQL server side of `db/client.ts`: a pool that survives its connections (issue 18).
 *
 * - Every connection has an error listener, in the pool and while checked out: a backend ended by
 *   `pg_terminate_backend`, a dropped socket or a restart is logged and the connection dropped,
 *   never an uncaught 'error' event that ends the process.
 * - A transaction whose connection fails runs again where that is safe (`resilience.ts`,
 *   `mayRetry`); otherwise it answers 503 `database-unavailable` with Retry-After.
 * - Connect, statement and idle-in-transaction timeouts are startup options of each connection;
 *   imports and exports raise the statement timeout for their own transaction
 *   (`Database.longStatements`).
 * - `ping()` (`/readyz`) opens a connection of its own with a short deadline, so it answers
 *   within a second whatever the database does and never waits behind a full pool.
 */

export interface Timeouts {
  connectMs: number;
  statementMs: number;
  longStatementMs: number;
  idleInTransactionMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 5_000, statementMs: 5_000, longStatementMs: 600_000, idleInTransactionMs: 10_000 };

/** How much longer than the statement timeout the client waits for an answer. */
const QUERY_TIMEOUT_MARGIN_MS = 2_000;

/** `/readyz` answers within this, whatever the database does. */
const PING_DEADLINE_MS = 900;

export interface DbLogger {
  warn(obj: object, msg: string): void;
}

/**
 * The tenant's transaction-local settings in one statement (`set_config(..., true)` is SET LOCAL):
 * the organization, the user, and `settings` (names from the code, never from input).
 */
const tenantSettings = (orgId: string | null, userId: string | null, settings: Readonly<Record<string, string>>) => {
  const params: string[] = [orgId ?? '', userId ?? ''];
  const more = Object.entries(settings).map(([name, value]) => {
    params.push(name, value);
    return `, set_config($${params.length - 1}, $${params.length}, true)`;
  });
  return { text: `select set_config('app.org_id', $1, true), set_config('app.user_id', $2, true)${more.join('')}`, params };
};

/**
 * Room for the temporary tables of a big directory refresh (its search facts, 0050) in the
 * session's own memory; see makePool.
 */
const TEMP_BUFFERS = '256MB';
const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A pool whose connections go to the selected host, with our timeouts and error listeners. */
const makePool = (selector: HostSelector, o: { max: number; timeouts: Timeouts; role: boolean; log: DbLogger; name: string }) => {
  const options = [
    o.role ? `-c role=${APP_ROLE}` : '',
    `-c statement_timeout=${o.timeouts.statementMs}`,
    `-c idle_in_transaction_session_timeout=${o.timeouts.idleInTransactionMs}`,
    // Temporary tables past temp_buffers (default 8 MB) are written out to files and read back:
    // about a second of a 100,000-service import's refresh (pb_search_facts, the staged rows of a
    // re-import). A session takes this memory only as its temporary tables fill it, and the
    // setting can only change before a session's first temporary table, hence at connect.
    `-c temp_buffers=${TEMP_BUFFERS}`,
  ].join(' ');
  const pool = new pg.Pool({
    connectionString: selector.parsed.urlFor(0),
    Client: selector.multiHost ? clientClassFor(selector) : pg.Client,
    max: o.max,
    connectionTimeoutMillis: o.timeouts.connectMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    // The client's own deadline per query, past the server's statement timeout: a connection
    // whose packets vanish (a dropped network) never answers, and the server's timeout cannot
    // fire for a query it never received. A transaction with a longer statement timeout raises
    // it for its own connection (`transactional`).
    query_timeout: o.timeouts.statementMs + QUERY_TIMEOUT_MARGIN_MS,
    options,
  });
  const lost = (err: Error) => {
    selector.forget();
    o.log.warn({ pool: o.name, err: { message: err.message, code: (err as { code?: string }).code } }, 'database connection lost');
  };
  // An idle connection that breaks: pg-pool drops it and emits this (unhandled, it ends the process).
  pool.on('error', lost);
  // A checked-out connection that breaks emits 'error' on the client itself, where pg-pool keeps no
  // listener; the failing query rejects, and release() then drops the connection (not queryable).
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
};

/**
 * Runs `fn` in a transaction on a connection of `pool`, again (up to RETRY_DELAYS_MS) when the
 * connection fails at a point `mayRetry` allows; a database failure that stays becomes a 503.
 */
const transactional = (pool: pg.Pool, selector: HostSelector) => {
  const drizzleOf = new WeakMap<pg.PoolClient, Drizzle>();
  const once = async <T>(setup: string[], params: unknown[], fn: (tx: Tx) => Promise<T>, at: { phase: TxPhase }, queryTimeoutMs: number | undefined): Promise<T> => {
    at.phase = 'connect';
    const client = await pool.connect();
    let broken: Error | undefined;
    const parameters = (client as unknown as { connectionParameters: { query_timeout?: number } }).connectionParameters;
    const usualTimeout = parameters.query_timeout;
    if (queryTimeoutMs) parameters.query_timeout = queryTimeoutMs + QUERY_TIMEOUT_MARGIN_MS;
    try {
      let db = drizzleOf.get(client);
      if (!db) drizzleOf.set(client, (db = drizzlePg(client) as unknown as Drizzle));
      at.phase = 'begin';
      return await db.transaction(async (tx) => {
        for (const [i, text] of setup.entries()) await client.query(text, i === 0 ? params : []);
        at.phase = 'work';
        const result = await fn(tx as unknown as Tx);
        // What fails from here on failed in COMMIT: its outcome is unknown.
        at.phase = 'commit';
        return result;
      });
    } catch (e) {
      // A lost or timed-out connection is dropped, never handed to the next transaction.
      if (databaseFailure(e)) broken = e as Error;
      throw e;
    } finally {
      parameters.query_timeout = usualTimeout;
      client.release(broken);
    }
  };
  /** `queryTimeoutMs`: the statement timeout this transaction sets, when longer than the usual. */
  return async <T>(setup: string[], params: unknown[], fn: (tx: Tx) => Promise<T>, queryTimeoutMs?: number): Promise<T> => {
    const readOnly = inReadOnlyRequest();
    for (let attempt = 0; ; attempt++) {
      const at = { phase: 'connect' as TxPhase };
      try {
        return await once(setup, params, fn, at, queryTimeoutMs);
      } catch (e) {
        const failure = databaseFailure(e);
        if (!failure) throw e;
        if (failure === 'unavailable') selector.forget();
        if (failure === 'timeout' || attempt >= RETRY_DELAYS_MS.length || !mayRetry(at.phase, readOnly)) throw databaseUnavailable(failure);
        await sleep(RETRY_DELAYS_MS[attempt]!);
      }
    }
  };
};

/** One `select 1` on a connection of its own, abandoned (and 503) after PING_DEADLINE_MS. */
const pinger = (selector: HostSelector, role: boolean) => {
  let inFlight: Promise<void> | null = null;
  const pingOnce = async () => {
    const Client = selector.multiHost ? clientClassFor(selector) : pg.Client;
    const client = new Client({
      connectionString: selector.parsed.urlFor(0),
      connectionTimeoutMillis: PING_DEADLINE_MS,
      ...(role ? { options: `-c role=${APP_ROLE}` } : {}),
    });
    client.on('error', () => undefined);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('connection timeout: the database did not answer in time'), { code: 'ETIMEDOUT' })), PING_DEADLINE_MS);
    });
    try {
      await Promise.race([(async () => {
        await client.connect();
        await client.query('select 1');
      })(), deadline]);
    } catch (e) {
      if (databaseFailure(e) === 'unavailable') selector.forget();
      throw e;
    } finally {
      clearTimeout(timer);
      (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
      void client.end().catch(() => undefined);
    }
  };
  return () =>
    (inFlight ??= pingOnce().finally(() => {
      inFlight = null;
    }));
};

/** Refuses an application login with more than the application role's rights. */
const checkAppLogin = async (pool: pg.Pool) => {
  const r = await pool.query<{ name: string; superuser: boolean; bypassrls: boolean; owns: boolean; member: boolean }>(
    `select session_user as name, r.rolsuper as superuser, r.rolbypassrls as bypassrls,
       exists (select 1 from pg_class c where c.relowner = r.oid and c.relnamespace = 'public'::regnamespace) as owns,
       pg_has_role(session_user, $1, 'member') as member
     from pg_roles r where r.rolname = session_user`,
    [APP_ROLE],
  );
  const login = r.rows[0]!;
  const why = login.superuser ? 'is a superuser' : login.bypassrls ? 'bypasses row-level security' : login.owns ? 'owns tables of the database' : null;
  if (why) {
    throw new AppLoginError(
      `DATABASE_APP_URL logs in as "${login.name}", which ${why}: it must be a role with only the application's rights (see README, "Running on PostgreSQL").`,
    );
  }
};

const consoleLogger: DbLogger = { warn: (obj, msg) => console.warn(JSON.stringify({ level: 'warn', msg, ...obj })) };

export const openPostgres = async (opts: OpenOptions & { databaseUrl: string }): Promise<Database> => {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  const log = opts.logger ?? consoleLogger;
  const ownerHosts = new HostSelector(opts.databaseUrl, timeouts.connectMs);
  if (opts.migrate !== false) {
    const admin = await connectSelected(ownerHosts);
    admin.on('error', () => undefined);
    try {
      await runMigrations({
        exec: async (text) => {
          await admin.query(text);
        },
        query: async (text, params) => (await admin.query(text, params as unknown[])).rows,
      });
    } finally {
      await admin.end();
    }
  }
  const appHosts = opts.appDatabaseUrl ? new HostSelector(opts.appDatabaseUrl, timeouts.connectMs) : ownerHosts;
  // Every pooled connection starts as the application role (a startup option, so no query can
  // run before it takes effect). The login must be allowed to take it: a member of the role.
  const pool = makePool(appHosts, { max: opts.poolSize ?? 10, timeouts, role: true, log, name: 'app' });
  const inTransaction = transactional(pool, appHosts);
  let owner: Database['owner'];
  let ownerPool: pg.Pool | null = null;
  const long = `set local statement_timeout = ${timeouts.longStatementMs}`;
  if (!opts.appDatabaseUrl) {
    const ownerRole = (await pool.query<{ name: string }>('select session_user as name')).rows[0]!.name;
    // Owner work (operator commands) on the application's own connection: switches to the owner
    // for one transaction.
    owner = (fn) => inTransaction([`set local role ${quoteIdent(ownerRole)}`, long], [], fn, timeouts.longStatementMs);
  } else {
    try {
      await checkAppLogin(pool);
    } catch (e) {
      await pool.end();
      throw e;
    }
    // The owner's work logs in as the owner on its own connection, opened only when asked for:
    // the application login cannot take the owner's role.
    let ownerRun: ReturnType<typeof transactional> | null = null;
    owner = (fn) => {
      if (!ownerRun) {
        ownerPool = makePool(ownerHosts, { max: 1, timeouts, role: false, log, name: 'owner' });
        ownerRun = transactional(ownerPool, ownerHosts);
      }
      return ownerRun([long], [], fn, timeouts.longStatementMs);
    };
  }
  const ping = pinger(appHosts, true);
  let ended: Promise<void> | null = null;
  return {
    kind: 'postgres',
    longStatements: { statement_timeout: String(timeouts.longStatementMs) },
    tenant: (orgId, fn, userId = null, settings = {}) => {
      const s = tenantSettings(orgId, userId, settings);
      const statementTimeout = Number(settings['statement_timeout'] ?? 0);
      return inTransaction([s.text], s.params, fn, statementTimeout > timeouts.statementMs ? statementTimeout : undefined);
    },
    owner,
    ping,
    close: () => (ended ??= Promise.all([pool.end(), (ownerPool as pg.Pool | null)?.end()]).then(() => undefined)),
  };
};
