import type { Actor } from '../../core/actor.ts';
import { badRequest, forbidden, notFound } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { aggregatesOf } from './build.aggregates.rules.ts';
import * as repo from './build.repo.ts';
import { jobProfileProblems, recordOfPeer, type JobProfile, type SkipReason } from './build.rules.ts';
import { countyOfLocation } from './county.locate.ts';
import type { createSubmitService } from './registry.submit.ts';

const iso = (v: string | Date) => (v instanceof Date ? v.toISOString() : String(v));
const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/** The member's people-served and unmet-wish counts for a month (build.aggregates.rules.ts), read in its tenant. */
const aggregatesFromOwnData = async (tx: Tx, month: string) => {
  const participants = (await repo.participantsForAggregates(tx)).map((p) => ({
    id: p.id,
    status: p.status,
    createdAt: iso(p.created_at),
    updatedAt: iso(p.updated_at),
    languages: p.languages,
    raceEthnicity: p.race_ethnicity,
    preferences: p.preferences ?? {},
    county: countyOfLocation({ lat: p.lat === null ? null : Number(p.lat), lon: p.lon === null ? null : Number(p.lon), postalCode: p.postal_code }),
  }));
  const assignments = (await repo.assignmentsForAggregates(tx, lastDayOf(month))).map((a) => ({
    participantId: a.participant_id,
    peerId: a.peer_id,
    assignedAt: iso(a.assigned_at),
    endedAt: a.ended_at === null ? null : iso(a.ended_at),
  }));
  const peers = (await repo.peersForAggregates(tx)).map((p) => ({
    id: p.id,
    active: p.active,
    languages: p.languages,
    livedExperience: p.lived_experience,
    genderIdentity: p.gender_identity,
    // Where the peer works (the job profile), else where they are.
    county: p.job_profile?.workFips ?? countyOfLocation({ lat: p.lat === null ? null : Number(p.lat), lon: p.lon === null ? null : Number(p.lon), postalCode: p.postal_code }),
  }));
  return aggregatesOf(month, participants, assignments, peers);
};

const isAdmin = (a: Actor): a is Actor & { kind: 'user'; orgId: string; userId: string } => a.kind === 'user' && a.role === 'admin' && !!a.orgId;

/**
 * A member organization's own data as its registry snapshot (issue 22): the peer's registry
 * consent (their choice alone, separate from matching, off by default), the job profile the admin
 * enters, and the "build snapshot from our data" action that submits the de-identified records
 * through the same checks as any snapshot (build.rules.ts says what leaves).
 */
export const createBuildService = ({ db, audit, clock, submit }: { db: Database; audit: AuditService; clock: () => Date; submit: ReturnType<typeof createSubmitService> }) => ({
  /** The signed-in peer's own registry consent. */
  async myConsent(actor: Actor) {
    if (actor.kind !== 'user' || !actor.orgId) throw forbidden();
    const row = await db.tenant(actor.orgId, (tx) => repo.consentOfUser(tx, actor.userId));
    if (!row) throw notFound('Peer profile');
    return { shareDemographics: row.registry_consent.shareDemographics === true, decidedAt: row.registry_consent.decidedAt ?? null };
  },

  /** Only the peer decides: an admin cannot share a peer's demographics for them. */
  async setMyConsent(actor: Actor, input: { shareDemographics: boolean }) {
    if (actor.kind !== 'user' || !actor.orgId) throw forbidden();
    return db.tenant(actor.orgId, async (tx) => {
      const row = await repo.consentOfUser(tx, actor.userId);
      if (!row) throw notFound('Peer profile');
      const consent = { shareDemographics: input.shareDemographics, decidedAt: clock().toISOString() };
      await repo.setConsent(tx, row.id, consent);
      await audit.record(tx, actor, { action: 'peer.registry_consent', entityType: 'peer', entityId: row.id, details: { shareDemographics: input.shareDemographics } });
      return { shareDemographics: consent.shareDemographics, decidedAt: consent.decidedAt };
    });
  },

  async jobProfile(actor: Actor, peerId: string) {
    if (!isAdmin(actor)) throw forbidden('Only an administrator sees job profiles.');
    const row = await db.tenant(actor.orgId, (tx) => repo.jobProfileOf(tx, peerId));
    if (!row) throw notFound('Peer');
    return { ...row.job_profile, registryConsent: row.registry_consent.shareDemographics === true };
  },

  async setJobProfile(actor: Actor, peerId: string, input: JobProfile) {
    if (!isAdmin(actor)) throw forbidden('Only an administrator enters job profiles.');
    const problems = jobProfileProblems(input);
    if (problems.length > 0) throw badRequest(problems[0]!.message, problems);
    return db.tenant(actor.orgId, async (tx) => {
      if (!(await repo.setJobProfile(tx, peerId, input))) throw notFound('Peer');
      await audit.record(tx, actor, { action: 'peer.job_profile', entityType: 'peer', entityId: peerId });
      const row = (await repo.jobProfileOf(tx, peerId))!;
      return { ...row.job_profile, registryConsent: row.registry_consent.shareDemographics === true };
    });
  },

  /** Builds the month's snapshot from the organization's peers and submits it. */
  async build(actor: Actor, registryId: string, month: string) {
    // The organization's admin, or its own CLI (a system actor of the organization).
    const orgId = isAdmin(actor) || actor.kind === 'system' ? actor.orgId : null;
    if (!orgId) throw forbidden("Only your organization's administrator sends snapshots.");
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw badRequest('Give the month as YYYY-MM.', [{ field: 'body.month', message: 'YYYY-MM' }]);
    const peers = await db.tenant(orgId, (tx) => repo.peersForSnapshot(tx));
    const { aggregates, report } = await db.tenant(orgId, async (tx) => {
      const built = await aggregatesFromOwnData(tx, month);
      // Participant rows are read (counted, never sent): the read is audited once per build.
      await audit.record(tx, actor, { action: 'registry.build_aggregates', entityType: 'registry', entityId: registryId, details: { month, servedParticipants: built.report.servedParticipants, rows: built.report.rows } });
      return built;
    });
    const skipped: Record<SkipReason, number> = { 'no-job-profile': 0, 'not-working-that-month': 0, 'no-linkage': 0 };
    const sent: string[] = [];
    const records = peers.flatMap((p) => {
      const r = recordOfPeer(p, month);
      if ('skipped' in r) {
        skipped[r.skipped]++;
        return [];
      }
      sent.push(p.displayName);
      return [r.record];
    });
    const result = await submit.byOrganization(actor, registryId, orgId, { month, records, aggregates });
    // The report goes back to the organization's own admin: a refused record is named by its peer
    // (the name itself never went into the snapshot).
    // A refused aggregate is reported by its own line (column "aggregates..."), never by a peer's name.
    return {
      ...result,
      problems: result.problems.map((p) => ({ ...p, peer: p.column?.startsWith('aggregates') ? null : (sent[p.line - 1] ?? null) })),
      peers: peers.length,
      skipped,
      aggregates: report,
    };
  },
});
