// First run: while no user exists, the setup link printed at start-up (a one-time secret) creates
// the first organization and its admin, signed in at once.
import { randomUUID } from 'node:crypto';
import { systemActor } from '../../core/actor.ts';
import { randomToken, safeEqual } from '../../core/crypto.ts';
import { AppError, conflict } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import * as repo from './identity.repo.ts';
import type { IdentityHelpers } from './identity.common.ts';
import { toUserView, type LoginResult } from './identity.views.ts';

interface SetupDeps extends Pick<IdentityHelpers, 'tokenHash' | 'insertUserChecked' | 'openSession'> {
  db: Database;
  audit: AuditService;
}

export const createSetupCases = ({ db, audit, tokenHash, insertUserChecked, openSession }: SetupDeps) => {
  let setupTokenHash: string | null = null;

  return {
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
