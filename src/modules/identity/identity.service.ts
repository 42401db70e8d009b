import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';
import { systemActor, type Actor, type Role, type SystemActor, type UserActor } from '../../core/actor.ts';
import { decryptField, encryptField, hmacHex, randomToken, safeEqual, type Keys } from '../../core/crypto.ts';
import { AppError, conflict, forbidden, invalidField, notFound, tooManyRequests, unauthorized } from '../../core/errors.ts';
import { offsetOf, type Page, type PageQuery } from '../../core/paging.ts';
import { newTotpSecret, otpauthUrl, verifyTotp } from '../../core/totp.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import * as repo from './identity.repo.ts';
import { can, passwordProblem, sessionExpired, THROTTLE, throttleWait } from './identity.rules.ts';

// OWASP password storage cheat sheet: argon2id, 19 MiB, 2 iterations, 1 lane.
const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
// Verified when the email is unknown, so a wrong email costs as long as a wrong password.
const DUMMY_HASH = await argonHash('not-a-real-password-for-timing', ARGON);

export interface UserView {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  active: boolean;
  totpEnabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface MeView extends Omit<UserView, 'active' | 'createdAt' | 'lastLoginAt'> {
  /** An instance operator signed in with a session: the web app offers the directory import. */
  operator: boolean;
  organization: { id: string; name: string; timeZone: string };
}

export interface OrganizationView {
  id: string;
  name: string;
  timeZone: string;
  createdAt: string;
}

export const toUserView = (u: repo.UserRow): UserView => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role as Role,
  active: u.active,
  totpEnabled: u.totpEnabled,
  createdAt: u.createdAt.toISOString(),
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
});

const toOrgView = (o: repo.OrganizationRow): OrganizationView => ({
  id: o.id,
  name: o.name,
  timeZone: o.timeZone,
  createdAt: o.createdAt.toISOString(),
});

export interface IdentityDeps {
  db: Database;
  keys: Keys;
  audit: AuditService;
  clock: () => Date;
  sessionTtlMs: number;
  sessionIdleMs: number;
}

