import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BillingDecision } from './billing.rules.ts';
import { buildClaimBatch, claimFrequency, MAX_LINES_PER_CLAIM, type ClaimBatchInput, type EncounterWithBilling } from './claims.rules.ts';

function billable(serviceDate: string, units: number, overrides: Partial<BillingDecision> = {}): BillingDecision {
  return {
    billable: true,
    payerId: 'mi-medicaid',
    memberId: 'M1',
    code: 'H0038',
    modifiers: [],
    units,
    amountCents: units * 2012,
    serviceDate,
    minutes: units * 15,
    explanation: { en: 'x', es: 'x' },
    ...overrides,
  } as BillingDecision;
}

function notBillable(serviceDate: string, reason: 'unsigned' | 'no-coverage' | 'zero-units', payerId?: string): BillingDecision {
  return {
    billable: false,
    reason,
    serviceDate,
    ...(payerId === undefined ? {} : { payerId }),
    explanation: { en: `why ${reason}`, es: `por qué ${reason}` },
  };
}

let sequence = 0;
function enc(billing: BillingDecision, overrides: Partial<EncounterWithBilling> = {}): EncounterWithBilling {
  sequence++;
  return {
    encounterId: `enc-${String(sequence).padStart(4, '0')}`,
    participantId: 'par-1',
    peerId: 'peer-1',
    placeOfService: '11',
    startedAt: `${billing.serviceDate}T14:00:00Z`,
    billing,
    ...overrides,
  };
}

function batch(encounters: EncounterWithBilling[], overrides: Partial<ClaimBatchInput> = {}) {
  return buildClaimBatch({
    payerId: 'mi-medicaid',
    from: '2025-03-01',
    to: '2025-03-31',
    batchId: 'B42',
    encounters,
    alreadyExported: new Set(),
    ...overrides,
  });
}

/** A claim as it was sent and the payer holds; `stands: false` marks a line of a voided note. */
const sent = (claimId: string, lines: Array<{ id: string; date: string; units: number; stands?: boolean }>, noteVoided = lines.some((l) => l.stands === false)) => ({
  claimId,
  participantId: 'par-1',
  memberId: 'M1',
  peerId: 'peer-1',
  placeOfService: '11',
  noteVoided,
  lines: lines.map((l) => ({
    encounterId: l.id,
    serviceDate: l.date,
    startedAt: `${l.date}T14:00:00Z`,
    code: 'H0038',
    modifiers: ['HQ'],
    units: l.units,
    chargeCents: l.units * 2012,
    placeOfService: '11',
    stands: l.stands ?? true,
  })),
});

