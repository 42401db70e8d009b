import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { ClaimBatch } from '../../modules/billing/claims.rules.ts';
import { CLAIMS_CSV_COLUMNS, claimsToCsv, dollars } from './claims-csv.ts';

function batch(): ClaimBatch {
  return {
    payerId: 'mi-medicaid',
    from: '2025-03-01',
    to: '2025-03-31',
    claims: [
      {
        claimId: 'B1-1',
        participantId: 'par-1',
        memberId: '=HYPERLINK("x")',
        peerId: 'peer, "one"',
        placeOfService: '11',
        totalChargeCents: 6036,
        lines: [
          { lineNumber: 1, encounterId: 'e1', serviceDate: '2025-03-10', code: 'H0038', modifiers: ['HQ', 'HF'], units: 2, chargeCents: 4024, placeOfService: '11', resubmission: false },
          { lineNumber: 2, encounterId: 'e2', serviceDate: '2025-03-11', code: 'H0038', modifiers: [], units: 1, chargeCents: 2012, placeOfService: '11', resubmission: true },
        ],
      },
    ],
    excluded: [],
    totals: { claims: 1, lines: 2, units: 3, chargeCents: 6036, excluded: 0, voids: { claims: 0, lines: 0, units: 0, chargeCents: 0 } },
  };
}

describe('claimsToCsv', () => {
  it('writes a header and one row per billable line that a CSV reader reads back', () => {
    const text = claimsToCsv(batch());
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CLAIMS_CSV_COLUMNS]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ claim_id: 'B1-1', line_number: '1', encounter_id: 'e1', service_date: '2025-03-10', code: 'H0038', modifiers: 'HQ:HF', units: '2', charge: '40.24', resubmission: 'no' });
    expect(rows[1]).toMatchObject({ charge: '20.12', modifiers: '', resubmission: 'yes' });
  });

  it('shows each claim\'s frequency: a void claim\'s lines say 8 and name the claim voided', () => {
    const b = batch();
    b.claims.push({ ...b.claims[0]!, claimId: 'B1-2', voidsClaimId: 'B0-4' }, { ...b.claims[0]!, claimId: 'B1-3', replacesClaimId: 'B0-5' });
    const rows = parse(claimsToCsv(b), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.claim_id, r.frequency, r.original_claim_id])).toEqual([
      ['B1-1', '1', ''],
      ['B1-1', '1', ''],
      ['B1-2', '8', 'B0-4'],
      ['B1-2', '8', 'B0-4'],
      ['B1-3', '7', 'B0-5'],
      ['B1-3', '7', 'B0-5'],
    ]);
  });

  it('quotes commas and quotes (RFC 4180) and defuses spreadsheet formulas', () => {
    const rows = parse(claimsToCsv(batch()), { columns: true }) as Record<string, string>[];
    expect(rows[0]?.peer_id).toBe('peer, "one"');
    expect(rows[0]?.member_id).toBe(`'=HYPERLINK("x")`);
  });
});

describe('dollars', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [50, '0.50'],
    [4024, '40.24'],
    [-2012, '-20.12'],
  ])('%i cents is %s', (cents, text) => expect(dollars(cents)).toBe(text));
});
