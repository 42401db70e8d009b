import { describe, expect, it } from 'vitest';
import { check837P, RULES_222A1 } from '../../../test/harness/x12-837p.ts';
import { totalsOf, type Claim } from '../../modules/billing/claims.rules.ts';
import { render837P, type Generate837PInput } from './837p.ts';

// The 005010X222A1 checker (test/harness/x12-837p.ts) on files our writer makes: a valid file has
// no violation, and each rule of the guide catches the file broken in its own way (each row
// below). Every 837P the tests generate goes through the same checker.

const claim = (n: number, participant: string, cents: number[], extra: Partial<Claim> = {}): Claim => ({
  claimId: `PB9-${n}`,
  participantId: participant,
  memberId: `MEM${participant}`,
  peerId: 'peer-1',
  placeOfService: '11',
  totalChargeCents: cents.reduce((a, b) => a + b, 0),
  lines: cents.map((c, i) => ({ lineNumber: i + 1, encounterId: `enc-${n}-${i}`, serviceDate: '2025-03-04', code: 'H0038', modifiers: ['HQ'], units: 2, chargeCents: c, placeOfService: '11', resubmission: false })),
  ...extra,
});

const input = (claims: Claim[]): Generate837PInput => ({
  batch: { payerId: 'p', from: '2025-03-01', to: '2025-03-31', claims, excluded: [], totals: totalsOf(claims, 0) },
  submitter: { name: 'Harbor Peer Center', id: 'HARBOR01', contactName: 'Dana Billing', phone: '517-555-0100' },
  receiver: { name: 'Michigan Medicaid', id: 'MIMEDICAID' },
  billingProvider: { name: 'Harbor Peer Center', npi: '1234567893', taxId: '38-1234567', taxonomy: '251S00000X', address: { line1: '400 River Rd', city: 'Lansing', state: 'MI', postalCode: '489330000' } },
  payer: { name: 'Michigan Medicaid', payerId: 'D00111', type: 'medicaid' },
  subscribers: new Map(
    [...new Set(claims.map((c) => c.participantId))].map((p) => [
      p,
      { firstName: 'Ana', lastName: 'Rivera', birthDate: '1988-07-04', gender: 'F' as const, address: { line1: '12 Main St', city: 'Lansing', state: 'MI', postalCode: '48933' }, diagnosisCodes: ['F11.20', 'F33.1'] },
    ]),
  ),
  renderingPeers: new Map([['peer-1', { firstName: 'Sam', lastName: 'Okafor', npi: '1497758544' }]]),
  control: { interchange: 77, group: 77, firstTransactionSet: 1 },
  createdAt: new Date('2025-04-01T16:05:00Z'),
  timeZone: 'America/Detroit',
  reference: 'PB77-',
  lineBreak: '\n',
});

const valid = render837P(input([claim(1, 'p1', [4024, 2012]), claim(2, 'p1', [100]), claim(3, 'p2', [2012], { replacesClaimId: 'PB8-1' })]));

/** The file with one segment changed (matched by its start), removed (to = null) or its lines edited. */
const edit = (from: string, to: string | null) => {
  const lines = valid.split('\n');
  const i = lines.findIndex((l) => l.startsWith(from));
  if (i < 0) throw new Error(`no segment starting ${from}`);
  if (to === null) lines.splice(i, 1);
  else lines[i] = to;
  return lines.join('\n');
};

describe('005010X222A1 checker', () => {
  it('finds nothing wrong in a file our writer makes (originals, a replacement, two subscribers)', () => {
    expect(check837P(valid)).toEqual([]);
    expect(RULES_222A1.length).toBeGreaterThan(25);
  });

  it.each<[string, () => string, RegExp]>([
    ['a subscriber without an address (2010BA N3)', () => edit('N3*12 MAIN ST', null).replace(/SE\*(\d+)\*/, (_m, n: string) => `SE*${Number(n) - 1}*`), /2000B: missing N3/],
    ["the agency's ZIP of 5 digits on the billing provider (2010AA N403)", () => edit('N4*LANSING*MI*489330000', 'N4*LANSING*MI*48933~'), /2010AA N403: must be a 9-digit ZIP/],
    ['a rendering NPI that fails its check digit (2310B NM109)', () => edit('NM1*82', 'NM1*82*1*OKAFOR*SAM****XX*1497758545~'), /2310B NM109: must be a 10-digit NPI/],
    ['a subscriber HL that names no billing provider (HL02)', () => edit('HL*2*1*22*0', 'HL*2*9*22*0~'), /HL\*2 HL02: must name the billing provider/],
    ['HL numbers out of order (HL01)', () => edit('HL*2*1*22*0', 'HL*5*1*22*0~'), /HL01: is 5, expected 2/],
    ['a replacement claim without REF*F8', () => edit('REF*F8', null).replace(/SE\*(\d+)\*/, (_m, n: string) => `SE*${Number(n) - 1}*`), /REF\*F8: required on a replacement/],
    ['an unknown claim filing indicator (SBR09)', () => edit('SBR*P*18', 'SBR*P*18*******XX~'), /SBR09: must be/],
    ['a claim total that is not the sum of its lines (CLM02)', () => edit('CLM*PB9-1', 'CLM*PB9-1*60.37***11:B:1*Y*A*Y*Y~'), /CLM02: 60.37 is not the sum/],
    ['a wrong segment count (SE01)', () => valid.replace(/SE\*(\d+)\*/, (_m, n: string) => `SE*${Number(n) + 1}*`), /SE01|SE segment/],
    ['a wrong transaction count (GE01)', () => valid.replace(/GE\*1\*/, 'GE*2*'), /GE01/],
    ['an interchange trailer that does not match ISA13 (IEA02)', () => valid.replace(/IEA\*1\*\d+/, 'IEA*1*000000078'), /IEA02/],
    ['a birth date that is not a date (DMG02)', () => edit('DMG*D8', 'DMG*D8*19881304*F~'), /DMG02: must be a date/],
    ['a principal diagnosis not qualified ABK (HI01)', () => edit('HI*ABK', 'HI*ABF:F1120~'), /HI01: component 1 must be ABK/],
    ['lines not numbered from 1 (LX01)', () => edit('LX*2', 'LX*3~'), /LX01: is 3, expected 2/],
    ['a procedure not qualified HC (SV101)', () => edit('SV1*HC:H0038:HQ*40.24', 'SV1*ZZ:H0038:HQ*40.24*UN*2***1~'), /SV101: component 1 must be HC/],
  ])('catches %s', (_what, broken, expected) => {
    const found = check837P(broken());
    expect(found.join('\n')).toMatch(expected);
  });
});
