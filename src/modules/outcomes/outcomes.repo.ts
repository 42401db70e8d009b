import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.ts';
import { organizations } from '../../db/schema/identity.ts';
import { assessments, instruments, safetyFollowups } from '../../db/schema/outcomes.ts';
import { assignments, participants, peers } from '../../db/schema/people.ts';

export type InstrumentRow = typeof instruments.$inferSelect;
export type AssessmentRow = typeof assessments.$inferSelect;
export type NewAssessmentRow = typeof assessments.$inferInsert;
export type FollowupRow = typeof safetyFollowups.$inferSelect;
export type NewFollowupRow = typeof safetyFollowups.$inferInsert;

export const orgTimeZone = async (tx: Tx, orgId: string) =>
  (await tx.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId)))[0]?.timeZone ?? 'America/New_York';

// ---------- instruments ----------

export const listInstruments = (tx: Tx) => tx.select().from(instruments).orderBy(asc(instruments.code), asc(instruments.publishedAt));
export const instrumentVersions = (tx: Tx, code: string) =>
  tx.select().from(instruments).where(eq(instruments.code, code)).orderBy(asc(instruments.publishedAt));
export const insertInstrument = async (tx: Tx, row: typeof instruments.$inferInsert) => (await tx.insert(instruments).values(row).returning())[0]!;

// ---------- assessments ----------

export const insertAssessment = async (tx: Tx, row: NewAssessmentRow) => (await tx.insert(assessments).values(row).returning())[0]!;
export const assessmentsOf = (tx: Tx, participantId: string, instrument?: string) =>
  tx
    .select()
    .from(assessments)
    .where(and(eq(assessments.participantId, participantId), instrument ? eq(assessments.instrument, instrument) : undefined))
    .orderBy(desc(assessments.administeredAt), desc(assessments.createdAt));

// ---------- people ----------

/** A participant's assignments (start and end), from which episodes of care are read. */
export const assignmentSpans = (tx: Tx, participantId: string) =>
  tx.select({ assignedAt: assignments.assignedAt, endedAt: assignments.endedAt }).from(assignments).where(eq(assignments.participantId, participantId));

export const orgSettings = async (tx: Tx, orgId: string) =>
  (await tx.select({ settings: organizations.settings, timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId)))[0];

/** The participant's assigned peer now, if any. */
export const activePeerOf = async (tx: Tx, participantId: string) =>
  (await tx.select({ peerId: assignments.peerId }).from(assignments).where(and(eq(assignments.participantId, participantId), eq(assignments.status, 'active'))))[0]?.peerId ??
  null;

export const peerIdOfUser = async (tx: Tx, userId: string) => (await tx.select({ id: peers.id }).from(peers).where(eq(peers.userId, userId)))[0]?.id ?? null;

export const participantNames = async (tx: Tx, ids: string[]) =>
  new Map(
    (ids.length === 0
      ? []
      : await tx.select({ id: participants.id, preferredName: participants.preferredName, givenName: participants.givenName }).from(participants).where(inArray(participants.id, ids))
    ).map((p) => [p.id, p.preferredName || p.givenName]),
  );

// ---------- safety follow-ups ----------

export const insertFollowup = async (tx: Tx, row: NewFollowupRow) => (await tx.insert(safetyFollowups).values(row).returning())[0]!;

/** Open first (soonest due first), then closed (newest first); `peerId` narrows to one peer's. */
export const listFollowups = (tx: Tx, f: { status?: 'open' | 'closed' | undefined; peerId?: string | undefined; participantId?: string | undefined }) =>
  tx
    .select()
    .from(safetyFollowups)
    .where(
      and(
        f.status ? eq(safetyFollowups.status, f.status) : undefined,
        f.peerId ? eq(safetyFollowups.peerId, f.peerId) : undefined,
        f.participantId ? eq(safetyFollowups.participantId, f.participantId) : undefined,
      ),
    )
    .orderBy(sql`${safetyFollowups.status} = 'closed'`, asc(safetyFollowups.dueBy), desc(safetyFollowups.closedAt))
    .limit(500);

export const lockFollowup = async (tx: Tx, id: string) => (await tx.select().from(safetyFollowups).where(eq(safetyFollowups.id, id)).for('update'))[0];

export const closeFollowup = async (tx: Tx, id: string, patch: { closedAt: Date; closedBy: string | null; action: string; note: string | null }) =>
  (await tx.update(safetyFollowups).set({ ...patch, status: 'closed' }).where(eq(safetyFollowups.id, id)).returning())[0]!;

/** Marks open follow-ups past their deadline as escalated (once) and returns those newly marked. */
export const escalateOverdue = (tx: Tx, now: Date) =>
  tx
    .update(safetyFollowups)
    .set({ escalatedAt: now })
    .where(and(eq(safetyFollowups.status, 'open'), isNull(safetyFollowups.escalatedAt), lte(safetyFollowups.dueBy, now)))
    .returning({ id: safetyFollowups.id, participantId: safetyFollowups.participantId });

