// The receiver's link (no sign-in; docs/ARCHITECTURE.md "Referral links"), split from
// referrals.service.ts: the link holder views the referral (the first view marks it received),
// answers it with the receiver's moves, and publishes its beds. Every use of a link is audited,
// refused ones too (in `withLink`); Part 2 items show only under a consent in force (42 CFR Part 2).
import { linkActor, type LinkActor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { DirectoryService } from '../directory/directory.service.ts';
import { iso, refuse, type ReferralCommon } from './referrals.common.ts';
import * as repo from './referrals.repo.ts';
import { PART2_NOTICE, RECEIVER_MOVES, TRANSITIONS, checkTransition, linkState, type ReferralStatus } from './referrals.rules.ts';
import type { LinkReferralView } from './referrals.schemas.ts';

interface LinkDeps {
  db: Database;
  audit: AuditService;
  /** Beds of the receiving service, published from its link page. */
  beds: DirectoryService['linkBeds'];
  clock: () => Date;
  common: ReferralCommon;
}

const linkRefused = (state: Exclude<ReturnType<typeof linkState>, 'active'>) =>
  state === 'expired'
    ? new AppError(410, 'link-expired', 'This referral link has expired. Ask the sender for a new one.')
    : new AppError(410, 'link-revoked', 'This referral link was withdrawn by the sender. Ask them for a new one if you still need it.');

export const createReferralLink = ({ db, audit, beds, clock, common }: LinkDeps) => {
  const { tokenHash, todayOf, sharedItems, applyMove } = common;

  /**
   * Resolves a link token to its referral, inside the sending organization's tenant. Refused uses
   * (revoked, expired) are audited too, in their own transaction, before the problem is thrown.
   */
  const withLink = async <T>(token: string, sourceIp: string | null, fn: (tx: Tx, row: repo.ReferralRow, link: repo.LinkRow, actor: LinkActor, today: string) => Promise<T>): Promise<T> => {
    const hash = tokenHash(token);
    const target = await db.tenant(null, (tx) => repo.findLinkTarget(tx, hash));
    if (!target) throw new AppError(404, 'link-not-found', 'This referral link is not valid. Ask the sender for a new one.');
    const actor = linkActor(target.org_id, sourceIp);
    const refused = await db.tenant(target.org_id, async (tx) => {
      const link = await repo.getLinkByHash(tx, hash);
      const state = link ? linkState(link, clock()) : 'revoked';
      if (state === 'active') return null;
      await audit.record(tx, actor, { action: 'referral.link.refused', entityType: 'referral', entityId: target.referral_id, outcome: 'denied', details: { reason: state, linkId: link?.id ?? null } });
      return state;
    });
    if (refused) throw linkRefused(refused);
    try {
      return await db.tenant(target.org_id, async (tx) => {
        const row = (await repo.lockReferral(tx, target.referral_id))!;
        // Read again under the referral's lock, which revoking, re-issuing and cancelling take
        // too: a link withdrawn since the check above is refused, not acted on.
        const link = await repo.getLinkByHash(tx, hash);
        if (!link) throw linkRefused('revoked');
        const state = linkState(link, clock());
        if (state !== 'active') throw linkRefused(state);
        await repo.touchLink(tx, link.id, clock());
        return fn(tx, row, link, actor, await todayOf(tx, row.orgId));
      });
    } catch (e) {
      // The refused attempt rolled back with its transaction: record that it happened. A link
      // withdrawn or expired (410) or a move that is not the receiver's (403) is a denied access;
      // a use refused for what it sent (400, 409) is not.
      if (e instanceof AppError) {
        const outcome = e.status === 403 || e.status === 410 ? 'denied' : 'success';
        await db.tenant(target.org_id, (tx) =>
          audit.record(tx, actor, { action: 'referral.link.refused', entityType: 'referral', entityId: target.referral_id, outcome, details: { reason: e.code } }),
        );
      }
      throw e;
    }
  };

  const toLinkView = async (tx: Tx, row: repo.ReferralRow, link: repo.LinkRow, today: string): Promise<LinkReferralView> => {
    const consent = await repo.part2ConsentOf(tx, row.id);
    const items = sharedItems(row, consent, today, null);
    const org = await repo.getOrg(tx, row.orgId);
    const status = row.status as ReferralStatus;
    return {
      need: row.need as LinkReferralView['need'],
      urgency: row.urgency as LinkReferralView['urgency'],
      status,
      statusReason: row.statusReason,
      service: { name: row.serviceName, organizationName: row.serviceOrganizationName },
      referredBy: { organizationName: org?.name ?? null, name: row.createdBy ? await repo.userName(tx, row.createdBy) : null, contact: row.referrerContact },
      sentAt: iso(row.sentAt),
      expiresAt: link.expiresAt.toISOString(),
      shared: items,
      part2Notice: items.some((i) => i.part2 && i.value !== null) ? PART2_NOTICE : null,
      allowedMoves: TRANSITIONS[status].filter((s) => RECEIVER_MOVES.includes(s)),
      events: (await repo.eventsOf(tx, row.id)).map(({ e }) => ({ toStatus: e.toStatus, reason: e.reason, at: e.at.toISOString() })),
      beds: (await beds.allowed(tx, row.serviceId)) ? { current: await beds.get(tx, row.serviceId) } : null,
    };
  };

  return {
    /**
     * A link use refused before any use case ran (what it sent did not validate): audited as the
     * refused uses inside `withLink` are, since every use of the link is. An unknown token names
     * no organization to audit into.
     */
    async linkRefused(token: string, reason: string, sourceIp: string | null): Promise<void> {
      const target = await db.tenant(null, (tx) => repo.findLinkTarget(tx, tokenHash(token)));
      if (!target) return;
      await db.tenant(target.org_id, (tx) =>
        audit.record(tx, linkActor(target.org_id, sourceIp), { action: 'referral.link.refused', entityType: 'referral', entityId: target.referral_id, details: { reason } }),
      );
    },

    /** The receiver's page: opening it the first time marks the referral received. */
    async linkView(token: string, sourceIp: string | null): Promise<LinkReferralView> {
      return withLink(token, sourceIp, async (tx, row, link, actor, today) => {
        let current = row;
        if (row.status === 'sent') current = await applyMove(tx, row, 'received', null, { kind: 'link', userId: null, orgId: null }, today);
        await audit.record(tx, actor, { action: 'referral.link.view', entityType: 'referral', entityId: row.id, details: { linkId: link.id, markedReceived: row.status === 'sent' } });
        return toLinkView(tx, current, link, today);
      });
    },

    /**
     * A receiving peer respite, shelter or detox publishes its beds available now from its link
     * page (the same public figure admins and API tokens publish; shown with its time).
     */
    async linkBeds(token: string, input: { available: number; total?: number | undefined; note?: string | undefined }, sourceIp: string | null): Promise<LinkReferralView> {
      return withLink(token, sourceIp, async (tx, row, link, actor, today) => {
        if (!(await beds.allowed(tx, row.serviceId))) {
          throw new AppError(409, 'no-beds', 'This service does not publish beds (only peer respites, shelters and detox services do).');
        }
        await beds.put(tx, row.serviceId, input);
        await audit.record(tx, actor, { action: 'directory.beds.put', entityType: 'directory_service', entityId: row.serviceId, details: { available: input.available, via: 'referral-link', linkId: link.id, referralId: row.id } });
        return toLinkView(tx, row, link, today);
      });
    },

    async linkMove(token: string, input: { status: ReferralStatus; reason?: string | undefined }, sourceIp: string | null): Promise<LinkReferralView> {
      return withLink(token, sourceIp, async (tx, row, link, actor, today) => {
        const reason = input.reason?.trim() || null;
        const check = checkTransition(row.status as ReferralStatus, input.status, 'receiver', reason);
        if (!check.ok) {
          refuse(check);
        }
        const updated = await applyMove(tx, row, input.status, reason, { kind: 'link', userId: null, orgId: null }, today);
        await audit.record(tx, actor, { action: 'referral.link.status', entityType: 'referral', entityId: row.id, details: { linkId: link.id, from: row.status, to: input.status } });
        return toLinkView(tx, updated, link, today);
      });
    },
  };
};
