import { and, count, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { namedRows, type Tx } from '../../db/client.ts';
import { organizations } from '../../db/schema/identity.ts';
import { matchBatches, matchingVersions, type StoredProposal } from '../../db/schema/matching.ts';
import { assignments, participants, peers } from '../../db/schema/people.ts';

export type MatchBatchRow = typeof matchBatches.$inferSelect;
export type PeerRow = typeof peers.$inferSelect;
export type ParticipantRow = typeof participants.$inferSelect;
export type { StoredProposal };

export const orgSettings = async (tx: Tx, orgId: string) =>
  (await tx.select({ settings: organizations.settings, timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId)))[0];

/**
 * The organization's settings with its matching version (bumped by triggers on every change to
 * peers or assignments of the organization): one round trip per match request.
 */
export const orgSettingsWithVersion = async (tx: Tx, orgId: string) =>
  (
    await tx
      .select({ settings: organizations.settings, timeZone: organizations.timeZone, version: sql<number>`coalesce(${matchingVersions.version}, 0)::int` })
      .from(organizations)
      .leftJoin(matchingVersions, eq(matchingVersions.orgId, organizations.id))
      .where(eq(organizations.id, orgId))
  )[0];

/** What matching reads of a participant (`toParticipantForMatching`). */
export type MatchParticipantRow = Pick<ParticipantRow, 'id' | 'birthDate' | 'languages' | 'lat' | 'lon' | 'raceEthnicity' | 'preferences'>;

export interface MatchRequestState {
  /** Null when the participant is not visible (no such id in this organization). */
  participant: MatchParticipantRow | null;
  settings: Record<string, unknown> | null;
  timeZone: string;
  version: number;
  ended: string[];
}

const MATCH_REQUEST_STATE = `
  select p.id, p.birth_date as "birthDate", p.languages, p.lat, p.lon, p.race_ethnicity as "raceEthnicity", p.preferences,
         o.settings, o.time_zone as "timeZone", coalesce(v.version, 0)::int as version,
         array(select a.peer_id::text from assignments a where a.participant_id = $1 and a.status = 'ended') as ended
  from organizations o
  left join matching_versions v on v.org_id = o.id
  left join participants p on p.id = $1
  where o.id = $2`;

/**
 * Everything a match request reads, in one round trip: the participant (null when not visible),
 * the organization's settings and matching version, and the peers whose match with this
 * participant either side ended.
 *
 * Written as SQL rather than with the query builder, because every match request runs it:
 * building this select took drizzle ~0.1 ms, about as long as ranking the request's peers. And
 * run as a named prepared statement, planned once per connection: planning it (four tables, each
 * with its row-level security policy inlined) took PostgreSQL ~0.4 ms, ten times running it.
 * PGlite ignores the name. Both drivers return these columns as the schema maps them (dates as
 * strings, jsonb parsed, text[] as arrays).
 */
export const matchRequestState = async (tx: Tx, orgId: string, participantId: string): Promise<MatchRequestState | undefined> => {
  const [row] = await namedRows<{
    id: string | null;
    birthDate: string | null;
    languages: string[] | null;
    lat: number | null;
    lon: number | null;
    raceEthnicity: string[] | null;
    preferences: Record<string, unknown> | null;
    settings: Record<string, unknown> | null;
    timeZone: string;
    version: number;
    ended: string[];
  }>(tx, 'pb_match_request_state', MATCH_REQUEST_STATE, [participantId, orgId]);
  if (!row) return undefined;
  const participant: MatchParticipantRow | null =
    row.id === null
      ? null
      : { id: row.id, birthDate: row.birthDate, languages: row.languages!, lat: row.lat, lon: row.lon, raceEthnicity: row.raceEthnicity!, preferences: row.preferences! };
  return { participant, settings: row.settings, timeZone: row.timeZone, version: row.version, ended: row.ended };
};

export const saveOrgSettings = async (tx: Tx, orgId: string, settings: Record<string, unknown>) => {
  await tx.update(organizations).set({ settings, updatedAt: new Date() }).where(eq(organizations.id, orgId));
};

/** Every active peer of the organization with its active caseload: the matcher's candidates. */
export const activePeersWithCaseload = async (tx: Tx) => {
  const loads = tx
    .select({ peerId: assignments.peerId, n: count().as('n') })
    .from(assignments)
    .where(eq(assignments.status, 'active'))
    .groupBy(assignments.peerId)
    .as('loads');
  return tx
    .select({ peer: peers, load: sql<number>`coalesce(${loads.n}, 0)::int` })
    .from(peers)
    .leftJoin(loads, eq(loads.peerId, peers.id))
    .where(eq(peers.active, true))
    .orderBy(peers.id);
};

/** Peers this participant was matched with before and either side ended. */
export const endedPeerIds = async (tx: Tx, participantIds: string[]) => {
  if (participantIds.length === 0) return new Map<string, Set<string>>();
  const rows = await tx
    .select({ participantId: assignments.participantId, peerId: assignments.peerId })
    .from(assignments)
    .where(and(eq(assignments.status, 'ended'), inArray(assignments.participantId, participantIds)));
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = out.get(r.participantId) ?? new Set<string>();
    set.add(r.peerId);
    out.set(r.participantId, set);
  }
  return out;
};

