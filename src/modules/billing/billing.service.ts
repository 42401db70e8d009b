import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { AppError, badRequest, conflict, forbidden, notFound, type FieldProblem } from '../../core/errors.ts';
import { offsetOf, type Page, type PageQuery } from '../../core/paging.ts';
import type { Database, Tx } from '../../db/client.ts';
import { chunked, segments837P, type Generate837PInput, type RenderingPeer, type Subscriber } from '../../interop/x12/837p.ts';
import { claimsToCsv } from '../../interop/x12/claims-csv.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { BillingView } from '../caseload/caseload.schemas.ts';
import type { PeopleService } from '../people/people.service.ts';
import {
  billDay,
  choosePayer,
  exportedDecision,
  type BillingDecision,
  type CountedSameDay,
  type Coverage,
  type EncounterForBilling,
  type EncounterStatus,
  type EncounterType,
  type Modality,
  type ModifierRule,
  type Payer,
  type PayerType,
  type PeerCertification,
  type RoundingBasis,
  type RoundingRule,
  type UnitsBasis,
} from './billing.rules.ts';
import * as repo from './billing.repo.ts';
import {
  billingSettings,
  type BillingSettings,
  type ClaimExportInput,
  type ClaimExportView,
  type CoverageInput,
  type CoveragePatch,
  type ClaimToCorrect,
  type CoverageChange,
  type CoverageView,
  type PayerInput,
  type PayerPatch,
  type PayerView,
} from './billing.schemas.ts';
import { buildClaimBatch, totalsOf, type ClaimBatch, type EncounterWithBilling, type HeldClaim, type Exclusion } from './claims.rules.ts';

export interface BillingDeps {
  db: Database;
  audit: AuditService;
  people: PeopleService;
  clock: () => Date;
}

export type Lang = 'en' | 'es';