export interface LoginResult {
  user: UserView;
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface SessionAuth {
  actor: UserActor;
  sessionId: string;
  csrfToken: string;
}

const normalizeEmail = (email: string) => email.trim().toLowerCase();
const asDate = (d: Date | string | null) => (d === null ? null : d instanceof Date ? d : new Date(d));
const isUniqueViolation = (e: unknown) =>
  (e as { code?: string; cause?: { code?: string } }).code === '23505' ||
  (e as { cause?: { code?: string } }).cause?.code === '23505';

export type IdentityService = ReturnType<typeof createIdentityService>;

export const createIdentityService = (deps: IdentityDeps) => {
  const { db, keys, audit, clock } = deps;
  const tokenHash = (token: string) => hmacHex(keys.tokenHash, token);
  /** The throttle's counters, keyed by hashes: no email or address is stored (0030). */
  const throttleKeys = (email: string, ip: string | null) => ({
    pair: hmacHex(keys.tokenHash, `login-pair\n${email}\n${ip ?? ''}`),
    address: hmacHex(keys.tokenHash, `login-address\n${ip ?? ''}`),
    email: hmacHex(keys.tokenHash, `login-email\n${email}`),
  });
  /**
   * The one account an operator command names by email (emails are unique per organization,
   * 0030): with accounts in several organizations, `orgId` says which.
   */
  const findOneLogin = async (emailInput: string, orgId?: string | undefined) => {
    const all = (await db.tenant(null, (tx) => repo.findLoginsByEmail(tx, normalizeEmail(emailInput)))).filter((c) => !orgId || c.org_id === orgId);
    if (all.length === 0) throw notFound('User');
    if (all.length > 1) throw conflict('choose-organization', `This email has accounts in ${all.length} organizations; name the organization (--org).`);
    return all[0]!;
  };
  let setupTokenHash: string | null = null;

  const requireAdminOf = (actor: Actor, orgId?: string): string => {
    if (actor.kind === 'system') {
      if (!orgId && !actor.orgId) throw invalidField('org', 'Name the organization.');
      return (orgId ?? actor.orgId)!;
    }
    if (!can(actor.role, 'users.manage')) throw forbidden();
    return actor.orgId;
  };

  const checkPassword = (password: string, email: string, field = 'password') => {
    const problem = passwordProblem(password, email);
    if (problem) throw invalidField(field, problem);
  };

  const insertUserChecked = async (
    tx: Tx,
    orgId: string,
    input: { email: string; displayName?: string | null | undefined; role: Role; password: string },
  ) => {
    const email = normalizeEmail(input.email);
    checkPassword(input.password, email);
    try {
      return await repo.insertUser(tx, {
          id: randomUUID(),
          orgId,
          email,
          displayName: input.displayName?.trim() || null,
          role: input.role,
          passwordHash: await argonHash(input.password, ARGON),
        });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError(409, 'email-taken', 'A user with this email already exists.', { errors: [{ field: 'email', message: 'Already in use.' }] });
      throw e;
    }
  };

  const openSession = async (tx: Tx, user: { id: string; orgId: string }, ip: string | null) => {
    const now = clock();
    const sessionToken = randomToken();
    const csrfToken = randomToken();
    const expiresAt = new Date(now.getTime() + deps.sessionTtlMs);
    await repo.insertSession(tx, {
      id: randomUUID(),
      orgId: user.orgId,
      userId: user.id,
      tokenHash: tokenHash(sessionToken),
      csrfToken,
      expiresAt,
      lastSeenAt: now,
      createdAt: now,
      sourceIp: ip,
    });
    return { sessionToken, csrfToken, expiresAt };
  };

  return {
    // ---------- organizations ----------

    async createOrganization(actor: SystemActor, input: { name: string; timeZone?: string | undefined }): Promise<OrganizationView> {
      const id = randomUUID();
      // The new organization is its own tenant: RLS lets a transaction scoped to it insert it.
      return db.tenant(id, async (tx) => {
        const org = await repo.insertOrganization(tx, { id, name: input.name.trim(), ...(input.timeZone ? { timeZone: input.timeZone } : {}) });
        await audit.record(tx, { ...actor, orgId: id }, { action: 'organization.create', entityType: 'organization', entityId: id });
        return toOrgView(org);
      });
    },

    async getOrganization(actor: Actor, id: string): Promise<OrganizationView> {
      return db.tenant(id, async (tx) => {
        const org = await repo.getOrganization(tx, id);
        if (!org || (actor.kind === 'user' && actor.orgId !== id)) throw notFound('Organization');
        return toOrgView(org);
      });
    },

    // ---------- users ----------

    async createUser(
      actor: Actor,
      input: { orgId?: string | undefined; email: string; displayName?: string | null | undefined; role: Role; password: string },
    ): Promise<UserView> {
      const orgId = requireAdminOf(actor, input.orgId);
      return db.tenant(orgId, async (tx) => {
        if (actor.kind === 'system' && !(await repo.getOrganization(tx, orgId))) throw notFound('Organization');
        const user = await insertUserChecked(tx, orgId, input);
        await audit.record(tx, actor, { orgId, action: 'user.create', entityType: 'user', entityId: user.id, details: { role: user.role } });
        return toUserView(user);
      });
    },

    async listUsers(actor: Actor, q: string | undefined, page: PageQuery): Promise<Page<UserView>> {
      const orgId = requireAdminOf(actor);
      return db.tenant(orgId, async (tx) => {
        const { total, items } = await repo.listUsers(tx, q, page.pageSize, offsetOf(page));
        return { total, page: page.page, pageSize: page.pageSize, items: items.map(toUserView) };
      });
    },

    async getUser(actor: Actor, id: string): Promise<UserView> {
      const orgId = requireAdminOf(actor);
      return db.tenant(orgId, async (tx) => {
        const user = await repo.getUser(tx, id);
        if (!user) throw notFound('User');
        return toUserView(user);
      });
    },

    async updateUser(
      actor: Actor,
      id: string,
      patch: { role?: Role | undefined; active?: boolean | undefined; displayName?: string | null | undefined },
    ): Promise<UserView> {
      const orgId = requireAdminOf(actor);
      return db.tenant(orgId, async (tx) => {
        const before = await repo.getUser(tx, id);
        if (!before) throw notFound('User');
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        if (patch.role !== undefined && patch.role !== before.role) changes.role = { from: before.role, to: patch.role };
        if (patch.active !== undefined && patch.active !== before.active) changes.active = { from: before.active, to: patch.active };
        if (patch.displayName !== undefined && patch.displayName !== before.displayName) changes.displayName = { from: '(changed)', to: '(changed)' };
        const losesAdmin = before.role === 'admin' && before.active && (changes.role || changes.active);
        if (losesAdmin && (await repo.countActiveAdmins(tx)) <= 1) {
          throw conflict('last-admin', 'An organization needs at least one active administrator.');
        }
        const after = await repo.updateUser(tx, id, {
          ...(patch.role !== undefined ? { role: patch.role } : {}),
          ...(patch.active !== undefined ? { active: patch.active } : {}),
          ...(patch.displayName !== undefined ? { displayName: patch.displayName?.trim() || null } : {}),
        });
        // A deactivated user, or one whose role changed, signs in again with the new rights.
        if (changes.active || changes.role) await repo.deleteSessionsOfUser(tx, id);
        if (Object.keys(changes).length > 0) {
          await audit.record(tx, actor, { action: changes.role ? 'user.role_change' : 'user.update', entityType: 'user', entityId: id, details: { changes } });
        }
        return toUserView(after!);
      });
    },

    // ---------- sign-in ----------

    /**
     * Sign-in (issue 18). Unknown and known emails get the same answers (status and body) and run
     * the password hash alike; nothing locks an account: failures are throttled per (email,
     * address), per address and per email (`throttleWait`), so an unknown party's failures never
     * keep the right password from another address out. Emails are unique per organization: when
     * the password fits accounts in several, `organizationId` picks one.
     */
    async login(input: { email: string; password: string; totp?: string | undefined; organizationId?: string | undefined }, ip: string | null): Promise<LoginResult> {
      const email = normalizeEmail(input.email);
      const now = clock();
      const k = throttleKeys(email, ip);
      const all = [k.pair, k.address, k.email];
      // Each attempt is counted as a failure before the password is checked (and forgiven after
      // if it was not one), so a burst sent at once is counted attempt by attempt.
      const wait = await db.tenant(null, async (tx) => {
        const rows = new Map((await repo.lockThrottle(tx, all)).map((r) => [r.key, { failures: r.failures, lastFailureAt: asDate(r.last_failure_at) }]));
        const ms = throttleWait({ pair: rows.get(k.pair), address: rows.get(k.address), email: rows.get(k.email) }, now);
        if (ms === 0) await repo.countThrottleFailure(tx, all, now, THROTTLE.WINDOW_MS);
        await repo.pruneThrottle(tx, all, now, THROTTLE.WINDOW_MS);
        return ms;
      });
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        throw tooManyRequests('too-many-attempts', `Too many sign-in attempts from here. Try again in ${seconds} seconds.`, seconds);
      }
      const forgive = (reset: string[]) => db.tenant(null, (tx) => repo.forgiveThrottle(tx, all, reset));

      const candidates = (await db.tenant(null, (tx) => repo.findLoginsByEmail(tx, email))).filter((c) => !input.organizationId || c.org_id === input.organizationId);
      // The password hash runs whether or not the email is known: the same work, the same time.
      const matched: repo.LoginLookup[] = [];
      let hashed = false;
      for (const c of candidates) {
        if (!c.password_hash) continue;
        hashed = true;
        if (await argonVerify(c.password_hash, input.password).catch(() => false)) matched.push(c);
      }
      if (!hashed) await argonVerify(DUMMY_HASH, input.password).catch(() => false);
      const invalid = () => unauthorized('invalid-credentials', 'The email or password is not correct.');
      const anonOf = (c: repo.LoginLookup) => ({ kind: 'user', userId: c.id, orgId: c.org_id, role: c.role as Role, via: 'session', sourceIp: ip }) as const;

      if (matched.length === 0 || !matched[0]!.active) {
        if (candidates.length === 0) {
          await db.tenant(null, (tx) =>
            audit.record(tx, null, { orgId: null, action: 'auth.login_failed', details: { reason: 'unknown-email', emailDomain: email.split('@')[1] ?? '' } }).then(() => undefined),
          );
        }
        for (const c of matched.length > 0 ? matched.slice(0, 1) : candidates) {
          const reason = matched.length > 0 ? 'inactive' : 'bad-password';
          await db.tenant(c.org_id, (tx) => audit.record(tx, anonOf(c), { action: 'auth.login_failed', entityType: 'user', entityId: c.id, details: { reason } }));
        }
        throw invalid();
      }
      if (matched.length > 1) {
        // The caller proved the password of each: naming their organizations tells them nothing new.
        await forgive([]);
        const orgs = await Promise.all(matched.map((c) => db.tenant(c.org_id, (tx) => repo.getOrganization(tx, c.org_id))));
        throw new AppError(409, 'choose-organization', 'This email signs in to several organizations. Choose one.', {
          errors: orgs.map((o) => ({ field: 'body.organizationId', message: `${o?.name ?? ''} (${o?.id ?? ''})` })),
        });
      }
      const found = matched[0]!;
      const anon = anonOf(found);

      const r = await db.tenant(found.org_id, async (tx) => {
        // The user's row is locked: two sign-ins with one TOTP code cannot both use it.
        await repo.lockLoginCounters(tx, found.id);
        const user = (await repo.getUser(tx, found.id))!;
        if (user.totpEnabled) {
          if (!input.totp) return { error: 'totp-required' as const };
          const step = verifyTotp(decryptField(keys.field, user.totpSecretEnc!), input.totp, now.getTime() / 1000, user.totpLastStep);
          if (step === null) {
            await audit.record(tx, anon, { action: 'auth.login_failed', entityType: 'user', entityId: found.id, details: { reason: 'bad-totp' } });
            return { error: 'bad-totp' as const };
          }
          await repo.updateUser(tx, user.id, { totpLastStep: step });
        }
        const updated = (await repo.updateUser(tx, user.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: now }))!;
        const session = await openSession(tx, user, ip);
        await audit.record(tx, anon, { action: 'auth.login', entityType: 'user', entityId: user.id, details: { secondFactor: user.totpEnabled } });
        return { ok: { user: toUserView(updated), ...session } };
      });
      if (r.ok) {
        // The right password from this address: its pair starts again; the email's and the
        // address's counters only lose the attempt counted in advance.
        await forgive([k.pair]);
        return r.ok;
      }
      if (r.error === 'totp-required') {
        await forgive([]);
        throw unauthorized('totp-required', 'Enter the 6-digit code from your authenticator app.');
      }
      throw unauthorized('invalid-totp', 'The code is not correct or has expired.');
    },

