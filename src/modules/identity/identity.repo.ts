import { and, count, eq, ilike, or, sql, desc } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.ts';
import { apiTokens, organizations, sessions, users } from '../../db/schema/identity.ts';

/** Only repository files touch the database (docs/conventions.md). */

export type UserRow = typeof users.$inferSelect;
export type OrganizationRow = typeof organizations.$inferSelect;

export interface LoginLookup {
  id: string;
  org_id: string;
  role: string;
  active: boolean;
  password_hash: string | null;
  failed_logins: number;
  locked_until: Date | string | null;
  totp_enabled: boolean;
}

export interface SessionLookup {
  session_id: string;
  user_id: string;
  org_id: string;
  role: string;
  active: boolean;
  csrf_token: string;
  expires_at: Date | string;
  last_seen_at: Date | string;
  instance_operator: boolean;
}

export interface TokenLookup {
  token_id: string;
  user_id: string;
  org_id: string;
  role: string;
  active: boolean;
  last_used_at: Date | string | null;
  instance_operator: boolean;
}

// --- lookups before a tenant is known (SECURITY DEFINER functions, see 0001_identity.sql) ---

/** Every account with this sign-in email, oldest first: emails are unique per organization (0030). */
export const findLoginsByEmail = async (tx: Tx, email: string) =>
  rowsOf<LoginLookup>(await tx.execute(sql`select * from pb_auth_user_by_email(${email})`));

export const findSessionByHash = async (tx: Tx, tokenHash: string) =>
  rowsOf<SessionLookup>(await tx.execute(sql`select * from pb_auth_session(${tokenHash})`))[0];

export const findApiTokenByHash = async (tx: Tx, tokenHash: string) =>
  rowsOf<TokenLookup>(await tx.execute(sql`select * from pb_auth_api_token(${tokenHash})`))[0];

export const isSetupNeeded = async (tx: Tx) =>
  rowsOf<{ needed: boolean }>(await tx.execute(sql`select pb_setup_needed() as needed`))[0]?.needed ?? false;

/** Serializes first-run setup so two browsers cannot both create the first administrator. */
export const lockSetup = async (tx: Tx) => {
  await tx.execute(sql`select pg_advisory_xact_lock(7301, 1)`);
};

// --- organizations ---

export const insertOrganization = async (tx: Tx, org: { id: string; name: string; timeZone?: string }) =>
  (await tx.insert(organizations).values({ id: org.id, name: org.name, timeZone: org.timeZone ?? 'America/New_York', settings: {} }).returning())[0]!;

export const getOrganization = async (tx: Tx, id: string) =>
  (await tx.select().from(organizations).where(eq(organizations.id, id)))[0];

// --- users ---

export const insertUser = async (tx: Tx, u: typeof users.$inferInsert) => (await tx.insert(users).values(u).returning())[0]!;

export const getUser = async (tx: Tx, id: string) => (await tx.select().from(users).where(eq(users.id, id)))[0];

/**
 * The sign-in counters of one user, read fresh and locked for the rest of the transaction: sign-in
 * attempts for one account then run one after another, so attempts sent at once each count as a
 * failure (and see a lockout an earlier one set) instead of all starting from the same count.
 */
export const lockLoginCounters = async (tx: Tx, id: string) =>
  (await tx.select({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil }).from(users).where(eq(users.id, id)).for('update'))[0];

export const getUserByEmail = async (tx: Tx, email: string) =>
  (await tx.select().from(users).where(eq(users.email, email)))[0];

export const updateUser = async (tx: Tx, id: string, patch: Partial<typeof users.$inferInsert>) =>
  (await tx.update(users).set({ ...patch, updatedAt: new Date() }).where(eq(users.id, id)).returning())[0];

export const listUsers = async (tx: Tx, q: string | undefined, limit: number, offset: number) => {
  const where = q ? or(ilike(users.email, `%${q}%`), ilike(users.displayName, `%${q}%`)) : undefined;
  const [total] = await tx.select({ n: count() }).from(users).where(where);
  const items = await tx.select().from(users).where(where).orderBy(users.email).limit(limit).offset(offset);
  return { total: total?.n ?? 0, items };
};

