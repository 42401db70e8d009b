import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type {
  HardConstraint,
  MatchWeights,
  ParticipantForMatching,
  ParticipantPreferences,
  PeerCandidate,
} from './matching.rules.ts';
import { bestSharedSlot } from './matching.reasons.rules.ts';
import {
  DEFAULT_WEIGHTS,
  failureLabel,
  hardConstraintFailures,
  haversineKm,
  prepareParticipant,
  rankMatches,
  resolveWeights,
  scoreMatch,
  validateWeights,
  windowsToUtcIntervals,
} from './matching.rules.ts';
import { DAYS, LIVED_EXPERIENCE } from './taxonomy.ts';
import { DAY_MINUTES, offsetAt, WEEK_MINUTES, zoneWeek } from './timezone.ts';

const CHICAGO = { lat: 41.8781, lon: -87.6298 };
/** About 12 km north of CHICAGO (one degree of latitude is ~111.2 km). */
const TWELVE_KM_NORTH = { lat: CHICAGO.lat + 12 / 111.1951, lon: CHICAGO.lon };
const MILWAUKEE = { lat: 43.0389, lon: -87.9065 };

function peer(overrides: Partial<PeerCandidate> = {}): PeerCandidate {
  return {
    id: 'peer-a',
    displayName: 'Ana',
    languages: ['en', 'es'],
    livedExperience: [],
    specialties: ['peer-support-specialist'],
    location: CHICAGO,
    serviceRadiusKm: 40,
    modalities: ['in-person', 'phone', 'video'],
    availability: [{ day: 'tue', start: '18:00', end: '20:00' }],
    timeZone: 'America/Chicago',
    maxCaseload: 15,
    activeCaseload: 6,
    acceptingNew: true,
    endedWithParticipant: false,
    ...overrides,
  };
}

function participant(prefs: Partial<ParticipantPreferences> = {}, overrides: Partial<ParticipantForMatching> = {}): ParticipantForMatching {
  return {
    id: 'participant-1',
    languages: ['en'],
    location: CHICAGO,
    ...overrides,
    preferences: {
      livedExperience: [],
      modalities: ['in-person', 'phone', 'video'],
      availability: { timeZone: 'America/Chicago', windows: [{ day: 'tue', start: '17:00', end: '21:00' }] },
      ...prefs,
    },
  };
}

const shared = (code: string, showToParticipants = true) => ({ code, useForMatching: true, showToParticipants });
const hidden = (code: string) => ({ code, useForMatching: false, showToParticipants: false });

/** Weights that score one criterion alone, so a test reads its value directly. */
function only(criterion: keyof MatchWeights, extra: Partial<MatchWeights> = {}): MatchWeights {
  const zero = { livedExperience: 0, language: 0, availability: 0, distance: 0, capacity: 0, modality: 0, gender: 0, raceEthnicity: 0, ageGroup: 0, specialty: 0 };
  return { ...DEFAULT_WEIGHTS, ...zero, [criterion]: 1, ...extra };
}