    async authenticateSession(token: string, ip: string | null): Promise<SessionAuth | null> {
      const now = clock();
      const s = await db.tenant(null, (tx) => repo.findSessionByHash(tx, tokenHash(token)));
      if (!s || !s.active) return null;
      const lastSeenAt = asDate(s.last_seen_at)!;
      const verdict = sessionExpired({ expiresAt: asDate(s.expires_at)!, lastSeenAt }, now, deps.sessionIdleMs);
      if (verdict) {
        await db.tenant(s.org_id, (tx) => repo.deleteSession(tx, s.session_id));
        return null;
      }
      // Idle time is tracked to the minute: one write a minute per session, not one per request.
      if (now.getTime() - lastSeenAt.getTime() > 60_000) await db.tenant(s.org_id, (tx) => repo.touchSession(tx, s.session_id, now));
      return {
        actor: {
          kind: 'user',
          userId: s.user_id,
          orgId: s.org_id,
          role: s.role as Role,
          via: 'session',
          sourceIp: ip,
          // Only a signed-in session carries the operator's instance rights: an API token is a
          // long-lived secret kept in scripts, and the CLI covers scripted imports (least privilege).
          ...(s.instance_operator ? { operator: true as const } : {}),
        },
        sessionId: s.session_id,
        csrfToken: s.csrf_token,
      };
    },