export const countActiveAdmins = async (tx: Tx) =>
  (await tx.select({ n: count() }).from(users).where(and(eq(users.role, 'admin'), eq(users.active, true))))[0]?.n ?? 0;

// --- sessions ---

export const insertSession = async (tx: Tx, s: typeof sessions.$inferInsert) => {
  await tx.insert(sessions).values(s);
};

export const touchSession = async (tx: Tx, id: string, at: Date) => {
  await tx.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
};

export const deleteSession = async (tx: Tx, id: string) => {
  await tx.delete(sessions).where(eq(sessions.id, id));
};

/** Deactivating a user or changing a password ends every session of that user. */
export const deleteSessionsOfUser = async (tx: Tx, userId: string, exceptSessionId?: string) => {
  await tx
    .delete(sessions)
    .where(exceptSessionId ? and(eq(sessions.userId, userId), sql`${sessions.id} <> ${exceptSessionId}`) : eq(sessions.userId, userId));
};

// --- API tokens ---

export const insertApiToken = async (tx: Tx, t: typeof apiTokens.$inferInsert) =>
  (await tx.insert(apiTokens).values(t).returning())[0]!;

export const touchApiToken = async (tx: Tx, id: string, at: Date) => {
  await tx.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
};

export const getApiToken = async (tx: Tx, id: string) => (await tx.select().from(apiTokens).where(eq(apiTokens.id, id)))[0];

/** Sets revoked_at once (pb_auth_api_token refuses a revoked token); a second revoke keeps the first time. */
export const revokeApiToken = async (tx: Tx, id: string, at: Date) => {
  await tx.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.id, id), sql`${apiTokens.revokedAt} is null`));
};

export const listApiTokens = async (tx: Tx, userId: string) =>
  tx.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));

// --- sign-in throttling (0030): counters under keyed hashes, read before any organization is known ---

export interface ThrottleRow {
  key: string;
  failures: number;
  last_failure_at: Date | string | null;
}

const keyArray = (keys: readonly string[]) => `{${keys.join(',')}}`;

/** Creates the counters when missing and locks them until commit: concurrent attempts count one by one. */
export const lockThrottle = async (tx: Tx, keys: readonly string[]) => {
  await tx.execute(sql`insert into login_throttle (key) select unnest(${keyArray(keys)}::text[]) on conflict (key) do nothing`);
  return rowsOf<ThrottleRow>(
    await tx.execute(sql`select key, failures, last_failure_at from login_throttle where key = any(${keyArray(keys)}::text[]) order by key for update`),
  );
};

/**
 * Removes up to `limit` counters that count nothing any more (no failure within the window, which
 * throttleWait reads as none), other than `keep`: each sign-in clears more than it can add (three),
 * so the counters of emails and addresses seen once, a guesser's thousands included, do not pile
 * up. Counters another sign-in holds are skipped, not waited for.
 */
export const pruneThrottle = async (tx: Tx, keep: readonly string[], now: Date, windowMs: number, limit = 50) => {
  await tx.execute(sql`delete from login_throttle where key in (
      select key from login_throttle
      where coalesce(last_failure_at, '-infinity') <= ${new Date(now.getTime() - windowMs)}::timestamptz and key <> all(${keyArray(keep)}::text[])
      order by last_failure_at nulls first limit ${limit} for update skip locked)`);
};

/** One more failure on each counter; a counter whose last failure is older than the window starts again. */
export const countThrottleFailure = async (tx: Tx, keys: readonly string[], now: Date, windowMs: number) => {
  await tx.execute(sql`update login_throttle set
      failures = case when last_failure_at is null or last_failure_at <= ${new Date(now.getTime() - windowMs)}::timestamptz then 1 else failures + 1 end,
      last_failure_at = ${now}::timestamptz
    where key = any(${keyArray(keys)}::text[])`);
};

/** Takes back an attempt counted in advance that was not a failure; `reset` clears those counters. */
export const forgiveThrottle = async (tx: Tx, keys: readonly string[], reset: readonly string[]) => {
  await tx.execute(sql`update login_throttle set failures = case when key = any(${keyArray(reset)}::text[]) then 0 else greatest(failures - 1, 0) end
    where key = any(${keyArray(keys)}::text[])`);
};
