import { toBillingCertification } from '../workforce/billing-link.ts';
import { builtInRuleSet } from '../workforce/credential-types.data.ts';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sayDay } from './billing.explain.rules.ts';
import {
  billDay,
  billEncounter,
  choosePayer,
  DEFAULT_FUNDING_ORDER,
  DEFAULT_MODIFIER_RULES,
  exportedDecision,
  explainBillable,
  modifiersFor,
  serviceDateOf,
  unitsFor,
  type BillEncounterInput,
  type Coverage,
  type EncounterForBilling,
  type Payer,
  type PeerCertification,
  type RoundingRule,
} from './billing.rules.ts';

function payer(overrides: Partial<Payer> = {}): Payer {
  return {
    id: 'mi-medicaid',
    name: 'Michigan Medicaid',
    type: 'medicaid',
    serviceCode: 'H0038',
    modifierRules: DEFAULT_MODIFIER_RULES,
    unitMinutes: 15,
    rounding: 'cms-8-minute',
    roundingBasis: 'encounter',
    ratePerUnit: 2012,
    placesOfService: ['11', '12', '02', '10', '99', '15', '04'],
    modalities: ['in-person', 'phone', 'video'],
    requiresCosign: false,
    ...overrides,
  };
}

function encounter(overrides: Partial<EncounterForBilling> = {}): EncounterForBilling {
  return {
    id: 'enc-1',
    participantId: 'par-1',
    peerId: 'peer-1',
    type: 'individual',
    modality: 'in-person',
    placeOfService: '11',
    startedAt: '2025-03-10T14:00:00Z',
    durationMinutes: 38,
    status: 'signed',
    signedAt: '2025-03-10T15:00:00Z',
    ...overrides,
  };
}

const certified: PeerCertification[] = [{ type: 'CPS', issuer: 'MDHHS', number: 'CPS-123', expiresOn: '2026-01-31' }];

function input(overrides: Partial<BillEncounterInput> & { payer?: Payer } = {}): BillEncounterInput {
  const p = overrides.payer ?? payer();
  const { payer: _ignored, ...rest } = overrides;
  return {
    encounter: encounter(),
    serviceDate: '2025-03-10',
    choice: { payer: p, coverage: { payerId: p.id, memberId: 'M123', startDate: '2025-01-01' } },
    certifications: certified,
    countedSameDay: [],
    ...rest,
  };
}

describe('unitsFor', () => {
  // Every boundary of the CMS 8-minute rule (Pub. 100-04 ch. 5 §20.2) for 15-minute units.
  it.each([
    [0, 0],
    [1, 0],
    [7, 0],
    [8, 1],
    [22, 1],
    [23, 2],
    [37, 2],
    [38, 3],
    [52, 3],
    [53, 4],
    [67, 4],
    [68, 5],
    [82, 5],
    [83, 6],
    [240, 16],
    [1440, 96],
  ])('cms-8-minute: %i minutes bill %i units', (minutes, units) => {
    expect(unitsFor(minutes, 'cms-8-minute', 15)).toBe(units);
  });

  it.each([
    [0, 0],
    [14, 0],
    [15, 1],
    [29, 1],
    [30, 2],
    [44, 2],
    [45, 3],
    [59, 3],
    [60, 4],
    [74, 4],
    [75, 5],
  ])('full-unit: %i minutes bill %i units', (minutes, units) => {
    expect(unitsFor(minutes, 'full-unit', 15)).toBe(units);
  });

  // Other unit lengths: a unit needs more than half of it.
  it.each([
    [30, 15, 0],
    [30, 16, 1],
    [30, 45, 1],
    [30, 46, 2],
    [60, 30, 0],
    [60, 31, 1],
    [60, 90, 1],
    [60, 91, 2],
    [5, 2, 0],
    [5, 3, 1],
    [1, 1, 1],
  ])('cms-8-minute with %i-minute units: %i minutes bill %i units', (unitMinutes, minutes, units) => {
    expect(unitsFor(minutes, 'cms-8-minute', unitMinutes)).toBe(units);
  });

  it.each([[-1], [7.5], [Number.NaN], [Number.POSITIVE_INFINITY]])('rejects %d minutes', (minutes) => {
    expect(() => unitsFor(minutes, 'cms-8-minute', 15)).toThrow(RangeError);
  });

  it('rejects a unit length under 1 minute', () => {
    expect(() => unitsFor(30, 'full-unit', 0)).toThrow(RangeError);
  });

  const rule = fc.constantFrom<RoundingRule>('cms-8-minute', 'full-unit');
  const unitMinutes = fc.integer({ min: 1, max: 120 });

  it('a unit is billed exactly when more than half of it is provided (8-minute rule) or all of it (full unit)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), unitMinutes, rule, (m, u, r) => {
        const units = unitsFor(m, r, u);
        const full = Math.floor(m / u);
        const leftover = m - full * u;
        const partialCounts = r === 'cms-8-minute' && leftover * 2 > u;
        expect(units).toBe(full + (partialCounts ? 1 : 0));
      }),
    );
  });

  it('never decreases as minutes grow, and one more unit length adds exactly one unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), unitMinutes, rule, (m, u, r) => {
        expect(unitsFor(m + 1, r, u)).toBeGreaterThanOrEqual(unitsFor(m, r, u));
        expect(unitsFor(m + u, r, u)).toBe(unitsFor(m, r, u) + 1);
      }),
    );
  });
});

