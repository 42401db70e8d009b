/**
 * Corrections of claims already sent: the claims the payer still holds that a batch may replace
 * or void, and how a claim names what it corrects. ASC X12 837P 005010X222A1: CLM05-3 claim
 * frequency type code 1 (original), 7 (replacement of a prior claim), 8 (void of one); REF*F8
 * carries the prior claim's CLM01. `buildClaimBatch` (claims.rules.ts) decides which held claim
 * is replaced and which is voided. Pure.
 */
import type { Claim } from './claims.batch.rules.ts';

/** A claim as it was sent (`claimId` is its CLM01) that the payer still holds. */
export interface HeldClaim {
  claimId: string;
  participantId: string;
  memberId: string;
  peerId: string;
  placeOfService: string;
  /** One of its notes was voided without resubmission: the payer must take it back. */
  noteVoided: boolean;
  lines: ReadonlyArray<{
    /** The service line (as `ClaimLine.encounterId`). */
    encounterId: string;
    serviceDate: string;
    /** ISO instant, orders lines as the original claim did. */
    startedAt: string;
    code: string;
    modifiers: string[];
    units: number;
    chargeCents: number;
    placeOfService: string;
    /** Its note is still billable (not voided without resubmission): a replacement must carry it. */
    stands: boolean;
  }>;
}

/** CLM05-3 claim frequency type code: 1 original, 7 replacement of a prior claim, 8 void of one. */
export type ClaimFrequency = '1' | '7' | '8';

export const claimFrequency = (claim: Pick<Claim, 'replacesClaimId' | 'voidsClaimId'>): ClaimFrequency =>
  claim.voidsClaimId !== undefined ? '8' : claim.replacesClaimId !== undefined ? '7' : '1';

/** The prior claim a claim names in REF*F8 (replaced or voided), if any. */
export const priorClaimOf = (claim: Pick<Claim, 'replacesClaimId' | 'voidsClaimId'>): string | undefined => claim.voidsClaimId ?? claim.replacesClaimId;