describe('buildClaimBatch', () => {
  it('bills lines in the range for this payer, with date of service, units and charge', () => {
    const inRange = enc(billable('2025-03-10', 3));
    const result = batch([
      inRange,
      enc(billable('2025-02-28', 2)),
      enc(billable('2025-04-01', 2)),
      enc(billable('2025-03-10', 2, { payerId: 'samhsa-grant' })),
    ]);
    expect(result.claims).toHaveLength(1);
    expect(result.claims[0]).toMatchObject({
      claimId: 'B42-1',
      participantId: 'par-1',
      memberId: 'M1',
      peerId: 'peer-1',
      placeOfService: '11',
      totalChargeCents: 3 * 2012,
      lines: [{ lineNumber: 1, encounterId: inRange.encounterId, serviceDate: '2025-03-10', units: 3, chargeCents: 6036, code: 'H0038' }],
    });
    expect(result.totals).toEqual({ claims: 1, lines: 1, units: 3, chargeCents: 6036, excluded: 0, voids: { claims: 0, lines: 0, units: 0, chargeCents: 0 } });
  });

  it('includes both ends of the range', () => {
    const result = batch([enc(billable('2025-03-01', 1)), enc(billable('2025-03-31', 1))]);
    expect(result.totals.lines).toBe(2);
  });

  it('lists what is excluded and why, including encounters with no coverage', () => {
    const draft = enc(notBillable('2025-03-05', 'unsigned', 'mi-medicaid'));
    const uncovered = enc(notBillable('2025-03-06', 'no-coverage'));
    const otherPayer = enc(notBillable('2025-03-07', 'zero-units', 'samhsa-grant'));
    const result = batch([draft, uncovered, otherPayer]);
    expect(result.claims).toEqual([]);
    expect(result.excluded).toEqual([
      { encounterId: draft.encounterId, serviceDate: '2025-03-05', reason: 'unsigned', explanation: { en: 'why unsigned', es: 'por qué unsigned' } },
      { encounterId: uncovered.encounterId, serviceDate: '2025-03-06', reason: 'no-coverage', explanation: { en: 'why no-coverage', es: 'por qué no-coverage' } },
    ]);
  });

  it('never exports an encounter twice', () => {
    const exported = enc(billable('2025-03-10', 2));
    const fresh = enc(billable('2025-03-11', 2));
    const result = batch([exported, fresh], { alreadyExported: new Set([exported.encounterId]) });
    expect(result.claims.flatMap((c) => c.lines.map((l) => l.encounterId))).toEqual([fresh.encounterId]);
    expect(result.excluded).toMatchObject([{ encounterId: exported.encounterId, reason: 'already-exported' }]);
  });

  it('exports again an encounter whose earlier claim was voided, marked as a resubmission', () => {
    const voided = enc(billable('2025-03-10', 2));
    const result = batch([voided], {
      alreadyExported: new Set([voided.encounterId]),
      releasedForResubmission: new Set([voided.encounterId]),
    });
    expect(result.claims[0]?.lines).toMatchObject([{ encounterId: voided.encounterId, resubmission: true }]);
    expect(result.excluded).toEqual([]);
  });

  it('sends resubmissions on a replacement claim of their own naming the original claim', () => {
    const voided = enc(billable('2025-03-10', 2));
    const fresh = enc(billable('2025-03-11', 1));
    const unknown = enc(billable('2025-03-12', 1));
    const result = batch([voided, fresh, unknown], {
      alreadyExported: new Set([voided.encounterId, unknown.encounterId]),
      releasedForResubmission: new Set([voided.encounterId, unknown.encounterId]),
      // The line exported before claim ids were kept has no original: it goes out as new.
      originalClaimOf: new Map([[voided.encounterId, 'B41-3']]),
      heldClaims: [sent('B41-3', [{ id: voided.encounterId, date: '2025-03-10', units: 2 }])],
    });
    expect(result.claims).toHaveLength(2);
    const replacement = result.claims.find((c) => c.replacesClaimId !== undefined)!;
    expect(replacement).toMatchObject({ replacesClaimId: 'B41-3', lines: [{ encounterId: voided.encounterId, resubmission: true }] });
    const original = result.claims.find((c) => c.replacesClaimId === undefined)!;
    expect(original.lines.map((l) => l.encounterId)).toEqual([fresh.encounterId, unknown.encounterId]);
    expect(original).not.toHaveProperty('replacesClaimId');
  });

  it('groups lines into claims per participant and rendering peer', () => {
    const result = batch([
      enc(billable('2025-03-10', 1), { participantId: 'par-2' }),
      enc(billable('2025-03-10', 1), { participantId: 'par-1', peerId: 'peer-2' }),
      enc(billable('2025-03-11', 1), { participantId: 'par-1' }),
      enc(billable('2025-03-10', 1), { participantId: 'par-1' }),
    ]);
    expect(result.claims.map((c) => [c.participantId, c.peerId, c.lines.map((l) => l.serviceDate)])).toEqual([
      ['par-1', 'peer-1', ['2025-03-10', '2025-03-11']],
      ['par-1', 'peer-2', ['2025-03-10']],
      ['par-2', 'peer-1', ['2025-03-10']],
    ]);
  });

  it('splits a claim every 50 service lines (837P 2400 loop limit)', () => {
    const encounters = Array.from({ length: 120 }, (_, i) =>
      enc(billable(`2025-03-${String((i % 28) + 1).padStart(2, '0')}`, 1), { startedAt: `2025-03-01T00:00:${String(i % 60).padStart(2, '0')}Z` }),
    );
    const result = batch(encounters);
    expect(result.claims.map((c) => c.lines.length)).toEqual([50, 50, 20]);
    expect(result.claims.map((c) => c.claimId)).toEqual(['B42-1', 'B42-2', 'B42-3']);
    expect(result.claims.every((c) => c.lines.every((l, i) => l.lineNumber === i + 1))).toBe(true);
  });

  it('rejects a range that ends before it starts', () => {
    expect(() => batch([], { from: '2025-03-31', to: '2025-03-01' })).toThrow(RangeError);
  });

  it('rejects claim ids longer than CLM01 allows', () => {
    expect(() => batch([enc(billable('2025-03-10', 1))], { batchId: 'X'.repeat(40) })).toThrow(/CLM01/);
  });

  const arbitraryEncounters = fc.array(
    fc.record({
      participant: fc.constantFrom('par-1', 'par-2', 'par-3'),
      peer: fc.constantFrom('peer-1', 'peer-2'),
      day: fc.integer({ min: 1, max: 31 }),
      units: fc.integer({ min: 1, max: 16 }),
      billable: fc.boolean(),
      exported: fc.boolean(),
    }),
    { maxLength: 150 },
  );

  it('every in-range encounter is either on exactly one line or excluded, and totals add up', () => {
    fc.assert(
      fc.property(arbitraryEncounters, (specs) => {
        const encounters = specs.map((s, i) => {
          const date = `2025-03-${String(s.day).padStart(2, '0')}`;
          return {
            ...enc(s.billable ? billable(date, s.units) : notBillable(date, 'unsigned', 'mi-medicaid'), {
              participantId: s.participant,
              peerId: s.peer,
            }),
            encounterId: `e${i}`,
          };
        });
        const exported = new Set(encounters.filter((_, i) => specs[i]?.exported).map((e) => e.encounterId));
        const result = batch(encounters, { alreadyExported: exported });
        const lineIds = result.claims.flatMap((c) => c.lines.map((l) => l.encounterId));
        const excludedIds = result.excluded.map((e) => e.encounterId);
        expect(new Set(lineIds).size).toBe(lineIds.length);
        expect([...lineIds, ...excludedIds].sort()).toEqual(encounters.map((e) => e.encounterId).sort());
        expect(lineIds.some((id) => exported.has(id))).toBe(false);
        for (const claim of result.claims) {
          expect(claim.lines.length).toBeLessThanOrEqual(MAX_LINES_PER_CLAIM);
          expect(claim.totalChargeCents).toBe(claim.lines.reduce((a, l) => a + l.chargeCents, 0));
        }
        expect(result.totals.chargeCents).toBe(result.claims.reduce((a, c) => a + c.totalChargeCents, 0));
        expect(result.totals.lines).toBe(lineIds.length);
      }),
    );
  });

  it('gives the same claims whatever the order of the input', () => {
    const ordered = arbitraryEncounters.map((specs) =>
      specs.map((s, i) => ({
        ...enc(billable(`2025-03-${String(s.day).padStart(2, '0')}`, s.units), { participantId: s.participant, peerId: s.peer }),
        encounterId: `e${i}`,
      })),
    );
    const withShuffle = ordered.chain((encounters) =>
      fc.tuple(fc.constant(encounters), fc.shuffledSubarray(encounters, { minLength: encounters.length, maxLength: encounters.length })),
    );
    fc.assert(
      fc.property(withShuffle, ([encounters, shuffled]) => {
        expect(batch(shuffled)).toEqual(batch(encounters));
      }),
    );
  });
});

