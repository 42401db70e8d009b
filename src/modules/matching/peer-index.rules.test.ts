import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AvailabilityWindow, ParticipantForMatching, PeerCandidate } from './matching.rules.ts';
import { DEFAULT_WEIGHTS, prepareParticipant, rankMatches, scoreCandidate } from './matching.rules.ts';
import { buildPeerIndex, freeHourPeers, probe, rankIndexed, requiredCandidates, scoreAt } from './peer-index.rules.ts';
import { DAYS, LIVED_EXPERIENCE } from './taxonomy.ts';
import { WEEK_MINUTES } from './timezone.ts';

const CODES = LIVED_EXPERIENCE.map((e) => e.code);
const ZONES = ['America/Chicago', 'America/New_York', 'America/Denver', 'America/Phoenix', 'Europe/Madrid'];
const SPECIALTIES = ['peer-support-specialist', 'recovery-coach', 'family-support-partner', 'youth-peer', 'veteran-peer', 'forensic-peer'];

const arbWindow: fc.Arbitrary<AvailabilityWindow> = fc
  .record({ day: fc.constantFrom(...DAYS), start: fc.integer({ min: 0, max: 23 }), length: fc.integer({ min: 0, max: 6 }), half: fc.boolean() })
  .map(({ day, start, length, half }) => {
    const end = Math.min(24, start + length);
    const pad = (h: number) => String(h).padStart(2, '0');
    return { day, start: `${pad(start)}:${half ? '30' : '00'}`, end: end === 24 ? '24:00' : `${pad(end)}:00` };
  });

const arbPlace = fc.option(fc.record({ lat: fc.double({ min: 41, max: 42.6, noNaN: true }), lon: fc.double({ min: -88.5, max: -87, noNaN: true }) }), { freq: 6 });

const arbPeer = (id: string): fc.Arbitrary<PeerCandidate> =>
  fc.record({
    id: fc.constant(id),
    displayName: fc.constant(`Peer ${id}`),
    languages: fc.subarray(['en', 'es', 'es-MX', 'EN-us', 'pl', 'vi']),
    livedExperience: fc.array(fc.record({ code: fc.constantFrom(...CODES), useForMatching: fc.boolean(), showToParticipants: fc.boolean() }), { maxLength: 4 }),
    specialties: fc.array(fc.constantFrom(...SPECIALTIES), { maxLength: 3 }),
    genderIdentity: fc.option(fc.constantFrom('woman', ' Woman ', 'man', 'non-binary', ''), { nil: null }),
    raceEthnicity: fc.option(fc.subarray(['black', 'White', 'hispanic or latino', ' asian ']), { nil: null }),
    birthYear: fc.option(fc.integer({ min: 1950, max: 2006 }), { nil: null }),
    location: arbPlace,
    serviceRadiusKm: fc.option(fc.integer({ min: 1, max: 80 }), { nil: null }),
    modalities: fc.subarray(['in-person', 'phone', 'video', 'text']),
    availability: fc.array(arbWindow, { maxLength: 5 }),
    timeZone: fc.constantFrom(...ZONES),
    maxCaseload: fc.integer({ min: 1, max: 12 }),
    activeCaseload: fc.integer({ min: 0, max: 12 }),
    acceptingNew: fc.boolean(),
    endedWithParticipant: fc.constantFrom(false, false, false, true),
  });

const arbPool: fc.Arbitrary<PeerCandidate[]> = fc
  .integer({ min: 0, max: 40 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => arbPeer(`p${String(k).padStart(3, '0')}`))));

const arbParticipant: fc.Arbitrary<ParticipantForMatching> = fc.record({
  id: fc.constant('participant'),
  age: fc.option(fc.integer({ min: 18, max: 70 }), { nil: null }),
  languages: fc.subarray(['es', 'en', 'vi', 'pl']),
  location: arbPlace,
  raceEthnicity: fc.option(fc.subarray(['black', 'white', 'Hispanic or Latino', 'asian']), { nil: null }),
  preferences: fc.record({
    livedExperience: fc.array(fc.record({ code: fc.constantFrom(...CODES), importance: fc.constantFrom('required' as const, 'preferred' as const) }), { maxLength: 3 }),
    language: fc.option(fc.record({ importance: fc.constantFrom('required' as const, 'preferred' as const) }), { nil: null }),
    peerGender: fc.option(fc.record({ value: fc.constantFrom('woman', 'MAN ', 'non-binary'), importance: fc.constantFrom('required' as const, 'preferred' as const) }), { nil: null }),
    sameRaceEthnicity: fc.constantFrom('preferred' as const, null),
    ageGroup: fc.constantFrom('youth' as const, 'any' as const, null),
    modalities: fc.subarray(['in-person', 'phone', 'video', 'text']),
    availability: fc.option(fc.record({ timeZone: fc.constantFrom(...ZONES), windows: fc.array(arbWindow, { maxLength: 4 }) }), { nil: null }),
  }),
});

