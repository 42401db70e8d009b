import { iso, type Lang } from './billing.decisions.ts';
import type * as repo from './billing.repo.ts';
import type { ClaimExportView, CoverageView, PayerView } from './billing.schemas.ts';

/* The API shapes of payers, coverages and claim exports, from their stored rows. */
export const toPayerView = (row: repo.PayerRow): PayerView => ({
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
  requiresRenderingNpi: row.requiresRenderingNpi,
  active: row.active,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});


export const toCoverageView = (row: repo.CoverageRow, payerName: string): CoverageView => ({
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
 * A note an export leaves out, with whose it is: an admin fixes a missing coverage or address per
 * person, so the claims page groups what was left out by participant (names from
 * participantNames; '' for a participant no longer on file).
 */
export const exclusionView = (
  e: { encounterId: string; participantId: string; serviceDate: string; reason: string; explanation: { en: string; es: string } },
  lang: Lang,
  names: ReadonlyMap<string, string>,
) => ({
  encounterId: e.encounterId,
  participantId: e.participantId,
  participantName: names.get(e.participantId) ?? '',
  serviceDate: e.serviceDate,
  reason: e.reason,
  explanation: e.explanation[lang],
});

export const exportView = (
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