    async authenticateToken(token: string, ip: string | null): Promise<UserActor | null> {
      const t = await db.tenant(null, (tx) => repo.findApiTokenByHash(tx, tokenHash(token)));
      if (!t || !t.active) return null;
      // Last use is kept to the minute, as a session's idle time is: not one write per request.
      const now = clock();
      const lastUsedAt = asDate(t.last_used_at);
      if (!lastUsedAt || now.getTime() - lastUsedAt.getTime() > 60_000) await db.tenant(t.org_id, (tx) => repo.touchApiToken(tx, t.token_id, now));
      return { kind: 'user', userId: t.user_id, orgId: t.org_id, role: t.role as Role, via: 'token', sourceIp: ip };
    },

    async logout(actor: UserActor, sessionId: string) {
      await db.tenant(actor.orgId, async (tx) => {
        await repo.deleteSession(tx, sessionId);
        await audit.record(tx, actor, { action: 'auth.logout', entityType: 'user', entityId: actor.userId });
      });
    },

    async me(actor: UserActor): Promise<MeView> {
      return db.tenant(actor.orgId, async (tx) => {
        const user = await repo.getUser(tx, actor.userId);
        const org = await repo.getOrganization(tx, actor.orgId);
        if (!user || !org) throw unauthorized();
        return {
          id: user.id,
          email: user.email,
          displayName: user.displayName,
          role: user.role as Role,
          totpEnabled: user.totpEnabled,
          operator: actor.operator === true,
          organization: { id: org.id, name: org.name, timeZone: org.timeZone },
        };
      });
    },