describe('serviceDateOf', () => {
  it('takes the date in the organization time zone, not UTC', () => {
    expect(serviceDateOf('2025-03-02T03:30:00Z', 'America/Detroit')).toBe('2025-03-01');
    expect(serviceDateOf('2025-03-02T03:30:00Z', 'UTC')).toBe('2025-03-02');
  });
  it('rejects a start that is not a date', () => {
    expect(() => serviceDateOf('yesterday', 'UTC')).toThrow(RangeError);
  });
});

describe('choosePayer', () => {
  const medicaid = payer();
  const grant = payer({ id: 'samhsa-grant', name: 'SAMHSA grant', type: 'grant' });
  const medicare = payer({ id: 'medicare-b', name: 'Medicare', type: 'medicare' });
  const payers = new Map([medicaid, grant, medicare].map((p) => [p.id, p]));
  const medicaidCoverage: Coverage = { payerId: medicaid.id, memberId: 'M1', startDate: '2025-01-01', endDate: '2025-06-30' };
  const grantCoverage: Coverage = { payerId: grant.id, memberId: 'G1', startDate: '2024-01-01' };

  it.each([
    ['Medicaid before the grant when both are in force', '2025-03-10', [grantCoverage, medicaidCoverage], 'mi-medicaid'],
    ['coverage counts on its first day', '2025-01-01', [grantCoverage, medicaidCoverage], 'mi-medicaid'],
    ['coverage counts on its last day', '2025-06-30', [grantCoverage, medicaidCoverage], 'mi-medicaid'],
    ['the grant after Medicaid ended', '2025-07-01', [medicaidCoverage, grantCoverage], 'samhsa-grant'],
    ['the grant before Medicaid started', '2024-12-31', [medicaidCoverage, grantCoverage], 'samhsa-grant'],
    ['nothing before any coverage', '2023-12-31', [medicaidCoverage, grantCoverage], undefined],
    ['nothing without coverage', '2025-03-10', [], undefined],
    [
      'a coverage of an unknown payer is ignored',
      '2025-03-10',
      [{ payerId: 'gone', memberId: 'X', startDate: '2020-01-01' }, grantCoverage],
      'samhsa-grant',
    ],
  ] as const)('%s', (_name, date, coverages, expected) => {
    expect(choosePayer(coverages, payers, DEFAULT_FUNDING_ORDER, date)?.payer.id).toBe(expected);
  });

  it('returns the coverage (member id) with the payer', () => {
    expect(choosePayer([grantCoverage, medicaidCoverage], payers, DEFAULT_FUNDING_ORDER, '2025-03-10')?.coverage.memberId).toBe('M1');
  });

  it('follows an organization order that names a payer id before types', () => {
    const order = ['samhsa-grant', 'medicaid'];
    expect(choosePayer([medicaidCoverage, grantCoverage], payers, order, '2025-03-10')?.payer.id).toBe('samhsa-grant');
  });

  it('puts payers the order does not list last', () => {
    const coverages: Coverage[] = [
      { payerId: medicare.id, memberId: 'B1', startDate: '2025-01-01' },
      grantCoverage,
    ];
    expect(choosePayer(coverages, payers, ['grant'], '2025-03-10')?.payer.id).toBe('samhsa-grant');
  });

  it('chooses the same payer whatever the order of coverages', () => {
    const other1 = payer({ id: 'b-other', type: 'other' });
    const other2 = payer({ id: 'a-other', type: 'other' });
    const all = new Map([...payers, [other1.id, other1], [other2.id, other2]]);
    const coverages: Coverage[] = [
      { payerId: other1.id, memberId: 'O1', startDate: '2025-01-01' },
      { payerId: other2.id, memberId: 'O2', startDate: '2025-01-01' },
      grantCoverage,
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(coverages, { minLength: 3, maxLength: 3 }), (shuffled) => {
        expect(choosePayer(shuffled, all, DEFAULT_FUNDING_ORDER, '2025-03-10')?.payer.id).toBe('a-other');
      }),
    );
  });
});

