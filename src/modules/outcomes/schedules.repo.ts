import { asc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.ts';
import { programSchedules } from '../../db/schema/outcomes.ts';

export type ProgramScheduleRow = typeof programSchedules.$inferSelect;

export const listProgramSchedules = (tx: Tx) => tx.select().from(programSchedules).orderBy(asc(programSchedules.program));

export const upsertProgramSchedule = async (tx: Tx, row: typeof programSchedules.$inferInsert) =>
  (
    await tx
      .insert(programSchedules)
      .values(row)
      .onConflictDoUpdate({ target: [programSchedules.orgId, programSchedules.program], set: { schedule: row.schedule, updatedAt: row.updatedAt!, updatedBy: row.updatedBy ?? null } })
      .returning()
  )[0]!;

export const deleteProgramSchedule = async (tx: Tx, program: string) =>
  (await tx.delete(programSchedules).where(eq(programSchedules.program, program)).returning({ program: programSchedules.program })).length > 0;

/** The program codes the organization's sessions name, with how many sessions each. */
export const programsInUse = async (tx: Tx) =>
  rowsOf<{ program: string; sessions: number }>(
    await tx.execute(sql`select program, count(*)::int as sessions from encounters where program is not null and voided_at is null group by program order by count(*) desc, program limit 200`),
  ).map((r) => ({ program: r.program, sessions: Number(r.sessions) }));

export interface SpanWithProgram {
  participant_id: string;
  assigned_at: string | Date;
  ended_at: string | Date | null;
  program: string | null;
}

/**
 * Assignments (the spans episodes are read from) with the program of each one's first signed,
 * not voided session that names a program inside the span (dates in the organization's time
 * zone): one index lookup per assignment, through the participant's sessions. `scope`: one
 * participant, a peer's active participants (every span of theirs), or the whole organization.
 */
export type SpanScope = { participantId: string } | { peerId: string } | 'all';

export const spansWithProgram = async (tx: Tx, timeZone: string, scope: SpanScope) => {
  const where =
    scope === 'all'
      ? sql`true`
      : 'participantId' in scope
        ? sql`a.participant_id = ${scope.participantId}`
        : sql`a.participant_id in (select participant_id from assignments where peer_id = ${scope.peerId} and status = 'active')`;
  return rowsOf<SpanWithProgram>(
    await tx.execute(sql`
      select a.participant_id::text as participant_id, a.assigned_at, a.ended_at,
             (select e.program
                from encounter_participants ep join encounters e on e.id = ep.encounter_id
               where ep.participant_id = a.participant_id
                 and e.signed_at is not null and e.voided_at is null and e.program is not null
                 and e.service_date >= (a.assigned_at at time zone ${timeZone})::date
                 and (a.ended_at is null or e.service_date <= (a.ended_at at time zone ${timeZone})::date)
               order by e.service_date, e.id
               limit 1) as program
        from assignments a
       where ${where}
       order by a.assigned_at`),
  );
};