describe('hard constraints', () => {
  const cases: { name: string; participant: ParticipantForMatching; peer: PeerCandidate; expected: HardConstraint[] }[] = [
    { name: 'an acceptable peer', participant: participant(), peer: peer(), expected: [] },
    { name: 'a match this participant ended before', participant: participant(), peer: peer({ endedWithParticipant: true }), expected: ['ended-previously'] },
    { name: 'a peer not accepting new participants', participant: participant(), peer: peer({ acceptingNew: false }), expected: ['not-accepting-new'] },
    { name: 'a peer at max caseload', participant: participant(), peer: peer({ activeCaseload: 15 }), expected: ['at-max-caseload'] },
    { name: 'a peer with max caseload 0', participant: participant(), peer: peer({ maxCaseload: 0, activeCaseload: 0 }), expected: ['at-max-caseload'] },
    { name: 'no common modality', participant: participant({ modalities: ['text'] }), peer: peer(), expected: ['no-common-modality'] },
    { name: 'a participant with no modality stated accepts any', participant: participant({ modalities: [] }), peer: peer({ modalities: ['text'] }), expected: [] },
    { name: 'a Spanish-only participant (language required by default)', participant: participant({}, { languages: ['es'] }), peer: peer({ languages: ['en'] }), expected: ['language-required'] },
    { name: 'Spanish required and the peer speaks es-MX', participant: participant({}, { languages: ['es'] }), peer: peer({ languages: ['en', 'es-MX'] }), expected: [] },
    { name: 'Spanish-only but language only preferred', participant: participant({ language: { importance: 'preferred' } }, { languages: ['es'] }), peer: peer({ languages: ['en'] }), expected: [] },
    { name: 'an English speaker: language preferred by default', participant: participant({}, { languages: ['en', 'vi'] }), peer: peer({ languages: ['fr'] }), expected: [] },
    { name: 'a required language set explicitly for an English speaker', participant: participant({ language: { importance: 'required' } }, { languages: ['en'] }), peer: peer({ languages: ['es'] }), expected: ['language-required'] },
    { name: 'required gender, different identity', participant: participant({ peerGender: { value: 'woman', importance: 'required' } }), peer: peer({ genderIdentity: 'man' }), expected: ['gender-required'] },
    { name: 'required gender, identity not given', participant: participant({ peerGender: { value: 'woman', importance: 'required' } }), peer: peer(), expected: ['gender-required'] },
    { name: 'required gender, same identity in other case', participant: participant({ peerGender: { value: 'woman', importance: 'required' } }), peer: peer({ genderIdentity: ' Woman ' }), expected: [] },
    { name: 'preferred gender, different identity', participant: participant({ peerGender: { value: 'woman', importance: 'preferred' } }), peer: peer({ genderIdentity: 'man' }), expected: [] },
    {
      name: 'required experience missing',
      participant: participant({ livedExperience: [{ code: 'life.incarceration', importance: 'required' }] }),
      peer: peer({ livedExperience: [shared('life.homelessness')] }),
      expected: ['experience-required'],
    },
    {
      name: 'required parent met by a child code',
      participant: participant({ livedExperience: [{ code: 'substance-use', importance: 'required' }] }),
      peer: peer({ livedExperience: [shared('substance-use.opioids')] }),
      expected: [],
    },
    {
      name: 'required child not met by its parent only',
      participant: participant({ livedExperience: [{ code: 'substance-use.opioids', importance: 'required' }] }),
      peer: peer({ livedExperience: [shared('substance-use')] }),
      expected: ['experience-required'],
    },
    {
      name: 'required child not met by a sibling',
      participant: participant({ livedExperience: [{ code: 'substance-use.opioids', importance: 'required' }] }),
      peer: peer({ livedExperience: [shared('substance-use.alcohol')] }),
      expected: ['experience-required'],
    },
    {
      name: 'required experience the peer did not allow for matching',
      participant: participant({ livedExperience: [{ code: 'life.incarceration', importance: 'required' }] }),
      peer: peer({ livedExperience: [hidden('life.incarceration')] }),
      expected: ['experience-required'],
    },
    { name: 'in person only and outside the service radius', participant: participant({ modalities: ['in-person'] }, { location: MILWAUKEE }), peer: peer(), expected: ['outside-service-radius'] },
    { name: 'in person only, inside the radius', participant: participant({ modalities: ['in-person'] }, { location: TWELVE_KM_NORTH }), peer: peer(), expected: [] },
    { name: 'outside the radius but video works too', participant: participant({ modalities: ['in-person', 'video'] }, { location: MILWAUKEE }), peer: peer(), expected: [] },
    { name: 'in person only, the peer sets no radius', participant: participant({ modalities: ['in-person'] }, { location: MILWAUKEE }), peer: peer({ serviceRadiusKm: null }), expected: [] },
    { name: 'in person only, the participant has no location', participant: participant({ modalities: ['in-person'] }, { location: null }), peer: peer(), expected: [] },
  ];

  it.each(cases)('$name', ({ participant: p, peer: q, expected }) => {
    expect(hardConstraintFailures(p, q).map((f) => f.constraint)).toEqual(expected);
    const result = scoreMatch(p, q);
    if (expected.length > 0) {
      expect(result).toMatchObject({ score: 0, reasons: [] });
      expect(result.excludedBy?.map((f) => f.constraint)).toEqual(expected);
    } else {
      expect(result.excludedBy).toBeUndefined();
      expect(result.score).toBeGreaterThan(0);
    }
  });

  it('lists every reason at once and names the unmet wish', () => {
    const failures = hardConstraintFailures(
      participant({ livedExperience: [{ code: 'life.foster-care', importance: 'required' }], modalities: ['text'] }, { languages: ['es'] }),
      peer({ acceptingNew: false, activeCaseload: 15, languages: ['en'] }),
    );
    expect(failures).toEqual([
      { constraint: 'not-accepting-new' },
      { constraint: 'at-max-caseload' },
      { constraint: 'no-common-modality' },
      { constraint: 'language-required' },
      { constraint: 'experience-required', code: 'life.foster-care' },
    ]);
    expect(failureLabel(failures[3]!, 'es')).toBe('No habla un idioma requerido');
  });
});

