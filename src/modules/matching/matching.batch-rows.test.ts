import { describe, expect, it } from 'vitest';
import type { ParticipantForMatching, PeerCandidate } from './matching.rules.ts';
import { DEFAULT_WEIGHTS, prepareParticipant, scoreCandidate } from './matching.rules.ts';
import { batchRows } from './matching.batch-rows.ts';
import { buildPeerIndex, scoreWaitlistRows } from './peer-index.rules.ts';
import { solveAssignmentByCsr } from './assignment-rows.rules.ts';
import { solveAssignment } from './assignment.rules.ts';

/** A small deterministic pool and waitlist (seeded), varied enough to exclude and score. */
function world(seed: number, peers: number, participants: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const codes = ['substance-use.opioids', 'substance-use.alcohol', 'mental-health.ptsd', 'life.incarceration', 'identity.lgbtq'];
  const pool: PeerCandidate[] = Array.from({ length: peers }, (_, i) => ({
    id: `peer-${String(i).padStart(4, '0')}`,
    displayName: `Peer ${i}`,
    languages: next() < 0.3 ? ['en', 'es'] : next() < 0.1 ? ['es'] : ['en'],
    livedExperience: [{ code: pick(codes), useForMatching: next() < 0.8, showToParticipants: true }],
    specialties: ['peer-support-specialist'],
    location: { lat: 41.6 + next() * 0.5, lon: -87.9 + next() * 0.4 },
    serviceRadiusKm: 10 + Math.floor(next() * 30),
    modalities: next() < 0.5 ? ['in-person'] : ['in-person', 'phone'],
    availability: [{ day: pick(['mon', 'tue', 'wed'] as const), start: '09:00', end: '17:00' }],
    timeZone: 'America/Chicago',
    maxCaseload: 3,
    activeCaseload: Math.floor(next() * 4),
    acceptingNew: next() < 0.9,
    endedWithParticipant: false,
  }));
  const waiting: ParticipantForMatching[] = Array.from({ length: participants }, (_, i) => ({
    id: `participant-${i}`,
    age: 20 + Math.floor(next() * 50),
    languages: next() < 0.25 ? ['es'] : ['en'],
    location: { lat: 41.6 + next() * 0.5, lon: -87.9 + next() * 0.4 },
    preferences: {
      livedExperience: [{ code: pick(codes), importance: next() < 0.3 ? 'required' : 'preferred' }],
      modalities: next() < 0.5 ? ['in-person'] : ['phone'],
      availability: { timeZone: 'America/Chicago', windows: [{ day: pick(['mon', 'tue', 'wed'] as const), start: '10:00', end: '18:00' }] },
    },
  }));
  return { pool, waiting };
}

const context = { lang: 'en' as const, audience: 'staff' as const, asOf: '2026-03-02' };

describe('batch rows', () => {
  it('hold exactly the open pairs that score above 0, scaled, without the excluded peers', () => {
    const { pool, waiting } = world(7, 60, 40);
    const index = buildPeerIndex(pool);
    const excluded = waiting.map((_, i) => (i % 5 === 0 ? [pool[index.open[0]!]!.id] : undefined));
    const rows = scoreWaitlistRows(index, waiting, excluded, DEFAULT_WEIGHTS, context, 10_000);
    waiting.forEach((p, i) => {
      const pp = prepareParticipant(p, DEFAULT_WEIGHTS, context);
      const expected: [number, number][] = [];
      index.open.forEach((at, q) => {
        if (excluded[i]?.includes(pool[at]!.id)) return;
        const s = scoreCandidate(pp, pool[at]!);
        if (s !== null && Math.round(s * 10_000) > 0) expected.push([q, Math.round(s * 10_000)]);
      });
      const got: [number, number][] = [];
      for (let a = rows.start[i]!; a < rows.start[i + 1]!; a++) got.push([rows.peers[a]!, rows.scores[a]!]);
      expect(got).toEqual(expected);
    });
  });

  it('are the same on worker threads as in this thread, and solve to the auction’s optimum', async () => {
    const { pool, waiting } = world(11, 80, 120);
    const index = buildPeerIndex(pool);
    const job = { peers: pool, participants: waiting, excluded: waiting.map(() => undefined), weights: DEFAULT_WEIGHTS, context, scale: 10_000 };
    const here = await batchRows(job, index, 1);
    const threaded = await batchRows(job, index, 3);
    expect(Array.from(threaded.start)).toEqual(Array.from(here.start));
    expect(Array.from(threaded.peers)).toEqual(Array.from(here.peers));
    expect(Array.from(threaded.scores)).toEqual(Array.from(here.scores));

    const capacity = Array.from(index.open, (at) => pool[at]!.maxCaseload - pool[at]!.activeCaseload);
    const solved = solveAssignmentByCsr({ participantCount: waiting.length, peerCapacity: capacity, rowStart: here.start, peers: here.peers, scores: here.scores });
    const edgeParticipant = Array.from(here.peers, (_, a) => here.start.findLastIndex((s) => s <= a));
    const auction = solveAssignment({ participantCount: waiting.length, peerCapacity: capacity, edgeParticipant, edgePeer: here.peers, edgeScore: here.scores, scale: 1 });
    expect(solved.totalScaledScore).toBe(auction.totalScaledScore);
  }, 60_000);

  it('refuses rows that break their promises', () => {
    const base = { participantCount: 1, peerCapacity: [1, 0], rowStart: Int32Array.from([0, 1]) };
    expect(() => solveAssignmentByCsr({ ...base, peers: Int32Array.from([1]), scores: Int32Array.from([5]) })).toThrow(RangeError);
    expect(() => solveAssignmentByCsr({ ...base, peers: Int32Array.from([0]), scores: Int32Array.from([0]) })).toThrow(RangeError);
    expect(() => solveAssignmentByCsr({ ...base, peers: Int32Array.from([2]), scores: Int32Array.from([5]) })).toThrow(RangeError);
    expect(solveAssignmentByCsr({ ...base, peers: Int32Array.from([0]), scores: Int32Array.from([5]) }).totalScaledScore).toBe(5);
  });
});
