import type { Actor } from '../../core/actor.ts';
import type { Keys } from '../../core/crypto.ts';
import type { Page } from '../../core/paging.ts';
import type { Database } from '../../db/client.ts';
import type { AttemptEntry, AuditService } from '../audit/audit.service.ts';
import type { DirectoryService } from '../directory/directory.service.ts';
import type { PeopleService } from '../people/people.service.ts';
import { createReferralCommon, staffOnly } from './referrals.common.ts';
import { createReferralCreation } from './referrals.create.ts';
import { createReferralFollowUps } from './referrals.followups.ts';
import { createReferralLink } from './referrals.link.ts';
import { createReferralLoop } from './referrals.loop.ts';
import * as repo from './referrals.repo.ts';
import type { ListQuery, ReferralListItem, ReferralView } from './referrals.schemas.ts';

// Closed-loop referrals: this file reads them (one, a box) and wires the use cases together. What
// they share is in referrals.common.ts; creating a referral is in referrals.create.ts, the staff's
// moves, links and Part 2 withdrawal in referrals.loop.ts, follow-ups, outcomes and the report in
// referrals.followups.ts, the receiver's link in referrals.link.ts.
export { receiverPath } from './referrals.loop.ts';

export interface ReferralsDeps {
  db: Database;
  keys: Keys;
  audit: AuditService;
  people: PeopleService;
  /** Beds of the receiving service, published from its link page. */
  beds: DirectoryService['linkBeds'];
  clock: () => Date;
}

export type ReferralsService = ReturnType<typeof createReferralsService>;

/** The fields of a create refused for want of consent: a refused disclosure, audited as denied. */
const CONSENT_REFUSALS = ['body.shared.consent.given', 'body.shared.part2Consent', 'body.shared.part2Consent.expiresOn'];

export const createReferralsService = ({ db, keys, audit, people, beds, clock }: ReferralsDeps) => {
  const common = createReferralCommon({ keys, clock });
  const { todayOf, openReferral, toView } = common;

  const service = {
    // ---------- creating a referral (referrals.create.ts) ----------

    ...createReferralCreation({ db, keys, audit, people, clock, common }),

    async get(actor: Actor, id: string): Promise<ReferralView> {
      const orgId = staffOnly(actor);
      return db.tenant(orgId, async (tx) => {
        const { row, party } = await openReferral(tx, actor, id);
        await audit.record(tx, actor, { action: 'referral.read', entityType: 'referral', entityId: id, details: { party } });
        return toView(tx, row, party, await todayOf(tx, orgId));
      });
    },

    async list(actor: Actor, q: ListQuery): Promise<Page<ReferralListItem>> {
      const orgId = staffOnly(actor);
      return db.tenant(orgId, async (tx) => {
        const today = await todayOf(tx, orgId);
        const owner = q.box === 'sent' && actor.kind === 'user' && actor.role === 'peer' ? { peerId: await repo.peerIdOfUser(tx, actor.userId), userId: actor.userId } : undefined;
        const { total, items } = await repo.listReferrals(
          tx,
          { orgId, box: q.box, status: q.status, participantId: q.participantId, need: q.need, overdue: q.overdue === undefined ? undefined : { today, is: q.overdue }, owner },
          q.pageSize,
          (q.page - 1) * q.pageSize,
        );
        await audit.record(tx, actor, {
          action: 'referral.list',
          entityType: 'referral',
          details: { ids: items.map((r) => r.id), box: q.box, filters: ['status', 'participantId', 'need', 'overdue'].filter((k) => q[k as keyof ListQuery] !== undefined) },
        });
        const views = [];
        for (const row of items) {
          const { events: _e, shared: _s, receiverLink: _l, ...rest } = await toView(tx, row, q.box === 'inbox' ? 'receiver' : 'sender', today);
          views.push(rest);
        }
        return { total, page: q.page, pageSize: q.pageSize, items: views };
      });
    },

    // ---------- closing the loop: moves, links, Part 2 withdrawal (referrals.loop.ts) ----------

    ...createReferralLoop({ db, audit, clock, common }),

    // ---------- outcome, follow-ups, report (referrals.followups.ts) ----------

    ...createReferralFollowUps({ db, audit, clock, common }),

    // ---------- link holder (referrals.link.ts) ----------

    ...createReferralLink({ db, audit, beds, clock, common }),
  };

  // A refused staff use case on a referral (403, or 404 as for an absent one) is audited as denied;
  // the link's uses audit their refusals in `withLink`. Not listed: followUps (the caller's own)
  // and report (aggregates).
  const onReferral = (action: string) => (_actor: Actor, id: string): AttemptEntry => ({ action, entityType: 'referral', entityId: id });
  return audit.refusals(service, {
    create: (_actor, input) => ({
      action: 'referral.create',
      entityType: 'participant',
      entityId: input.participantId,
      details: { serviceId: input.serviceId },
      // Sharing without the participant's consent, or Part 2 items without a Part 2 consent (or with an expired one).
      alsoRefused: (e) => (e.errors ?? []).some((p) => CONSENT_REFUSALS.includes(p.field)),
    }),
    get: onReferral('referral.read'),
    list: (_actor, q) => ({ action: 'referral.list', entityType: 'referral', details: { box: q.box, ...(q.participantId ? { participantId: q.participantId } : {}) } }),
    move: (_actor, id, input) => ({ action: 'referral.status', entityType: 'referral', entityId: id, details: { to: input.status } }),
    newLink: onReferral('referral.link.issue'),
    revokeLink: onReferral('referral.link.revoke'),
    revokePart2Consent: onReferral('referral.part2_consent.revoke'),
    recordOutcome: onReferral('referral.outcome'),
  });
};