describe('reasons, in English and Spanish', () => {
  const p = participant(
    {
      livedExperience: [{ code: 'substance-use.opioids', importance: 'preferred' }, { code: 'life.military-service', importance: 'preferred' }],
      peerGender: { value: 'Woman', importance: 'preferred' },
      sameRaceEthnicity: 'preferred',
      modalities: ['in-person', 'phone'],
    },
    { languages: ['es'], location: TWELVE_KM_NORTH, raceEthnicity: ['Hispanic or Latino'], age: 22 },
  );
  const q = peer({
    livedExperience: [shared('substance-use.opioids')],
    specialties: ['veteran-peer', 'youth-peer'],
    genderIdentity: 'woman',
    raceEthnicity: ['hispanic or latino'],
  });

  it.each([
    { code: 'experience:substance-use.opioids', en: 'Also in recovery from opioid use', es: 'También en recuperación del consumo de opioides' },
    { code: 'language:es', en: 'Speaks Spanish', es: 'Habla español' },
    { code: 'distance', en: '7 miles away', es: 'A 7 millas' }, // 12 km
    { code: 'availability:tue-evening', en: 'Free Tuesday evenings', es: 'Disponible los martes por la noche' },
    { code: 'capacity', en: 'Caseload 6 of 15', es: 'Carga de casos: 6 de 15' },
    { code: 'gender', en: 'Identifies as Woman', es: 'Se identifica como Woman' },
    { code: 'race-ethnicity', en: "Shares the participant's racial or ethnic background", es: 'Comparte el origen racial o étnico de la persona' },
    { code: 'age-group:youth-peer', en: 'Youth peer', es: 'Par juvenil' },
    { code: 'specialty:veteran-peer', en: 'Veteran peer', es: 'Par veterano' },
    { code: 'modality', en: 'Meets in person or by phone', es: 'Se reúne en persona o por teléfono' },
  ])('$code: "$en" / "$es"', ({ code, en, es }) => {
    expect(Math.round(haversineKm(CHICAGO, TWELVE_KM_NORTH))).toBe(12);
    expect(scoreMatch(p, q, DEFAULT_WEIGHTS, 'en', 'staff').reasons).toContainEqual({ code, label: en });
    expect(scoreMatch(p, q, DEFAULT_WEIGHTS, 'es', 'staff').reasons).toContainEqual({ code, label: es });
  });

  it('words the participant-facing version for the participant and leaves out the caseload', () => {
    const reasons = scoreMatch(p, q, DEFAULT_WEIGHTS, 'en', 'participant').reasons;
    expect(reasons).toContainEqual({ code: 'race-ethnicity', label: 'Shares your racial or ethnic background' });
    expect(reasons.find((r) => r.code === 'capacity')).toBeUndefined();
  });

  it('puts the weightiest criterion first', () => {
    expect(scoreMatch(p, q).reasons[0]!.code).toBe('experience:substance-use.opioids');
  });

  it('says nothing about criteria that gave nothing', () => {
    const reasons = scoreMatch(participant({ livedExperience: [{ code: 'life.foster-care', importance: 'preferred' }] }), peer()).reasons;
    expect(reasons.some((r) => r.code.startsWith('experience:'))).toBe(false);
  });
});

