import { createHash, randomUUID } from 'node:crypto';
import { systemActor, type Actor } from '../../core/actor.ts';
import { badRequest, forbidden, unauthorized } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { orgToday } from '../people/people.repo.ts';
import { isKnownCounty } from './geography.ts';
import { csvRows, decodeText, FatalImportError, parseDate, type RowProblem } from './import.rules.ts';
import { viewOf } from './registry.access.ts';
import * as repo from './registry.repo.ts';
import { hashToken } from './registry.service.ts';
import { checkRecord, SNAPSHOT_CSV_COLUMNS, type RegistryRecord, type SubmittedRecord } from './snapshot.rules.ts';

export interface Aggregate {
  kind: 'served-race' | 'served-language' | 'unmet-wish';
  countyFips: string;
  category: string;
  people: number;
  peersAvailable?: number | null | undefined;
}

export interface SnapshotInput {
  month: string;
  records: SubmittedRecord[];
  aggregates?: Aggregate[] | undefined;
}

export interface Submitter {
  registryId: string;
  registryOrgId: string;
  memberOrgId: string;
}

const canonical = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(canonical).join(',')}]` : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}` : JSON.stringify(v ?? null);

/**
 * A member's monthly snapshot (issue 22): checked record by record (a bad record is reported and
 * left out, the rest kept), then stored as a new version of the member's month unless it is the
 * same content as the last version, which changes nothing. A snapshot for a month not yet ended
 * is refused whole.
 */
export const createSubmitService = ({ db, audit, clock }: { db: Database; audit: AuditService; clock: () => Date }) => {
  const store = async (actor: Actor | null, who: Submitter, input: SnapshotInput, source: 'api' | 'csv') => {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.month)) throw badRequest('Give the month as YYYY-MM.', [{ field: 'body.month', message: 'YYYY-MM' }]);
    const month = `${input.month}-01`;
    return db.tenant(who.registryOrgId, async (tx) => {
      // The registry's day: December has started in Auckland while the UTC day is still November 30.
      const today = await orgToday(tx, who.registryOrgId, clock);
      if (month > today) throw badRequest('A snapshot is of a month that has started.', [{ field: 'body.month', message: 'In the future' }]);
      const secret = await repo.registrySecret(tx, who.registryId);
      if (!secret) throw unauthorized();
      const seen = new Set<string>();
      const problems: RowProblem[] = [];
      const records: RegistryRecord[] = [];
      input.records.forEach((r, i) => {
        const checked = checkRecord(secret, r, i + (source === 'csv' ? 2 : 1), today, seen);
        problems.push(...checked.problems);
        if (checked.record) records.push(checked.record);
      });
      const aggregates = (input.aggregates ?? []).flatMap((a, i) => {
        if (!isKnownCounty(a.countyFips)) {
          problems.push({ line: i + 1, column: 'aggregates.countyFips', severity: 'error', message: `Unknown county FIPS code "${a.countyFips}".` });
          return [];
        }
        return [{ ...a, peersAvailable: a.peersAvailable ?? null }];
      });
      const hash = createHash('sha256').update(canonical({ records: [...records].sort((a, b) => a.personKey.localeCompare(b.personKey)), aggregates })).digest('hex');
      const last = await repo.latestSnapshot(tx, who.registryId, who.memberOrgId, month);
      if (last && last.content_hash === hash) {
        return { snapshotId: last.id, month: input.month, version: last.version, unchanged: true, accepted: records.length, rejected: input.records.length - records.length, problems };
      }
      const id = randomUUID();
      const version = (last?.version ?? 0) + 1;
      await repo.replaceMonth(tx, { id, registryId: who.registryId, orgId: who.registryOrgId, memberOrgId: who.memberOrgId, month, version, hash, source }, records, aggregates);
      await repo.refreshMonthly(tx, who.registryId, who.registryOrgId, month);
      const auditActor: Actor = actor ?? systemActor('registry-submit-token', who.registryOrgId);
      await audit.record(tx, auditActor, {
        action: 'registry.snapshot',
        entityType: 'registry',
        entityId: who.registryId,
        // The event belongs to the registry's chain, whoever sent the snapshot.
        orgId: who.registryOrgId,
        details: { memberOrgId: who.memberOrgId, month: input.month, version, accepted: records.length, rejected: input.records.length - records.length },
      });
      return { snapshotId: id, month: input.month, version, unchanged: false, accepted: records.length, rejected: input.records.length - records.length, problems };
    });
  };

  const submitterOf = async (actor: Actor, registryId: string): Promise<Submitter> => {
    const view = await viewOf(db, actor, registryId);
    if (view.as !== 'member' || !view.memberOrgId) throw forbidden('Only a member organization sends snapshots.');
    return { registryId, registryOrgId: view.registry.org_id, memberOrgId: view.memberOrgId };
  };

  return {
    /** By a member server's submission token (its own scope: this registry's snapshots). */
    async byToken(token: string, registryId: string, input: SnapshotInput) {
      const owner = await db.tenant(null, (tx) => repo.submitTokenOwner(tx, hashToken(token)));
      if (!owner || owner.registry_id !== registryId) throw unauthorized('invalid-token', 'The submission token is not valid for this registry.');
      return store(null, { registryId, registryOrgId: owner.org_id, memberOrgId: owner.member_org_id }, input, 'api');
    },

    /** By a member admin signed in (the web app's upload, or the API with their own token). */
    async byMember(actor: Actor, registryId: string, input: SnapshotInput) {
      return store(actor, await submitterOf(actor, registryId), input, 'api');
    },

    /**
     * For a member organization's own server or CLI (a system actor of that organization) or its
     * admin: the organization must be a member that has not left.
     */
    async byOrganization(actor: Actor, registryId: string, memberOrgId: string, input: SnapshotInput) {
      if (actor.kind === 'user') return store(actor, await submitterOf(actor, registryId), input, 'api');
      const registry = await db.tenant(memberOrgId, (tx) => repo.publicRegistry(tx, registryId));
      const member = registry ? await db.tenant(memberOrgId, (tx) => repo.membership(tx, registryId, memberOrgId)) : null;
      if (!registry || !member || member.left_at !== null) throw forbidden('This organization is not a member of the registry.');
      return store(actor, { registryId, registryOrgId: registry.org_id, memberOrgId }, input, 'api');
    },

    /** A CSV the member admin uploads: wrong headers are fatal (nothing stored). */
    async csv(actor: Actor, registryId: string, month: string, file: string, bytes: Uint8Array) {
      const who = await submitterOf(actor, registryId);
      const records = parseSnapshotCsv(file, bytes);
      return store(actor, who, { month, records }, 'csv');
    },
  };
};

