import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { AppError, conflict, failIfProblems, forbidden, notFound } from '../../core/errors.ts';
import { offsetOf, type Page, type PageQuery } from '../../core/paging.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { BillingView } from '../caseload/caseload.schemas.ts';
import type { PeopleService } from '../people/people.service.ts';
import { billingSettingsOf, decideLines, toBillingView, type Lang } from './billing.decisions.ts';
import { createClaimExport } from './billing.export.ts';
import { createClaimPreview } from './billing.preview.ts';
import * as exportsRepo from './billing.exports.repo.ts';
import * as linesRepo from './billing.lines.repo.ts';
import * as repo from './billing.repo.ts';
import type {
  BillingSettings,
  ClaimExportView,
  CoverageInput,
  CoveragePatch,
  ClaimToCorrect,
  CoverageChange,
  CoverageView,
  PayerInput,
  PayerPatch,
  PayerView,
} from './billing.schemas.ts';
import { exclusionView, exportView, toCoverageView, toPayerView } from './billing.views.ts';

// Payers, coverages, settings and claim exports. The decisions of service lines live in
// billing.decisions.ts, the export use case in billing.export.ts, the API shapes in billing.views.ts.
export { langOf, decideLines, toBillingView, billingSettingsOf, toPayerForRules, type Lang, type LineDecision, type DecideInput } from './billing.decisions.ts';
export type { ClaimExportResult } from './billing.export.ts';

export interface BillingDeps {
  db: Database;
  audit: AuditService;
  people: PeopleService;
  clock: () => Date;
}

export type BillingService = ReturnType<typeof createBillingService>;