/** The caller's language from Accept-Language: Spanish when it is preferred, else English. */
export const langOf = (acceptLanguage: string | undefined): Lang => {
  const first = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find((v) => v !== undefined);
      return { tag: (tag ?? '').toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((l) => l.tag.length > 0)
    .sort((a, b) => b.q - a.q)[0];
  return first?.tag.startsWith('es') ? 'es' : 'en';
};

const iso = (d: Date) => d.toISOString();

/** organizations.settings.billing with defaults filled in. */
export const billingSettingsOf = (settings: Record<string, unknown> | undefined): BillingSettings => {
  const parsed = billingSettings.safeParse(settings?.billing ?? {});
  return parsed.success ? parsed.data : billingSettings.parse({});
};

export const toPayerForRules = (row: repo.PayerRow): Payer => ({
  id: row.id,
  name: row.name,
  type: row.type as PayerType,
  serviceCode: row.serviceCode,
  modifierRules: row.modifierRules as ModifierRule[],
  unitMinutes: row.unitMinutes,
  rounding: row.rounding as RoundingRule,
  roundingBasis: row.roundingBasis as RoundingBasis,
  ...(row.dailyMaxUnits === null ? {} : { dailyMaxUnits: row.dailyMaxUnits }),
  ratePerUnit: row.ratePerUnit,
  placesOfService: row.placesOfService,
  modalities: row.modalities as Modality[],
  requiresCosign: row.requiresCosign,
});

const toCoverageForRules = (row: repo.CoverageRow): Coverage => ({
  payerId: row.payerId,
  memberId: row.memberId,
  startDate: row.startDate,
  ...(row.endDate === null ? {} : { endDate: row.endDate }),
});

const toEncounterForBilling = (line: repo.BillingLineRow): EncounterForBilling => ({
  id: line.lineId,
  participantId: line.participantId,
  peerId: line.peerId,
  type: line.type as EncounterType,
  modality: line.modality as Modality,
  placeOfService: line.placeOfService,
  program: line.program ?? undefined,
  startedAt: line.startedAt,
  durationMinutes: line.durationMinutes,
  status: line.status as EncounterStatus,
  voided: line.voided,
});

const toUnitsBasis = (b: repo.ExportBasisColumns): UnitsBasis => ({
  rule: b.rounding as RoundingRule,
  unitMinutes: b.unitMinutes,
  roundingBasis: b.roundingBasis as RoundingBasis,
  minutes: b.minutes,
  dayMinutes: b.dayMinutes,
  countedUnits: b.countedUnits,
  earned: b.unitsEarned,
  ...(b.cappedAt === null ? {} : { dailyMaxUnits: b.cappedAt }),
});

/** The decision an export line was sent with (its units are never recomputed). */
const decisionOfExportLine = (l: repo.ExportLineRow, minutes: number): BillingDecision =>
  exportedDecision({
    payerId: l.payerId,
    serviceDate: l.serviceDate,
    memberId: l.memberId,
    code: l.code,
    modifiers: l.modifiers,
    units: l.units,
    chargeCents: l.chargeCents,
    minutes,
    ...(l.basis ? { basis: toUnitsBasis(l.basis) } : {}),
    ...(l.explanation ? { explanation: l.explanation } : {}),
  });

/** A line's decision, shaped for claims too (`encounterId` there names the service line). */
export interface LineDecision extends EncounterWithBilling {
  line: repo.BillingLineRow;
  decision: BillingDecision;
  /** The claim export that fixed this decision, if any. */
  exportId: string | null;
  /**
   * Set on an exported line whose claim's payer is not the one its coverage picks now for that
   * date (the coverage was corrected after the claim went out): the payer picked now, or null
   * when none covers it. Released for resubmission, the line leaves that claim at the payer's
   * next export and is billed anew.
   */
  coveredNowBy?: string | null;
}

const lineDecision = (line: repo.BillingLineRow, decision: BillingDecision, exportId: string | null, coveredNowBy?: string | null): LineDecision => ({
  line,
  decision,
  exportId,
  ...(coveredNowBy === undefined ? {} : { coveredNowBy }),
  encounterId: line.lineId,
  participantId: line.participantId,
  peerId: line.peerId,
  placeOfService: line.placeOfService,
  startedAt: line.startedAt,
  billing: decision,
});

export interface DecideInput {
  /** Every line of the participant-days concerned. */
  lines: readonly repo.BillingLineRow[];
  coverages: readonly repo.CoverageRow[];
  payers: readonly repo.PayerRow[];
  fundingOrder: readonly string[];
  certificationsByPeer: ReadonlyMap<string, readonly PeerCertification[]>;
  /** Export lines (active and voided) of these lines. */
  exportLines: readonly repo.ExportLineRow[];
}

/**
 * Billing decisions of service lines, a participant-day at a time (pure). Lines already exported
 * keep the decision they were sent with and count first toward the day (`alreadyCounted`); the
 * rest go through `billDay` with the payer `choosePayer` picks for that participant and date.
 */
export const decideLines = (input: DecideInput): LineDecision[] => {
  const payersById = new Map(input.payers.filter((p) => p.active).map((p) => [p.id, toPayerForRules(p)]));
  const coveragesByParticipant = new Map<string, Coverage[]>();
  for (const c of input.coverages) {
    const list = coveragesByParticipant.get(c.participantId) ?? [];
    list.push(toCoverageForRules(c));
    coveragesByParticipant.set(c.participantId, list);
  }
  const activeExport = new Map<string, repo.ExportLineRow>();
  for (const l of input.exportLines) if (l.voidedAt === null) activeExport.set(l.lineId, l);

  const days = new Map<string, repo.BillingLineRow[]>();
  const cosign = new Set<string>();
  for (const line of input.lines) {
    const key = line.participantId + line.serviceDate;
    const list = days.get(key);
    if (list === undefined) days.set(key, [line]);
    else list.push(line);
    if (line.cosignRequired) cosign.add(line.lineId);
  }
  const organizationRequiresCosign = (e: EncounterForBilling) => cosign.has(e.id);

  const out: LineDecision[] = [];
  for (const lines of days.values()) {
    const first = lines[0]!;
    const choice = choosePayer(coveragesByParticipant.get(first.participantId) ?? [], payersById, input.fundingOrder, first.serviceDate);
    const alreadyCounted: CountedSameDay[] = [];
    const open: repo.BillingLineRow[] = [];
    for (const line of lines) {
      const exported = activeExport.size === 0 ? undefined : activeExport.get(line.lineId);
      if (exported) {
        const decision = decisionOfExportLine(exported, line.durationMinutes);
        const payerNow = choice?.payer.id ?? null;
        out.push(lineDecision(line, decision, exported.exportId, payerNow === exported.payerId ? undefined : payerNow));
        if (choice && exported.payerId === choice.payer.id) {
          alreadyCounted.push({ encounterId: line.lineId, minutes: line.durationMinutes, units: exported.units });
        }
      } else {
        open.push(line);
      }
    }
    if (open.length === 0) continue;
    const decisions = billDay({
      encounters: open.map(toEncounterForBilling),
      serviceDate: first.serviceDate,
      choice,
      certificationsByPeer: input.certificationsByPeer,
      alreadyCounted,
      organizationRequiresCosign,
    });
    for (const line of open) out.push(lineDecision(line, decisions.get(line.lineId)!, null));
  }
  return out;
};

/** The API shape of a decision, in the caller's language. */
export const toBillingView = (d: LineDecision, payerNames: ReadonlyMap<string, string>, lang: Lang): BillingView => {
  const { decision } = d;
  const shown = decision.billable ? decision : decision.preview;
  const payerId = decision.payerId ?? null;
  return {
    billable: decision.billable,
    reason: decision.billable ? null : decision.reason,
    serviceDate: decision.serviceDate,
    payerId,
    payerName: payerId === null ? null : (payerNames.get(payerId) ?? null),
    memberId: shown?.memberId ?? null,
    code: shown?.code ?? null,
    modifiers: shown?.modifiers ?? [],
    units: shown?.units ?? 0,
    amountCents: shown?.amountCents ?? 0,
    explanation: decision.explanation[lang],
    exportId: d.exportId,
    coverageChanged:
      d.coveredNowBy === undefined ? null : { payerId: d.coveredNowBy, payerName: d.coveredNowBy === null ? null : (payerNames.get(d.coveredNowBy) ?? null) },
  };
};

const GENDER: Array<[RegExp, 'F' | 'M']> = [
  [/^(f|female|woman|girl|mujer)$/i, 'F'],
  [/^(m|male|man|boy|hombre)$/i, 'M'],
];
const genderOf = (identity: string | null): 'F' | 'M' | 'U' => GENDER.find(([re]) => re.test((identity ?? '').trim()))?.[1] ?? 'U';

/** "James Running Bear" → first "James", last "Running Bear". */
const splitName = (displayName: string) => {
  const parts = displayName.trim().split(/\s+/);
  if (parts.length === 1) return { firstName: '', lastName: parts[0] ?? '' };
  return { firstName: parts[0] ?? '', lastName: parts.slice(1).join(' ') };
};

const failIf = (problems: FieldProblem[]) => {
  if (problems.length > 0) throw badRequest(`Check ${problems.map((p) => p.field).join(', ')}.`, problems);
};

export type BillingService = ReturnType<typeof createBillingService>;

export interface ClaimExportResult {
  view: ClaimExportView;
  content: string;
}

export const createBillingService = ({ db, audit, people, clock }: BillingDeps) => {
  const requireRole = (actor: Actor, roles: readonly string[], what: string) => {
    if (actor.kind === 'user' && !roles.includes(actor.role)) throw forbidden(what);
  };
  const staff = (actor: Actor) => {
    if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden('Analysts see aggregate reports, not individual records.');
  };

  const toPayerView = (row: repo.PayerRow): PayerView => ({
    id: row.id,
    name: row.name,
    type: row.type as PayerView['type'],
    serviceCode: row.serviceCode,
    unitMinutes: row.unitMinutes,
    rounding: row.rounding as PayerView['rounding'],
    roundingBasis: row.roundingBasis as PayerView['roundingBasis'],
    dailyMaxUnits: row.dailyMaxUnits,
    ratePerUnit: row.ratePerUnit,
    placesOfService: row.placesOfService,
    modalities: row.modalities,
    requiresCosign: row.requiresCosign,
    modifierRules: row.modifierRules as PayerView['modifierRules'],
    x12PayerId: row.x12PayerId,
    x12ReceiverId: row.x12ReceiverId,
    x12ReceiverName: row.x12ReceiverName,
    claimFilingIndicator: row.claimFilingIndicator,
    active: row.active,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  });

  const payerColumns = (p: Partial<PayerInput>) => {
    const out: Partial<repo.PayerRow> = {};
    for (const [k, v] of Object.entries(p)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
    return out;
  };

  const toCoverageView = (row: repo.CoverageRow, payerName: string): CoverageView => ({
    id: row.id,
    participantId: row.participantId,
    payerId: row.payerId,
    payerName,
    memberId: row.memberId,
    startDate: row.startDate,
    endDate: row.endDate,
    diagnosisCodes: row.diagnosisCodes,
    subscriberAddress: row.subscriberAddress ? { ...row.subscriberAddress, line2: row.subscriberAddress.line2 ?? null } : null,
    createdAt: iso(row.createdAt),
  });

  /**
   * Billing of every participant line of these encounters, inside the caller's transaction:
   * each computed with that participant's other notes of the same service date.
   */
  const decideEncounters = async (tx: Tx, orgId: string, encounterIds: string[]) => {
    const own = await repo.linesOfEncounters(tx, encounterIds);
    const participantIds = [...new Set(own.map((l) => l.participantId))];
    const dates = [...new Set(own.map((l) => l.serviceDate))];
    const wanted = new Set(own.map((l) => `${l.participantId}|${l.serviceDate}`));
    const lines = (await repo.linesOfParticipantDays(tx, participantIds, dates)).filter((l) => wanted.has(`${l.participantId}|${l.serviceDate}`));
    return decideFor(tx, orgId, lines, await repo.exportLinesOf(tx, lines.map((l) => l.lineId)));
  };

  const decideFor = async (tx: Tx, orgId: string, lines: repo.BillingLineRow[], exportLines: repo.ExportLineRow[]) => {
    const org = await repo.getOrg(tx, orgId);
    const settings = billingSettingsOf(org?.settings);
    const payers = await repo.allPayers(tx);
    const coverages = await repo.coveragesOf(tx, [...new Set(lines.map((l) => l.participantId))]);
    const peers = await repo.peerCertifications(tx, [...new Set(lines.map((l) => l.peerId))]);
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

  /**
   * The participant's notes on a claim of a payer their coverages no longer pick for its date,
   * after a coverage was recorded or changed: each must be released for resubmission to move.
   */
  const claimsToCorrect = async (tx: Tx, orgId: string, participantId: string): Promise<ClaimToCorrect[]> => {
    const dates = await repo.exportedDatesOfParticipant(tx, participantId);
    if (dates.length === 0) return [];
    const lines = await repo.linesOfParticipantDays(tx, [participantId], dates);
    const exportLines = await repo.exportLinesOf(tx, lines.map((l) => l.lineId));
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

  const exclusionView = (e: { encounterId: string; participantId: string; serviceDate: string; reason: string; explanation: { en: string; es: string } }, lang: Lang) => ({
    encounterId: e.encounterId,
    participantId: e.participantId,
    serviceDate: e.serviceDate,
    reason: e.reason,
    explanation: e.explanation[lang],
  });

  const exportView = (
    row: { id: string; payerId: string; payerName: string; fromDate: string; toDate: string; format: string; fileName: string; totals: Omit<ClaimExportView['totals'], 'voids'> & { voids?: ClaimExportView['totals']['voids'] }; createdAt: Date; createdBy: string | null },
    excluded: ClaimExportView['excluded'],
  ): ClaimExportView => ({
    id: row.id,
    payerId: row.payerId,
    payerName: row.payerName,
    from: row.fromDate,
    to: row.toDate,
    format: row.format as ClaimExportView['format'],
    fileName: row.fileName,
    downloadUrl: `/api/v1/claims/exports/${row.id}/file`,
    // Exports before void claims existed sent none.
    totals: { ...row.totals, voids: row.totals.voids ?? { claims: 0, lines: 0, units: 0, chargeCents: 0 } },
    excluded,
    createdAt: iso(row.createdAt),
    createdBy: row.createdBy,
  });

  return {
    decideEncounters,
    billingViews,

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
        failIf(endDate !== null && endDate < input.startDate ? [{ field: 'body.endDate', message: 'The coverage must end on or after its start date' }] : []);
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
        failIf(
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
    async exportClaims(actor: Actor, input: ClaimExportInput, lang: Lang): Promise<ClaimExportResult> {
      requireRole(actor, ['admin'], 'Admins export claims.');
      failIf(input.from > input.to ? [{ field: 'body.to', message: 'The range must end on or after its start' }] : []);
      return db.tenant(actor.orgId!, async (tx) => {
        const payer = await repo.getPayer(tx, input.payerId);
        if (!payer) throw new AppError(404, 'not-found', 'Payer not found.', { errors: [{ field: 'body.payerId', message: 'No such payer' }] });
        await repo.lockOrg(tx, actor.orgId!);
        const rows = await repo.claimLinesInRange(tx, input.from, input.to);
        // One read gave each line with its active export line, or the claim it was released from.
        const lines: repo.BillingLineRow[] = rows;
        const everExported = new Set<string>();
        const released = new Set<string>();
        const originalClaim = new Map<string, string>();
        const onClaims: string[] = [];
        for (const r of rows) if (r.exported) onClaims.push(r.lineId);
        for (const l of onClaims) everExported.add(l);
        const active = new Set(onClaims);
        const releasedFrom = new Map<string, { exportId: string; claimId: string }>();
        for (const v of await repo.voidedLinesInRange(tx, input.from, input.to)) {
          if (active.has(v.lineId)) continue;
          everExported.add(v.lineId);
          released.add(v.lineId);
          if (v.claimId === '') continue;
          originalClaim.set(v.lineId, v.claimId);
          releasedFrom.set(`${v.exportId}|${v.claimId}`, { exportId: v.exportId, claimId: v.claimId });
        }
        // Claims the payer holds that this export may correct: those with a line of a note voided
        // without resubmission, each voided (CLM05-3 = 8) or replaced by the rest of its lines
        // (CLM05-3 = 7), and those lines of the range were released from for resubmission, each
        // replaced. A replacement goes out only when it carries every line of its claim that still
        // stands (`buildClaimBatch`); else the claim is voided. The active lines of these claims in
        // the range are taken off them here, in memory, to be billed again; they leave their claim
        // in the database only if it is replaced or voided.
        const held = new Map<string, HeldClaim & { exportId: string; renderingAsSent: repo.HeldClaimRow['renderingAsSent'] }>();
        for (const r of await repo.heldClaims(tx, payer.id, input.from, input.to, [...releasedFrom.values()])) {
          const key = `${r.exportId}|${r.claimId}`;
          let claim = held.get(key);
          if (claim === undefined) {
            claim = {
              exportId: r.exportId,
              claimId: r.claimId,
              participantId: r.participantId,
              memberId: r.memberId,
              peerId: r.peerId,
              placeOfService: r.placeOfService,
              noteVoided: r.noteVoided,
              renderingAsSent: r.renderingAsSent,
              lines: [],
            };
            held.set(key, claim);
          }
          (claim.lines as HeldClaim['lines'][number][]).push({
            encounterId: r.lineId,
            serviceDate: r.serviceDate,
            startedAt: r.startedAt,
            code: r.code,
            modifiers: r.modifiers,
            units: r.units,
            chargeCents: r.chargeCents,
            placeOfService: r.placeOfService,
            stands: r.stands,
          });
          if (r.active && active.has(r.lineId)) {
            active.delete(r.lineId);
            released.add(r.lineId);
            originalClaim.set(r.lineId, r.claimId);
          }
        }
        const heldByClaimId = new Map([...held.values()].map((c) => [c.claimId, c]));
        // The claim-level place and peer of a void are its first line's, as when it was grouped.
        for (const claim of held.values()) {
          const first = [...claim.lines].sort((a, b) => (a.serviceDate < b.serviceDate ? -1 : a.serviceDate > b.serviceDate ? 1 : Date.parse(a.startedAt) - Date.parse(b.startedAt)))[0]!;
          claim.placeOfService = first.placeOfService;
        }
        const exportLines = (await repo.exportLinesOf(tx, onClaims.filter((l) => active.has(l)))).filter((l) => l.voidedAt === null);
        const { decisions, coverages, peers: rangePeers, settings, timeZone } = await decideFor(tx, actor.orgId!, lines, exportLines);

        if (input.format === '837p') {
          const missing: FieldProblem[] = [];
          if (!settings.billingProvider) missing.push({ field: 'settings.billingProvider', message: 'Record the billing provider (name, NPI, EIN, address, taxonomy) in the billing settings' });
          if (!settings.submitter) missing.push({ field: 'settings.submitter', message: 'Record the submitter (name, id, contact) in the billing settings' });
          if (!payer.x12PayerId) missing.push({ field: 'payer.x12PayerId', message: 'Record the payer id for X12 claims on the payer' });
          if (missing.length > 0) throw new AppError(409, 'billing-settings-incomplete', 'An 837P file needs the billing identity and the payer id.', { errors: missing });
        }

        const interchange = await repo.nextInterchangeControl(tx);
        let batch: ClaimBatch = buildClaimBatch({
          payerId: payer.id,
          from: input.from,
          to: input.to,
          batchId: `PB${interchange}`,
          encounters: decisions,
          alreadyExported: everExported,
          releasedForResubmission: released,
          originalClaimOf: originalClaim,
          heldClaims: [...held.values()],
        });

        // The 837P needs a birth date and a diagnosis for each subscriber: claims without them
        // are left out (and listed), never sent with invented data.
        const extraExcluded: Exclusion[] = [];
        const subscribers = new Map<string, Subscriber>();
        const renderingPeers = new Map<string, RenderingPeer>();
        const renderingOfClaim = new Map<string, RenderingPeer>();
        const renderingAsSent: Record<string, RenderingPeer> = {};
        if (input.format === '837p') {
          const coverageOf = new Map<string, repo.CoverageRow>();
          for (const c of coverages) if (c.payerId === payer.id && !coverageOf.has(`${c.participantId}|${c.memberId}`)) coverageOf.set(`${c.participantId}|${c.memberId}`, c);
          const people = new Map((await repo.participantsForClaims(tx, [...new Set(batch.claims.map((c) => c.participantId))])).map((p) => [p.id, p]));
          const keep = batch.claims.filter((claim) => {
            const p = people.get(claim.participantId);
            const coverage = coverageOf.get(`${claim.participantId}|${claim.memberId}`);
            const diagnoses = coverage?.diagnosisCodes.length ? coverage.diagnosisCodes : settings.defaultDiagnosisCode ? [settings.defaultDiagnosisCode] : [];
            const reason = !p?.birthDate ? 'missing-birth-date' : diagnoses.length === 0 ? 'missing-diagnosis' : null;
            if (reason !== null || !p) {
              for (const l of claim.lines) {
                extraExcluded.push({
                  encounterId: l.encounterId,
                  serviceDate: l.serviceDate,
                  reason: reason as Exclusion['reason'],
                  explanation:
                    reason === 'missing-birth-date'
                      ? { en: "The participant's birth date is not recorded; a claim needs it.", es: 'No consta la fecha de nacimiento del participante; la reclamación la necesita.' }
                      : { en: 'No diagnosis code on the coverage and no default in the billing settings.', es: 'No hay código de diagnóstico en la cobertura ni uno predeterminado en la configuración de facturación.' },
                });
              }
              return false;
            }
            const address = coverage?.subscriberAddress ?? settings.billingProvider!.address;
            subscribers.set(claim.participantId, {
              firstName: p.givenName,
              lastName: p.familyName,
              birthDate: p.birthDate!,
              gender: genderOf(p.genderIdentity),
              address: { line1: address.line1, ...(address.line2 ? { line2: address.line2 } : {}), city: address.city, state: address.state, postalCode: address.postalCode.replace('-', '') },
              diagnosisCodes: diagnoses,
            });
            return true;
          });
          if (keep.length !== batch.claims.length) {
            batch = { ...batch, claims: keep, excluded: [...batch.excluded, ...extraExcluded], totals: totalsOf(keep, batch.excluded.length + extraExcluded.length) };
          }
          // 2310B: the peer's NPI when the profile has one (NM108 XX, NM109), else the name alone.
          // A void claim's peer may have no line in this range.
          const known = new Set(rangePeers.map((p) => p.id));
          const others = [...new Set(batch.claims.map((c) => c.peerId))].filter((id) => !known.has(id));
          const peers = others.length === 0 ? rangePeers : [...rangePeers, ...(await repo.peerCertifications(tx, others))];
          for (const peer of peers) renderingPeers.set(peer.id, { ...splitName(peer.displayName), ...(peer.npi ? { npi: peer.npi } : {}) });
          // A void repeats the rendering provider its claim went out with, when that was kept (0022).
          for (const claim of batch.claims) {
            const asSent = claim.voidsClaimId === undefined ? null : heldByClaimId.get(claim.voidsClaimId)?.renderingAsSent;
            if (asSent) renderingOfClaim.set(claim.claimId, asSent);
            else if (claim.voidsClaimId === undefined) renderingAsSent[claim.claimId] = renderingPeers.get(claim.peerId)!;
          }
        }

        if (batch.claims.length === 0) {
          throw new AppError(400, 'nothing-to-export', `No billable encounters for ${payer.name} from ${input.from} to ${input.to}${batch.excluded.length > 0 ? ` (${batch.excluded.length} excluded)` : ''}. Nothing was exported.`, {
            errors: [{ field: 'body.from', message: 'No billable encounters in this range' }],
          });
        }

        const createdAt = clock();
        const id = randomUUID();
        const slug = payer.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'payer';
        const fileName = `claims-${slug}-${input.from}-${input.to}-${interchange}.${input.format === '837p' ? 'x12' : 'csv'}`;
        const excludedIds = new Set(batch.excluded.map((e) => e.encounterId));
        const byLine = new Map<string, LineDecision>();
        if (excludedIds.size > 0) for (const d of decisions) if (excludedIds.has(d.encounterId)) byLine.set(d.encounterId, d);
        const excluded = batch.excluded.map((e) => {
          const d = byLine.get(e.encounterId);
          return { encounterId: d?.line.encounterId ?? e.encounterId, participantId: d?.line.participantId ?? '', serviceDate: e.serviceDate, reason: e.reason, explanation: e.explanation };
        });
        const sent: repo.NewExportLine[] = [];
        // What this file tells the payer about claims it holds: the void claims it carries, and
        // the claims replaced (their lines still on them leave them now).
        const voidsSent: Array<{ claimId: string; voidedExportId: string; voidedClaimId: string }> = [];
        const voidedClaims: Array<{ exportId: string; claimId: string }> = [];
        const replacedClaims: Array<{ exportId: string; claimId: string }> = [];
        for (const claim of batch.claims) {
          if (claim.voidsClaimId !== undefined) {
            const original = heldByClaimId.get(claim.voidsClaimId)!;
            voidsSent.push({ claimId: claim.claimId, voidedExportId: original.exportId, voidedClaimId: original.claimId });
            voidedClaims.push({ exportId: original.exportId, claimId: original.claimId });
            // The lines of a void are not billed: they are not recorded as sent.
            continue;
          }
          const replaced = claim.replacesClaimId === undefined ? undefined : heldByClaimId.get(claim.replacesClaimId);
          if (replaced !== undefined) replacedClaims.push({ exportId: replaced.exportId, claimId: replaced.claimId });
          for (const l of claim.lines) {
            const basis = l.basis;
            sent.push({
              lineId: l.encounterId,
              serviceDate: l.serviceDate,
              units: l.units,
              chargeCents: l.chargeCents,
              claimId: claim.claimId,
              memberId: claim.memberId,
              code: l.code,
              modifiers: l.modifiers,
              minutes: basis?.minutes ?? null,
              dayMinutes: basis?.dayMinutes ?? null,
              countedUnits: basis?.countedUnits ?? null,
              unitsEarned: basis?.earned ?? null,
              cappedAt: basis?.dailyMaxUnits ?? null,
              resubmission: l.resubmission,
            });
          }
        }

        // The export row first (its file follows), then its lines: PostgreSQL stores the lines
        // while this process writes the file, and the file is stored last. One transaction, so a
        // file that cannot be written leaves nothing behind.
        await repo.insertExport(tx, {
          id,
          orgId: actor.orgId!,
          payerId: payer.id,
          fromDate: input.from,
          toDate: input.to,
          format: input.format,
          interchangeControl: interchange,
          fileName,
          content: '',
          totals: batch.totals,
          excluded,
          createdBy: actor.kind === 'user' ? actor.userId : null,
          createdAt,
          // Every line of this export was decided with the payer's rounding as it is now.
          rounding: payer.rounding,
          unitMinutes: payer.unitMinutes,
          roundingBasis: payer.roundingBasis,
          renderingAsSent: input.format === '837p' ? renderingAsSent : null,
        });
        
        // Before this export's lines go in (a line is on one active claim): lines still on a claim
        // voided or replaced now leave it, and the voids are recorded, so none is sent twice.
        const by = actor.kind === 'user' ? actor.userId : null;
        await repo.releaseClaimLines(tx, voidedClaims, by, `Its claim was voided (CLM05-3 = 8) by export ${id}.`, createdAt);
        await repo.releaseClaimLines(tx, replacedClaims, by, `Sent again on a replacement (CLM05-3 = 7) by export ${id}: a note of its claim was voided.`, createdAt);
        await repo.insertClaimVoids(tx, actor.orgId!, id, voidsSent);

        // Settled into a value at once, so a failure is never an unhandled rejection meanwhile.
        const linesStored = repo.insertExportLines(tx, id, actor.orgId!, sent).then(
          () => null,
          (e: unknown) => e,
        );
        let content: string;
        try {
          if (input.format === '837p') {
            const gen: Generate837PInput = {
              batch,
              submitter: settings.submitter!,
              receiver: { name: payer.x12ReceiverName ?? payer.name, id: payer.x12ReceiverId ?? payer.x12PayerId! },
              billingProvider: { ...settings.billingProvider!, address: { ...settings.billingProvider!.address, line2: settings.billingProvider!.address.line2 ?? undefined } as never },
              payer: { name: payer.name, payerId: payer.x12PayerId!, type: payer.type as PayerType, ...(payer.claimFilingIndicator ? { claimFilingIndicator: payer.claimFilingIndicator } : {}) },
              subscribers,
              renderingPeers,
              renderingOfClaim,
              control: { interchange, group: interchange, firstTransactionSet: 1 },
              createdAt,
              timeZone,
              reference: `PB${interchange}-`,
              lineBreak: '\n',
            };
            const parts: string[] = [];
            for (const part of chunked(segments837P(gen), 1 << 20)) {
              parts.push(part);
              // Let the event loop send the lines' statement and read its answer meanwhile.
              await new Promise<void>((resolve) => setImmediate(resolve));
            }
            content = parts.join('');
          } else {
            content = claimsToCsv(batch);
          }
        } catch (e) {
          await linesStored;
          if (e instanceof RangeError) throw new AppError(409, 'claim-file-invalid', `The claim file could not be written: ${e.message}`);
          throw e;
        }
        
        const failed = await linesStored;
        if (failed !== null) throw failed;
        
        await repo.setExportContent(tx, id, content);
        
        await audit.record(tx, actor, {
          action: 'claims.export',
          entityType: 'claim_export',
          entityId: id,
          details: { payerId: payer.id, from: input.from, to: input.to, format: input.format, lines: batch.totals.lines, excluded: batch.totals.excluded, voidedClaims: voidsSent.map((v) => v.voidedClaimId) },
        });
        return {
          view: exportView({ id, payerId: payer.id, payerName: payer.name, fromDate: input.from, toDate: input.to, format: input.format, fileName, totals: batch.totals, createdAt, createdBy: actor.kind === 'user' ? actor.userId : null }, excluded.map((e) => exclusionView(e, lang))),
          content,
        };
      }, null, db.longStatements); // a long export: its own statement timeout
    },

    async listExports(actor: Actor, page: PageQuery): Promise<Page<ClaimExportView>> {
      requireRole(actor, ['admin'], 'Admins see claim exports.');
      return db.tenant(actor.orgId!, async (tx) => {
        const { total, items } = await repo.listExports(tx, page.pageSize, offsetOf(page));
        return { total, page: page.page, pageSize: page.pageSize, items: items.map((r) => exportView(r, [])) };
      });
    },

    async getExport(actor: Actor, id: string, lang: Lang): Promise<ClaimExportView> {
      requireRole(actor, ['admin'], 'Admins see claim exports.');
      return db.tenant(actor.orgId!, async (tx) => {
        const row = await repo.getExport(tx, id);
        if (!row) throw notFound('Claim export');
        return exportView(row, row.excluded.map((e) => exclusionView(e, lang)));
      });
    },

    async exportFile(actor: Actor, id: string): Promise<{ fileName: string; format: string; content: string }> {
      requireRole(actor, ['admin'], 'Admins download claim files.');
      return db.tenant(actor.orgId!, async (tx) => {
        const row = await repo.getExportFile(tx, id);
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
      repo.voidExportLines(tx, encounterId, by, reason, wholeClaim),
    activeExportLinesOfEncounter: (tx: Tx, encounterId: string) => repo.activeExportLinesOfEncounter(tx, encounterId),
    payersOf: (tx: Tx) => repo.allPayers(tx),

    /** For the command line (an operator, no tenant yet): the organization of a payer, or undefined. */
    orgOfPayer: (payerId: string) => db.owner((tx) => repo.orgOfPayer(tx, payerId)),
  };
};
