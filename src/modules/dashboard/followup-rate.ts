import { z } from 'zod';
import type { Actor } from '../../core/actor.ts';
import { badRequest, forbidden } from '../../core/errors.ts';
import { metaOf, suppressCount, suppressStatistic, type SuppressionPolicy } from '../../core/suppression.rules.ts';
import type { Database } from '../../db/client.ts';
import * as repo from './dashboard.repo.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { pointsByParticipant, scheduleContext, todayIn } from '../outcomes/due.ts';
import { followUpRate, FOLLOW_UP_TARGET, type AssessmentPoint } from '../outcomes/schedule.rules.ts';
import { spansWithProgram } from '../outcomes/schedules.repo.ts';

/**
 * The organization's follow-up rate for the director's dashboard (issue 20): reassessments,
 * annuals and programs' fixed-day points whose window closed in the period, completed inside it / due, against the 80%
 * target (shared/OUTCOMES-AND-WORKFORCE.md §2). The same schedule rules as one participant's
 * due list (schedule.rules.ts), over every participant in two set-based reads. Counts and the
 * rate are suppressed for every role (P2: k contributors; P11: the output states its policy).
 */
export const followUpQuery = z.object({ from: z.iso.date(), to: z.iso.date() });

const shown = z.union([z.number(), z.string(), z.null()]);
export const followUpView = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    completed: shown,
    due: shown,
    rate: z.number().nullable().describe('Per cent, null when fewer than k reassessments were due'),
    target: z.number(),
    suppression: z.object({ applied: z.boolean(), k: z.number().int(), rounded: z.boolean(), ruleVersion: z.string() }),
  })
  .meta({ id: 'FollowUpRate' });
export type FollowUpView = z.infer<typeof followUpView>;

/** Points whose window closed inside the period: the ones the period is accountable for. */
export const pointsClosingIn = (points: AssessmentPoint[], from: string, to: string) => points.filter((p) => p.windowEnd >= from && p.windowEnd <= to);

export const createFollowUpRate = ({ db, audit, clock }: { db: Database; audit: AuditService; clock: () => Date }) =>
  async (actor: Actor, q: { from: string; to: string }): Promise<FollowUpView> => {
    if (actor.kind !== 'user' || actor.role === 'peer') throw forbidden('The follow-up rate is for supervisors, admins and analysts.');
    if (q.from > q.to) throw badRequest('The period must end on or after its start.', [{ field: 'query.to', message: 'End on or after the start' }]);
    const policy: SuppressionPolicy = { k: 11 };
    return db.tenant(actor.orgId, async (tx) => {
      const ctx = await scheduleContext(tx, actor.orgId);
      const spans = await spansWithProgram(tx, ctx.timeZone, 'all');
      const given = (await repo.completeAssessmentsAll(tx)).map((g) => ({ participantId: g.participant_id, instrument: g.instrument, administeredAt: g.administered_at }));
      let completed = 0;
      let due = 0;
      for (const points of pointsByParticipant(ctx, spans, given, todayIn(ctx, clock())).values()) {
        const r = followUpRate(pointsClosingIn(points, q.from, q.to));
        completed += r.completed;
        due += r.due;
      }
      const rate = due === 0 ? null : Math.round((1000 * completed) / due) / 10;
      await audit.record(tx, actor, { action: 'report.follow_up_rate_read', details: { from: q.from, to: q.to } });
      return {
        from: q.from,
        to: q.to,
        completed: suppressCount(completed, policy).shown,
        due: suppressCount(due, policy).shown,
        // P3: a percentage is hidden when its denominator is.
        rate: suppressStatistic(rate, due, policy),
        target: FOLLOW_UP_TARGET,
        suppression: { applied: true, ...metaOf(policy) },
      };
    });
  };
