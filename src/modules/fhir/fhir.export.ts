import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import type { Actor } from '../../core/actor.ts';
import type { Keys } from '../../core/crypto.ts';
import { forbidden } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import { toObservations, toQuestionnaireResponse } from '../../interop/fhir/assessment.ts';
import { toCareTeam, toEpisodeOfCare, toWaitlistEpisode } from '../../interop/fhir/care.ts';
import { toCarePlan, toGoal } from '../../interop/fhir/careplan.ts';
import { PART2_LABELS } from '../../interop/fhir/codes.ts';
import { toMatchConsent, toPart2Consent, toSharingConsent } from '../../interop/fhir/consent.ts';
import { toEncounter } from '../../interop/fhir/encounter.ts';
import { instrumentCatalog } from '../../interop/fhir/everything.ts';
import type { AssignmentRecord } from '../../interop/fhir/model.ts';
import { goalIsPart2, goalLeaves, part2ConsentLeaves, referralPart2Leaves } from '../../interop/fhir/part2.ts';
import { toPatient } from '../../interop/fhir/patient.ts';
import { toServiceRequest, toTask } from '../../interop/fhir/referral.ts';
import { toOrganization, toPractitioner, toPractitionerRole } from '../../interop/fhir/workforce.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { localDate } from '../referrals/referrals.rules.ts';
import * as repo from './fhir.repo.ts';

/**
 * An organization's records as FHIR Bulk Data NDJSON (one file per resource type, one resource
 * per line: Patient.ndjson, Encounter.ndjson, …), for interoperability. Streamed: each kind of
 * record is read in keyset pages of `batch` rows and written as it is mapped, waiting for the
 * file to drain, so memory stays flat whatever the organization's size. The same mappers and
 * Part 2 rules as a staff $everything (an export leaves the program: part2.ts), in one
 * transaction, audited once with the counts.
 */
export interface BulkExportResult {
  organizationId: string;
  files: Array<{ type: string; url: string; count: number }>;
}

/** Lines are gathered per type up to about 256 KiB and written at once, waiting for the file to drain. */
const FLUSH_AT = 1 << 18;

