// A user's password, second factor and rights: their own password change and two-step sign-in
// (TOTP), and the operator's commands (CLI): a password reset, the instance operator's rights
// (issue 18) and whether an email signs in anywhere.
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { SystemActor, UserActor } from '../../core/actor.ts';
import { decryptField, encryptField, type Keys } from '../../core/crypto.ts';
import { conflict, invalidField } from '../../core/errors.ts';
import { newTotpSecret, otpauthUrl, verifyTotp } from '../../core/totp.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import * as repo from './identity.repo.ts';
import { ARGON, normalizeEmail, type IdentityHelpers } from './identity.common.ts';

interface CredentialDeps extends Pick<IdentityHelpers, 'checkPassword' | 'findOneLogin'> {
  db: Database;
  keys: Keys;
  audit: AuditService;
  clock: () => Date;
}

export const createCredentialCases = ({ db, keys, audit, clock, checkPassword, findOneLogin }: CredentialDeps) => {
  return {
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
  };
};