// ---------- the program report ----------

/**
 * The group key of a session's participant per report dimension, as SQL over `e` (the session)
 * and `p` (the participant, joined only for the dimensions that need it).
 */
const groupKey = (to: string) => ({
  all: sql`'all'`,
  peer: sql`e.peer_id::text`,
  language: sql`coalesce(p.languages[1], 'unknown')`,
  race: sql`case cardinality(p.race_ethnicity) when 0 then 'unknown' when 1 then p.race_ethnicity[1] else 'two-or-more' end`,
  gender: sql`coalesce(nullif(lower(p.gender_identity), ''), 'unknown')`,
  // Age on the period's last day, in the 10-year bands of the collapse ladder (P8); report.rules.ts
  // `ageBand` words the same bands for one person.
  age: sql`case when p.birth_date is null then 'unknown'
    when extract(year from age(${to}::date, p.birth_date)) < 18 then 'under-18'
    when extract(year from age(${to}::date, p.birth_date)) < 25 then '18-24'
    when extract(year from age(${to}::date, p.birth_date)) >= 65 then '65+'
    else (25 + 10 * floor((extract(year from age(${to}::date, p.birth_date)) - 25) / 10))::int::text || '-' || (34 + 10 * floor((extract(year from age(${to}::date, p.birth_date)) - 25) / 10))::int::text end`,
  program: sql`coalesce(e.program, 'none')`,
});
export type GroupDimension = keyof ReturnType<typeof groupKey>;
const PERSON_DIMENSIONS: ReadonlySet<GroupDimension> = new Set(['language', 'race', 'gender', 'age']);

export interface ReportRow {
  grp: string;
  served: number;
  newPeople: number;
  discharged: number;
  encounters: number;
  minutes: number;
  referralsMade: number;
  referralsClosed: number;
}

/**
 * Per group and for the whole program (the row whose `grp` is null), for the period's signed (not
 * voided) sessions: people served, new people (no signed session before the period), people
 * discharged in the period, sessions, minutes, and referrals made and closed for the people
 * served. One statement and one pass over the period's sessions: each person's facts are found
 * once (a hash anti-join against the people seen before the period, not a minimum over each
 * one's whole history), and a session counts once per group (grouped, never counted distinct,
 * so no sort of every session).
 */
export const programCounts = async (tx: Tx, dim: GroupDimension, from: string, to: string): Promise<{ total: ReportRow | undefined; groups: ReportRow[] }> => {
  const signed = sql`e.signed_at is not null and e.voided_at is null`;
  const rows = rowsOf<ReportRow & { grp: string | null }>(
    await tx.execute(sql`
      with s as materialized (
        select ep.participant_id, e.id, e.duration_minutes, ${groupKey(to)[dim]} as grp
        from encounters e join encounter_participants ep on ep.encounter_id = e.id
        ${PERSON_DIMENSIONS.has(dim) ? sql`join participants p on p.id = ep.participant_id` : sql``}
        where ${signed} and e.service_date between ${from}::date and ${to}::date
      ),
      people as (select grp, participant_id from s group by grp, participant_id),
      served as (select distinct participant_id from people),
      earlier as (
        select distinct ep.participant_id
        from encounters e join encounter_participants ep on ep.encounter_id = e.id
        where ${signed} and e.service_date < ${from}::date
      ),
      ended as (
        select distinct a.participant_id from assignments a
        where a.ended_at::date between ${from}::date and ${to}::date
          and not exists (select 1 from assignments b where b.participant_id = a.participant_id and b.status = 'active')
      ),
      refs as (
        select r.participant_id,
               count(*) filter (where r.created_at::date between ${from}::date and ${to}::date and r.status <> 'draft')::int as made,
               count(*) filter (where r.closed_at::date between ${from}::date and ${to}::date and r.status = 'completed')::int as closed
        from referrals r join served sv on sv.participant_id = r.participant_id
        group by r.participant_id
      ),
      person as (
        select sv.participant_id, er.participant_id is null as is_new, en.participant_id is not null as is_ended,
               coalesce(rf.made, 0) as made, coalesce(rf.closed, 0) as closed
        from served sv
        left join earlier er on er.participant_id = sv.participant_id
        left join ended en on en.participant_id = sv.participant_id
        left join refs rf on rf.participant_id = sv.participant_id
      ),
      sessions as (select grp, id, min(duration_minutes) as minutes from s group by grp, id),
      by_group as (
        select pg.grp, pg.served, pg.new_people, pg.discharged, pg.made, pg.closed, sg.encounters, sg.minutes
        from (
          select pe.grp, count(*)::int as served, count(*) filter (where pr.is_new)::int as new_people,
                 count(*) filter (where pr.is_ended)::int as discharged, sum(pr.made)::int as made, sum(pr.closed)::int as closed
          from people pe join person pr on pr.participant_id = pe.participant_id group by pe.grp
        ) pg
        join (select grp, count(*)::int as encounters, coalesce(sum(minutes), 0)::int as minutes from sessions group by grp) sg on sg.grp = pg.grp
      ),
      total as (
        select null::text as grp, pt.served, pt.new_people, pt.discharged, pt.made, pt.closed, st.encounters, st.minutes
        from (
          select count(*)::int as served, count(*) filter (where is_new)::int as new_people, count(*) filter (where is_ended)::int as discharged,
                 coalesce(sum(made), 0)::int as made, coalesce(sum(closed), 0)::int as closed
          from person
        ) pt
        cross join (
          ${dim === 'peer' || dim === 'program' || dim === 'all'
            ? sql`select count(*)::int as encounters, coalesce(sum(minutes), 0)::int as minutes from sessions`
            : sql`select count(*)::int as encounters, coalesce(sum(minutes), 0)::int as minutes from (select id, min(duration_minutes) as minutes from s group by id) d`}
        ) st
      )
      select grp, served, new_people as "newPeople", discharged, encounters, minutes, made as "referralsMade", closed as "referralsClosed"
      from (select * from by_group ${dim === 'all' ? sql`where false` : sql``} union all select * from total) r
      order by grp nulls last`),
  ).map((r) => ({ ...r, served: Number(r.served), newPeople: Number(r.newPeople), discharged: Number(r.discharged), encounters: Number(r.encounters), minutes: Number(r.minutes), referralsMade: Number(r.referralsMade), referralsClosed: Number(r.referralsClosed) }));
  const total = rows.find((r) => r.grp === null);
  return { total: total && total.served > 0 ? { ...total, grp: 'all' } : undefined, groups: rows.filter((r): r is ReportRow => r.grp !== null) };
};

