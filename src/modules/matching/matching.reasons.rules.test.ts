import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParticipantForMatching, ParticipantPreferences, PeerCandidate } from './matching.rules.ts';
import { DEFAULT_WEIGHTS, rankMatches, scoreMatch } from './matching.rules.ts';

/**
 * Issue 17: a match card says what the peer does not meet of the person's wishes, not only what
 * they meet. Table-driven for the wording, a property for "only wishes the person stated".
 */

const CHICAGO = { lat: 41.8781, lon: -87.6298 };

const peer = (o: Partial<PeerCandidate> = {}): PeerCandidate => ({
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
  ...o,
});

const participant = (prefs: Partial<ParticipantPreferences> = {}, o: Partial<ParticipantForMatching> = {}): ParticipantForMatching => ({
  id: 'participant-1',
  languages: ['en'],
  location: CHICAGO,
  ...o,
  preferences: {
    livedExperience: [],
    modalities: ['in-person', 'phone', 'video'],
    availability: { timeZone: 'America/Chicago', windows: [{ day: 'tue', start: '17:00', end: '21:00' }] },
    ...prefs,
  },
});

const unmet = (p: ParticipantForMatching, pe: PeerCandidate, lang: 'en' | 'es' = 'en', audience: 'staff' | 'participant' = 'staff') =>
  scoreMatch(p, pe, DEFAULT_WEIGHTS, lang, audience, { asOf: '2026-03-09' }).unmet.map((r) => r.label);