describe('modifiersFor', () => {
  it.each([
    ['an individual session has none', {}, []],
    ['a group session gets HQ', { type: 'group' }, ['HQ']],
    ['a substance use program gets HF', { program: 'substance-use' }, ['HF']],
    ['a mental health program gets HE', { program: 'mental-health' }, ['HE']],
    ['a group in a substance use program gets HQ then HF', { type: 'group', program: 'substance-use' }, ['HQ', 'HF']],
  ] as const)('%s', (_name, overrides, expected) => {
    expect(modifiersFor(encounter(overrides as Partial<EncounterForBilling>), DEFAULT_MODIFIER_RULES)).toEqual(expected);
  });

  it('keeps at most 4 modifiers, in rule order, without repeats', () => {
    const rules = [
      { modifier: 'HQ', when: { encounterType: 'group' as const } },
      { modifier: 'HQ', when: {} },
      { modifier: 'HF', when: {} },
      { modifier: '95', when: { modality: 'video' as const } },
      { modifier: 'U1', when: {} },
      { modifier: 'U2', when: {} },
    ];
    expect(modifiersFor(encounter({ type: 'group', modality: 'video' }), rules)).toEqual(['HQ', 'HF', '95', 'U1']);
  });
});

describe('billEncounter', () => {
  it('bills a signed 38-minute session as 3 units, explained in English and Spanish', () => {
    const decision = billEncounter(input());
    expect(decision).toMatchObject({
      billable: true,
      payerId: 'mi-medicaid',
      memberId: 'M123',
      code: 'H0038',
      modifiers: [],
      units: 3,
      amountCents: 3 * 2012,
      serviceDate: '2025-03-10',
      explanation: {
        en: '38 minutes: 3 units under the 8-minute rule.',
        es: '38 minutos: 3 unidades según la regla de 8 minutos.',
      },
    });
  });

  it('explains full-unit rounding', () => {
    const decision = billEncounter(input({ payer: payer({ rounding: 'full-unit' }) }));
    expect(decision).toMatchObject({
      billable: true,
      units: 2,
      explanation: {
        en: '38 minutes: 2 units counting only complete 15-minute units.',
        es: '38 minutos: 2 unidades contando solo unidades completas de 15 minutos.',
      },
    });
  });

  it('bills a group session with HQ', () => {
    const decision = billEncounter(input({ encounter: encounter({ type: 'group', program: 'substance-use' }) }));
    expect(decision).toMatchObject({ billable: true, modifiers: ['HQ', 'HF'] });
  });

  it('bills a co-signed note when the payer requires co-signature', () => {
    const decision = billEncounter(
      input({ payer: payer({ requiresCosign: true }), encounter: encounter({ status: 'cosigned', cosignedAt: '2025-03-11T09:00:00Z' }) }),
    );
    expect(decision.billable).toBe(true);
  });

  it('bills on the last day of the certification', () => {
    const decision = billEncounter(input({ certifications: [{ ...certified[0]!, expiresOn: '2025-03-10' }] }));
    expect(decision.billable).toBe(true);
  });

  it('bills when one of several certifications is current', () => {
    const decision = billEncounter(
      input({ certifications: [{ ...certified[0]!, expiresOn: '2024-01-01' }, { ...certified[0]!, type: 'IC&RC PR', expiresOn: '2027-01-01' }] }),
    );
    expect(decision.billable).toBe(true);
  });

  // Every reason an encounter is not billable.
  it.each([
    ['voided', input({ encounter: encounter({ voided: true }) })],
    ['no-coverage', input({ choice: undefined })],
    ['modality-not-covered', input({ encounter: encounter({ modality: 'text' }) })],
    ['place-not-covered', input({ encounter: encounter({ placeOfService: '21' }) })],
    ['no-certification', input({ certifications: [] })],
    ['certification-expired', input({ certifications: [{ ...certified[0]!, expiresOn: '2025-03-09' }] })],
    ['zero-units', input({ encounter: encounter({ durationMinutes: 7 }) })],
    ['daily-cap-reached', input({ payer: payer({ dailyMaxUnits: 4 }), countedSameDay: [{ encounterId: 'e0', minutes: 60, units: 4 }] })],
    ['unsigned', input({ encounter: encounter({ status: 'draft' }) })],
    ['awaiting-cosign', input({ payer: payer({ requiresCosign: true }) })],
    ['awaiting-cosign', input({ organizationRequiresCosign: true })],
    ['awaiting-cosign', input({ encounter: encounter({ status: 'returned' }) })],
  ] as const)('not billable: %s', (reason, args) => {
    const decision = billEncounter(args);
    expect(decision.billable).toBe(false);
    if (decision.billable) return;
    expect(decision.reason).toBe(reason);
    expect(decision.explanation.en.length).toBeGreaterThan(0);
    expect(decision.explanation.es.length).toBeGreaterThan(0);
    expect(decision.explanation.es).not.toBe(decision.explanation.en);
  });

  it('says the dates of a reason as a peer reads them, in each language (never 2025-03-10)', () => {
    const decision = billEncounter(input({ choice: undefined }));
    if (decision.billable) throw new Error('billable');
    expect(decision.explanation).toEqual({ en: 'No coverage in force on March 10, 2025.', es: 'Sin cobertura vigente el 10 de marzo de 2025.' });
    // A calendar day is that day wherever the server is: January 1 stays January 1.
    expect({ en: sayDay('2026-01-01', 'en'), es: sayDay('2026-01-01', 'es') }).toEqual({ en: 'January 1, 2026', es: '1 de enero de 2026' });
  });

  it('explains an expired certification with its date', () => {
    const decision = billEncounter(input({ certifications: [{ ...certified[0]!, expiresOn: '2025-02-28' }] }));
    expect(decision.explanation.en).toContain('expired on February 28, 2025');
  });

  // Workforce credentials (issue 21): the rule set's grace still bills; inactive or lapsed stops.
  describe('driven by a credential rule set', () => {
    const ga = toBillingCertification(builtInRuleSet('ga-cps')!, { typeCode: 'ga-cps', issuingBody: 'GMHCN', number: 'GA-1', issuedOn: '2023-04-02', expiresOn: '2024-12-31', recordedStatus: null });
    const pa = toBillingCertification(builtInRuleSet('pa-cps')!, { typeCode: 'pa-cps', issuingBody: 'PCB', number: 'PA-1', issuedOn: '2023-03-10', expiresOn: '2025-03-09', recordedStatus: null });
    const at = (day: string, certifications: PeerCertification[]) =>
      billEncounter(input({ encounter: encounter({ startedAt: `${day}T15:00:00Z` }), serviceDate: day, certifications }));
    it.each([
      ['2024-12-31', true, null],
      ['2025-01-15', true, null],
      ['2025-01-31', true, null],
      ['2025-02-01', false, 'certification-inactive'],
    ] as const)('Georgia CPS expired 2024-12-31, a note of %s: billable %s', (day, billable, reason) => {
      const d = at(day, [ga]);
      expect(d.billable).toBe(billable);
      if (!d.billable) {
        expect(d.reason).toBe(reason);
        expect(d.explanation.en).toContain('grace ended on January 31, 2025');
      }
    });
    it('Pennsylvania CPS has no grace: lapsed the day after expiry; a status recorded by hand stops billing', () => {
      expect(at('2025-03-09', [pa]).billable).toBe(true);
      const d = at('2025-03-10', [pa]);
      expect(d).toMatchObject({ billable: false, reason: 'certification-lapsed' });
      expect(at('2025-03-01', [{ ...pa, recordedStatus: 'inactive' }])).toMatchObject({ billable: false, reason: 'certification-inactive' });
      expect(at('2023-03-09', [pa])).toMatchObject({ billable: false, reason: 'certification-inactive' });
    });
  });

  it('previews what a draft would bill once signed', () => {
    const decision = billEncounter(input({ encounter: encounter({ status: 'draft', durationMinutes: 30, type: 'group' }) }));
    expect(decision).toMatchObject({
      billable: false,
      reason: 'unsigned',
      preview: { payerId: 'mi-medicaid', code: 'H0038', modifiers: ['HQ'], units: 2, amountCents: 4024 },
    });
    expect(decision.explanation.en).toMatch(/^Would bill 2 units once signed/);
    expect(decision.explanation.es).toMatch(/^Se facturarían 2 unidades una vez firmada/);
  });

  it('previews what a note awaiting co-signature would bill', () => {
    const decision = billEncounter(input({ payer: payer({ requiresCosign: true }) }));
    expect(decision).toMatchObject({ reason: 'awaiting-cosign', preview: { units: 3 } });
    expect(decision.explanation.en).toMatch(/^Would bill 3 units once co-signed/);
  });

  it('reports the first problem to fix: a voided draft without coverage is voided', () => {
    const decision = billEncounter(input({ choice: undefined, encounter: encounter({ voided: true, status: 'draft' }) }));
    expect(decision).toMatchObject({ reason: 'voided' });
  });

  it('rejects a duration that is not whole minutes', () => {
    expect(() => billEncounter(input({ encounter: encounter({ durationMinutes: 12.5 }) }))).toThrow(RangeError);
  });

  describe('daily cap (16 units, per encounter)', () => {
    const capped = payer({ dailyMaxUnits: 16 });
    const before = (units: number) => [{ encounterId: 'earlier', minutes: units * 15, units }];
    it.each([
      // [units already billed that day, minutes of this session, expected units or reason]
      ['well under the cap', 8, 38, 3],
      ['reaching the cap exactly', 13, 38, 3],
      ['crossing the cap: reduced to what remains', 14, 38, 2],
      ['one unit left', 15, 60, 1],
      ['after the cap', 16, 38, 'daily-cap-reached'],
      ['already over the cap', 17, 38, 'daily-cap-reached'],
    ] as const)('%s', (_name, already, minutes, expected) => {
      const decision = billEncounter(
        input({ payer: capped, encounter: encounter({ durationMinutes: minutes }), countedSameDay: before(already) }),
      );
      if (typeof expected === 'number') {
        expect(decision).toMatchObject({ billable: true, units: expected, amountCents: expected * 2012 });
      } else {
        expect(decision).toMatchObject({ billable: false, reason: expected });
      }
    });

    it('explains a partial cap', () => {
      const decision = billEncounter(input({ payer: capped, countedSameDay: before(14) }));
      expect(decision).toMatchObject({ billable: true, units: 2, unitsBeforeCap: 3 });
      expect(decision.explanation.en).toContain('reduced to 2 units by the daily maximum of 16 units (14 units already billed)');
      expect(decision.explanation.es).toContain('reducidas a 2 unidades por el máximo diario de 16 unidades');
    });
  });
});