/** Per person and instrument, the first and latest complete totals administered in the period (pairs need two). */
export const scorePairs = async (tx: Tx, from: string, to: string) =>
  rowsOf<{ participantId: string; instrument: string; version: string; first: number; latest: number }>(
    await tx.execute(sql`
      select participant_id as "participantId", instrument, version,
             (array_agg(total order by administered_at asc))[1]::float8 as first,
             (array_agg(total order by administered_at desc))[1]::float8 as latest
      from assessments
      where complete and total is not null and administered_at::date between ${from}::date and ${to}::date
      group by participant_id, instrument, version
      having count(*) >= 2`),
  );

export const peerNames = async (tx: Tx, ids: string[]) =>
  new Map((ids.length === 0 ? [] : await tx.select({ id: peers.id, displayName: peers.displayName }).from(peers).where(inArray(peers.id, ids))).map((p) => [p.id, p.displayName]));

export const orgName = async (tx: Tx, orgId: string) => (await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId)))[0]?.name ?? '';

/** The sum of the report's change counters (0035): moves with every committed change the report reads. */
export const reportDataVersion = async (tx: Tx) => rowsOf<{ v: string }>(await tx.execute(sql`select sum(n)::text as v from report_data_versions`))[0]?.v ?? '0';
/**
 * The report's own settings for its transaction: room to group a year of sessions in memory
 * (PostgreSQL's 4 MB default spills to disk), and no JIT compilation: the statement runs once per
 * data version, so compiling it (a second or more on a busy server) costs more than it saves.
 */
export const reportWorkMem = async (tx: Tx) => {
  await tx.execute(sql`set local work_mem = '64MB'`);
  await tx.execute(sql`set local jit = off`);
};

// ---------- the SUPRT export ----------

/** Every assignment of the organization (episodes are read from them), oldest first. */
export const allAssignmentSpans = (tx: Tx) =>
  tx.select({ participantId: assignments.participantId, assignedAt: assignments.assignedAt, endedAt: assignments.endedAt }).from(assignments).orderBy(asc(assignments.assignedAt));

/** Every complete assessment of the organization: instrument and when, nothing of the answers. */
export const allCompleteAssessments = (tx: Tx) =>
  tx.select({ participantId: assessments.participantId, instrument: assessments.instrument, administeredAt: assessments.administeredAt }).from(assessments).where(eq(assessments.complete, true));

/** For a peer's active participants: every complete assessment (which, when; nothing of the answers). */
export const caseloadCompleteAssessments = (tx: Tx, peerId: string) => {
  const mine = tx.select({ id: assignments.participantId }).from(assignments).where(and(eq(assignments.peerId, peerId), eq(assignments.status, 'active')));
  return tx
    .select({ participantId: assessments.participantId, instrument: assessments.instrument, administeredAt: assessments.administeredAt })
    .from(assessments)
    .where(and(eq(assessments.complete, true), inArray(assessments.participantId, mine)));
};