/** A date as ISO; an unreadable one is kept as written so the record check reports it. */
const dateOf = (v: string) => {
  const d = parseDate(v);
  return d === undefined ? v : d;
};

const list = (v: string | undefined) => (v ?? '').split(';').map((s) => s.trim()).filter(Boolean);

/** The rows of a snapshot CSV as submitted records; the header must be the documented one. */
export const parseSnapshotCsv = (file: string, bytes: Uint8Array): SubmittedRecord[] => {
  const rows = csvRows(file, decodeText(file, bytes));
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = SNAPSHOT_CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new FatalImportError(file, `the header is missing ${missing.join(', ')}. The columns are: ${SNAPSHOT_CSV_COLUMNS.join(',')}.`);
  const at = (row: string[], c: string) => (row[header.indexOf(c)] ?? '').trim();
  return rows.slice(1).map((row) => {
    const year = Number(at(row, 'birth_year'));
    const wage = at(row, 'hourly_wage');
    const benefits = at(row, 'benefits').toLowerCase();
    const race = list(at(row, 'race_ethnicity'));
    const lived = list(at(row, 'lived_experience'));
    return {
      linkage: {
        credentialNumber: at(row, 'credential_number') || undefined,
        credentialState: at(row, 'credential_state') || undefined,
        name: at(row, 'name') || undefined,
        birthYear: Number.isInteger(year) && year > 1900 ? year : undefined,
      },
      credentialTypes: list(at(row, 'credential_types')),
      certifiedOn: dateOf(at(row, 'certified_on')),
      workFips: at(row, 'work_fips') || null,
      residenceFips: at(row, 'residence_fips') || null,
      role: at(row, 'role'),
      hoursPerWeek: Number(at(row, 'hours_per_week')),
      hourlyWage: wage === '' ? null : Number(wage),
      benefits: benefits === '' ? null : ['yes', 'true', '1', 'y'].includes(benefits),
      jobStart: dateOf(at(row, 'job_start')),
      jobEnd: dateOf(at(row, 'job_end')),
      specialties: list(at(row, 'specialties')),
      languages: list(at(row, 'languages')),
      raceEthnicity: race.length > 0 ? race : null,
      livedExperience: lived.length > 0 ? lived : null,
    };
  });
};
