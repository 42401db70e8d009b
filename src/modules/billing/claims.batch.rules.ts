/**
 * What a claim batch is made of: its claims and service lines, the encounters left out and why,
 * and its totals, void claims counted apart. Built by `buildClaimBatch` (claims.rules.ts), read
 * by the 837P writer and the CSV (interop/x12). Pure.
 *
 * Limits from ASC X12 837P 005010X222A1: the 2400 service line loop repeats at most 50 times
 * per claim; CLM01 (patient control number) is 1 to 38 characters.
 */
import type { HeldReason } from './claim-readiness.rules.ts';
import type { NotBillableReason, UnitsBasis } from './billing.rules.ts';

/** 837P 2400 loop: at most 50 service lines per claim. */
export const MAX_LINES_PER_CLAIM = 50;
/** 837P CLM01: at most 38 characters. */
export const MAX_CLAIM_ID_LENGTH = 38;

export interface ClaimLine {
  /** 1-based line number within the claim (LX01). */
  lineNumber: number;
  encounterId: string;
  serviceDate: string;
  code: string;
  modifiers: string[];
  units: number;
  chargeCents: number;
  placeOfService: string;
  /** True when this encounter was exported before, voided, and is sent again. */
  resubmission: boolean;
  /** The facts its units came from (kept with the exported line), when the decision has them. */
  basis?: UnitsBasis;
}

export interface Claim {
  claimId: string;
  participantId: string;
  memberId: string;
  peerId: string;
  placeOfService: string;
  lines: ClaimLine[];
  totalChargeCents: number;
  /** Set on a replacement claim: the claim id (CLM01) of the claim it replaces. */
  replacesClaimId?: string;
  /**
   * Set on a void claim: the claim id (CLM01) of the claim it cancels. Its lines and charges are
   * that claim's as sent; nothing of it is billed again.
   */
  voidsClaimId?: string;
}

/** Why a line is left out: not billable, sent before, or its claim held before an 837P (claim-readiness.rules.ts). */
export type ExclusionReason = NotBillableReason | 'already-exported' | HeldReason;

export interface Exclusion {
  encounterId: string;
  serviceDate: string;
  reason: ExclusionReason;
  explanation: { en: string; es: string };
}

export interface ClaimBatch {
  payerId: string;
  from: string;
  to: string;
  claims: Claim[];
  excluded: Exclusion[];
  /**
   * What the batch bills (original and replacement claims), and apart, what its void claims
   * cancel: a void repeats the charges of the claim it voids, they are not billed again.
   */
  totals: ClaimTotals;
}

export interface ClaimTotals {
  claims: number;
  lines: number;
  units: number;
  chargeCents: number;
  excluded: number;
  voids: { claims: number; lines: number; units: number; chargeCents: number };
}

/** Totals of these claims, void claims counted apart. */
export function totalsOf(claims: readonly Claim[], excluded: number): ClaimTotals {
  const billed = { claims: 0, lines: 0, units: 0, chargeCents: 0 };
  const voids = { claims: 0, lines: 0, units: 0, chargeCents: 0 };
  for (const claim of claims) {
    const t = claim.voidsClaimId === undefined ? billed : voids;
    t.claims++;
    t.lines += claim.lines.length;
    for (const l of claim.lines) t.units += l.units;
    t.chargeCents += claim.totalChargeCents;
  }
  return { ...billed, excluded, voids };
}
