import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.ts';
import { supervisionSessions, type FollowUp } from '../../db/schema/workforce.ts';

export type { FollowUp };
export type SessionRow = typeof supervisionSessions.$inferSelect;

export const insertSession = async (tx: Tx, row: typeof supervisionSessions.$inferInsert) => (await tx.insert(supervisionSessions).values(row).returning())[0]!;

export const sessionsSince = (tx: Tx, peerId: string | undefined, since: string) =>
  tx
    .select()
    .from(supervisionSessions)
    .where(and(peerId ? eq(supervisionSessions.peerId, peerId) : undefined, gte(supervisionSessions.heldOn, since)))
    .orderBy(desc(supervisionSessions.heldOn))
    .limit(500);

export const sessionMinutesOf = async (tx: Tx, peerIds: string[]) =>
  peerIds.length === 0
    ? []
    : tx.select({ peerId: supervisionSessions.peerId, heldOn: supervisionSessions.heldOn, minutes: supervisionSessions.minutes }).from(supervisionSessions).where(inArray(supervisionSessions.peerId, peerIds));

/** Per peer and week: sessions, minutes and after-hours sessions (org time zone), caseload, follow-ups closed; referrals in progress now. */
export const intensityRows = async (tx: Tx, peerIds: string[], first: string, starts: string[]) => {
  const ids = sql.join(peerIds.map((id) => sql`${id}::uuid`), sql`, `);
  const enc = rowsOf<{ peer_id: string; week: string; sessions: number; minutes: number; after_hours: number }>(
    await tx.execute(sql`
      select e.peer_id, to_char(date_trunc('week', e.started_at at time zone o.time_zone), 'YYYY-MM-DD') as week,
        count(*)::int as sessions, coalesce(sum(e.duration_minutes), 0)::int as minutes,
        count(*) filter (where extract(hour from e.started_at at time zone o.time_zone) < 8 or extract(hour from e.started_at at time zone o.time_zone) >= 18
          or extract(isodow from e.started_at at time zone o.time_zone) > 5)::int as after_hours
      from encounters e join organizations o on o.id = e.org_id
      where e.peer_id in (${ids}) and e.started_at >= ${first}::date - interval '1 day'
      group by 1, 2`),
  );
  const loads = rowsOf<{ peer_id: string; week: string; active: number }>(
    await tx.execute(sql`
      select a.peer_id, w.week::text as week, count(*)::int as active
      from assignments a cross join unnest(${sql.raw(`array[${starts.map((s) => `'${s}'::date`).join(',')}]`)}) as w(week)
      where a.peer_id in (${ids}) and a.assigned_at < w.week + 7 and (a.ended_at is null or a.ended_at >= w.week + 7)
      group by 1, 2`),
  );
  const safety = rowsOf<{ peer_id: string; week: string; n: number }>(
    await tx.execute(sql`select peer_id, to_char(date_trunc('week', closed_at), 'YYYY-MM-DD') as week, count(*)::int as n from safety_followups
      where peer_id in (${ids}) and closed_at >= ${first}::date group by 1, 2`),
  );
  const referrals = rowsOf<{ peer_id: string; n: number }>(
    await tx.execute(sql`select peer_id, count(*)::int as n from referrals where peer_id in (${ids}) and status in ('sent', 'received', 'accepted', 'in-progress') group by 1`),
  );
  return { enc, loads, safety, referrals };
};
