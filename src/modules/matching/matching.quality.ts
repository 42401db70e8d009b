// How matches turn out (issue 3, "match quality"), split from matching.service.ts: after the first
// meetings the participant's rating and whether they kept meeting, and match retention by
// criterion over a period (retention.rules.ts, aggregates only). matching.service.ts offers these
// use cases; a refused rating is audited as denied there (audit.refusals).
import type { Actor } from '../../core/actor.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { PeopleService } from '../people/people.service.ts';
import { getOrgSettings } from '../people/people.repo.ts';
import { addDays, localDate } from '../referrals/referrals.rules.ts';
import * as repo from './matching.repo.ts';
import { retentionByCriterion } from './retention.rules.ts';

interface QualityDeps {
  db: Database;
  audit: AuditService;
  people: PeopleService;
  clock: () => Date;
}

export const createQualityCases = ({ db, audit, people, clock }: QualityDeps) => {
  return {
    /** After the first meetings: the participant's rating and whether they kept meeting. */
    async recordQuality(actor: Actor, assignmentId: string, input: { rating: number; keptMeeting: boolean }) {
      if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden();
      return db.tenant(actor.orgId!, async (tx) => {
        const a = await repo.getAssignment(tx, assignmentId);
        if (!a) throw notFound('Assignment');
        await people.openParticipant(tx, actor, a.participantId);
        const updated = await repo.recordQuality(tx, a.id, input, clock());
        await audit.record(tx, actor, { action: 'assignment.quality', entityType: 'assignment', entityId: a.id, details: { participantId: a.participantId } });
        return { id: updated.id, rating: updated.rating, keptMeeting: updated.keptMeeting, recordedAt: updated.qualityRecordedAt!.toISOString() };
      });
    },

    /**
     * Match retention by criterion over a period: aggregates only, for analysts too. The period's
     * days are the organization's (as the referral report's are); by default the year to today.
     */
    async retention(actor: Actor, range: { from?: string | undefined; to?: string | undefined }) {
      if (actor.kind === 'user' && actor.role === 'peer') throw forbidden();
      const orgId = actor.orgId!;
      return db.tenant(orgId, async (tx) => {
        const timeZone = (await getOrgSettings(tx, orgId))?.timeZone ?? 'America/New_York';
        const to = range.to ?? localDate(clock(), timeZone);
        const from = range.from ?? addDays(to, -365);
        return retentionByCriterion(await repo.assignmentsWithQuality(tx, from, to, timeZone));
      });
    },
  };
};
