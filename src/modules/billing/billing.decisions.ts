import type { BillingView } from '../caseload/caseload.schemas.ts';
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
import type * as exportsRepo from './billing.exports.repo.ts';
import type * as linesRepo from './billing.lines.repo.ts';
import type * as repo from './billing.repo.ts';
import { billingSettings, type BillingSettings } from './billing.schemas.ts';
import type { EncounterWithBilling } from './claims.rules.ts';

/*
 * From stored rows to the pure billing rules and back: the decisions of service lines (each
 * participant-day billed together, exported lines keeping what they were sent with) and their
 * API shape. No I/O: the service reads the rows and calls these.
 */
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

export const iso = (d: Date) => d.toISOString();

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

const toEncounterForBilling = (line: linesRepo.BillingLineRow): EncounterForBilling => ({
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

const toUnitsBasis = (b: exportsRepo.ExportBasisColumns): UnitsBasis => ({
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
const decisionOfExportLine = (l: exportsRepo.ExportLineRow, minutes: number): BillingDecision =>
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
  line: linesRepo.BillingLineRow;
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

const lineDecision = (line: linesRepo.BillingLineRow, decision: BillingDecision, exportId: string | null, coveredNowBy?: string | null): LineDecision => ({
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
  lines: readonly linesRepo.BillingLineRow[];
  coverages: readonly repo.CoverageRow[];
  payers: readonly repo.PayerRow[];
  fundingOrder: readonly string[];
  certificationsByPeer: ReadonlyMap<string, readonly PeerCertification[]>;
  /** Export lines (active and voided) of these lines. */
  exportLines: readonly exportsRepo.ExportLineRow[];
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
  const activeExport = new Map<string, exportsRepo.ExportLineRow>();
  for (const l of input.exportLines) if (l.voidedAt === null) activeExport.set(l.lineId, l);

  const days = new Map<string, linesRepo.BillingLineRow[]>();
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
    const open: linesRepo.BillingLineRow[] = [];
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