const arbWeights = fc.record({
  livedExperience: fc.constantFrom(0, 0.35, 1),
  relatedExperienceCredit: fc.constantFrom(0, 0.4, 1),
  distanceHalfKm: fc.constantFrom(5, 15),
});

const AS_OF = fc.constantFrom('2026-03-02', '2026-03-09', '2026-11-02', '2026-07-15');

describe('peer index', () => {
  it('scores every peer exactly as the full evaluation does', () => {
    fc.assert(
      fc.property(arbPool, arbParticipant, arbWeights, AS_OF, (pool, participant, w, asOf) => {
        const weights = { ...DEFAULT_WEIGHTS, ...w };
        const pp = prepareParticipant(participant, weights, { asOf });
        const pr = probe(pp, buildPeerIndex(pool));
        pool.forEach((peer, i) => {
          const full = scoreCandidate(pp, peer);
          expect(scoreAt(pr, i)).toBe(full === null ? -1 : full);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('with a floor, drops only peers certainly below it and returns every other score unchanged', () => {
    // Floors at other peers' scores (the last place of a ranking is one), at the peer's own
    // score (a tie must survive: the id decides it) and just around it.
    fc.assert(
      fc.property(arbPool, arbParticipant, arbWeights, AS_OF, fc.nat(), fc.constantFrom(-1e-12, 0, 1e-12, 0.01, -0.01), (pool, participant, w, asOf, pick, nudge) => {
        const weights = { ...DEFAULT_WEIGHTS, ...w };
        const pr = probe(prepareParticipant(participant, weights, { asOf }), buildPeerIndex(pool));
        const exact = pool.map((_, i) => scoreAt(pr, i));
        const floors = [...exact.filter((s) => s > 0), 0.5, 0.9, 1];
        pool.forEach((_, i) => {
          for (const floor of [floors[pick % floors.length]! + nudge, exact[i]!, exact[i]! + nudge]) {
            const pruned = scoreAt(pr, i, floor);
            if (pruned === exact[i]) continue;
            expect(pruned).toBe(-1);
            expect(exact[i]!).toBeLessThan(floor);
          }
        });
      }),
      { numRuns: 400 },
    );
  });

  it('ranks larger pools exactly as the full scan while the floor drops peers', () => {
    // More peers than places, everyone in reach and free at some hour, so the last place rises
    // early and most peers meet the floor.
    const near = fc.record({ lat: fc.double({ min: 41.7, max: 42, noNaN: true }), lon: fc.double({ min: -87.9, max: -87.5, noNaN: true }) });
    const pool = fc
      .integer({ min: 20, max: 120 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => fc.tuple(arbPeer(`q${String(k).padStart(3, '0')}`), near))))
      .map((pairs) => pairs.map(([p, location]) => ({ ...p, location, endedWithParticipant: false, acceptingNew: true, activeCaseload: Math.min(p.activeCaseload, p.maxCaseload - 1) })));
    fc.assert(
      fc.property(pool, arbParticipant, near, arbWeights, fc.integer({ min: 1, max: 5 }), (peers, participant, location, w, limit) => {
        const p = { ...participant, location };
        const weights = { ...DEFAULT_WEIGHTS, ...w };
        const options = { limit, lang: 'en' as const, audience: 'staff' as const, asOf: '2026-03-09' };
        const indexed = rankIndexed(p, buildPeerIndex(peers), weights, options);
        const full = rankMatches(p, peers, weights, options);
        expect(indexed).toEqual(full);
        // The unmet wishes (issue 17) are part of the equality, and word the same as the full scan.
        expect(indexed.map((m) => m.unmet)).toEqual(full.map((m) => m.unmet));
      }),
      { numRuns: 200 },
    );
  });

  it('lists every open peer who shares a free minute among those free at the participant’s hours', () => {
    // Availability alone decides the score here, so a peer off the lists must score 0.
    const onlyAvailability = { ...DEFAULT_WEIGHTS, livedExperience: 0, language: 0, distance: 0, capacity: 0, modality: 0, gender: 0, raceEthnicity: 0, ageGroup: 0, specialty: 0, availability: 1 };
    fc.assert(
      fc.property(arbPool, arbParticipant, AS_OF, (pool, participant, asOf) => {
        const index = buildPeerIndex(pool);
        const pp = prepareParticipant(participant, onlyAvailability, { asOf });
        const free = freeHourPeers(probe(pp, index));
        if (pp.freePrefix === null) {
          expect(free).toBeNull();
          return;
        }
        const listed = new Set<number>();
        for (const h of free!.hours) {
          expect(pp.freePrefix[(h + 1) * 60]! - pp.freePrefix[h * 60]!).toBeGreaterThan(0);
          const at = [...free!.postings.peers.subarray(free!.postings.start[h], free!.postings.start[h + 1])];
          expect(at).toEqual([...at].sort((a, b) => a - b));
          expect(new Set(at).size).toBe(at.length);
          at.forEach((i) => listed.add(i));
        }
        for (const i of index.open) if (!listed.has(i)) expect([null, 0]).toContain(scoreCandidate(pp, pool[i]!));
      }),
      { numRuns: 300 },
    );
  });

  it('ranks exactly as the full scan when peers without shared free time are left for last', () => {
    // A narrow window for the participant, a few for each peer: most peers share no free minute,
    // and the availability weight ranges from slight to decisive.
    const window = fc
      .record({ day: fc.constantFrom(...DAYS), start: fc.integer({ min: 6, max: 20 }), hours: fc.integer({ min: 1, max: 3 }) })
      .map(({ day, start, hours }) => ({ day, start: `${String(start).padStart(2, '0')}:00`, end: `${String(start + hours).padStart(2, '0')}:00` }));
    const pool = fc
      .integer({ min: 10, max: 100 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => fc.tuple(arbPeer(`w${String(k).padStart(3, '0')}`), fc.array(window, { minLength: 1, maxLength: 3 })))))
      .map((pairs) => pairs.map(([p, availability]) => ({ ...p, availability })));
    fc.assert(
      fc.property(
        pool,
        arbParticipant,
        window,
        fc.constantFrom(...ZONES),
        arbWeights,
        fc.constantFrom(0.05, 0.15, 0.5, 2),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.record({ shared: fc.boolean(), active: fc.integer({ min: 0, max: 4 }), north: fc.double({ min: 0, max: 0.03, noNaN: true }) }), { maxLength: 12 }),
        (peers, participant, free, timeZone, w, availability, limit, perfect) => {
          const p = { ...participant, preferences: { ...participant.preferences, availability: { timeZone, windows: [free] } } };
          const weights = { ...DEFAULT_WEIGHTS, ...w, availability };
          // Peers perfect but for time (some), room and a little distance: their scores crowd just
          // below the bounds, so a bound too low would drop one of them from the top.
          const other = { day: free.day === 'mon' ? ('tue' as const) : ('mon' as const), start: '03:00', end: '04:00' };
          perfect.forEach(({ shared, active, north }, k) =>
            peers.push({
              id: `v${k}`,
              displayName: `Perfect ${k}`,
              languages: [...p.languages],
              livedExperience: p.preferences.livedExperience.map((x) => ({ code: x.code, useForMatching: true, showToParticipants: true })),
              specialties: [...SPECIALTIES],
              genderIdentity: p.preferences.peerGender?.value ?? null,
              raceEthnicity: p.raceEthnicity ? [...p.raceEthnicity] : null,
              birthYear: 2000,
              location: p.location ? { lat: p.location.lat + north, lon: p.location.lon } : null,
              serviceRadiusKm: null,
              modalities: ['in-person', 'phone', 'video', 'text'],
              availability: [shared ? free : other],
              timeZone,
              maxCaseload: 5,
              activeCaseload: active,
              acceptingNew: true,
              endedWithParticipant: false,
            }),
          );
          const options = { limit, lang: 'en' as const, audience: 'staff' as const, asOf: '2026-03-02' };
          const index = buildPeerIndex(peers);
          expect(rankIndexed(p, index, weights, options)).toEqual(rankMatches(p, peers, weights, options));
          // The marks are clean for the next request.
          expect(index.scratch.every((x) => x === 0)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ranks exactly as the full scan: same peers, scores, order and reasons', () => {
    fc.assert(
      fc.property(arbPool, arbParticipant, arbWeights, AS_OF, fc.integer({ min: 1, max: 12 }), fc.constantFrom('en' as const, 'es' as const), (pool, participant, w, asOf, limit, lang) => {
        const weights = { ...DEFAULT_WEIGHTS, ...w };
        const options = { limit, lang, audience: 'staff' as const, asOf };
        expect(rankIndexed(participant, buildPeerIndex(pool), weights, options)).toEqual(rankMatches(participant, pool, weights, options));
      }),
      { numRuns: 400 },
    );
  });

  it('skips peers who share no wished experience only when they cannot reach the top', () => {
    // Preferred wishes only (no posting-list shortcut), a small limit, and an experience weight
    // from decisive to slight, so peers without the experience sometimes belong in the top.
    const sharedPool = fc
      .integer({ min: 5, max: 60 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => arbPeer(`s${String(k).padStart(3, '0')}`))))
      .map((pool) => pool.map((p, k) => (k % 3 === 0 ? { ...p, livedExperience: [{ code: 'substance-use.opioids', useForMatching: true, showToParticipants: true }] } : p)));
    fc.assert(
      fc.property(
        sharedPool,
        arbParticipant,
        fc.constantFrom(0.01, 0.05, 0.35, 2),
        fc.constantFrom(0, 0.4),
        fc.integer({ min: 1, max: 4 }),
        (pool, participant, experienceWeight, related, limit) => {
          const p = { ...participant, preferences: { ...participant.preferences, language: { importance: 'preferred' as const }, peerGender: null, livedExperience: [{ code: 'substance-use.opioids', importance: 'preferred' as const }] } };
          const weights = { ...DEFAULT_WEIGHTS, livedExperience: experienceWeight, relatedExperienceCredit: related };
          const options = { limit, lang: 'en' as const, audience: 'staff' as const, asOf: '2026-03-02' };
          expect(rankIndexed(p, buildPeerIndex(pool), weights, options)).toEqual(rankMatches(p, pool, weights, options));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('leaves out the excluded peers as the full scan over the pool without them', () => {
    fc.assert(
      fc.property(arbPool, arbParticipant, fc.array(fc.integer({ min: 0, max: 39 }), { maxLength: 6 }), (pool, participant, drop) => {
        const excluded = new Set(drop.filter((k) => k < pool.length).map((k) => pool[k]!.id));
        const options = { limit: 10, lang: 'en' as const, audience: 'staff' as const, asOf: '2026-03-02' };
        expect(rankIndexed(participant, buildPeerIndex(pool), DEFAULT_WEIGHTS, options, excluded)).toEqual(
          rankMatches(participant, pool.filter((p) => !excluded.has(p.id)), DEFAULT_WEIGHTS, options),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('the shortcut by required preferences leaves out only peers who fail them', () => {
    fc.assert(
      fc.property(arbPool, arbParticipant, (pool, participant) => {
        const index = buildPeerIndex(pool);
        const pp = prepareParticipant(participant, DEFAULT_WEIGHTS, { asOf: '2026-03-02' });
        const pr = probe(pp, index);
        const candidates = requiredCandidates(pr);
        if (candidates === null) return;
        expect([...candidates]).toEqual([...candidates].sort((a, b) => a - b));
        const kept = new Set(candidates);
        for (const i of index.open) if (!kept.has(i)) expect(scoreCandidate(pp, pool[i]!)).toBeNull();
        // The scratch counters are clean for the next participant.
        expect(index.scratch.every((x) => x === 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a reused prefix buffer gives the same preparation as a fresh one', () => {
    fc.assert(
      fc.property(arbParticipant, arbParticipant, (a, b) => {
        const buffer = new Int32Array(WEEK_MINUTES + 1);
        prepareParticipant(a, DEFAULT_WEIGHTS, { asOf: '2026-03-02', prefixBuffer: buffer });
        const reused = prepareParticipant(b, DEFAULT_WEIGHTS, { asOf: '2026-03-02', prefixBuffer: buffer });
        const fresh = prepareParticipant(b, DEFAULT_WEIGHTS, { asOf: '2026-03-02' });
        expect(reused.freePrefix === null ? null : [...reused.freePrefix]).toEqual(fresh.freePrefix === null ? null : [...fresh.freePrefix]);
        expect(reused.freeMinutes).toBe(fresh.freeMinutes);
      }),
      { numRuns: 100 },
    );
  });

  it('lists open peers by modality and drops private experience from the index', () => {
    const base: PeerCandidate = {
      id: 'a', displayName: 'A', languages: ['en'], livedExperience: [{ code: 'identity.lgbtq', useForMatching: false, showToParticipants: false }],
      specialties: [], modalities: ['phone'], availability: [], timeZone: 'America/Chicago', maxCaseload: 2, activeCaseload: 0, acceptingNew: true, endedWithParticipant: false,
    };
    const index = buildPeerIndex([base, { ...base, id: 'b', activeCaseload: 2 }, { ...base, id: 'c', acceptingNew: false }, { ...base, id: 'd', modalities: ['in-person', 'phone'] }]);
    expect([...index.open]).toEqual([0, 3]);
    expect([...index.openByMask[2]!]).toEqual([0]);
    expect([...index.openByMask[3]!]).toEqual([3]);
    expect(index.experienceCodes).toEqual([]);
  });
});
