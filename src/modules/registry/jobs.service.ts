import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { badRequest, forbidden, notFound } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import * as repo from './jobs.repo.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { orgToday } from '../people/people.repo.ts';
import { countyName, isKnownCounty, stateName } from './geography.ts';
import { hsdsServiceOfJob } from './jobs.hsds.rules.ts';

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

const view = (r: repo.JobRow) => ({
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
      const row = await repo.insertJob(tx, id, actor.orgId, input);
      await audit.record(tx, actor, { action: 'job.post', entityType: 'job', entityId: id });
      return view(row);
    });
  },

  async markFilled(actor: Actor, id: string) {
    if (actor.kind !== 'user' || actor.role !== 'admin') throw forbidden('Only an administrator marks openings filled.');
    return db.tenant(actor.orgId, async (tx) => {
      const row = await repo.markFilled(tx, id, actor.orgId);
      if (!row) throw notFound('Job');
      await audit.record(tx, actor, { action: 'job.filled', entityType: 'job', entityId: id });
      return view(row);
    });
  },

  /** Open postings, newest first; no account needed. */
  async open(q: { state?: string | undefined; county?: string | undefined; limit: number }) {
    // A posting is open through its closing day in its organization's zone (a New York posting
    // closing on the 6th is open that evening, when the UTC day is the 7th). The board cannot read
    // organizations, so each one whose postings close about now gives its today in its own tenant.
    const utcToday = clock().toISOString().slice(0, 10);
    const orgIds = await db.tenant(null, (tx) => repo.orgsClosingAround(tx, utcToday));
    const orgTodays: Record<string, string> = {};
    for (const orgId of orgIds) orgTodays[orgId] = await db.tenant(orgId, (tx) => orgToday(tx, orgId, clock));
    const rows = await db.tenant(null, (tx) => repo.openJobs(tx, utcToday, orgTodays, q));
    return { items: rows.map(view) };
  },

  /** The same openings as HSDS 3.0 services (the feed directory tools read). */
  async hsds(q: { state?: string | undefined; county?: string | undefined; limit: number }) {
    return (await this.open(q)).items.map(hsdsServiceOfJob);
  },
});

export type JobsService = ReturnType<typeof createJobsService>;
