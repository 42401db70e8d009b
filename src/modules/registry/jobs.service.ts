import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { badRequest, forbidden, notFound } from '../../core/errors.ts';
import { rowsOf, type Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { countyName, isKnownCounty, stateName } from './geography.rules.ts';

interface JobRow {
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

export interface JobInput {
  title: string;
  countyFips: string;
  hoursPerWeek: number;
  wageMin: number;
  wageMax: number;
  benefits: boolean;
  certificationRequired?: string | null | undefined;
  applyUrl?: string | null | undefined;
  closesOn?: string | null | undefined;
}

const view = (r: JobRow) => ({
  id: r.id,
  organization: r.organization_name,
  title: r.title,
  countyFips: r.county_fips,
  countyName: countyName(r.county_fips),
  state: stateName(r.county_fips.slice(0, 2)),
  hoursPerWeek: Number(r.hours_per_week),
  // Under 35 hours a week is part-time (the BLS definition).
  partTime: Number(r.hours_per_week) < 35,
  wageMin: Number(r.wage_min),
  wageMax: Number(r.wage_max),
  benefits: r.benefits,
  certificationRequired: r.certification_required,
  applyUrl: r.apply_url,
  postedAt: new Date(r.posted_at).toISOString(),
  closesOn: r.closes_on ? String(r.closes_on).slice(0, 10) : null,
  filled: r.filled_at !== null,
});

const cols = sql`id::text, organization_name, title, county_fips, hours_per_week::text, wage_min::text, wage_max::text, benefits, certification_required, apply_url, posted_at::text, closes_on::text, filled_at::text`;

/**
 * Peer support openings member agencies post (issue 22, jobs and careers): a public board and
 * feed, no account needed to read. Only an organization's admin posts and marks filled.
 */
export const createJobsService = ({ db, audit, clock }: { db: Database; audit: AuditService; clock: () => Date }) => ({
  async post(actor: Actor, input: JobInput) {
    if (actor.kind !== 'user' || actor.role !== 'admin') throw forbidden('Only an administrator posts openings.');
    if (!isKnownCounty(input.countyFips)) throw badRequest('Unknown county.', [{ field: 'body.countyFips', message: 'Unknown county FIPS code' }]);
    if (input.wageMax < input.wageMin) throw badRequest('The top of the wage range is below its bottom.', [{ field: 'body.wageMax', message: 'At least wageMin' }]);
    const id = randomUUID();
    return db.tenant(actor.orgId, async (tx) => {
      const [org] = rowsOf<{ name: string }>(await tx.execute(sql`select name from organizations where id = ${actor.orgId}`));
      const [row] = rowsOf<JobRow>(
        await tx.execute(sql`
          insert into job_postings (id, org_id, organization_name, title, county_fips, hours_per_week, wage_min, wage_max, benefits, certification_required, apply_url, closes_on)
          values (${id}, ${actor.orgId}, ${org!.name}, ${input.title}, ${input.countyFips}, ${input.hoursPerWeek}, ${input.wageMin}, ${input.wageMax}, ${input.benefits},
                  ${input.certificationRequired ?? null}, ${input.applyUrl ?? null}, ${input.closesOn ?? null})
          returning ${cols}`),
      );
      await audit.record(tx, actor, { action: 'job.post', entityType: 'job', entityId: id });
      return view(row!);
    });
  },

  async markFilled(actor: Actor, id: string) {
    if (actor.kind !== 'user' || actor.role !== 'admin') throw forbidden('Only an administrator marks openings filled.');
    return db.tenant(actor.orgId, async (tx) => {
      const [row] = rowsOf<JobRow>(await tx.execute(sql`update job_postings set filled_at = now() where id = ${id} and org_id = ${actor.orgId} returning ${cols}`));
      if (!row) throw notFound('Job');
      await audit.record(tx, actor, { action: 'job.filled', entityType: 'job', entityId: id });
      return view(row);
    });
  },

  /** Open postings, newest first; no account needed. */
  async open(q: { state?: string | undefined; county?: string | undefined; limit: number }) {
    const today = clock().toISOString().slice(0, 10);
    const rows = await db.tenant(null, async (tx) =>
      rowsOf<JobRow>(
        await tx.execute(sql`
          select ${cols} from job_postings
           where filled_at is null and (closes_on is null or closes_on >= ${today})
             ${q.county ? sql`and county_fips = ${q.county}` : sql``} ${q.state ? sql`and county_fips like ${`${q.state}%`}` : sql``}
           order by posted_at desc, id limit ${q.limit}`),
      ),
    );
    return { items: rows.map(view) };
  },
});

export type JobsService = ReturnType<typeof createJobsService>;