/**
 * When a waitlisted participant began to wait: when they came, or when their last match ended
 * (ending a match returns them to the list). Not their record's last change: correcting a phone
 * number made someone who had waited for months look as if they had just come.
 */
// Named in full: in a select list drizzle writes a column without its table, and `id` in the
// subquery would be the assignment's.
const waitingSince = sql<Date>`greatest(participants.created_at, (select max(a.ended_at) from assignments a where a.participant_id = participants.id))`.mapWith(participants.createdAt);

/** The waitlist, those who have waited longest first. */
export const waitlistedParticipants = async (tx: Tx, limit?: number, offset = 0) => {
  const q = tx
    .select({ participant: participants, waitingSince })
    .from(participants)
    .where(eq(participants.status, 'waitlisted'))
    .orderBy(waitingSince, participants.id)
    .offset(offset);
  return (await (limit === undefined ? q : q.limit(limit))).map((r) => ({ ...r.participant, waitingSince: r.waitingSince }));
};

export const countWaitlisted = async (tx: Tx) =>
  (await tx.select({ n: count() }).from(participants).where(eq(participants.status, 'waitlisted')))[0]?.n ?? 0;

export const insertBatch = async (tx: Tx, row: typeof matchBatches.$inferInsert) => (await tx.insert(matchBatches).values(row).returning())[0]!;

export const getBatch = async (tx: Tx, id: string) => (await tx.select().from(matchBatches).where(eq(matchBatches.id, id)))[0];

export const lockBatch = async (tx: Tx, id: string) => (await tx.select().from(matchBatches).where(eq(matchBatches.id, id)).for('update'))[0];

export const listBatches = async (tx: Tx, limit: number) => tx.select().from(matchBatches).orderBy(desc(matchBatches.createdAt)).limit(limit);

export const updateBatch = async (
  tx: Tx,
  id: string,
  patch: { status: string; proposals: StoredProposal[]; decidedAt: Date; decidedBy: string | null },
) => (await tx.update(matchBatches).set(patch).where(eq(matchBatches.id, id)).returning())[0]!;

export const getAssignment = async (tx: Tx, id: string) => (await tx.select().from(assignments).where(eq(assignments.id, id)))[0];

export const recordQuality = async (tx: Tx, id: string, q: { rating: number; keptMeeting: boolean }, at: Date) =>
  (await tx.update(assignments).set({ ...q, qualityRecordedAt: at }).where(eq(assignments.id, id)).returning())[0]!;

/** Assignments with a recorded quality made in a period of days (`from`, `to`) in `timeZone`, with the reasons they were made. */
export const assignmentsWithQuality = async (tx: Tx, from: string, to: string, timeZone: string) =>
  tx
    .select({ rating: assignments.rating, keptMeeting: assignments.keptMeeting, reasons: assignments.matchReasons })
    .from(assignments)
    .where(
      and(
        isNotNull(assignments.qualityRecordedAt),
        sql`${assignments.assignedAt} >= (${from}::date)::timestamp at time zone ${timeZone}`,
        sql`${assignments.assignedAt} < (${to}::date + 1)::timestamp at time zone ${timeZone}`,
      ),
    );
