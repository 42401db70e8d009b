// After a referral is sent, split from referrals.service.ts: the sending peer follows it up
// (overdue first; a closed one is due at once, referrals.common.ts `applyMove`) and records the
// outcome with the participant, and the report tells how referrals ended (completion rate and
// median time to acceptance). The service exposes these use cases; a refused outcome is audited
// as denied there, follow-ups (the caller's own) and the report (aggregates) are not.
import type { Actor } from '../../core/actor.ts';
import { AppError, forbidden } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { staffOnly, type ReferralCommon } from './referrals.common.ts';
import * as repo from './referrals.repo.ts';
import { groupReport, isClosed, isOverdue, mayRecordOutcome, type ReferralStatus } from './referrals.rules.ts';
import type { ReferralView } from './referrals.schemas.ts';

interface FollowUpDeps {
  db: Database;
  audit: AuditService;
  clock: () => Date;
  common: ReferralCommon;
}

export const createReferralFollowUps = ({ db, audit, clock, common }: FollowUpDeps) => {
  const { todayOf, openReferral, toView } = common;

  return {
    async recordOutcome(actor: Actor, id: string, input: { outcome: string; note: string }): Promise<ReferralView> {
      const orgId = staffOnly(actor);
      return db.tenant(orgId, async (tx) => {
        const { row, party } = await openReferral(tx, actor, id, true);
        if (party !== 'sender') throw forbidden('The outcome is recorded by the sending peer with the participant.');
        if (!mayRecordOutcome(row.status)) throw new AppError(409, 'referral-open', 'Record the outcome once the referral has closed (completed, not completed, declined or cancelled).');
        const updated = await repo.updateReferral(tx, id, {
          outcome: input.outcome,
          outcomeNote: input.note || null,
          outcomeRecordedAt: clock(),
          outcomeRecordedBy: actor.kind === 'user' ? actor.userId : null,
        });
        await audit.record(tx, actor, { action: 'referral.outcome', entityType: 'referral', entityId: id, details: { outcome: input.outcome, replaced: row.outcome !== null } });
        return toView(tx, updated, party, await todayOf(tx, orgId));
      });
    },

    /** The signed-in user's follow-ups: overdue (earliest due) first. */
    async followUps(actor: Actor) {
      const orgId = staffOnly(actor);
      if (actor.kind !== 'user') throw forbidden('Follow-ups belong to a signed-in peer.');
      return db.tenant(orgId, async (tx) => {
        const today = await todayOf(tx, orgId);
        const rows = await repo.followUps(tx, orgId, { peerId: await repo.peerIdOfUser(tx, actor.userId), userId: actor.userId }, 200);
        const names = await repo.participantNames(tx, [...new Set(rows.map((r) => r.participantId))]);
        await audit.record(tx, actor, { action: 'referral.follow_ups', entityType: 'referral', details: { ids: rows.map((r) => r.id) } });
        return {
          today,
          items: rows.map((r) => ({
            id: r.id,
            participant: { id: r.participantId, displayName: names.get(r.participantId) ?? '' },
            serviceName: r.serviceName,
            need: r.need as ReferralView['need'],
            urgency: r.urgency as ReferralView['urgency'],
            status: r.status as ReferralStatus,
            followUpOn: r.followUpOn,
            overdue: isOverdue(r, today),
            needsOutcome: isClosed(r.status),
          })),
        };
      });
    },

    /** Completion rate and median time to acceptance by need, service and organization. */
    async report(actor: Actor, q: { from: string; to: string }) {
      if (actor.kind === 'user' && actor.role === 'peer') throw forbidden('Reports are for analysts, supervisors and admins.');
      if (!actor.orgId) throw forbidden();
      const orgId = actor.orgId;
      return db.tenant(orgId, async (tx) => {
        // The days of the period are the organization's days (as follow-ups and overdue are).
        const timeZone = (await repo.getOrg(tx, orgId))?.timeZone ?? 'America/New_York';
        const rows = (await repo.reportRows(tx, orgId, q.from, q.to, timeZone)).map((r) => ({ ...r, sentAt: r.sentAt! }));
        await audit.record(tx, actor, { action: 'referral.report', entityType: 'referral', details: { from: q.from, to: q.to, referrals: rows.length } });
        const [total] = groupReport(rows, () => ({ key: 'all', label: 'All referrals' }));
        const empty = { key: 'all', label: 'All referrals', sent: 0, accepted: 0, declined: 0, completed: 0, notCompleted: 0, cancelled: 0, open: 0, completionRate: null, medianHoursToAcceptance: null };
        return {
          from: q.from,
          to: q.to,
          total: total ?? empty,
          byNeed: groupReport(rows, (r) => ({ key: r.need, label: r.need })),
          byService: groupReport(rows, (r) => ({ key: r.serviceId, label: r.serviceName })),
          byOrganization: groupReport(rows, (r) => ({ key: r.organizationName ?? '', label: r.organizationName ?? '(unknown)' })),
        };
      });
    },
  };
};
