// Sign-in (issue 18) with its throttle on failures (0030) and second factor; each request's
// session (idle and absolute expiry) or API token checked; sign-out and /me.
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Role, UserActor } from '../../core/actor.ts';
import { decryptField, hmacHex, type Keys } from '../../core/crypto.ts';
import { AppError, tooManyRequests, unauthorized } from '../../core/errors.ts';
import { verifyTotp } from '../../core/totp.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import * as repo from './identity.repo.ts';
import { sessionExpired, THROTTLE, throttleWait } from './identity.rules.ts';
import { ARGON, normalizeEmail, type IdentityHelpers } from './identity.common.ts';
import { toUserView, type LoginResult, type MeView, type SessionAuth } from './identity.views.ts';

// Verified when the email is unknown, so a wrong email costs as long as a wrong password.
const DUMMY_HASH = await argonHash('not-a-real-password-for-timing', ARGON);

const asDate = (d: Date | string | null) => (d === null ? null : d instanceof Date ? d : new Date(d));

interface SignInDeps extends Pick<IdentityHelpers, 'tokenHash' | 'openSession'> {
  db: Database;
  keys: Keys;
  audit: AuditService;
  clock: () => Date;
  sessionIdleMs: number;
}

export const createSignInCases = (deps: SignInDeps) => {
  const { db, keys, audit, clock, tokenHash, openSession } = deps;
  /** The throttle's counters, keyed by hashes: no email or address is stored (0030). */
  const throttleKeys = (email: string, ip: string | null) => ({
    pair: hmacHex(keys.tokenHash, `login-pair\n${email}\n${ip ?? ''}`),
    address: hmacHex(keys.tokenHash, `login-address\n${ip ?? ''}`),
    email: hmacHex(keys.tokenHash, `login-email\n${email}`),
  });

  return {
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
  };
};
