import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.ts';
import type { JobInput } from './jobs.service.ts';

/** Job postings (migration 0039): public to read, written by the posting organization. */
export interface JobRow {
  id: string;
  organization_name: string;
  title: string;
  county_fips: string;
  hours_per_week: string;
  wage_min: string;
  wage_max: string;
  benefits: boolean;
  certification_required: string | null;
  apply_url: string | null;
  posted_at: string;
  closes_on: string | null;
  filled_at: string | null;
}

const cols = sql`id::text, organization_name, title, county_fips, hours_per_week::text, wage_min::text, wage_max::text, benefits, certification_required, apply_url, posted_at::text, closes_on::text, filled_at::text`;

export const insertJob = async (tx: Tx, id: string, orgId: string, input: JobInput) => {
  const [org] = rowsOf<{ name: string }>(await tx.execute(sql`select name from organizations where id = ${orgId}`));
  const [row] = rowsOf<JobRow>(
    await tx.execute(sql`
      insert into job_postings (id, org_id, organization_name, title, county_fips, hours_per_week, wage_min, wage_max, benefits, certification_required, apply_url, closes_on)
      values (${id}, ${orgId}, ${org!.name}, ${input.title}, ${input.countyFips}, ${input.hoursPerWeek}, ${input.wageMin}, ${input.wageMax}, ${input.benefits},
              ${input.certificationRequired ?? null}, ${input.applyUrl ?? null}, ${input.closesOn ?? null})
      returning ${cols}`),
  );
  return row!;
};

export const markFilled = async (tx: Tx, id: string, orgId: string) =>
  rowsOf<JobRow>(await tx.execute(sql`update job_postings set filled_at = now() where id = ${id} and org_id = ${orgId} returning ${cols}`))[0] ?? null;

/**
 * Organizations with an unfilled posting that closes on the UTC day before `utcToday` or on it:
 * whether those are still open depends on the organization's own day (a day either side of UTC's).
 */
export const orgsClosingAround = async (tx: Tx, utcToday: string) =>
  rowsOf<{ org_id: string }>(
    await tx.execute(sql`select distinct org_id::text from job_postings where filled_at is null and closes_on between ${utcToday}::date - 1 and ${utcToday}::date`),
  ).map((r) => r.org_id);

/**
 * Open postings (not filled, not past their closing date), newest first. `orgTodays` holds the
 * organization's today for the postings `orgsClosingAround` found; any other posting is decided
 * the same on every organization's day, so `utcToday` serves.
 */
export const openJobs = async (
  tx: Tx,
  utcToday: string,
  orgTodays: Readonly<Record<string, string>>,
  q: { state?: string | undefined; county?: string | undefined; limit: number },
) =>
  rowsOf<JobRow>(
    await tx.execute(sql`
      select ${cols} from job_postings
       where filled_at is null
         and (closes_on is null or closes_on >= coalesce((${JSON.stringify(orgTodays)}::jsonb ->> org_id::text)::date, ${utcToday}::date))
         ${q.county ? sql`and county_fips = ${q.county}` : sql``} ${q.state ? sql`and county_fips like ${`${q.state}%`}` : sql``}
       order by posted_at desc, id limit ${q.limit}`),
  );