export const createBillingService = ({ db, audit, people, clock }: BillingDeps) => {
  const requireRole = (actor: Actor, roles: readonly string[], what: string) => {
    if (actor.kind === 'user' && !roles.includes(actor.role)) throw forbidden(what);
  };
  const staff = (actor: Actor) => {
    if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden('Analysts see aggregate reports, not individual records.');
  };

  const payerColumns = (p: Partial<PayerInput>) => {
    const out: Partial<repo.PayerRow> = {};
    for (const [k, v] of Object.entries(p)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
    return out;
  };

  /**
   * Billing of every participant line of these encounters, inside the caller's transaction:
   * each computed with that participant's other notes of the same service date.
   */
  const decideEncounters = async (tx: Tx, orgId: string, encounterIds: string[]) => {
    const own = await linesRepo.linesOfEncounters(tx, encounterIds);
    const participantIds = [...new Set(own.map((l) => l.participantId))];
    const dates = [...new Set(own.map((l) => l.serviceDate))];
    const wanted = new Set(own.map((l) => `${l.participantId}|${l.serviceDate}`));
    const lines = (await linesRepo.linesOfParticipantDays(tx, participantIds, dates)).filter((l) => wanted.has(`${l.participantId}|${l.serviceDate}`));
    return decideFor(tx, orgId, lines, await exportsRepo.exportLinesOf(tx, lines.map((l) => l.lineId)));
  };

  const decideFor = async (tx: Tx, orgId: string, lines: linesRepo.BillingLineRow[], exportLines: exportsRepo.ExportLineRow[]) => {
    const org = await repo.getOrg(tx, orgId);
    const settings = billingSettingsOf(org?.settings);
    const payers = await repo.allPayers(tx);
    const coverages = await repo.coveragesOf(tx, [...new Set(lines.map((l) => l.participantId))]);
    const peers = await linesRepo.peerCertifications(tx, [...new Set(lines.map((l) => l.peerId))]);
    const decisions = decideLines({
      lines,
      coverages,
      payers,
      fundingOrder: settings.fundingOrder,
      certificationsByPeer: new Map(peers.map((p) => [p.id, p.certifications])),
      exportLines,
    });
    return { decisions, payers, coverages, peers, settings, timeZone: org?.timeZone ?? 'America/New_York' };
  };

  const exportClaims = createClaimExport({ db, audit, clock, decideFor });
  const previewClaims = createClaimPreview({ db, audit, decideFor });

  /**
   * The participant's notes on a claim of a payer their coverages no longer pick for its date,
   * after a coverage was recorded or changed: each must be released for resubmission to move.
   */
  const claimsToCorrect = async (tx: Tx, orgId: string, participantId: string): Promise<ClaimToCorrect[]> => {
    const dates = await linesRepo.exportedDatesOfParticipant(tx, participantId);
    if (dates.length === 0) return [];
    const lines = await linesRepo.linesOfParticipantDays(tx, [participantId], dates);
    const exportLines = await exportsRepo.exportLinesOf(tx, lines.map((l) => l.lineId));
    const { decisions, payers } = await decideFor(tx, orgId, lines, exportLines);
    const names = new Map(payers.map((p) => [p.id, p.name]));
    const claimOf = new Map(exportLines.filter((l) => l.voidedAt === null).map((l) => [l.lineId, l]));
    const out: ClaimToCorrect[] = [];
    for (const d of decisions) {
      const sent = claimOf.get(d.line.lineId);
      if (d.coveredNowBy === undefined || sent === undefined) continue;
      out.push({
        encounterId: d.line.encounterId,
        serviceDate: d.line.serviceDate,
        exportId: sent.exportId,
        claimId: sent.claimId,
        sentToPayerId: sent.payerId,
        sentToPayerName: names.get(sent.payerId) ?? '',
        nowPayerId: d.coveredNowBy,
        nowPayerName: d.coveredNowBy === null ? null : (names.get(d.coveredNowBy) ?? null),
      });
    }
    return out.sort((a, b) => (a.serviceDate < b.serviceDate ? -1 : a.serviceDate > b.serviceDate ? 1 : a.encounterId < b.encounterId ? -1 : 1));
  };

  /** `encounterId|participantId` → billing view, for the caseload module's encounter views. */
  const billingViews = async (tx: Tx, orgId: string, encounterIds: string[], lang: Lang) => {
    const { decisions, payers } = await decideEncounters(tx, orgId, encounterIds);
    const names = new Map(payers.map((p) => [p.id, p.name]));
    const out = new Map<string, BillingView>();
    const ids = new Set(encounterIds);
    for (const d of decisions.values()) {
      if (ids.has(d.line.encounterId)) out.set(`${d.line.encounterId}|${d.line.participantId}`, toBillingView(d, names, lang));
    }
    return { views: out, payers };
  };

  return {
    decideEncounters,
    billingViews,

    exportClaims,
    previewClaims,

    // ---------- payers ----------

    async createPayer(actor: Actor, input: PayerInput): Promise<PayerView> {
      requireRole(actor, ['admin'], 'Admins manage payers.');
      return db.tenant(actor.orgId!, async (tx) => {
        if (await repo.payerByName(tx, input.name)) throw conflict('payer-exists', `A payer named "${input.name}" already exists.`);
        const row = await repo.insertPayer(tx, { id: randomUUID(), orgId: actor.orgId!, ...payerColumns(input) } as repo.NewPayerRow);
        await audit.record(tx, actor, { action: 'payer.create', entityType: 'payer', entityId: row.id });
        return toPayerView(row);
      });
    },

    async listPayers(actor: Actor, page: PageQuery): Promise<Page<PayerView>> {
      return db.tenant(actor.orgId!, async (tx) => {
        const { total, items } = await repo.listPayers(tx, page.pageSize, offsetOf(page));
        return { total, page: page.page, pageSize: page.pageSize, items: items.map(toPayerView) };
      });
    },

    async getPayer(actor: Actor, id: string): Promise<PayerView> {
      return db.tenant(actor.orgId!, async (tx) => {
        const row = await repo.getPayer(tx, id);
        if (!row) throw notFound('Payer');
        return toPayerView(row);
      });
    },

    async updatePayer(actor: Actor, id: string, patch: PayerPatch): Promise<PayerView> {
      requireRole(actor, ['admin'], 'Admins manage payers.');
      return db.tenant(actor.orgId!, async (tx) => {
        const before = await repo.getPayer(tx, id);
        if (!before) throw notFound('Payer');
        if (patch.name !== undefined) {
          const same = await repo.payerByName(tx, patch.name);
          if (same && same.id !== id) throw conflict('payer-exists', `A payer named "${patch.name}" already exists.`);
        }
        const after = (await repo.updatePayer(tx, id, payerColumns(patch)))!;
        await audit.record(tx, actor, { action: 'payer.update', entityType: 'payer', entityId: id, details: { fields: Object.keys(patch) } });
        return toPayerView(after);
      });
    },

    // ---------- coverages ----------

    async addCoverage(actor: Actor, participantId: string, input: CoverageInput): Promise<CoverageChange> {
      staff(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        await people.openParticipant(tx, actor, participantId);
        const payer = await repo.getPayer(tx, input.payerId);
        if (!payer) throw new AppError(404, 'not-found', 'Payer not found.', { errors: [{ field: 'body.payerId', message: 'No such payer' }] });
        const endDate = input.endDate ?? null;
        failIfProblems(endDate !== null && endDate < input.startDate ? [{ field: 'body.endDate', message: 'The coverage must end on or after its start date' }] : []);
        const existing = await repo.coveragesOf(tx, [participantId]);
        const overlap = existing.find(
          (c) => c.payerId === input.payerId && c.startDate <= (endDate ?? '9999-12-31') && input.startDate <= (c.endDate ?? '9999-12-31'),
        );
        if (overlap) throw conflict('coverage-overlap', `This participant already has ${payer.name} coverage from ${overlap.startDate}${overlap.endDate ? ` to ${overlap.endDate}` : ''}.`);
        const row = await repo.insertCoverage(tx, {
          id: randomUUID(),
          orgId: actor.orgId!,
          participantId,
          payerId: input.payerId,
          memberId: input.memberId,
          startDate: input.startDate,
          endDate,
          diagnosisCodes: input.diagnosisCodes,
          subscriberAddress: input.subscriberAddress ?? null,
          createdBy: actor.kind === 'user' ? actor.userId : null,
        });
        await audit.record(tx, actor, { action: 'coverage.create', entityType: 'coverage', entityId: row.id, details: { participantId, payerId: input.payerId } });
        return { ...toCoverageView(row, payer.name), claimsToCorrect: await claimsToCorrect(tx, actor.orgId!, participantId) };
      });
    },

    async updateCoverage(actor: Actor, participantId: string, coverageId: string, patch: CoveragePatch): Promise<CoverageChange> {
      staff(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        await people.openParticipant(tx, actor, participantId);
        const existing = await repo.coveragesOf(tx, [participantId]);
        const before = existing.find((c) => c.id === coverageId);
        if (!before) throw notFound('Coverage');
        const startDate = patch.startDate ?? before.startDate;
        const endDate = patch.endDate !== undefined ? patch.endDate : before.endDate;
        failIfProblems(
          endDate !== null && endDate < startDate
            ? [{ field: patch.endDate !== undefined ? 'body.endDate' : 'body.startDate', message: 'The coverage must end on or after its start date' }]
            : [],
        );
        const overlap = existing.find(
          (c) => c.id !== coverageId && c.payerId === before.payerId && c.startDate <= (endDate ?? '9999-12-31') && startDate <= (c.endDate ?? '9999-12-31'),
        );
        const payerName = (await repo.getPayer(tx, before.payerId))?.name ?? '';
        if (overlap) {
          throw new AppError(409, 'coverage-overlap', `This participant already has ${payerName} coverage from ${overlap.startDate}${overlap.endDate ? ` to ${overlap.endDate}` : ''}.`, {
            errors: [{ field: patch.endDate !== undefined ? 'body.endDate' : 'body.startDate', message: 'Overlaps another coverage of the same payer' }],
          });
        }
        const fields = Object.entries(patch)
          .filter(([, v]) => v !== undefined)
          .map(([k]) => k);
        const after = await repo.updateCoverage(tx, coverageId, {
          ...(patch.memberId !== undefined ? { memberId: patch.memberId } : {}),
          ...(patch.startDate !== undefined ? { startDate: patch.startDate } : {}),
          ...(patch.endDate !== undefined ? { endDate: patch.endDate } : {}),
          ...(patch.diagnosisCodes !== undefined ? { diagnosisCodes: patch.diagnosisCodes } : {}),
          ...(patch.subscriberAddress !== undefined ? { subscriberAddress: patch.subscriberAddress } : {}),
        });
        await audit.record(tx, actor, { action: 'coverage.update', entityType: 'coverage', entityId: coverageId, details: { participantId, fields } });
        return { ...toCoverageView(after, payerName), claimsToCorrect: await claimsToCorrect(tx, actor.orgId!, participantId) };
      });
    },

    async listCoverages(actor: Actor, participantId: string): Promise<CoverageView[]> {
      staff(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        await people.openParticipant(tx, actor, participantId);
        const rows = await repo.coveragesOf(tx, [participantId]);
        const names = new Map((await repo.allPayers(tx)).map((p) => [p.id, p.name]));
        await audit.record(tx, actor, { action: 'coverage.list', entityType: 'participant', entityId: participantId });
        return rows.map((r) => toCoverageView(r, names.get(r.payerId) ?? ''));
      });
    },

    // ---------- settings ----------

    async getSettings(actor: Actor): Promise<BillingSettings> {
      requireRole(actor, ['admin', 'supervisor'], 'Admins and supervisors see billing settings.');
      return db.tenant(actor.orgId!, async (tx) => billingSettingsOf((await repo.getOrg(tx, actor.orgId!))?.settings));
    },

    async putSettings(actor: Actor, input: BillingSettings): Promise<BillingSettings> {
      requireRole(actor, ['admin'], 'Admins change billing settings.');
      return db.tenant(actor.orgId!, async (tx) => {
        await repo.setOrgSettingsKey(tx, actor.orgId!, 'billing', input);
        await audit.record(tx, actor, { action: 'billing.settings_update', entityType: 'organization', entityId: actor.orgId!, details: { fields: Object.keys(input) } });
        return input;
      });
    },

    // ---------- claims ----------

    /**
     * Builds the claim batch of one payer for a service date range, records which lines it sent
     * (a partial unique index keeps each line exported once unless voided), stores the file and
     * answers what was excluded and why. Nothing is stored when there is nothing to bill.
     */

    async listExports(actor: Actor, page: PageQuery): Promise<Page<ClaimExportView>> {
      requireRole(actor, ['admin'], 'Admins see claim exports.');
      return db.tenant(actor.orgId!, async (tx) => {
        const { total, items } = await exportsRepo.listExports(tx, page.pageSize, offsetOf(page));
        return { total, page: page.page, pageSize: page.pageSize, items: items.map((r) => exportView(r, [])) };
      });
    },

    async getExport(actor: Actor, id: string, lang: Lang): Promise<ClaimExportView> {
      requireRole(actor, ['admin'], 'Admins see claim exports.');
      return db.tenant(actor.orgId!, async (tx) => {
        const row = await exportsRepo.getExport(tx, id);
        if (!row) throw notFound('Claim export');
        const names = await linesRepo.participantNames(tx, row.excluded.map((e) => e.participantId));
        // The export shows, by name, whose notes it left out: audited as a read of their records.
        if (names.size > 0) {
          await audit.record(tx, actor, { action: 'claims.export_read', entityType: 'claim_export', entityId: id, details: { participantIds: [...names.keys()] } });
        }
        return exportView(row, row.excluded.map((e) => exclusionView(e, lang, names)));
      });
    },

    async exportFile(actor: Actor, id: string): Promise<{ fileName: string; format: string; content: string }> {
      requireRole(actor, ['admin'], 'Admins download claim files.');
      return db.tenant(actor.orgId!, async (tx) => {
        const row = await exportsRepo.getExportFile(tx, id);
        if (!row) throw notFound('Claim export');
        await audit.record(tx, actor, { action: 'claims.download', entityType: 'claim_export', entityId: id });
        return row;
      });
    },

    /**
     * For the caseload module's void: voids the encounter's exported lines (inside the caller's
     * transaction); with `wholeClaim` (a void for resubmission) every line of their claims is
     * released, to go out again together on the replacement claim.
     */
    voidExportLines: (tx: Tx, encounterId: string, by: string | null, reason: string, wholeClaim = false) =>
      exportsRepo.voidExportLines(tx, encounterId, by, reason, wholeClaim),
    activeExportLinesOfEncounter: (tx: Tx, encounterId: string) => exportsRepo.activeExportLinesOfEncounter(tx, encounterId),
    payersOf: (tx: Tx) => repo.allPayers(tx),

    /** For the command line (an operator, no tenant yet): the organization of a payer, or undefined. */
    orgOfPayer: (payerId: string) => db.owner((tx) => repo.orgOfPayer(tx, payerId)),
  };
};