describe('billDay', () => {
  const dayPayer = payer({ roundingBasis: 'day' });
  const at = (hour: number) => `2025-03-10T${String(hour).padStart(2, '0')}:00:00Z`;
  const day = (encounters: EncounterForBilling[], p: Payer = dayPayer) =>
    billDay({
      encounters,
      serviceDate: '2025-03-10',
      choice: { payer: p, coverage: { payerId: p.id, memberId: 'M123', startDate: '2025-01-01' } },
      certificationsByPeer: new Map([['peer-1', certified]]),
    });
  const unitsOf = (decisions: Map<string, ReturnType<typeof billEncounter>>) =>
    [...decisions.values()].map((d) => (d.billable ? d.units : 0));

  it('per day: three 5-minute contacts make 15 minutes, one unit, on the note that crosses 8 minutes', () => {
    const decisions = day([
      encounter({ id: 'c', startedAt: at(16), durationMinutes: 5 }),
      encounter({ id: 'a', startedAt: at(9), durationMinutes: 5 }),
      encounter({ id: 'b', startedAt: at(12), durationMinutes: 5 }),
    ]);
    expect([...decisions.keys()]).toEqual(['a', 'b', 'c']);
    expect(decisions.get('a')).toMatchObject({ billable: false, reason: 'zero-units' });
    expect(decisions.get('b')).toMatchObject({ billable: true, units: 1 });
    expect(decisions.get('c')).toMatchObject({ billable: false, reason: 'zero-units' });
    expect(decisions.get('b')?.explanation.en).toBe(
      '5 minutes (10 minutes that day): 1 unit for the day under the 8-minute rule, 0 units already on earlier notes, 1 unit on this one.',
    );
  });

  it('per encounter: the same three contacts bill nothing', () => {
    const decisions = day(
      [1, 2, 3].map((h) => encounter({ id: `e${h}`, startedAt: at(h), durationMinutes: 5 })),
      payer(),
    );
    expect(unitsOf(decisions)).toEqual([0, 0, 0]);
  });

  it('per day: 20 + 20 minutes bill 3 units for 40 minutes (2 + 1), not 2 + 2', () => {
    const decisions = day([
      encounter({ id: 'a', startedAt: at(9), durationMinutes: 20 }),
      encounter({ id: 'b', startedAt: at(10), durationMinutes: 20 }),
    ]);
    expect(unitsOf(decisions)).toEqual([1, 2]);
  });

  it('ties on start time are broken by encounter id', () => {
    const decisions = day([
      encounter({ id: 'z', startedAt: at(9), durationMinutes: 10 }),
      encounter({ id: 'y', startedAt: at(9), durationMinutes: 10 }),
    ]);
    expect([...decisions.keys()]).toEqual(['y', 'z']);
    expect(decisions.get('y')).toMatchObject({ units: 1 });
  });

  it('a draft previews but takes no units from a signed note later that day', () => {
    const decisions = day([
      encounter({ id: 'draft', startedAt: at(9), durationMinutes: 10, status: 'draft' }),
      encounter({ id: 'signed', startedAt: at(10), durationMinutes: 10 }),
    ]);
    expect(decisions.get('draft')).toMatchObject({ reason: 'unsigned', preview: { units: 1 } });
    expect(decisions.get('signed')).toMatchObject({ billable: true, units: 1 });
  });

  it('counts notes already exported first and never changes their units', () => {
    const decisions = billDay({
      encounters: [encounter({ id: 'new', startedAt: at(8), durationMinutes: 10 })],
      serviceDate: '2025-03-10',
      choice: { payer: dayPayer, coverage: { payerId: dayPayer.id, memberId: 'M123', startDate: '2025-01-01' } },
      certificationsByPeer: new Map([['peer-1', certified]]),
      alreadyCounted: [{ encounterId: 'exported', minutes: 10, units: 1 }],
    });
    // 20 minutes in the day is still 1 unit, already billed.
    expect(decisions.get('new')).toMatchObject({ billable: false, reason: 'zero-units' });
  });

  it('per day with a cap: 6 hours of contact stop at 16 units', () => {
    const decisions = day(
      [8, 10, 12, 14].map((h) => encounter({ id: `e${h}`, startedAt: at(h), durationMinutes: 90 })),
      payer({ roundingBasis: 'day', dailyMaxUnits: 16 }),
    );
    expect(unitsOf(decisions)).toEqual([6, 6, 4, 0]);
    expect(decisions.get('e14')).toMatchObject({ reason: 'daily-cap-reached' });
  });

  const minutesList = fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 12 });
  const cap = fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined });
  const rounding = fc.constantFrom<RoundingRule>('cms-8-minute', 'full-unit');

  it('per day, the units of the day are those of the total minutes (capped), in any order', () => {
    fc.assert(
      fc.property(minutesList, cap, rounding, fc.boolean(), (minutes, dailyMaxUnits, rule, reverse) => {
        const encounters = minutes.map((m, i) =>
          encounter({ id: `e${String(i).padStart(2, '0')}`, startedAt: at(i), durationMinutes: m }),
        );
        const p = payer({ roundingBasis: 'day', rounding: rule, ...(dailyMaxUnits === undefined ? {} : { dailyMaxUnits }) });
        const decisions = day(reverse ? [...encounters].reverse() : encounters, p);
        const total = minutes.reduce((a, b) => a + b, 0);
        const expected = Math.min(dailyMaxUnits ?? Infinity, unitsFor(total, rule, 15));
        expect(unitsOf(decisions).reduce((a, b) => a + b, 0)).toBe(expected);
      }),
    );
  });

  it('per encounter, the units of the day are the sum of each note (capped)', () => {
    fc.assert(
      fc.property(minutesList, cap, rounding, (minutes, dailyMaxUnits, rule) => {
        const encounters = minutes.map((m, i) => encounter({ id: `e${i}`, startedAt: at(i), durationMinutes: m }));
        const p = payer({ rounding: rule, ...(dailyMaxUnits === undefined ? {} : { dailyMaxUnits }) });
        const sum = minutes.reduce((a, m) => a + unitsFor(m, rule, 15), 0);
        expect(unitsOf(day(encounters, p)).reduce((a, b) => a + b, 0)).toBe(Math.min(dailyMaxUnits ?? Infinity, sum));
      }),
    );
  });
});

