// Closing the loop, for signed-in staff (issue 5: the lifecycle in referrals.rules.ts), split from
// referrals.service.ts: a party's moves (sending issues the receiver's link), the sender's link
// reissued or withdrawn, and the participant's withdrawal of a Part 2 consent (42 CFR 2.31). The
// service exposes these use cases and audits their refusals; the link holder's own moves are in
// referrals.link.ts.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { randomToken } from '../../core/crypto.ts';
import { AppError, forbidden } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { refuse, staffOnly, type ReferralCommon } from './referrals.common.ts';
import * as repo from './referrals.repo.ts';
import { checkTransition, linkDaysOf, part2ConsentInForce, type ReferralStatus } from './referrals.rules.ts';
import type { ReferralView } from './referrals.schemas.ts';

interface LoopDeps {
  db: Database;
  audit: AuditService;
  clock: () => Date;
  common: ReferralCommon;
}

/** The path of the receiver's page for a token; the HTTP edge makes it absolute. */
export const receiverPath = (token: string) => `/r/${token}`;

export const createReferralLoop = ({ db, audit, clock, common }: LoopDeps) => {
  const { tokenHash, todayOf, openReferral, toView, applyMove } = common;

  const issueLink = async (tx: Tx, row: repo.ReferralRow, by: string | null, now: Date) => {
    await repo.revokeLinks(tx, row.id, by, now);
    const org = await repo.getOrg(tx, row.orgId);
    const token = randomToken(32);
    await repo.insertLink(tx, {
      id: randomUUID(),
      orgId: row.orgId,
      referralId: row.id,
      tokenHash: tokenHash(token),
      createdBy: by,
      createdAt: now,
      expiresAt: new Date(now.getTime() + linkDaysOf(org?.settings) * 86_400_000),
    });
    return token;
  };

  return {
    /** Moves a referral (409 when illegal). Sending answers the receiver's link once. */
    async move(actor: Actor, id: string, input: { status: ReferralStatus; reason?: string | undefined }): Promise<ReferralView> {
      const orgId = staffOnly(actor);
      return db.tenant(orgId, async (tx) => {
        const { row, party } = await openReferral(tx, actor, id, true);
        const reason = input.reason?.trim() || null;
        const check = checkTransition(row.status as ReferralStatus, input.status, party, reason);
        if (!check.ok) refuse(check);
        const today = await todayOf(tx, orgId);
        const userId = actor.kind === 'user' ? actor.userId : null;
        const updated = await applyMove(tx, row, input.status, reason, { kind: actor.kind === 'user' ? 'user' : 'system', userId, orgId }, today);
        let token: string | undefined;
        if (input.status === 'sent') token = await issueLink(tx, updated, userId, clock());
        // A cancelled referral is no longer the receiver's business: its link stops working.
        if (input.status === 'cancelled') await repo.revokeLinks(tx, row.id, userId, clock());
        await audit.record(tx, actor, { action: 'referral.status', entityType: 'referral', entityId: id, details: { from: row.status, to: input.status, party } });
        const view = await toView(tx, updated, party, today);
        return token ? { ...view, receiverLink: receiverPath(token) } : view;
      });
    },

    /** A new link for the receiver (the old one stops working), e.g. after a revocation. */
    async newLink(actor: Actor, id: string): Promise<ReferralView> {
      const orgId = staffOnly(actor);
      return db.tenant(orgId, async (tx) => {
        const { row, party } = await openReferral(tx, actor, id, true);
        if (party !== 'sender') throw forbidden('Only the sending organization issues links.');
        if (row.status === 'draft' || row.status === 'cancelled') throw new AppError(409, 'not-sent', 'Send the referral first; a cancelled referral gets no link.');
        const token = await issueLink(tx, row, actor.kind === 'user' ? actor.userId : null, clock());
        await audit.record(tx, actor, { action: 'referral.link.issue', entityType: 'referral', entityId: id });
        return { ...(await toView(tx, row, party, await todayOf(tx, orgId))), receiverLink: receiverPath(token) };
      });
    },

    async revokeLink(actor: Actor, id: string): Promise<ReferralView> {
      const orgId = staffOnly(actor);
      return db.tenant(orgId, async (tx) => {
        const { row, party } = await openReferral(tx, actor, id, true);
        if (party !== 'sender') throw forbidden('Only the sending organization revokes its links.');
        const revoked = await repo.revokeLinks(tx, id, actor.kind === 'user' ? actor.userId : null, clock());
        if (revoked.length === 0) throw new AppError(409, 'no-active-link', 'This referral has no link in force.');
        await audit.record(tx, actor, { action: 'referral.link.revoke', entityType: 'referral', entityId: id, details: { links: revoked.length } });
        return toView(tx, row, party, await todayOf(tx, orgId));
      });
    },

    /**
     * The participant withdraws the Part 2 consent (42 CFR 2.31: at any time, except for what was
     * already disclosed in reliance on it): from now on neither the link nor the receiving
     * organization's inbox shows the Part 2 items; the other shared items stay.
     */
    async revokePart2Consent(actor: Actor, id: string): Promise<ReferralView> {
      const orgId = staffOnly(actor);
      return db.tenant(orgId, async (tx) => {
        const { row, party } = await openReferral(tx, actor, id, true);
        if (party !== 'sender') throw forbidden('The sending organization records the participant’s withdrawal.');
        const today = await todayOf(tx, orgId);
        if (!part2ConsentInForce(await repo.part2ConsentOf(tx, id), today)) {
          throw new AppError(409, 'no-part2-consent', 'This referral has no Part 2 consent in force to withdraw.');
        }
        await repo.revokePart2Consent(tx, id, actor.kind === 'user' ? actor.userId : null, clock());
        await audit.record(tx, actor, { action: 'referral.part2_consent.revoke', entityType: 'referral', entityId: id });
        return toView(tx, row, party, today);
      });
    },
  };
};
