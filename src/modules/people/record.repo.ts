import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.ts';

/**
 * The reads behind a participant's record (the timeline of `record.service.ts`): one query per
 * kind of entry, each newest first and cut at the page's cursor, so a page reads at most `limit`
 * rows of each kind whatever the length of the history. A new kind of entry (assessments) is one
 * more function here and one more source in the service.
 *
 * Every row carries `at` (milliseconds, UTC, as text: the cursor compares it again exactly) and
 * `key` (unique within its kind). Rows are ordered by (at desc, kind desc, key desc), with keys
 * compared byte by byte (collate "C") as JavaScript compares them.
 */
export interface Bound {
  /** Only rows strictly before this instant, or at it with a key below `keyBelow`. */
  at: string;
  /** '' admits no row at `at`; '~' (above every key) admits all of them. */
  keyBelow: string;
}

export interface TimelineRow {
  key: string;
  at: string;
}

const AT = (column: SQL) => sql`to_char(date_trunc('milliseconds', ${column}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The cursor condition on a derived table `t (key, at_ts)`. */
const before = (b: Bound) =>
  sql`(t.at_ts < ${b.at}::timestamptz or (t.at_ts = ${b.at}::timestamptz and t.key collate "C" < ${b.keyBelow}))`;

const page = async <R>(tx: Tx, inner: SQL, b: Bound, limit: number): Promise<R[]> =>
  rowsOf<R>(
    await tx.execute(sql`
      select t.*, ${AT(sql`t.at_ts`)} as at from (${inner}) t
      where ${before(b)}
      order by t.at_ts desc, t.key collate "C" desc
      limit ${limit}`),
  );

export interface SessionRow extends TimelineRow {
  status: string;
  type: string;
  modality: string;
  duration_minutes: number;
  activities: string[];
  service_date: string;
  cosign_required: boolean;
  cosigned: boolean;
  voided: boolean;
  peer_name: string | null;
}

/** Session notes naming the participant (group notes too), with the peer who wrote them. */
export const sessions = (tx: Tx, participantId: string, b: Bound, limit: number) =>
  page<SessionRow>(
    tx,
    sql`select e.id::text as key, date_trunc('milliseconds', e.started_at) as at_ts, e.status, e.type, e.modality, e.duration_minutes,
               e.activities, e.service_date::text as service_date, e.cosign_required, e.cosigned_at is not null as cosigned,
               (e.voided_at is not null and not e.void_resubmit) as voided, p.display_name as peer_name
          from encounter_participants ep
          join encounters e on e.id = ep.encounter_id
          left join peers p on p.id = e.peer_id
         where ep.participant_id = ${participantId}`,
    b,
    limit,
  );

export interface PlanVersionRow extends TimelineRow {
  version: number;
  changed_fields: string[];
  goal_count: number;
  changed_by_name: string | null;
}

/** Every saved version of the recovery plan (key: the version, zero-padded so text order is number order). */
export const planVersions = (tx: Tx, participantId: string, b: Bound, limit: number) =>
  page<PlanVersionRow>(
    tx,
    sql`select lpad(v.version::text, 10, '0') as key, date_trunc('milliseconds', v.changed_at) as at_ts, v.version, v.changed_fields,
               jsonb_array_length(coalesce(v.content->'goals', '[]'::jsonb))::int as goal_count, u.display_name as changed_by_name
          from recovery_plan_versions v
          left join users u on u.id = v.changed_by
         where v.participant_id = ${participantId}`,
    b,
    limit,
  );

export interface ReferralRow extends TimelineRow {
  need: string;
  urgency: string;
  status: string;
  service_name: string;
  service_organization_name: string | null;
  follow_up_on: string | null;
  outcome: string | null;
}

/**
 * The participant's referrals as the referrals list shows them to the sender: the service, the
 * need and the status, never the shared items (Part 2 items stay behind the referral's own page,
 * which shows them only under a consent in force, 42 CFR 2.31).
 */
export const referrals = (tx: Tx, participantId: string, b: Bound, limit: number) =>
  page<ReferralRow>(
    tx,
    sql`select r.id::text as key, date_trunc('milliseconds', r.created_at) as at_ts, r.need, r.urgency, r.status, r.service_name,
               r.service_organization_name, r.follow_up_on::text as follow_up_on, r.outcome
          from referrals r
         where r.participant_id = ${participantId}`,
    b,
    limit,
  );

export interface MatchRow extends TimelineRow {
  event: 'assigned' | 'ended';
  assignment_id: string;
  peer_id: string;
  peer_name: string | null;
  ended_side: string | null;
}

/** Each assignment is two entries: when the peer was assigned and, once over, when it ended. */
export const matches = (tx: Tx, participantId: string, b: Bound, limit: number) =>
  page<MatchRow>(
    tx,
    sql`select a.id::text || ':assigned' as key, date_trunc('milliseconds', a.assigned_at) as at_ts, 'assigned' as event,
               a.id::text as assignment_id, a.peer_id::text as peer_id, p.display_name as peer_name, null::text as ended_side
          from assignments a left join peers p on p.id = a.peer_id
         where a.participant_id = ${participantId}
        union all
        select a.id::text || ':ended', date_trunc('milliseconds', a.ended_at), 'ended', a.id::text, a.peer_id::text, p.display_name, a.ended_side
          from assignments a left join peers p on p.id = a.peer_id
         where a.participant_id = ${participantId} and a.ended_at is not null`,
    b,
    limit,
  );

export interface CoverageRow extends TimelineRow {
  payer_name: string | null;
  start_date: string;
  end_date: string | null;
}

/** Coverages as recorded (a coverage is one row, changed in place: its entry is when it was recorded). */
export const coverages = (tx: Tx, participantId: string, b: Bound, limit: number) =>
  page<CoverageRow>(
    tx,
    sql`select c.id::text as key, date_trunc('milliseconds', c.created_at) as at_ts, y.name as payer_name,
               c.start_date::text as start_date, c.end_date::text as end_date
          from coverages c left join payers y on y.id = c.payer_id
         where c.participant_id = ${participantId}`,
    b,
    limit,
  );

/**
 * Participants of the organization (row-level security) whose name holds `name`: given, family,
 * preferred, or "given family" as one would type it. For the audit trail's search by name.
 */
export const participantIdsByName = async (tx: Tx, name: string, limit: number) => {
  const like = `%${name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return rowsOf<{ id: string }>(
    await tx.execute(sql`
      select id::text as id from participants
       where given_name ilike ${like} or family_name ilike ${like} or preferred_name ilike ${like}
          or (given_name || ' ' || family_name) ilike ${like} or (coalesce(preferred_name, given_name) || ' ' || family_name) ilike ${like}
       order by family_name, given_name, id
       limit ${limit}`),
  ).map((r) => r.id);
};
