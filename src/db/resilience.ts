import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../core/errors.ts';

/**
 * How the server lives through a lost database connection (issue 18): which errors mean the
 * database is out of reach (not a bug: 503 with Retry-After, never 500), and when a transaction
 * may simply run again.
 */

/** Socket errors of a connection that broke or never opened. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED', 'PB_NO_USABLE_HOST']);

/**
 * SQLSTATEs of a server that is going away or cannot serve us now: class 08 (connection
 * exception), 57P01-57P03 (terminated by an administrator, crash, starting up or shutting down),
 * 53300 (too many connections), 25006 (a write on a server that became a read-only standby in a
 * failover), 25P03 (idle-in-transaction timeout ended the session).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|53300|25006|25P03)$/;

/** node-postgres and pg-pool report a broken or unopened connection in these words. */
const CONNECTION_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|timeout expired|not queryable|terminating connection|Client was closed|the database system is (starting up|shutting down|in recovery)|no longer accepts writes|Query read timeout/i;

const chain = (err: unknown): Array<{ code?: unknown; message?: unknown }> => {
  const out: Array<{ code?: unknown; message?: unknown }> = [];
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined; e && typeof e === 'object' && out.length < 5; e = e.cause as typeof e) out.push(e);
  return out;
};

export type DatabaseFailure = 'unavailable' | 'timeout';

/** What kind of database failure `err` (or an error it wraps) is, or null for any other error. */
export const databaseFailure = (err: unknown): DatabaseFailure | null => {
  for (const e of chain(err)) {
    const code = typeof e.code === 'string' ? e.code : '';
    // 57014: statement_timeout (or a cancel) stopped the statement.
    if (code === '57014') return 'timeout';
    if (SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code)) return 'unavailable';
    if (typeof e.message === 'string' && CONNECTION_MESSAGE.test(e.message)) return 'unavailable';
  }
  return null;
};

/** Seconds a client should wait before trying again (Retry-After). */
export const RETRY_AFTER_SECONDS = 2;

export const databaseUnavailable = (failure: DatabaseFailure) =>
  failure === 'timeout'
    ? new AppError(503, 'database-timeout', 'The database took too long to answer. Please try again in a moment.', { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } })
    : new AppError(503, 'database-unavailable', 'The database cannot be reached right now. Please try again in a moment.', {
        headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
      });

/**
 * Where a transaction was when its connection failed. Only `connect` and `begin` (nothing of the
 * work sent yet) make a write safe to run again; a read may run again until its COMMIT is sent
 * (the server rolls back what a lost connection leaves open); once COMMIT is sent the outcome is
 * unknown and nothing runs again.
 */
export type TxPhase = 'connect' | 'begin' | 'work' | 'commit';

export const mayRetry = (phase: TxPhase, readOnly: boolean) => phase === 'connect' || phase === 'begin' || (readOnly && phase === 'work');

/** The pauses before each new attempt of one transaction (under 2 s in all: a database that is back within that answers the request). */
export const RETRY_DELAYS_MS = [50, 200, 500, 1000];

/**
 * Marks the work of one HTTP request as a read (GET/HEAD), so its transactions may run again
 * after a lost connection (their only writes are audit events and session touches, which the
 * server rolled back with the connection).
 */
const requestKind = new AsyncLocalStorage<{ readOnly: boolean }>();

export const runAsRequest = <T>(readOnly: boolean, fn: () => T): T => requestKind.run({ readOnly }, fn);

export const inReadOnlyRequest = () => requestKind.getStore()?.readOnly === true;
