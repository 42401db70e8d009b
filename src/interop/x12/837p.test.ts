import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type * as NodeX12 from 'node-x12';
import type { X12Interchange, X12Segment } from 'node-x12';
import { check837P } from '../../../test/harness/x12-837p.ts';
import { totalsOf, type Claim, type ClaimBatch } from '../../modules/billing/claims.rules.ts';
import {
  chunked,
  formatAmount,
  render837P,
  segments837P,
  type Generate837PInput,
  type Subscriber,
  type X12Separators,
} from './837p.ts';

// node-x12 is a CommonJS bundle; require gives its exports whatever the ESM interop does.
const require = createRequire(import.meta.url);
const { X12Parser } = require('node-x12') as typeof NodeX12;

/** Every file parsed here is also checked against the 005010X222A1 rules (test/harness/x12-837p.ts). */
function parse(edi: string): X12Interchange {
  expect(check837P(edi)).toEqual([]);
  const result = new X12Parser(true).parse(edi);
  if (!('functionalGroups' in result) || !('header' in result)) throw new Error('expected one interchange');
  return result as X12Interchange;
}

const values = (segment: X12Segment): string[] => segment.elements.map((e) => e.value);
/** Element n (1-based, as X12 names them: CLM02 is el(clm, 2)). */
const el = (segment: X12Segment, n: number): string => segment.elements[n - 1]?.value ?? '';

function claim(n: number, participant: string, lineCharges: number[], peerId = 'peer-1'): Claim {
  return {
    claimId: `B7-${n}`,
    participantId: participant,
    memberId: `MEM${participant}`,
    peerId,
    placeOfService: '11',
    totalChargeCents: lineCharges.reduce((a, b) => a + b, 0),
    lines: lineCharges.map((cents, i) => ({
      lineNumber: i + 1,
      encounterId: `enc-${n}-${i + 1}`,
      serviceDate: `2025-03-${String((i % 28) + 1).padStart(2, '0')}`,
      code: 'H0038',
      modifiers: i % 2 === 0 ? ['HQ', 'HF'] : [],
      units: Math.max(1, Math.round(cents / 2012)),
      chargeCents: cents,
      placeOfService: '11',
      resubmission: false,
    })),
  };
}

function batchOf(claims: Claim[]): ClaimBatch {
  return { payerId: 'mi-medicaid', from: '2025-03-01', to: '2025-03-31', claims, excluded: [], totals: totalsOf(claims, 0) };
}

const subscriber = (first: string): Subscriber => ({
  firstName: first,
  lastName: 'Rivera',
  birthDate: '1988-07-04',
  gender: 'F',
  address: { line1: '12 Main St', city: 'Lansing', state: 'MI', postalCode: '48933' },
  diagnosisCodes: ['F11.20', 'F33.1'],
});

function input(claims: Claim[], overrides: Partial<Generate837PInput> = {}): Generate837PInput {
  const participants = [...new Set(claims.map((c) => c.participantId))];
  const peers = [...new Set(claims.map((c) => c.peerId))];
  return {
    batch: batchOf(claims),
    submitter: { name: 'Harbor Peer Center', id: 'HARBOR01', contactName: 'Dana Billing', phone: '517-555-0100' },
    receiver: { name: 'Michigan Medicaid', id: 'MIMEDICAID' },
    billingProvider: {
      name: 'Harbor Peer Center',
      npi: '1234567893',
      taxId: '38-1234567',
      taxonomy: '251S00000X',
      address: { line1: '400 River Rd', city: 'Lansing', state: 'MI', postalCode: '489330000' },
    },
    payer: { name: 'Michigan Medicaid', payerId: 'D00111', type: 'medicaid' },
    subscribers: new Map(participants.map((p) => [p, subscriber(p)])),
    renderingPeers: new Map(peers.map((p) => [p, { firstName: 'Sam', lastName: `Okafor ${p}`, npi: '1497758544' }])),
    control: { interchange: 1234, group: 56, firstTransactionSet: 7 },
    createdAt: new Date('2025-04-01T16:05:00Z'),
    timeZone: 'America/Detroit',
    reference: 'PB',
    ...overrides,
  };
}

interface Checked {
  transactions: number;
  claims: number;
  lines: number;
}