    async changePassword(actor: UserActor, input: { currentPassword: string; newPassword: string }, keepSessionId?: string) {
      await db.tenant(actor.orgId, async (tx) => {
        const user = await repo.getUser(tx, actor.userId);
        if (!user?.passwordHash || !(await argonVerify(user.passwordHash, input.currentPassword).catch(() => false))) {
          throw invalidField('currentPassword', 'The current password is not correct.');
        }
        checkPassword(input.newPassword, user.email, 'newPassword');
        await repo.updateUser(tx, user.id, { passwordHash: await argonHash(input.newPassword, ARGON) });
        await repo.deleteSessionsOfUser(tx, user.id, keepSessionId);
        await audit.record(tx, actor, { action: 'user.password_change', entityType: 'user', entityId: user.id });
      });
    },

    async totpSetup(actor: UserActor) {
      return db.tenant(actor.orgId, async (tx) => {
        const user = (await repo.getUser(tx, actor.userId))!;
        if (user.totpEnabled) throw conflict('totp-already-enabled', 'Two-step sign-in is already on. Turn it off first to replace it.');
        const secret = newTotpSecret();
        await repo.updateUser(tx, user.id, { totpSecretEnc: encryptField(keys.field, secret), totpLastStep: null });
        await audit.record(tx, actor, { action: 'user.totp_setup', entityType: 'user', entityId: user.id });
        return { secret, otpauthUrl: otpauthUrl(secret, user.email) };
      });
    },