describe('void claims (CLM05-3 = 8)', () => {
  it('voids a claim whose note was voided: its lines and charges as sent, counted apart from what is billed', () => {
    const fresh = enc(billable('2025-03-11', 1));
    const result = batch([fresh], { heldClaims: [sent('B41-3', [{ id: 'l2', date: '2025-03-10', units: 3, stands: false }, { id: 'l1', date: '2025-03-09', units: 2, stands: false }])] });
    expect(result.claims).toHaveLength(2);
    const voidClaim = result.claims[1]!;
    expect(voidClaim).toMatchObject({
      claimId: 'B42-2',
      voidsClaimId: 'B41-3',
      totalChargeCents: 5 * 2012,
      lines: [
        { lineNumber: 1, encounterId: 'l1', serviceDate: '2025-03-09', units: 2, chargeCents: 4024, modifiers: ['HQ'], resubmission: false },
        { lineNumber: 2, encounterId: 'l2', serviceDate: '2025-03-10', units: 3, chargeCents: 6036 },
      ],
    });
    expect(voidClaim).not.toHaveProperty('replacesClaimId');
    expect(claimFrequency(voidClaim)).toBe('8');
    expect(claimFrequency(result.claims[0]!)).toBe('1');
    expect(result.totals).toEqual({ claims: 1, lines: 1, units: 1, chargeCents: 2012, excluded: 0, voids: { claims: 1, lines: 2, units: 5, chargeCents: 10060 } });
  });

  it('sends a replacement with the remaining lines instead of a void when they go out in the batch', () => {
    const remaining = enc(billable('2025-03-10', 2));
    const result = batch([remaining], {
      alreadyExported: new Set([remaining.encounterId]),
      releasedForResubmission: new Set([remaining.encounterId]),
      originalClaimOf: new Map([[remaining.encounterId, 'B41-3']]),
      heldClaims: [sent('B41-3', [{ id: remaining.encounterId, date: '2025-03-10', units: 2 }, { id: 'cancelled', date: '2025-03-10', units: 1, stands: false }])],
    });
    expect(result.claims).toHaveLength(1);
    expect(result.claims[0]).toMatchObject({ replacesClaimId: 'B41-3', lines: [{ encounterId: remaining.encounterId }] });
    expect(claimFrequency(result.claims[0]!)).toBe('7');
    expect(result.totals.voids.claims).toBe(0);
  });

  it('voids each claim once even when listed twice, and only a void makes a batch of nothing billable', () => {
    const claim = sent('B41-1', [{ id: 'l1', date: '2025-03-10', units: 1, stands: false }]);
    const result = batch([enc(notBillable('2025-03-10', 'unsigned', 'mi-medicaid'))], { heldClaims: [claim, claim] });
    expect(result.claims.map((c) => [c.claimId, c.voidsClaimId])).toEqual([['B42-1', 'B41-1']]);
    expect(result.excluded).toHaveLength(1);
  });
  describe('a replacement carries every line of its claim that still stands, or the claim is voided', () => {
    const released = (...lines: EncounterWithBilling[]) => ({
      alreadyExported: new Set(lines.map((l) => l.encounterId)),
      releasedForResubmission: new Set(lines.map((l) => l.encounterId)),
      originalClaimOf: new Map(lines.map((l) => [l.encounterId, 'B41-3'])),
    });
    const shape = (result: ReturnType<typeof batch>) => result.claims.map((c) => [claimFrequency(c), c.replacesClaimId ?? c.voidsClaimId ?? null, c.lines.map((l) => l.encounterId)]);

    it('voids the claim and bills the rest anew when a standing line of it is outside the range', () => {
      const inRange = enc(billable('2025-03-10', 2));
      const result = batch([inRange], {
        ...released(inRange),
        heldClaims: [sent('B41-3', [{ id: 'cancelled', date: '2025-03-09', units: 1, stands: false }, { id: inRange.encounterId, date: '2025-03-10', units: 2 }, { id: 'april', date: '2025-04-02', units: 2 }])],
      });
      expect(shape(result)).toEqual([
        ['1', null, [inRange.encounterId]],
        ['8', 'B41-3', ['cancelled', inRange.encounterId, 'april']],
      ]);
      expect(result.claims[0]!.lines[0]!.resubmission).toBe(true);
    });

    it('does the same for a claim released for resubmission, which has no voided note', () => {
      const corrected = enc(billable('2025-03-10', 2));
      const result = batch([corrected], { ...released(corrected), heldClaims: [sent('B41-3', [{ id: corrected.encounterId, date: '2025-03-10', units: 2 }, { id: 'april', date: '2025-04-02', units: 2 }])] });
      expect(shape(result)).toEqual([
        ['1', null, [corrected.encounterId]],
        ['8', 'B41-3', [corrected.encounterId, 'april']],
      ]);
    });

    it('voids it when a standing line in the range is not billable now, and lists that line', () => {
      const kept = enc(billable('2025-03-10', 2));
      const lapsed = enc(notBillable('2025-03-11', 'no-coverage'));
      const result = batch([kept, lapsed], { ...released(kept, lapsed), heldClaims: [sent('B41-3', [{ id: kept.encounterId, date: '2025-03-10', units: 2 }, { id: lapsed.encounterId, date: '2025-03-11', units: 2 }])] });
      expect(shape(result)).toEqual([
        ['1', null, [kept.encounterId]],
        ['8', 'B41-3', [kept.encounterId, lapsed.encounterId]],
      ]);
      expect(result.excluded).toMatchObject([{ encounterId: lapsed.encounterId, reason: 'no-coverage' }]);
    });

    it('voids it when its lines would go out on two claims (a member id changed for one of them)', () => {
      const a = enc(billable('2025-03-10', 2));
      const b = enc(billable('2025-03-11', 2, { memberId: 'M2' }));
      const result = batch([a, b], { ...released(a, b), heldClaims: [sent('B41-3', [{ id: a.encounterId, date: '2025-03-10', units: 2 }, { id: b.encounterId, date: '2025-03-11', units: 2 }])] });
      expect(shape(result)).toEqual([
        ['1', null, [a.encounterId]],
        ['1', null, [b.encounterId]],
        ['8', 'B41-3', [a.encounterId, b.encounterId]],
      ]);
    });

    it('bills the lines of the replacement with the other new lines of their claim once it is voided', () => {
      const rebilled = enc(billable('2025-03-10', 2));
      const fresh = enc(billable('2025-03-12', 1));
      const result = batch([rebilled, fresh], { ...released(rebilled), heldClaims: [sent('B41-3', [{ id: rebilled.encounterId, date: '2025-03-10', units: 2 }, { id: 'april', date: '2025-04-02', units: 2 }])] });
      expect(shape(result)).toEqual([
        ['1', null, [rebilled.encounterId, fresh.encounterId]],
        ['8', 'B41-3', [rebilled.encounterId, 'april']],
      ]);
    });

    it('never replaces a claim the payer is not known to hold: its lines go out new, nothing is voided', () => {
      const line = enc(billable('2025-03-10', 2));
      expect(shape(batch([line], released(line)))).toEqual([['1', null, [line.encounterId]]]);
    });

    it('leaves a claim released for resubmission alone when none of its lines is billed in the batch', () => {
      const lapsed = enc(notBillable('2025-03-10', 'no-coverage'));
      const result = batch([lapsed], { ...released(lapsed), heldClaims: [sent('B41-3', [{ id: lapsed.encounterId, date: '2025-03-10', units: 2 }])] });
      expect(result.claims).toEqual([]);
    });

    it('voids the claim of a line released and billed now to another payer, so that two payers never hold it', () => {
      // The participant's coverage on that date was corrected to another plan after the claim went out.
      const moved = enc(billable('2025-03-10', 2, { payerId: 'other-plan' }));
      const result = batch([moved], { ...released(moved), heldClaims: [sent('B41-3', [{ id: moved.encounterId, date: '2025-03-10', units: 2 }])] });
      expect(shape(result)).toEqual([['8', 'B41-3', [moved.encounterId]]]);
      expect(result.excluded).toEqual([]);
    });

    it('replaces that claim without the moved line when its other lines go out in the batch', () => {
      const moved = enc(billable('2025-03-10', 2, { payerId: 'other-plan' }));
      const kept = enc(billable('2025-03-11', 1));
      const result = batch([moved, kept], {
        ...released(moved, kept),
        heldClaims: [sent('B41-3', [{ id: moved.encounterId, date: '2025-03-10', units: 2 }, { id: kept.encounterId, date: '2025-03-11', units: 1 }])],
      });
      expect(shape(result)).toEqual([['7', 'B41-3', [kept.encounterId]]]);
    });

    it('whatever is held and released, a replacement carries exactly the standing lines of its claim', () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({ day: fc.integer({ min: 25, max: 35 }), stands: fc.boolean(), billable: fc.boolean(), member: fc.constantFrom('M1', 'M1', 'M2'), payer: fc.constantFrom('mi-medicaid', 'mi-medicaid', 'other-plan') }),
            { minLength: 1, maxLength: 8 },
          ),
          (specs) => {
            const lines = specs.map((s, i) => {
              const date = s.day <= 31 ? `2025-03-${String(s.day).padStart(2, '0')}` : `2025-04-0${s.day - 31}`;
              return { ...enc(s.stands && s.billable ? billable(date, 1, { memberId: s.member, payerId: s.payer }) : notBillable(date, 'unsigned', 'mi-medicaid')), encounterId: `l${i}`, spec: s, date };
            });
            const result = batch(lines, {
              ...released(...lines.filter((l) => l.spec.stands)),
              heldClaims: [sent('B41-3', lines.map((l) => ({ id: l.encounterId, date: l.date, units: 1, stands: l.spec.stands })))],
            });
            // A line of the range billed now to another payer no longer stands on this payer's claim.
            const moved = new Set(lines.filter((l) => l.spec.stands && l.spec.billable && l.spec.payer !== 'mi-medicaid' && l.spec.day <= 31).map((l) => l.encounterId));
            const standing = lines.filter((l) => l.spec.stands && !moved.has(l.encounterId)).map((l) => l.encounterId).sort();
            for (const c of result.claims) {
              if (c.replacesClaimId !== undefined) expect(c.lines.map((l) => l.encounterId).sort()).toEqual(standing);
              if (c.voidsClaimId === undefined) for (const l of c.lines) expect(moved.has(l.encounterId)).toBe(false);
            }
            const corrections = result.claims.filter((c) => c.replacesClaimId !== undefined || c.voidsClaimId !== undefined);
            expect(corrections.length).toBeLessThanOrEqual(1);
            if (moved.size > 0) expect(corrections).toHaveLength(1);
          },
        ),
      );
    });
  });
});