describe('privacy of lived experience', () => {
  const wishes = participant({
    livedExperience: [
      { code: 'substance-use.opioids', importance: 'preferred' },
      { code: 'life.incarceration', importance: 'preferred' },
      { code: 'mental-health', importance: 'preferred' },
    ],
  });

  it('experience not allowed for matching changes nothing and appears nowhere', () => {
    const codes = LIVED_EXPERIENCE.map((e) => e.code);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...codes), { maxLength: 4 }),
        fc.uniqueArray(fc.constantFrom(...codes), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('en' as const, 'es' as const),
        fc.constantFrom('staff' as const, 'participant' as const),
        (visible, secret, lang, audience) => {
          const secretOnly = secret.filter((c) => !visible.includes(c));
          const base = peer({ livedExperience: visible.map((c) => shared(c)) });
          const withSecret = peer({
            livedExperience: [...secretOnly.map((c) => ({ code: c, useForMatching: false, showToParticipants: true })), ...base.livedExperience],
          });
          const a = scoreMatch(wishes, base, DEFAULT_WEIGHTS, lang, audience);
          const b = scoreMatch(wishes, withSecret, DEFAULT_WEIGHTS, lang, audience);
          expect(b).toEqual(a);
          const ranked = rankMatches(wishes, [withSecret], DEFAULT_WEIGHTS, { limit: 5, lang, audience });
          const text = JSON.stringify(ranked);
          for (const c of secretOnly) {
            if (!visible.some((v) => v.startsWith(c))) expect(text).not.toContain(`"experience:${c}"`);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a secret experience that would be the best match is never shown nor scored', () => {
    const open = scoreMatch(wishes, peer({ livedExperience: [shared('substance-use.opioids')] }), DEFAULT_WEIGHTS, 'en', 'staff');
    const secret = scoreMatch(wishes, peer({ livedExperience: [hidden('substance-use.opioids')] }), DEFAULT_WEIGHTS, 'en', 'staff');
    expect(open.score).toBeGreaterThan(secret.score);
    expect(JSON.stringify(secret.reasons)).not.toMatch(/opioid/i);
    // What the match lacks names the participant's own wish, and is the same as for a peer with
    // no experience at all: nothing tells the secret apart (issue 17).
    expect(secret).toEqual(scoreMatch(wishes, peer({ livedExperience: [] }), DEFAULT_WEIGHTS, 'en', 'staff'));
  });

  it('experience kept from participants is worded generically for them, specifically for staff', () => {
    const q = peer({ livedExperience: [shared('substance-use.opioids', false), shared('life.incarceration', false), shared('mental-health.ptsd', true)] });
    const forParticipant = scoreMatch(wishes, q, DEFAULT_WEIGHTS, 'en', 'participant');
    const forStaff = scoreMatch(wishes, q, DEFAULT_WEIGHTS, 'en', 'staff');
    const experience = (rs: { code: string }[]) => rs.filter((r) => r.code.startsWith('experience:'));
    expect(experience(forParticipant.reasons)).toEqual([
      { code: 'experience:mental-health.ptsd', label: 'Also has lived experience of PTSD' },
      { code: 'experience:shared', label: 'Shares lived experience relevant to your goals' },
    ]);
    expect(JSON.stringify(forParticipant)).not.toMatch(/opioid|incarcerat/i);
    expect(experience(forStaff.reasons).map((r) => r.code)).toEqual([
      'experience:substance-use.opioids',
      'experience:life.incarceration',
      'experience:mental-health.ptsd',
    ]);
    expect(forParticipant.score).toBe(forStaff.score);
    const es = scoreMatch(wishes, q, DEFAULT_WEIGHTS, 'es', 'participant').reasons;
    expect(es).toContainEqual({ code: 'experience:shared', label: 'Comparte experiencias vividas relacionadas con sus metas' });
  });
});

describe('parent and child codes', () => {
  const weights = only('livedExperience');
  it.each([
    { wish: 'substance-use.opioids', peerHas: 'substance-use.opioids', value: 1 },
    { wish: 'substance-use.opioids', peerHas: 'substance-use', value: DEFAULT_WEIGHTS.relatedExperienceCredit },
    { wish: 'substance-use.opioids', peerHas: 'substance-use.alcohol', value: DEFAULT_WEIGHTS.relatedExperienceCredit },
    { wish: 'substance-use.opioids', peerHas: 'life.homelessness', value: 0 },
    { wish: 'substance-use', peerHas: 'substance-use.opioids', value: 1 },
    { wish: 'substance-use', peerHas: 'substance-use', value: 1 },
  ])('wishing $wish, a peer with $peerHas scores $value', ({ wish, peerHas, value }) => {
    const result = scoreMatch(participant({ livedExperience: [{ code: wish, importance: 'preferred' }] }), peer({ livedExperience: [shared(peerHas)] }), weights);
    expect(result.score).toBeCloseTo(value, 12);
  });

  it('ranks a child-code match above a parent-only match', () => {
    const p = participant({ livedExperience: [{ code: 'substance-use.opioids', importance: 'preferred' }] });
    const ranked = rankMatches(
      p,
      [peer({ id: 'a-parent', livedExperience: [shared('substance-use')] }), peer({ id: 'b-child', livedExperience: [shared('substance-use.opioids')] })],
      DEFAULT_WEIGHTS,
      { limit: 2 },
    );
    expect(ranked.map((m) => m.peer.id)).toEqual(['b-child', 'a-parent']);
  });

  it('counts a required wish more than a preferred one', () => {
    const p = participant({
      livedExperience: [{ code: 'substance-use', importance: 'required' }, { code: 'life.homelessness', importance: 'preferred' }],
    });
    const result = scoreMatch(p, peer({ livedExperience: [shared('substance-use.alcohol')] }), weights);
    expect(result.score).toBeCloseTo(2 / 3, 12);
  });
});

describe('availability overlap across time zones', () => {
  /** Availability alone, as the share of the participant's free time also free for the peer. */
  const weights = only('availability', { availabilityTargetMinutes: 100_000 });
  const overlap = (p: ParticipantForMatching, q: PeerCandidate, asOf?: string) => scoreMatch(p, q, weights, 'en', 'staff', asOf ? { asOf } : {}).score;
  const free = (timeZone: string, windows: { day: 'mon' | 'tue' | 'sat' | 'sun'; start: string; end: string }[]) => participant({ availability: { timeZone, windows } });

  it.each([
    { name: 'same zone, half the time shared', p: free('America/Chicago', [{ day: 'tue', start: '18:00', end: '20:00' }]), q: peer({ availability: [{ day: 'tue', start: '19:00', end: '21:00' }] }), share: 0.5 },
    { name: 'New York 19-21 is Chicago 18-20', p: free('America/Chicago', [{ day: 'tue', start: '18:00', end: '20:00' }]), q: peer({ timeZone: 'America/New_York', availability: [{ day: 'tue', start: '19:00', end: '21:00' }] }), share: 1 },
    { name: 'New York 18-19 is Chicago 17-18', p: free('America/Chicago', [{ day: 'tue', start: '18:00', end: '20:00' }]), q: peer({ timeZone: 'America/New_York', availability: [{ day: 'tue', start: '18:00', end: '19:00' }] }), share: 0 },
    {
      name: 'Tokyo Monday 08:00 is London Sunday 23:00 (across the week boundary)',
      p: free('Asia/Tokyo', [{ day: 'mon', start: '08:00', end: '09:00' }]),
      q: peer({ timeZone: 'Europe/London', availability: [{ day: 'sun', start: '23:00', end: '24:00' }] }),
      share: 1,
    },
    {
      name: 'overlapping peer windows are not counted twice',
      p: free('America/Chicago', [{ day: 'tue', start: '18:00', end: '20:00' }]),
      q: peer({ availability: [{ day: 'tue', start: '18:00', end: '20:00' }, { day: 'tue', start: '19:00', end: '21:00' }] }),
      share: 1,
    },
    { name: 'a peer with no windows', p: free('America/Chicago', [{ day: 'tue', start: '18:00', end: '20:00' }]), q: peer({ availability: [] }), share: 0 },
  ])('$name', ({ p, q, share }) => {
    expect(overlap(p, q, '2026-01-12')).toBeCloseTo(share, 12);
  });

  it('follows a DST change inside the reference week (Denver changes, Phoenix does not)', () => {
    const p = free('America/Phoenix', [{ day: 'sat', start: '10:00', end: '11:00' }, { day: 'sun', start: '09:00', end: '10:00' }]);
    const q = peer({ timeZone: 'America/Denver', availability: [{ day: 'sat', start: '10:00', end: '11:00' }, { day: 'sun', start: '10:00', end: '11:00' }] });
    // Week of 2026-03-02: Denver moves to MDT on Sunday 03-08, so Sunday 10:00 Denver is 09:00 Phoenix.
    expect(overlap(p, q, '2026-03-02')).toBeCloseTo(1, 12);
    // In January both are UTC-7 all week: only Saturday is shared.
    expect(overlap(p, q, '2026-01-12')).toBeCloseTo(0.5, 12);
  });

  it('names the shared slot in the participant’s own time', () => {
    // Peer in New York: Monday 22:00-24:00 and Tuesday 00:00-01:00 = Monday 19:00-22:00 in Los Angeles.
    const p = free('America/Los_Angeles', [{ day: 'mon', start: '17:00', end: '23:00' }]);
    const q = peer({ timeZone: 'America/New_York', availability: [{ day: 'mon', start: '22:00', end: '24:00' }, { day: 'tue', start: '00:00', end: '01:00' }] });
    expect(scoreMatch(p, q, DEFAULT_WEIGHTS, 'en', 'participant', { asOf: '2026-01-12' }).reasons).toContainEqual({ code: 'availability:mon-evening', label: 'Free Monday evenings' });
    expect(scoreMatch(p, q, DEFAULT_WEIGHTS, 'es', 'participant', { asOf: '2026-01-12' }).reasons).toContainEqual({ code: 'availability:mon-evening', label: 'Disponible los lunes por la noche' });
  });
});

describe('the shared slot named in the reasons', () => {
  /** The slot minute by minute, as it was first written: the reference for the walk by runs. */
  const slotByMinute = (pp: ReturnType<typeof prepareParticipant>, intervals: Int32Array) => {
    const prefix = pp.freePrefix;
    const zone = pp.zone;
    if (!prefix || !zone) return null;
    const buckets = new Array<number>(28).fill(0);
    for (let i = 0; i < intervals.length; i += 2) {
      for (let m = intervals[i]!; m < intervals[i + 1]!; m++) {
        if (prefix[m + 1]! - prefix[m]! === 0) continue;
        let local = (m + offsetAt(zone, m)) % WEEK_MINUTES;
        if (local < 0) local += WEEK_MINUTES;
        let day = Math.floor(local / DAY_MINUTES);
        const minuteOfDay = local - day * DAY_MINUTES;
        if (minuteOfDay < 300) day = (day + 6) % 7;
        const part = minuteOfDay < 300 ? 0 : minuteOfDay < 720 ? 1 : minuteOfDay < 1020 ? 2 : minuteOfDay < 1320 ? 3 : 0;
        buckets[day * 4 + part]!++;
      }
    }
    let best = -1;
    for (let b = 0; b < 28; b++) if (buckets[b]! > (best < 0 ? 0 : buckets[best]!)) best = b;
    return best < 0 ? null : { day: DAYS[Math.floor(best / 4)]!, part: (['night', 'morning', 'afternoon', 'evening'] as const)[best % 4]!, minutes: buckets[best]! };
  };
  const clock = (m: number) => (m === 1440 ? '24:00' : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  const arbWindows = fc.array(
    fc.record({ day: fc.constantFrom(...DAYS), start: fc.integer({ min: 0, max: 95 }), length: fc.integer({ min: 1, max: 40 }) }).map(({ day, start, length }) => ({
      day,
      start: clock(start * 15),
      end: clock(Math.min(96, start + length) * 15),
    })),
    { minLength: 1, maxLength: 5 },
  );
  const ZONES = ['America/Chicago', 'America/New_York', 'America/Phoenix', 'Europe/London', 'Asia/Tokyo', 'Australia/Lord_Howe', 'Asia/Kathmandu'];

  it('counts the same minutes as walking minute by minute, across zones, DST weeks and the week boundary', () => {
    fc.assert(
      fc.property(
        arbWindows,
        fc.constantFrom(...ZONES),
        arbWindows,
        fc.constantFrom(...ZONES),
        fc.constantFrom('2026-01-12', '2026-03-02', '2026-03-09', '2026-03-23', '2026-03-30', '2026-10-05', '2026-10-19', '2026-10-26', '2026-11-02'),
        (mine, myZone, theirs, theirZone, asOf) => {
          const pp = prepareParticipant(participant({ availability: { timeZone: myZone, windows: mine } }), DEFAULT_WEIGHTS, { asOf });
          const intervals = windowsToUtcIntervals(theirs, zoneWeek(theirZone, pp.weekStart));
          expect(bestSharedSlot(pp, intervals)).toEqual(slotByMinute(pp, intervals));
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each([
    { name: 'Chicago springs forward on Sunday 2026-03-08', zone: 'America/Chicago', asOf: '2026-03-02' },
    { name: 'Chicago falls back on Sunday 2026-11-01', zone: 'America/Chicago', asOf: '2026-10-26' },
    { name: 'London springs forward on Sunday 2026-03-29', zone: 'Europe/London', asOf: '2026-03-23' },
    { name: 'Lord Howe moves half an hour on Sunday 2026-04-05', zone: 'Australia/Lord_Howe', asOf: '2026-03-30' },
  ])('splits a run at the zone’s change: $name', ({ zone, asOf }) => {
    // Free all Sunday night and morning on both sides: the change falls inside the shared time.
    const windows = [{ day: 'sat' as const, start: '20:00', end: '24:00' }, { day: 'sun' as const, start: '00:00', end: '07:30' }];
    const pp = prepareParticipant(participant({ availability: { timeZone: zone, windows } }), DEFAULT_WEIGHTS, { asOf });
    expect(pp.zone!.transitionAt.length).toBeGreaterThan(0);
    for (const other of [zone, 'Asia/Tokyo', 'America/Phoenix']) {
      const intervals = windowsToUtcIntervals(windows, zoneWeek(other, pp.weekStart));
      expect(bestSharedSlot(pp, intervals)).toEqual(slotByMinute(pp, intervals));
    }
  });
});

describe('other criteria', () => {
  it.each([
    { name: 'more room left scores higher', weights: only('capacity'), a: peer({ activeCaseload: 2 }), b: peer({ activeCaseload: 12 }) },
    { name: 'closer scores higher', weights: only('distance'), a: peer({ location: TWELVE_KM_NORTH }), b: peer({ location: { lat: CHICAGO.lat + 0.3, lon: CHICAGO.lon } }) },
    { name: 'the first language beats a second one', weights: only('language'), a: peer({ languages: ['es'] }), b: peer({ languages: ['en'] }), p: participant({ language: { importance: 'preferred' } }, { languages: ['es', 'en'] }) },
    { name: 'a youth peer for a 20-year-old', weights: only('ageGroup'), a: peer({ specialties: ['youth-peer'] }), b: peer(), p: participant({}, { age: 20 }) },
    { name: 'a peer close in age for a 20-year-old', weights: only('ageGroup'), a: peer({ birthYear: 2000 }), b: peer({ birthYear: 1970 }), p: participant({}, { birthDate: '2005-06-01' }), asOf: '2026-01-12' },
    { name: 'more shared modalities', weights: only('modality'), a: peer(), b: peer({ modalities: ['phone'] }) },
  ])('$name', ({ weights, a, b, p, asOf }) => {
    const who = p ?? participant();
    const context = asOf ? { asOf } : {};
    expect(scoreMatch(who, a, weights, 'en', 'staff', context).score).toBeGreaterThan(scoreMatch(who, b, weights, 'en', 'staff', context).score);
  });

  it('does not ask for youth peers for someone who declined or is older', () => {
    const weights = only('ageGroup');
    const youthPeer = peer({ specialties: ['youth-peer'] });
    expect(scoreMatch(participant({ ageGroup: 'any' }, { age: 20 }), youthPeer, weights).reasons.some((r) => r.code.startsWith('age-group'))).toBe(false);
    expect(scoreMatch(participant({}, { age: 40 }), youthPeer, weights).reasons.some((r) => r.code.startsWith('age-group'))).toBe(false);
  });

  it('keeps every score within 0..1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 14 }), fc.boolean(), fc.double({ min: -1, max: 1, noNaN: true }), (active, spanish, dLat) => {
        const s = scoreMatch(
          participant({ livedExperience: [{ code: 'life', importance: 'preferred' }] }, { languages: spanish ? ['es', 'en'] : ['en'] }),
          peer({ activeCaseload: active, location: { lat: CHICAGO.lat + dLat, lon: CHICAGO.lon }, serviceRadiusKm: null }),
        ).score;
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('weights', () => {
  it('rejects invalid overrides and names the field', () => {
    expect(validateWeights({ distance: -1, colour: 2, relatedExperienceCredit: 1.5 } as never)).toEqual([
      { field: 'weights.distance', message: 'must be a non-negative number' },
      { field: 'weights.colour', message: 'unknown weight' },
      { field: 'weights.relatedExperienceCredit', message: 'must be between 0 and 1' },
    ]);
    expect(() => resolveWeights({ language: Number.NaN })).toThrow(RangeError);
  });

  it('an organization’s weights change the order', () => {
    const p = participant({ livedExperience: [{ code: 'life.homelessness', importance: 'preferred' }] });
    const near = peer({ id: 'near', location: CHICAGO });
    const alike = peer({ id: 'alike', location: { lat: CHICAGO.lat + 0.25, lon: CHICAGO.lon }, livedExperience: [shared('life.homelessness')] });
    expect(rankMatches(p, [near, alike], DEFAULT_WEIGHTS, { limit: 1 })[0]!.peer.id).toBe('alike');
    expect(rankMatches(p, [near, alike], resolveWeights({ livedExperience: 0, distance: 1 }), { limit: 1 })[0]!.peer.id).toBe('near');
  });
});

describe('rankMatches', () => {
  it('sorts best first, breaks ties by id, drops excluded peers and keeps the limit', () => {
    const peers = [
      peer({ id: 'c' }),
      peer({ id: 'full', activeCaseload: 15 }),
      peer({ id: 'a' }),
      peer({ id: 'best', activeCaseload: 0 }),
      peer({ id: 'b' }),
    ];
    const ranked = rankMatches(participant(), peers, DEFAULT_WEIGHTS, { limit: 3 });
    expect(ranked.map((m) => m.peer.id)).toEqual(['best', 'a', 'b']);
    expect(ranked[1]!.score).toBe(ranked[2]!.score);
    expect(ranked[0]).toMatchObject({ peer: { id: 'best', displayName: 'Ana' } });
    expect(rankMatches(participant(), peers, DEFAULT_WEIGHTS, { limit: 0 })).toEqual([]);
  });

  it('returns the same as scoring every peer and sorting them all', () => {
    const codes = LIVED_EXPERIENCE.map((e) => e.code);
    const arbPeer = fc.record({
      id: fc.string({ minLength: 1, maxLength: 3 }),
      active: fc.integer({ min: 0, max: 16 }),
      dLat: fc.double({ min: -0.5, max: 0.5, noNaN: true }),
      spanish: fc.boolean(),
      code: fc.constantFrom(...codes),
      start: fc.integer({ min: 8, max: 20 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(arbPeer, { selector: (x) => x.id, maxLength: 30 }), fc.integer({ min: 1, max: 12 }), (specs, limit) => {
        const pool = specs.map((x) =>
          peer({
            id: x.id,
            activeCaseload: x.active,
            location: { lat: CHICAGO.lat + x.dLat, lon: CHICAGO.lon },
            languages: x.spanish ? ['es'] : ['en'],
            livedExperience: [shared(x.code)],
            availability: [{ day: 'tue', start: `${String(x.start).padStart(2, '0')}:00`, end: `${String(x.start + 2).padStart(2, '0')}:00` }],
          }),
        );
        const p = participant({ livedExperience: [{ code: 'substance-use.opioids', importance: 'preferred' }], modalities: ['in-person'] }, { languages: ['es'] });
        const expected = pool
          .map((q) => ({ id: q.id, r: scoreMatch(p, q, DEFAULT_WEIGHTS, 'en', 'staff') }))
          .filter((x) => !x.r.excludedBy)
          .sort((x, y) => y.r.score - x.r.score || (x.id < y.id ? -1 : 1))
          .slice(0, limit);
        const ranked = rankMatches(p, pool, DEFAULT_WEIGHTS, { limit, lang: 'en', audience: 'staff' });
        expect(ranked.map((m) => ({ id: m.peer.id, score: m.score, reasons: m.reasons }))).toEqual(
          expected.map((x) => ({ id: x.id, score: x.r.score, reasons: x.r.reasons })),
        );
      }),
      { numRuns: 200 },
    );
  });
});