    async totpEnable(actor: UserActor, code: string) {
      await db.tenant(actor.orgId, async (tx) => {
        const user = (await repo.getUser(tx, actor.userId))!;
        if (user.totpEnabled) throw conflict('totp-already-enabled', 'Two-step sign-in is already on.');
        if (!user.totpSecretEnc) throw conflict('totp-not-set-up', 'Start the set-up first.');
        const step = verifyTotp(decryptField(keys.field, user.totpSecretEnc), code, clock().getTime() / 1000);
        if (step === null) throw invalidField('code', 'The code is not correct or has expired.');
        await repo.updateUser(tx, user.id, { totpEnabled: true, totpLastStep: step });
        await audit.record(tx, actor, { action: 'user.totp_enable', entityType: 'user', entityId: user.id });
      });
    },

    async totpDisable(actor: UserActor, code: string) {
      await db.tenant(actor.orgId, async (tx) => {
        const user = (await repo.getUser(tx, actor.userId))!;
        if (!user.totpEnabled || !user.totpSecretEnc) throw conflict('totp-not-enabled', 'Two-step sign-in is not on.');
        if (verifyTotp(decryptField(keys.field, user.totpSecretEnc), code, clock().getTime() / 1000, user.totpLastStep) === null) {
          throw invalidField('code', 'The code is not correct or has expired.');
        }
        await repo.updateUser(tx, user.id, { totpEnabled: false, totpSecretEnc: null, totpLastStep: null });
        await audit.record(tx, actor, { action: 'user.totp_disable', entityType: 'user', entityId: user.id });
      });
    },

    /** Operator recovery (`peerbridge user set-password`): also clears a lockout and ends sessions. */
    async setPassword(actor: SystemActor, input: { email: string; password: string; orgId?: string | undefined }) {
      const email = normalizeEmail(input.email);
      const found = await findOneLogin(email, input.orgId);
      checkPassword(input.password, email);
      await db.tenant(found.org_id, async (tx) => {
        await repo.updateUser(tx, found.id, { passwordHash: await argonHash(input.password, ARGON), failedLogins: 0, lockedUntil: null });
        await repo.deleteSessionsOfUser(tx, found.id);
        await audit.record(tx, { ...actor, orgId: found.org_id }, { action: 'user.password_reset', entityType: 'user', entityId: found.id });
      });
    },

    /**
     * Grants or withdraws the instance operator's rights (issue 18), CLI only: the operator
     * changes the shared directory, which no organization's admin may. Their sessions end, so
     * the new rights take effect at the next sign-in.
     */
    async setInstanceOperator(actor: SystemActor, input: { email: string; orgId?: string | undefined }, operator: boolean) {
      const found = await findOneLogin(input.email, input.orgId);
      await db.tenant(found.org_id, async (tx) => {
        await repo.updateUser(tx, found.id, { instanceOperator: operator });
        await repo.deleteSessionsOfUser(tx, found.id);
        await audit.record(tx, { ...actor, orgId: found.org_id }, { action: operator ? 'user.operator_grant' : 'user.operator_revoke', entityType: 'user', entityId: found.id });
      });
      return { userId: found.id, orgId: found.org_id };
    },

    /** Whether a sign-in email exists anywhere (operator tools only, e.g. the demo loader). */
    emailExists: async (email: string) => (await db.tenant(null, (tx) => repo.findLoginsByEmail(tx, normalizeEmail(email)))).length > 0,

    // ---------- API tokens ----------