describe('what a peer does not meet of the person’s wishes', () => {
  it('a preferred gender the peer does not have', () => {
    const p = participant({ peerGender: { value: 'woman', importance: 'preferred' } });
    expect(unmet(p, peer({ genderIdentity: 'man' }))).toEqual(['Not a woman, which this person asked for']);
    expect(unmet(p, peer({ genderIdentity: 'man' }), 'es')).toEqual(['No se identifica como woman, que esta persona pidió']);
    expect(unmet(p, peer({ genderIdentity: 'man' }), 'en', 'participant')).toEqual(['Not a woman, which you asked for']);
    expect(unmet(participant({ peerGender: { value: 'non-binary', importance: 'preferred' } }), peer())).toEqual(['Not non-binary, which this person asked for']);
    // Met: nothing said, and the reason says it instead.
    const met = scoreMatch(p, peer({ genderIdentity: ' Woman ' }));
    expect(met.unmet).toEqual([]);
    expect(met.reasons.map((r) => r.code)).toContain('gender');
  });

  it('the first language, when the peer speaks only a later one', () => {
    const p = participant({ language: { importance: 'preferred' } }, { languages: ['es', 'en'] });
    expect(unmet(p, peer({ languages: ['en'] }))).toEqual(["Does not speak Spanish, this person's first language"]);
    expect(unmet(p, peer({ languages: ['en'] }), 'es')).toEqual(['No habla español, el primer idioma de esta persona']);
    expect(unmet(p, peer({ languages: ['es-MX'] }))).toEqual([]);
  });

  it('a lived experience asked for and not shared; related experience is a reason, not a lack', () => {
    const p = participant({ livedExperience: [{ code: 'substance-use.opioids', importance: 'preferred' }, { code: 'life.military-service', importance: 'preferred' }] });
    const pe = peer({ livedExperience: [{ code: 'substance-use.alcohol', useForMatching: true, showToParticipants: true }] });
    expect(unmet(p, pe)).toEqual(['No match on the lived experience "Military service", which this person asked for']);
    // A disclosure the peer kept from matching is not read: the wish is unmet, as the score says.
    const hidden = peer({ livedExperience: [{ code: 'life.military-service', useForMatching: false, showToParticipants: false }, { code: 'substance-use.opioids', useForMatching: true, showToParticipants: true }] });
    expect(unmet(p, hidden)).toEqual(['No match on the lived experience "Military service", which this person asked for']);
  });

  it('a shared background, a youth peer asked for, and free time in common', () => {
    const p = participant({ sameRaceEthnicity: 'preferred', ageGroup: 'youth', availability: { timeZone: 'America/Chicago', windows: [{ day: 'mon', start: '08:00', end: '09:00' }] } }, { raceEthnicity: ['black'], age: 22 });
    const labels = unmet(p, peer({ raceEthnicity: ['white'], birthYear: 1960 }));
    expect(labels).toEqual(
      expect.arrayContaining([
        "Does not share the person's racial or ethnic background, which this person asked for",
        'Not a youth peer or close in age, which this person asked for',
        'No free time in common with this person',
      ]),
    );
    expect(labels).toHaveLength(3);
    // The default youth preference (18 to 27) is not the person's wish: not said to be asked for.
    expect(unmet(participant({}, { age: 22 }), peer({ birthYear: 1960 }))).toEqual([]);
  });

  it('weightiest first, as the reasons', () => {
    const p = participant({ peerGender: { value: 'woman', importance: 'preferred' }, livedExperience: [{ code: 'life.homelessness', importance: 'preferred' }] }, { languages: ['es', 'en'] });
    expect(scoreMatch(p, peer({ genderIdentity: 'man', languages: ['en'] })).unmet.map((r) => r.code)).toEqual(['unmet:experience:life.homelessness', 'unmet:language:es', 'unmet:gender']);
  });

  it('an excluded peer has no card, so nothing unmet', () => {
    const p = participant({ peerGender: { value: 'woman', importance: 'required' } });
    expect(scoreMatch(p, peer({ genderIdentity: 'man' }))).toMatchObject({ score: 0, unmet: [], excludedBy: [{ constraint: 'gender-required' }] });
  });

  it('only wishes the person stated are ever said to be unmet (property)', () => {
    const arbPeer = fc.record({
      genderIdentity: fc.option(fc.constantFrom('woman', 'man', 'non-binary'), { nil: null }),
      languages: fc.subarray(['en', 'es', 'vi']),
      raceEthnicity: fc.option(fc.subarray(['black', 'white']), { nil: null }),
      birthYear: fc.option(fc.integer({ min: 1950, max: 2006 }), { nil: null }),
    });
    const arbPrefs = fc.record({
      peerGender: fc.option(fc.record({ value: fc.constantFrom('woman', 'man'), importance: fc.constant('preferred' as const) }), { nil: null }),
      sameRaceEthnicity: fc.constantFrom('preferred' as const, null),
      ageGroup: fc.constantFrom('youth' as const, 'any' as const, null),
    });
    fc.assert(
      fc.property(arbPeer, arbPrefs, fc.subarray(['en', 'es', 'vi'], { minLength: 1 }), (pe, prefs, languages) => {
        const p = participant({ ...prefs, language: { importance: 'preferred' } }, { languages, raceEthnicity: ['black'], age: 24 });
        const codes = rankMatches(p, [peer(pe)], DEFAULT_WEIGHTS, { limit: 1, asOf: '2026-03-09' })[0]?.unmet.map((r) => r.code) ?? [];
        if (!prefs.peerGender) expect(codes).not.toContain('unmet:gender');
        if (!prefs.sameRaceEthnicity) expect(codes).not.toContain('unmet:race-ethnicity');
        if (prefs.ageGroup !== 'youth') expect(codes).not.toContain('unmet:age-group');
        // Never both met and unmet.
        const full = scoreMatch(p, peer(pe), DEFAULT_WEIGHTS, 'en', 'staff', { asOf: '2026-03-09' });
        if (full.reasons.some((r) => r.code === 'gender')) expect(codes).not.toContain('unmet:gender');
        if (full.reasons.some((r) => r.code === 'race-ethnicity')) expect(codes).not.toContain('unmet:race-ethnicity');
      }),
      { numRuns: 300 },
    );
  });
});