/**
 * Parse with node-x12 (independent of our writer) and check the envelope, the HL hierarchy,
 * segment counts and totals; returns counts for further assertions.
 */
function checkInterchange(edi: string, expected: { claims: Claim[]; control: Generate837PInput['control'] }): Checked {
  const interchange = parse(edi);
  // ISA13 equals IEA02; IEA01 counts functional groups.
  expect(Number(el(interchange.header, 13))).toBe(expected.control.interchange);
  expect(Number(el(interchange.trailer, 2))).toBe(expected.control.interchange);
  expect(Number(el(interchange.trailer, 1))).toBe(interchange.functionalGroups.length);
  expect(interchange.functionalGroups).toHaveLength(1);
  const group = interchange.functionalGroups[0]!;
  expect(el(group.header, 1)).toBe('HC');
  expect(el(group.header, 8)).toBe('005010X222A1');
  // GS06 equals GE02; GE01 counts transaction sets.
  expect(el(group.header, 6)).toBe(String(expected.control.group));
  expect(el(group.trailer, 2)).toBe(String(expected.control.group));
  expect(Number(el(group.trailer, 1))).toBe(group.transactions.length);

  const claimsSeen: { id: string; total: string; lineCharges: string[]; hlParent: string }[] = [];
  let lines = 0;
  group.transactions.forEach((transaction, index) => {
    expect(el(transaction.header, 1)).toBe('837');
    expect(el(transaction.header, 3)).toBe('005010X222A1');
    // ST02 equals SE02, numbered from the first control number.
    expect(Number(el(transaction.header, 2))).toBe(expected.control.firstTransactionSet + index);
    expect(el(transaction.trailer, 2)).toBe(el(transaction.header, 2));
    // SE01 counts the segments from ST to SE inclusive.
    expect(Number(el(transaction.trailer, 1))).toBe(transaction.segments.length + 2);

    const tags = transaction.segments.map((s) => s.tag);
    expect(tags.slice(0, 5)).toEqual(['BHT', 'NM1', 'PER', 'NM1', 'HL']);
    expect(el(transaction.segments[1]!, 1)).toBe('41');
    expect(el(transaction.segments[3]!, 1)).toBe('40');

    // HL: ids 1..n in order; one billing provider (20, no parent, has children); each
    // subscriber (22) points to it and has no child (HL04 0).
    const hls = transaction.segments.filter((s) => s.tag === 'HL');
    hls.forEach((hl, i) => expect(el(hl, 1)).toBe(String(i + 1)));
    expect(values(hls[0]!)).toEqual(['1', '', '20', '1']);
    for (const hl of hls.slice(1)) expect(values(hl)).toEqual([el(hl, 1), '1', '22', '0']);

    // Loop order within each HL and the claim contents.
    let currentHl = '';
    let current: (typeof claimsSeen)[number] | undefined;
    let inLine = false;
    transaction.segments.forEach((segment, i) => {
      const next = transaction.segments[i + 1];
      switch (segment.tag) {
        case 'HL':
          currentHl = el(segment, 1);
          inLine = false;
          if (el(segment, 3) === '20') {
            expect(next?.tag).toBe('PRV');
            expect(values(next!).slice(0, 2)).toEqual(['BI', 'PXC']);
          } else {
            expect(next?.tag).toBe('SBR');
            expect(values(next!)[0]).toBe('P');
          }
          break;
        case 'NM1':
          if (el(segment, 1) === '82') {
            expect(next?.tag).toBe('PRV');
            expect(values(next!)).toEqual(['PE', 'PXC', '175T00000X']);
          }
          break;
        case 'CLM':
          current = { id: el(segment, 1), total: el(segment, 2), lineCharges: [], hlParent: currentHl };
          claimsSeen.push(current);
          {
            // CLM05-3: 1 original; 7 replacement or 8 void, then REF*F8 names the claim replaced or voided.
            const expectedClaim = expected.claims.find((c) => c.claimId === current!.id);
            const replaces = expectedClaim?.voidsClaimId ?? expectedClaim?.replacesClaimId;
            expect(el(segment, 5)).toBe(replaces === undefined ? '11:B:1' : expectedClaim?.voidsClaimId !== undefined ? '11:B:8' : '11:B:7');
            const hi = replaces === undefined ? next : transaction.segments[i + 2];
            if (replaces !== undefined) expect(values(next!)).toEqual(['F8', replaces]);
            expect(hi?.tag).toBe('HI');
            expect(el(hi!, 1)).toBe('ABK:F1120');
          }
          inLine = false;
          break;
        case 'LX':
          inLine = true;
          expect(el(segment, 1)).toBe(String((current?.lineCharges.length ?? -1) + 1));
          expect(next?.tag).toBe('SV1');
          break;
        case 'SV1':
          expect(inLine).toBe(true);
          expect(el(segment, 1)).toMatch(/^HC:H0038(:[A-Z0-9]{2}){0,4}$/);
          expect(el(segment, 3)).toBe('UN');
          expect(el(segment, 7)).toBe('1');
          current?.lineCharges.push(el(segment, 2));
          lines++;
          expect(next?.tag).toBe('DTP');
          expect(values(next!).slice(0, 2)).toEqual(['472', 'D8']);
          break;
      }
    });
  });

  // Claims come out in batch order; CLM02 is the sum of its SV102 charges.
  expect(claimsSeen.map((c) => c.id)).toEqual(expected.claims.map((c) => c.claimId));
  claimsSeen.forEach((seen, i) => {
    const expectedClaim = expected.claims[i]!;
    expect(seen.lineCharges).toHaveLength(expectedClaim.lines.length);
    const cents = (amount: string) => Math.round(Number(amount) * 100);
    expect(cents(seen.total)).toBe(seen.lineCharges.reduce((a, c) => a + cents(c), 0));
    expect(cents(seen.total)).toBe(expectedClaim.totalChargeCents);
  });
  return { transactions: group.transactions.length, claims: claimsSeen.length, lines };
}

