import type { Tx } from '../../db/client.ts';
import { serviceDateOf } from '../billing/billing.rules.ts';
import * as repo from './outcomes.repo.ts';
import { outcomesSettings } from './outcomes.schemas.ts';
import { pointsOf, type ProgramSchedule } from './program-schedule.rules.ts';
import { episodesOf, type AssessmentPoint, type SuprtSchedule } from './schedule.rules.ts';
import { programScheduleInput } from './schedules.schemas.ts';
import * as schedules from './schedules.repo.ts';

/**
 * What decides when a participant's assessments are due: the organization's time zone, its SUPRT
 * schedule, and its programs' own schedules. One read each, shared by the participant's due list,
 * My day's count, the dashboard's follow-up rate and the SUPRT export.
 */
export interface ScheduleContext {
  timeZone: string;
  suprt: SuprtSchedule;
  programs: Map<string, ProgramSchedule>;
}

export const scheduleContext = async (tx: Tx, orgId: string): Promise<ScheduleContext> => {
  const org = await repo.orgSettings(tx, orgId);
  const parsed = outcomesSettings.safeParse((org?.settings as Record<string, unknown> | undefined)?.outcomes ?? {});
  const programs = new Map<string, ProgramSchedule>();
  for (const row of await schedules.listProgramSchedules(tx)) {
    const s = programScheduleInput.safeParse(row.schedule);
    if (s.success) programs.set(row.program, { program: row.program, ...s.data });
  }
  return { timeZone: org?.timeZone ?? 'America/New_York', suprt: parsed.success ? parsed.data.suprt : outcomesSettings.parse({}).suprt, programs };
};

/**
 * Every participant's points on `asOf`, from their assignments (with each one's program) and
 * complete assessments: the same rules for one person as for the whole organization.
 */
export const pointsByParticipant = (
  ctx: ScheduleContext,
  spans: schedules.SpanWithProgram[],
  given: Array<{ participantId: string; instrument: string; administeredAt: Date | string }>,
  asOf: string,
): Map<string, AssessmentPoint[]> => {
  const day = (d: Date | string) => serviceDateOf(new Date(d).toISOString(), ctx.timeZone);
  const byPerson = new Map<string, { spans: Array<{ start: string; end: string | null; program: string | null }>; given: Array<{ instrument: string; on: string }> }>();
  const entry = (id: string) => byPerson.get(id) ?? byPerson.set(id, { spans: [], given: [] }).get(id)!;
  for (const s of spans) entry(s.participant_id).spans.push({ start: day(s.assigned_at), end: s.ended_at ? day(s.ended_at) : null, program: s.program });
  for (const g of given) byPerson.get(g.participantId)?.given.push({ instrument: g.instrument, on: day(g.administeredAt) });
  const out = new Map<string, AssessmentPoint[]>();
  for (const [id, p] of byPerson) out.set(id, pointsOf(episodesOf(p.spans), p.given, ctx.suprt, ctx.programs, asOf));
  return out;
};

export const todayIn = (ctx: ScheduleContext, now: Date) => serviceDateOf(now.toISOString(), ctx.timeZone);

/** One participant's points today. */
export const pointsOfParticipant = async (tx: Tx, ctx: ScheduleContext, participantId: string, now: Date) => {
  const spans = await schedules.spansWithProgram(tx, ctx.timeZone, { participantId });
  const given = (await repo.assessmentsOf(tx, participantId)).filter((a) => a.complete);
  return pointsByParticipant(ctx, spans, given, todayIn(ctx, now)).get(participantId) ?? [];
};

/**
 * How many of a peer's active participants have an assessment point open or overdue today (My
 * day's count, issue 20), by the organization's schedules: set-based reads, the windows computed
 * in memory with the same rules as the participant's own list.
 */
export const dueCountOfPeer = async (tx: Tx, orgId: string, peerId: string, now: Date): Promise<number> => {
  const ctx = await scheduleContext(tx, orgId);
  const given = await repo.caseloadCompleteAssessments(tx, peerId);
  const spans = await schedules.spansWithProgram(tx, ctx.timeZone, { peerId });
  let due = 0;
  for (const points of pointsByParticipant(ctx, spans, given, todayIn(ctx, now)).values()) {
    if (points.some((p) => p.status === 'open' || p.status === 'overdue')) due += 1;
  }
  return due;
};