    /** Shown once; only a keyed hash is stored. */
    async createApiToken(actor: Actor, input: { email: string; name?: string | undefined; orgId?: string | undefined }) {
      const email = normalizeEmail(input.email);
      // A signed-in caller names a user of their own organization; the CLI may name the organization.
      const orgId = actor.kind === 'user' ? actor.orgId : input.orgId;
      const found = await findOneLogin(email, orgId).catch((e: unknown) => {
        if (e instanceof AppError && e.status === 404) return undefined;
        throw e;
      });
      if (!found || (actor.kind === 'user' && (actor.orgId !== found.org_id || (actor.userId !== found.id && !can(actor.role, 'users.manage'))))) {
        throw notFound('User');
      }
      if (!found.active) throw conflict('user-inactive', 'The user is deactivated.');
      const token = `pbt_${randomToken(32)}`;
      return db.tenant(found.org_id, async (tx) => {
        const row = await repo.insertApiToken(tx, {
          id: randomUUID(),
          orgId: found.org_id,
          userId: found.id,
          name: input.name?.trim() || 'API token',
          tokenHash: tokenHash(token),
        });
        await audit.record(tx, actor.kind === 'system' ? { ...actor, orgId: found.org_id } : actor, {
          action: 'token.create', entityType: 'api_token', entityId: row.id, details: { userId: found.id, name: row.name },
        });
        return { id: row.id, name: row.name, userId: found.id, token, createdAt: row.createdAt.toISOString() };
      });
    },

    /** The caller's own tokens: names and dates, never the secret (only its keyed hash is stored). */
    async listMyApiTokens(actor: UserActor) {
      return db.tenant(actor.orgId, async (tx) =>
        (await repo.listApiTokens(tx, actor.userId)).map((r) => ({
          id: r.id,
          name: r.name,
          createdAt: r.createdAt.toISOString(),
          lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
          revokedAt: r.revokedAt?.toISOString() ?? null,
        })),
      );
    },

    /**
     * Revokes a token at once (a leaked script token otherwise kept working until its user was
     * deactivated). Its own user or an admin of the organization; anyone else gets 404, as for a
     * token of another organization (RLS hides those).
     */
    async revokeApiToken(actor: Actor, id: string) {
      const orgId = actor.kind === 'system' ? requireAdminOf(actor) : actor.orgId;
      await db.tenant(orgId, async (tx) => {
        const row = await repo.getApiToken(tx, id);
        if (!row || (actor.kind === 'user' && row.userId !== actor.userId && !can(actor.role, 'users.manage'))) throw notFound('API token');
        if (row.revokedAt) return;
        await repo.revokeApiToken(tx, id, clock());
        await audit.record(tx, actor, { action: 'token.revoke', entityType: 'api_token', entityId: id, details: { userId: row.userId } });
      });
    },

    // ---------- first run ----------

    setupNeeded: () => db.tenant(null, (tx) => repo.isSetupNeeded(tx)),

    /** A one-time secret for the setup link printed at start-up; valid while no user exists. */
    issueSetupToken(): string {
      const token = randomToken(24);
      setupTokenHash = tokenHash(token);
      return token;
    },

    async completeSetup(
      input: { token: string; organizationName: string; email: string; password: string; displayName?: string | undefined },
      ip: string | null,
    ): Promise<LoginResult> {
      if (!setupTokenHash || !safeEqual(tokenHash(input.token), setupTokenHash)) {
        throw new AppError(403, 'invalid-setup-token', 'This setup link is not valid. Use the link printed by the server at start-up.');
      }
      const orgId = randomUUID();
      const result = await db.tenant(orgId, async (tx) => {
        await repo.lockSetup(tx);
        if (!(await repo.isSetupNeeded(tx))) throw conflict('setup-complete', 'Peerbridge is already set up. Sign in instead.');
        await repo.insertOrganization(tx, { id: orgId, name: input.organizationName.trim() });
        const user = await insertUserChecked(tx, orgId, { ...input, role: 'admin' });
        const actor = systemActor('setup', orgId);
        await audit.record(tx, { ...actor, sourceIp: ip }, { action: 'organization.create', entityType: 'organization', entityId: orgId });
        await audit.record(tx, { ...actor, sourceIp: ip }, { action: 'user.create', entityType: 'user', entityId: user.id, details: { role: 'admin' } });
        const session = await openSession(tx, user, ip);
        return { user: toUserView(user), ...session };
      }, null);
      setupTokenHash = null;
      return result;
    },
  };
};