describe('segments837P', () => {
  it('writes the documented segments for one claim', () => {
    const generated = { ...input([claim(1, 'p1', [4024])]), lineBreak: '\n' };
    const text = render837P(generated);
    checkInterchange(text, { claims: generated.batch.claims, control: generated.control });
    expect(text.split('\n').filter(Boolean)).toEqual([
      'ISA*00*          *00*          *ZZ*HARBOR01       *ZZ*MIMEDICAID     *250401*1205*^*00501*000001234*0*P*:~',
      'GS*HC*HARBOR01*MIMEDICAID*20250401*1205*56*X*005010X222A1~',
      'ST*837*0007*005010X222A1~',
      'BHT*0019*00*PB0007*20250401*1205*CH~',
      'NM1*41*2*HARBOR PEER CENTER*****46*HARBOR01~',
      'PER*IC*DANA BILLING*TE*5175550100~',
      'NM1*40*2*MICHIGAN MEDICAID*****46*MIMEDICAID~',
      'HL*1**20*1~',
      'PRV*BI*PXC*251S00000X~',
      'NM1*85*2*HARBOR PEER CENTER*****XX*1234567893~',
      'N3*400 RIVER RD~',
      'N4*LANSING*MI*489330000~',
      'REF*EI*381234567~',
      'HL*2*1*22*0~',
      'SBR*P*18*******MC~',
      'NM1*IL*1*RIVERA*P1****MI*MEMp1~',
      'N3*12 MAIN ST~',
      'N4*LANSING*MI*48933~',
      'DMG*D8*19880704*F~',
      'NM1*PR*2*MICHIGAN MEDICAID*****PI*D00111~',
      'CLM*B7-1*40.24***11:B:1*Y*A*Y*Y~',
      'HI*ABK:F1120*ABF:F331~',
      'NM1*82*1*OKAFOR PEER-1*SAM****XX*1497758544~',
      'PRV*PE*PXC*175T00000X~',
      'LX*1~',
      'SV1*HC:H0038:HQ:HF*40.24*UN*2***1~',
      'DTP*472*D8*20250301~',
      'REF*6R*enc-1-1~',
      'SE*27*0007~',
      'GE*1*56~',
      'IEA*1*000001234~',
    ]);
  });

  it('parses with node-x12: envelope, hierarchy, counts and totals', () => {
    const claims = [claim(1, 'p1', [4024, 2012, 6036]), claim(2, 'p1', [2012], 'peer-2'), claim(3, 'p2', [8048, 1])];
    const generated = input(claims);
    const result = checkInterchange(render837P(generated), { claims, control: generated.control });
    expect(result).toEqual({ transactions: 1, claims: 3, lines: 6 });
  });

  it('shares one subscriber loop between consecutive claims of the same participant', () => {
    const claims = [claim(1, 'p1', [100]), claim(2, 'p1', [200], 'peer-2'), claim(3, 'p2', [300])];
    const transaction = parse(render837P(input(claims))).functionalGroups[0]!.transactions[0]!;
    expect(transaction.segments.filter((s) => s.tag === 'HL').map((s) => el(s, 3))).toEqual(['20', '22', '22']);
  });

  it('splits transaction sets by the claim limit, each with its billing provider', () => {
    const claims = Array.from({ length: 7 }, (_, i) => claim(i + 1, `p${Math.floor(i / 2)}`, [2012 * (i + 1)]));
    const generated = input(claims, { maxClaimsPerTransaction: 3 });
    const result = checkInterchange(render837P(generated), { claims, control: generated.control });
    expect(result.transactions).toBe(3);
  });

  it.each<[string, X12Separators, string]>([
    ['pipes and carets', { element: '|', component: '>', segment: '~', repetition: '^' }, '\n'],
    ['the defaults with CRLF', { element: '*', component: ':', segment: '~', repetition: '^' }, '\r\n'],
  ])('writes configurable separators (%s) that node-x12 reads back', (_name, separators, lineBreak) => {
    const claims = [claim(1, 'p1', [4024, 2012])];
    const generated = input(claims, { separators, lineBreak });
    const edi = render837P(generated);
    expect(edi.startsWith(`ISA${separators.element}00`)).toBe(true);
    expect(edi.charAt(104)).toBe(separators.component);
    const interchange = parse(edi);
    const sv1 = interchange.functionalGroups[0]!.transactions[0]!.segments.find((s) => s.tag === 'SV1')!;
    expect(el(sv1, 1)).toBe(['HC', 'H0038', 'HQ', 'HF'].join(separators.component));
  });

  it('keeps names with separator characters from breaking the file', () => {
    const claims = [claim(1, 'p1', [4024])];
    const generated = input(claims);
    generated.subscribers = new Map([['p1', { ...subscriber('Ana*Maria~'), lastName: "O'Brien:Diaz^" }]]);
    const edi = render837P(generated);
    checkInterchange(edi, { claims, control: generated.control });
    expect(edi).toContain("NM1*IL*1*O'BRIEN DIAZ*ANA MARIA****MI*MEMp1~");
  });

  it('omits the rendering NPI when the peer has none', () => {
    const generated = input([claim(1, 'p1', [100])]);
    generated.renderingPeers = new Map([['peer-1', { firstName: 'Sam', lastName: 'Okafor' }]]);
    const edi = render837P(generated);
    checkInterchange(edi, { claims: generated.batch.claims, control: generated.control });
    expect(edi).toContain('NM1*82*1*OKAFOR*SAM~PRV*PE*PXC*175T00000X~');
  });

  it('uses the claim filing indicator of the payer type (grant: 11)', () => {
    const generated = input([claim(1, 'p1', [100])], { payer: { name: 'SAMHSA grant', payerId: 'GRANT1', type: 'grant' } });
    const edi = render837P(generated);
    checkInterchange(edi, { claims: generated.batch.claims, control: generated.control });
    expect(edi).toContain('SBR*P*18*******11~');
  });

  it.each<[string, (i: Generate837PInput) => void, RegExp]>([
    ['an empty batch', (i) => void (i.batch = batchOf([])), /no claims/],
    ['a participant with no diagnosis', (i) => void (i.subscribers = new Map([['p1', { ...subscriber('A'), diagnosisCodes: [] }]])), /diagnosis/],
    ['a missing subscriber', (i) => void (i.subscribers = new Map()), /subscriber/],
    ['a missing rendering peer', (i) => void (i.renderingPeers = new Map()), /rendering/],
    ['a bad billing NPI', (i) => void (i.billingProvider = { ...i.billingProvider, npi: '123' }), /NPI/],
    ['a 10-digit control number', (i) => void (i.control = { ...i.control, interchange: 1_000_000_000 }), /control number/],
    ['a member id holding a separator', (i) => void (i.batch.claims[0]!.memberId = 'M*1'), /member id/],
    ['repeated separators', (i) => void (i.separators = { element: '*', component: '*', segment: '~', repetition: '^' }), /differ/],
  ])('refuses %s', (_name, spoil, message) => {
    const generated = input([claim(1, 'p1', [100])]);
    spoil(generated);
    expect(() => render837P(generated)).toThrow(message);
  });

  it('writes a resubmission as a replacement claim: CLM05-3 7 and REF*F8 with the original claim id', () => {
    const replacement = { ...claim(2, 'p1', [4024]), replacesClaimId: 'PB1-7' };
    const claims = [claim(1, 'p1', [2012]), replacement];
    const generated = input(claims);
    const edi = render837P(generated);
    const result = checkInterchange(edi, { claims, control: generated.control });
    expect(result.claims).toBe(2);
    expect(edi).toContain('CLM*B7-2*40.24***11:B:7*Y*A*Y*Y~REF*F8*PB1-7~HI*ABK:F1120');
    expect(edi).toContain('CLM*B7-1*20.12***11:B:1*Y*A*Y*Y~HI*');
  });

  it('writes a void claim: CLM05-3 8 and REF*F8 with the voided claim id, its lines and charges repeated; counts stay valid', () => {
    const voidClaim = { ...claim(2, 'p1', [4024, 2012]), voidsClaimId: 'PB1-3' };
    const claims = [claim(1, 'p1', [2012]), voidClaim];
    const generated = input(claims);
    const edi = render837P(generated);
    const result = checkInterchange(edi, { claims, control: generated.control });
    expect(result).toEqual({ transactions: 1, claims: 2, lines: 3 });
    expect(edi).toContain('CLM*B7-2*60.36***11:B:8*Y*A*Y*Y~REF*F8*PB1-3~HI*ABK:F1120');
    expect(edi).toContain('SV1*HC:H0038:HQ:HF*40.24*UN*2***1~DTP*472*D8*20250301~REF*6R*enc-2-1~');
  });

  it('refuses an original claim reference holding a separator', () => {
    const generated = input([{ ...claim(1, 'p1', [100]), replacesClaimId: 'PB*1' }]);
    expect(() => render837P(generated)).toThrow(/original claim reference/);
  });

  it('streams the same text in chunks as in one string', () => {
    const claims = Array.from({ length: 40 }, (_, i) => claim(i + 1, `p${i}`, [2012, 4024, 6036]));
    const generated = input(claims);
    const chunks = [...chunked(segments837P(generated), 1024)];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(render837P(generated));
  });

  it('every generated 837P parses and checks out (random batches)', () => {
    const arbitraryClaims = fc
      .array(
        fc.record({
          participant: fc.integer({ min: 1, max: 6 }),
          peer: fc.constantFrom('peer-1', 'peer-2'),
          charges: fc.array(fc.integer({ min: 1, max: 200_000 }), { minLength: 1, maxLength: 50 }),
        }),
        { minLength: 1, maxLength: 25 },
      )
      .map((specs) =>
        specs
          .sort((a, b) => a.participant - b.participant)
          .map((s, i) => claim(i + 1, `p${s.participant}`, s.charges, s.peer)),
      );
    fc.assert(
      fc.property(arbitraryClaims, fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 999_999_999 }), (claims, perSet, isa) => {
        const generated = input(claims, { maxClaimsPerTransaction: perSet, control: { interchange: isa, group: 9, firstTransactionSet: 1 } });
        const result = checkInterchange(render837P(generated), { claims, control: generated.control });
        expect(result.transactions).toBe(Math.ceil(claims.length / perSet));
        expect(result.lines).toBe(claims.reduce((a, c) => a + c.lines.length, 0));
      }),
      { numRuns: 60 },
    );
    // Each of the 60 files is also checked against the 005010X222A1 table: more than the default 5 s on a busy machine.
  }, 30_000);
});

describe('formatAmount', () => {
  it.each([
    [0, '0'],
    [5, '0.05'],
    [50, '0.5'],
    [4024, '40.24'],
    [4000, '40'],
    [4010, '40.1'],
    [123456789, '1234567.89'],
    [-2012, '-20.12'],
  ])('%i cents is %s', (cents, text) => {
    expect(formatAmount(cents)).toBe(text);
  });
  it('refuses fractions of a cent', () => {
    expect(() => formatAmount(10.5)).toThrow(RangeError);
  });
});
