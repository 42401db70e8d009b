/**
 * CSV of a claim batch's billable lines, for funders and program reports (RFC 4180 via
 * csv-stringify: CRLF line ends, fields quoted when they hold a comma, quote or line break).
 * Identifies participants by id and member id only: no names or diagnoses leave this way.
 */
import { stringify } from 'csv-stringify/sync';
import { claimFrequency, priorClaimOf, type ClaimBatch } from '../../modules/billing/claims.rules.ts';

export const CLAIMS_CSV_COLUMNS = [
  'payer_id',
  'claim_id',
  'line_number',
  'encounter_id',
  'participant_id',
  'member_id',
  'peer_id',
  'service_date',
  'code',
  'modifiers',
  'place_of_service',
  'units',
  'charge',
  'resubmission',
  // 837P CLM05-3: 1 original, 7 replacement, 8 void (its lines repeat the voided claim's, with
  // original_claim_id naming that claim; nothing of it is billed again).
  'frequency',
  'original_claim_id',
] as const;

/**
 * Spreadsheet formula injection guard (OWASP "CSV Injection"): a text cell starting with
 * = + - @ tab or carriage return is prefixed with a quote so a spreadsheet shows it as text.
 */
function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Integer cents as dollars with two decimals ("40.00"), without floating point. */
export function dollars(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount must be whole cents (got ${cents})`);
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * One row per line, in claim then line order; amounts are decimal dollars. Lines of a void claim
 * (frequency 8) are those of the claim it voids, as sent.
 */
export function* claimsCsvRows(batch: ClaimBatch): Generator<string[], void, undefined> {
  for (const claim of batch.claims) {
    const frequency = claimFrequency(claim);
    const prior = safeText(priorClaimOf(claim) ?? '');
    for (const line of claim.lines) {
      yield [
        safeText(batch.payerId),
        safeText(claim.claimId),
        String(line.lineNumber),
        safeText(line.encounterId),
        safeText(claim.participantId),
        safeText(claim.memberId),
        safeText(claim.peerId),
        line.serviceDate,
        safeText(line.code),
        line.modifiers.map(safeText).join(':'),
        safeText(line.placeOfService),
        String(line.units),
        dollars(line.chargeCents),
        line.resubmission ? 'yes' : 'no',
        frequency,
        prior,
      ];
    }
  }
}

/** The CSV text with a header row. */
export function claimsToCsv(batch: ClaimBatch): string {
  return stringify([[...CLAIMS_CSV_COLUMNS], ...claimsCsvRows(batch)], { record_delimiter: '\r\n' });
}