class NdjsonFiles {
  readonly #dir: string;
  readonly #streams = new Map<string, { stream: WriteStream; lines: string[]; size: number }>();
  readonly counts = new Map<string, number>();
  constructor(dir: string) {
    this.#dir = dir;
  }
  async write(resource: Resource) {
    let f = this.#streams.get(resource.resourceType);
    if (!f) {
      // Participant data: owner-only, as every file the CLI writes (issue 18).
      f = { stream: createWriteStream(join(this.#dir, `${resource.resourceType}.ndjson`), { mode: 0o600, flags: 'w' }), lines: [], size: 0 };
      this.#streams.set(resource.resourceType, f);
    }
    this.counts.set(resource.resourceType, (this.counts.get(resource.resourceType) ?? 0) + 1);
    const line = `${JSON.stringify(resource)}\n`;
    f.lines.push(line);
    f.size += line.length;
    if (f.size >= FLUSH_AT) await this.#flush(f);
  }
  async #flush(f: { stream: WriteStream; lines: string[]; size: number }) {
    if (f.lines.length === 0) return;
    const text = f.lines.join('');
    f.lines = [];
    f.size = 0;
    if (!f.stream.write(text)) await once(f.stream, 'drain');
  }
  async close() {
    for (const f of this.#streams.values()) await this.#flush(f);
    await Promise.all([...this.#streams.values()].map(({ stream }) => new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve())))));
  }
}

/** Pages through one kind of record by id until a page comes back short. */
const pages = async <R>(read: (page: repo.Page) => Promise<R[]>, key: (r: R) => string, batch: number, each: (rows: R[]) => Promise<void>) => {
  let after: string | null = null;
  for (;;) {
    const t = performance.now();
    const rows = await read({ after, limit: batch });
    timing.readMs += performance.now() - t;
    if (rows.length > 0) await each(rows);
    if (rows.length < batch) return;
    after = key(rows[rows.length - 1]!);
  }
};
/** Time spent reading in the current phase (for the benchmark's breakdown). */
const timing = { readMs: 0 };

const groupBy = <T>(rows: T[], key: (r: T) => string) => {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(key(r));
    if (list) list.push(r);
    else m.set(key(r), [r]);
  }
  return m;
};

export const exportOrganization = async (
  deps: { db: Database; keys: Keys; audit: AuditService; clock?: () => Date },
  actor: Actor,
  outDir: string,
  opts: { batch?: number; onPhase?: (phase: string, ms: number, readMs: number) => void } = {},
): Promise<BulkExportResult> => {
  if (actor.kind === 'user' && actor.role !== 'admin') throw forbidden('Admins export the organization.');
  const orgId = actor.orgId;
  if (!orgId) throw forbidden('An export is of one organization.');
  const batch = opts.batch ?? 2000;
  const files = new NdjsonFiles(outDir);
  const now = (deps.clock ?? (() => new Date()))();
  const phase = async (name: string, run: () => Promise<void>) => {
    const t = performance.now();
    timing.readMs = 0;
    await run();
    opts.onPhase?.(name, performance.now() - t, timing.readMs);
  };
  try {
    await deps.db.tenant(
      orgId,
      async (tx: Tx) => {
        const org = await repo.org(tx, orgId);
        const today = localDate(now, org.timeZone);
        await files.write(toOrganization(org));
        await phase('Practitioner', () => pages((p) => repo.peers(tx, { page: p }), (r) => r.id, batch, async (rows) => {
          for (const p of rows) {
            await files.write(toPractitioner(p));
            await files.write(toPractitionerRole(p, orgId));
          }
        }));
        // Patients with what hangs on their matches: episodes, the care team, match consents.
        await phase('Patient', () => pages((p) => repo.participants(tx, deps.keys.field, { page: p }), (r) => r.id, batch, async (rows) => {
          const byParticipant = groupBy(await repo.assignmentsOfParticipants(tx, rows.map((r) => r.id)), (a) => a.participantId);
          const peerNames = new Map<string, { id: string; displayName: string; languages: string[]; npi: string | null; active: boolean }>();
          for (const p of rows) {
            const as: AssignmentRecord[] = byParticipant.get(p.id) ?? [];
            await files.write(toPatient(p, orgId, as.find((a) => a.status === 'active')?.peerId ?? null));
            if (as.length === 0) await files.write(toWaitlistEpisode(p, orgId));
            for (const a of as) await files.write(toEpisodeOfCare(a, orgId));
            await files.write(toCareTeam(p.id, orgId, as, peerNames));
            for (const a of as) await files.write(toMatchConsent(a, orgId));
          }
        }));
        // Each encounter's episode comes with it (the same rule as episodeAt, in SQL): no query per page.
        await phase('Encounter', () => pages((p) => repo.encounters(tx, { page: p, withEpisode: true }), (r) => r.lineId, batch, async (rows) => {
          for (const e of rows) await files.write(toEncounter(e, { orgId, episodeId: e.episodeId ?? null, reader: 'staff' }));
        }));
        await phase('CarePlan', () => pages((p) => repo.plans(tx, { page: p }), (r) => r.participantId, batch, async (rows) => {
          for (const plan of rows) {
            const goals = plan.goals.filter((g) => goalLeaves(g, 'staff'));
            await files.write(toCarePlan(plan, goals, orgId, false));
            for (const g of goals) await files.write(toGoal(g, plan.participantId, goalIsPart2(g)));
          }
        }));
        await phase('ServiceRequest', () => pages((p) => repo.referrals(tx, orgId, { page: p }), (r) => r.id, batch, async (rows) => {
          for (const r of rows) {
            const part2 = referralPart2Leaves(r, 'staff', today);
            await files.write(toServiceRequest(r, orgId, part2));
            await files.write(toTask(r, orgId, part2));
            if (r.sharingConsent?.given) await files.write(toSharingConsent(r, orgId));
            if (r.part2Consent && part2ConsentLeaves(r.part2Consent, 'staff', today)) await files.write(toPart2Consent(r.part2Consent, orgId, today));
          }
        }));
        await phase('Consent', () => pages((p) => repo.intakeConsents(tx, { page: p }), (r) => r.id, batch, async (rows) => {
          for (const c of rows) {
            const consent = c.resource as unknown as Resource & { status?: string; provision?: { period?: { end?: string } } };
            if (!c.part2) await files.write(consent);
            else if (consent.status === 'active' && (consent.provision?.period?.end ?? '9999') > today) await files.write({ ...consent, meta: { security: PART2_LABELS.map((x) => ({ ...x })) } });
          }
        }));
        const instruments = await instrumentCatalog(tx);
        await phase('QuestionnaireResponse', () => pages((p) => repo.assessments(tx, { page: p }), (r) => r.id, batch, async (rows) => {
          for (const a of rows) {
            const def = instruments.get(`${a.instrument}@${a.version}`);
            await files.write(toQuestionnaireResponse(a, def, a.recordedByPeerId));
            for (const o of toObservations(a, def)) await files.write(o);
          }
        }));
        await deps.audit.record(tx, actor, {
          action: 'fhir.bulk_export',
          entityType: 'organization',
          entityId: orgId,
          details: { counts: Object.fromEntries(files.counts) },
        });
      },
      null,
      deps.db.longStatements,
    );
  } finally {
    await files.close();
  }
  return {
    organizationId: orgId,
    files: [...files.counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => ({ type, url: join(outDir, `${type}.ndjson`), count })),
  };
};
