import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.ts';

/**
 * The team's caseloads against capacity, in one grouped query: the fullest first (share of
 * capacity, then active count), with the totals over every active peer for the headline.
 */
export interface CaseloadRow {
  peer_id: string;
  display_name: string;
  active: number;
  max_caseload: number;
  accepting_new: boolean;
}

export const teamCaseloads = async (tx: Tx, limit: number) =>
  rowsOf<CaseloadRow>(
    await tx.execute(sql`
      select p.id::text as peer_id, p.display_name, coalesce(a.n, 0)::int as active, p.max_caseload, p.accepting_new
        from peers p
        left join (select peer_id, count(*) as n from assignments where status = 'active' group by peer_id) a on a.peer_id = p.id
       where p.active
       order by coalesce(a.n, 0)::float / greatest(p.max_caseload, 1) desc, coalesce(a.n, 0) desc, p.display_name, p.id
       limit ${limit}`),
  ).map((r) => ({ ...r, active: Number(r.active), max_caseload: Number(r.max_caseload) }));

export const caseloadTotals = async (tx: Tx) => {
  const [row] = rowsOf<{ peers: number; active: number; capacity: number; full: number }>(
    await tx.execute(sql`
      select count(*)::int as peers, coalesce(sum(coalesce(a.n, 0)), 0)::int as active, coalesce(sum(p.max_caseload), 0)::int as capacity,
             count(*) filter (where coalesce(a.n, 0) >= p.max_caseload)::int as full
        from peers p
        left join (select peer_id, count(*) as n from assignments where status = 'active' group by peer_id) a on a.peer_id = p.id
       where p.active`),
  );
  return { peers: Number(row?.peers ?? 0), active: Number(row?.active ?? 0), capacity: Number(row?.capacity ?? 0), full: Number(row?.full ?? 0) };
};

/** Every complete assessment (which and when): with the spans, the input of the organization's follow-up rate. */
export const completeAssessmentsAll = async (tx: Tx) =>
  rowsOf<{ participant_id: string; instrument: string; administered_at: string }>(
    await tx.execute(sql`select participant_id::text, instrument, administered_at from assessments where complete`),
  );