describe('explainBillable and exportedDecision (what an exported line keeps)', () => {
  const at = (hour: number) => `2025-03-10T${String(hour).padStart(2, '0')}:00:00Z`;
  // Every billable shape: per encounter and per day, both rules, other unit lengths, capped.
  const cases: Array<[string, Payer, number[]]> = [
    ['8-minute rule per encounter', payer(), [38]],
    ['full units per encounter', payer({ rounding: 'full-unit' }), [38]],
    ['30-minute units', payer({ unitMinutes: 30 }), [50]],
    ['per day, three notes', payer({ roundingBasis: 'day' }), [10, 10, 30]],
    ['per day, full units', payer({ roundingBasis: 'day', rounding: 'full-unit' }), [20, 25]],
    ['daily cap reduces the last note', payer({ dailyMaxUnits: 5 }), [38, 38]],
    ['daily cap per day', payer({ roundingBasis: 'day', dailyMaxUnits: 4 }), [40, 40]],
    ['one minute short of a unit then over', payer({ roundingBasis: 'day' }), [7, 1]],
  ];
  it.each(cases)('%s: the explanation is written again from the stored facts', (_name, p, minutes) => {
    const decisions = billDay({
      encounters: minutes.map((m, i) => encounter({ id: `e${i}`, startedAt: at(9 + i), durationMinutes: m })),
      serviceDate: '2025-03-10',
      choice: { payer: p, coverage: { payerId: p.id, memberId: 'M123', startDate: '2025-01-01' } },
      certificationsByPeer: new Map([['peer-1', certified]]),
    });
    const billable = [...decisions.values()].filter((d) => d.billable);
    expect(billable.length).toBeGreaterThan(0);
    for (const d of billable) {
      expect(d.basis).toBeDefined();
      expect(explainBillable(d.units, d.basis!)).toEqual(d.explanation);
      const again = exportedDecision({
        payerId: d.payerId,
        serviceDate: d.serviceDate,
        memberId: d.memberId,
        code: d.code,
        modifiers: d.modifiers,
        units: d.units,
        chargeCents: d.amountCents,
        minutes: d.minutes,
        basis: d.basis!,
      });
      expect(again).toEqual(d);
    }
  });

  it('keeps the stored explanation of a line exported before the facts were kept', () => {
    const old = exportedDecision({
      payerId: 'p',
      serviceDate: '2025-03-10',
      memberId: 'M1',
      code: 'H0038',
      modifiers: ['HQ'],
      units: 3,
      chargeCents: 6036,
      minutes: 38,
      explanation: { en: '38 minutes: 3 units under the 8-minute rule.', es: '38 minutos: 3 unidades según la regla de 8 minutos.' },
    });
    expect(old).toMatchObject({ billable: true, units: 3, amountCents: 6036, minutes: 38, explanation: { en: '38 minutes: 3 units under the 8-minute rule.' } });
    expect(old).not.toHaveProperty('basis');
  });
});
