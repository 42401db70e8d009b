import { z } from 'zod';
import type { Actor } from '../../core/actor.ts';
import { badRequest, forbidden } from '../../core/errors.ts';
import { metaOf, suppressCount, suppressStatistic, type SuppressionPolicy } from '../../core/suppression.rules.ts';
import type { Database } from '../../db/client.ts';
import * as repo from './dashboard.repo.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { serviceDateOf } from '../billing/billing.rules.ts';
import { outcomesSettings } from '../outcomes/outcomes.schemas.ts';
import { assessmentPoints, episodesOf, followUpRate, FOLLOW_UP_TARGET, type AssessmentPoint } from '../outcomes/schedule.rules.ts';

/**
 * The organization's SUPRT follow-up rate for the director's dashboard (issue 20): reassessments
 * and annuals whose window closed in the period, completed inside it / due, against the 80%
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
      const org = await repo.orgScheduleSettings(tx, actor.orgId);
      const timeZone = org?.time_zone ?? 'America/New_York';
      const parsed = outcomesSettings.safeParse(org?.settings?.outcomes ?? {});
      const schedule = parsed.success ? parsed.data.suprt : outcomesSettings.parse({}).suprt;
      const day = (d: Date | string) => serviceDateOf(new Date(d).toISOString(), timeZone);
      const spans = await repo.assignmentSpansAll(tx);
      const given = await repo.completeAssessmentsAll(tx);
      const byPerson = new Map<string, { spans: Array<{ start: string; end: string | null }>; given: Array<{ instrument: string; on: string }> }>();
      const entry = (id: string) => byPerson.get(id) ?? byPerson.set(id, { spans: [], given: [] }).get(id)!;
      for (const s of spans) entry(s.participant_id).spans.push({ start: day(s.assigned_at), end: s.ended_at ? day(s.ended_at) : null });
      for (const g of given) if (byPerson.has(g.participant_id)) entry(g.participant_id).given.push({ instrument: g.instrument, on: day(g.administered_at) });
      const asOf = day(clock());
      let completed = 0;
      let due = 0;
      for (const p of byPerson.values()) {
        const r = followUpRate(pointsClosingIn(assessmentPoints(episodesOf(p.spans), p.given, schedule, asOf), q.from, q.to));
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
