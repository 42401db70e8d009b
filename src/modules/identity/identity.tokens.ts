// API tokens for scripts: created for a user (shown once; only a keyed hash is stored), listed
// by their own user, revoked at once by that user, an admin of the organization or the CLI.
import { randomUUID } from 'node:crypto';
import type { Actor, UserActor } from '../../core/actor.ts';
import { randomToken } from '../../core/crypto.ts';
import { AppError, conflict, notFound } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import * as repo from './identity.repo.ts';
import { can } from './identity.rules.ts';
import { normalizeEmail, type IdentityHelpers } from './identity.common.ts';

interface ApiTokenDeps extends Pick<IdentityHelpers, 'tokenHash' | 'findOneLogin' | 'requireAdminOf'> {
  db: Database;
  audit: AuditService;
  clock: () => Date;
}

export const createApiTokenCases = ({ db, audit, clock, tokenHash, findOneLogin, requireAdminOf }: ApiTokenDeps) => {
  return {
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
  };
};
