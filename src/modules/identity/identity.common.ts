// What the identity use cases share, split from identity.service.ts with them: the password
// hashing parameters, emails as stored, the admin check, a new user with a checked password, the
// one account an operator command names (emails are unique per organization, 0030) and a new
// session. Users (identity.users.ts), sign-in (identity.signin.ts), passwords and TOTP
// (identity.credentials.ts), API tokens (identity.tokens.ts) and first run (identity.setup.ts)
// use it; identity.service.ts wires them together.
import { hash as argonHash } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';
import type { Actor, Role } from '../../core/actor.ts';
import { hmacHex, randomToken, type Keys } from '../../core/crypto.ts';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import * as repo from './identity.repo.ts';
import { can, passwordProblem } from './identity.rules.ts';

// OWASP password storage cheat sheet: argon2id, 19 MiB, 2 iterations, 1 lane.
export const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();
const isUniqueViolation = (e: unknown) =>
  (e as { code?: string; cause?: { code?: string } }).code === '23505' ||
  (e as { cause?: { code?: string } }).cause?.code === '23505';

interface HelperDeps {
  db: Database;
  keys: Keys;
  clock: () => Date;
  sessionTtlMs: number;
}

export type IdentityHelpers = ReturnType<typeof createIdentityHelpers>;

export const createIdentityHelpers = (deps: HelperDeps) => {
  const { db, keys, clock } = deps;
  const tokenHash = (token: string) => hmacHex(keys.tokenHash, token);
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

  return { tokenHash, findOneLogin, requireAdminOf, checkPassword, insertUserChecked, openSession };
};
