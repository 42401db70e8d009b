/**
 * Benchmark of the pure matching core (issue 3). Prints figures; never fails on time.
 *
 *   npx node bench/batch-assignment.ts [--participants 10000] [--peers 3000] [--pool 30000] [--seed 42]
 *
 * 1. rankMatches: top-10 for one participant among a pool of synthetic peers (default 30,000,
 *    about the national peer workforce): first call, then p50/p95 over 60 participants.
 * 2. Waitlist batch: 10,000 participants, 3,000 peers with 1..5 places left. Edges are built
 *    with the same scoring as rankMatches, through the peer index (hard constraints leave each
 *    participant a few hundred acceptable peers), then solved exactly twice: by the auction
 *    (solveAssignment) and by successive shortest paths (solveAssignmentByRows, the service's
 *    solver), which must find the same optimum; then timed as the service runs it.
 *
 * Data is synthetic and deterministic (seeded PRNG), spread over ten metro areas of the US
 * Midwest, with Spanish-only participants, required experience and gender wishes, in-person-only
 * participants bounded by the peers' service radius, and weekly availability in three zones.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { LIVED_EXPERIENCE, DAYS } from '../src/modules/matching/taxonomy.ts';
import { WEEK_MINUTES } from '../src/modules/matching/timezone.ts';
import type { AvailabilityWindow, ExperienceWish, ParticipantForMatching, PeerCandidate } from '../src/modules/matching/matching.rules.ts';
import { DEFAULT_WEIGHTS, prepareParticipant, rankMatches } from '../src/modules/matching/matching.rules.ts';
import { buildPeerIndex, probe, rankIndexed, requiredCandidates, scoreAt } from '../src/modules/matching/peer-index.rules.ts';
import { PairBuffer, solveAssignment } from '../src/modules/matching/assignment.rules.ts';
import { solveAssignmentByRows } from '../src/modules/matching/assignment-rows.rules.ts';

const { values } = parseArgs({
  options: {
    participants: { type: 'string', default: '10000' },
    peers: { type: 'string', default: '3000' },
    pool: { type: 'string', default: '30000' },
    seed: { type: 'string', default: '42' },
  },
});
const PARTICIPANTS = Number(values.participants);
const PEERS = Number(values.peers);
const POOL = Number(values.pool);
const SEED = Number(values.seed);
const AS_OF = '2026-03-02';

/** mulberry32: small, fast, good enough for synthetic data. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof prng>;

const METROS = [
  [41.88, -87.63], [42.33, -83.05], [39.1, -84.51], [39.96, -83.0], [43.04, -87.91],
  [44.98, -93.27], [38.63, -90.2], [39.77, -86.16], [41.5, -81.69], [42.96, -85.67],
] as const;
const ZONES = ['America/Chicago', 'America/Chicago', 'America/New_York', 'America/Denver'];
const CHILD_CODES = LIVED_EXPERIENCE.filter((e) => e.parent !== null).map((e) => e.code);
const ROOT_CODES = LIVED_EXPERIENCE.filter((e) => e.parent === null).map((e) => e.code);
const SPECIALTIES = ['peer-support-specialist', 'recovery-coach', 'family-support-partner', 'youth-peer', 'veteran-peer', 'forensic-peer'];
const GENDERS = ['woman', 'man', 'nonbinary'];
const RACES = ['hispanic or latino', 'black', 'white', 'asian', 'american indian', 'multiracial'];

function place(rng: Rng) {
  const [lat, lon] = rng.pick(METROS);
  return { lat: lat + (rng.next() - 0.5) * 0.6, lon: lon + (rng.next() - 0.5) * 0.8 };
}

function windows(rng: Rng, count: number): AvailabilityWindow[] {
  const out: AvailabilityWindow[] = [];
  for (let i = 0; i < count; i++) {
    const start = rng.int(8, 19);
    const end = Math.min(24, start + rng.int(1, 4));
    out.push({ day: rng.pick(DAYS), start: `${String(start).padStart(2, '0')}:00`, end: `${String(end).padStart(2, '0')}:00` });
  }
  return out;
}

function makePeer(rng: Rng, i: number, remaining?: number): PeerCandidate {
  const maxCaseload = rng.int(8, 20);
  const left = remaining ?? rng.int(0, 6);
  const experience = Array.from({ length: rng.int(1, 4) }, () => ({
    code: rng.chance(0.85) ? rng.pick(CHILD_CODES) : rng.pick(ROOT_CODES),
    useForMatching: rng.chance(0.8),
    showToParticipants: rng.chance(0.5),
  }));
  return {
    id: `peer-${String(i).padStart(6, '0')}`,
    displayName: `Peer ${i}`,
    languages: rng.chance(0.3) ? ['en', 'es'] : rng.chance(0.05) ? ['es'] : ['en'],
    livedExperience: experience,
    specialties: [rng.pick(SPECIALTIES), ...(rng.chance(0.3) ? [rng.pick(SPECIALTIES)] : [])],
    genderIdentity: rng.pick(GENDERS),
    raceEthnicity: [rng.pick(RACES)],
    birthYear: rng.int(1960, 2003),
    location: place(rng),
    serviceRadiusKm: rng.int(10, 60),
    modalities: rng.chance(0.2) ? ['in-person'] : ['in-person', 'phone', 'video', ...(rng.chance(0.5) ? ['text'] : [])],
    availability: windows(rng, rng.int(2, 6)),
    timeZone: rng.pick(ZONES),
    maxCaseload,
    activeCaseload: Math.max(0, maxCaseload - left),
    acceptingNew: rng.chance(0.92),
    endedWithParticipant: rng.chance(0.002),
  };
}

function makeParticipant(rng: Rng, i: number): ParticipantForMatching {
  const spanishOnly = rng.chance(0.2);
  const wishes: ExperienceWish[] = [];
  const wishCount = rng.int(0, 3);
  for (let k = 0; k < wishCount; k++) {
    wishes.push({ code: rng.chance(0.7) ? rng.pick(CHILD_CODES) : rng.pick(ROOT_CODES), importance: rng.chance(0.35) ? 'required' : 'preferred' });
  }
  const remoteOk = rng.chance(0.35);
  return {
    id: `participant-${String(i).padStart(6, '0')}`,
    age: rng.int(18, 70),
    languages: spanishOnly ? ['es'] : rng.chance(0.15) ? ['en', 'es'] : ['en'],
    location: place(rng),
    raceEthnicity: [rng.pick(RACES)],
    preferences: {
      livedExperience: wishes,
      peerGender: rng.chance(0.3) ? { value: rng.pick(GENDERS), importance: rng.chance(0.5) ? 'required' : 'preferred' } : null,
      sameRaceEthnicity: rng.chance(0.3) ? 'preferred' : null,
      // Remote-friendly participants still ask for specific ways of meeting.
      modalities: remoteOk ? [rng.pick(['phone', 'video', 'text'])] : ['in-person'],
      availability: { timeZone: rng.pick(ZONES), windows: windows(rng, rng.int(1, 4)) },
    },
  };
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
/** CPU time of this process (user + system), to read figures on a shared, busy machine. */
const cpuMs = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const fmt = (x: number) => x.toFixed(1);

// ---- 1. rankMatches over the pool
{
  const rng = prng(SEED);
  const pool = Array.from({ length: POOL }, (_, i) => makePeer(rng, i));
  const askers = Array.from({ length: 60 }, (_, i) => makeParticipant(rng, i));
  console.log(`machine: ${os.availableParallelism()} CPUs, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const t0 = process.hrtime.bigint();
  const index = buildPeerIndex(pool);
  console.log(`buildPeerIndex over ${POOL} peers: ${fmt(ms(t0))} ms`);
  const options = { limit: 10, lang: 'en' as const, audience: 'staff' as const, asOf: AS_OF };
  const ways = [
    ['rankMatches (full scan)', (p: ParticipantForMatching) => rankMatches(p, pool, DEFAULT_WEIGHTS, options)],
    ['rankIndexed (the server path)', (p: ParticipantForMatching) => rankIndexed(p, index, DEFAULT_WEIGHTS, options)],
  ] as const;
  for (const [name, rank] of ways) {
    const times: number[] = [];
    let cold = 0;
    let returned = 0;
    const c0 = process.cpuUsage();
    askers.forEach((participant, k) => {
      const t1 = process.hrtime.bigint();
      const top = rank(participant);
      const t = ms(t1);
      if (k === 0) cold = t;
      else times.push(t);
      returned += top.length;
    });
    const cpuPerCall = cpuMs(c0) / askers.length;
    console.log(`${name}, top 10 of ${POOL} peers (${askers.length} participants):`);
    console.log(`  first call: ${fmt(cold)} ms`);
    console.log(`  next calls: p50 ${fmt(pct(times, 50))} ms, p95 ${fmt(pct(times, 95))} ms, max ${fmt(Math.max(...times))} ms; CPU per call ${fmt(cpuPerCall)} ms; avg matches returned ${(returned / askers.length).toFixed(1)}`);
  }
}

// ---- 2. Waitlist batch
{
  const rng = prng(SEED + 1);
  const peers = Array.from({ length: PEERS }, (_, i) => makePeer(rng, i, rng.int(1, 5)));
  const participants = Array.from({ length: PARTICIPANTS }, (_, i) => makeParticipant(rng, i));
  const capacity = peers.map((p) => p.maxCaseload - p.activeCaseload);
  const places = capacity.reduce((a, b) => a + b, 0);

  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  // As the service does: pairs only with open peers (accepting, places left), numbered in pool order.
  const index = buildPeerIndex(peers);
  const openAt = index.open;
  const pairs = new PairBuffer(1 << 20);
  for (let i = 0; i < participants.length; i++) {
    const pr = probe(prepareParticipant(participants[i]!, DEFAULT_WEIGHTS, { asOf: AS_OF }), index);
    for (let q = 0; q < openAt.length; q++) {
      const s = scoreAt(pr, openAt[q]!);
      if (s >= 0) pairs.push(i, q, s);
    }
  }
  const buildMs = ms(t0);
  const buildCpu = cpuMs(c0);
  let withNone = 0;
  {
    const degree = new Int32Array(participants.length);
    for (let e = 0; e < pairs.length; e++) degree[pairs.participant[e]!]!++;
    for (const d of degree) if (d === 0) withNone++;
  }

  const capacityOpen = Array.from(openAt, (at) => capacity[at]!);
  const t1 = process.hrtime.bigint();
  const c1 = process.cpuUsage();
  const result = solveAssignment(pairs.toInput(participants.length, capacityOpen));
  const solveMs = ms(t1);
  const solveCpu = cpuMs(c1);

  // The rows solver over the same pairs, then as the service runs it (scoring each row into it).
  const rowStart = new Int32Array(participants.length + 1);
  for (let e = 0; e < pairs.length; e++) rowStart[pairs.participant[e]! + 1]!++;
  for (let i = 0; i < participants.length; i++) rowStart[i + 1]! += rowStart[i]!;
  const t2 = process.hrtime.bigint();
  const rows = solveAssignmentByRows({
    participantCount: participants.length,
    peerCapacity: capacityOpen,
    maxRowLength: openAt.length,
    row: (i, peersOut, scoresOut) => {
      let c = 0;
      for (let e = rowStart[i]!; e < rowStart[i + 1]!; e++, c++) {
        peersOut[c] = pairs.peer[e]!;
        scoresOut[c] = pairs.score[e]!;
      }
      return c;
    },
  });
  const rowsMs = ms(t2);
  const prefixBuffer = new Int32Array(WEEK_MINUTES + 1);
  const t3 = process.hrtime.bigint();
  const c3 = process.cpuUsage();
  const served = solveAssignmentByRows({
    participantCount: participants.length,
    peerCapacity: capacityOpen,
    maxRowLength: openAt.length,
    row: (i, peersOut, scoresOut) => {
      const pr = probe(prepareParticipant(participants[i]!, DEFAULT_WEIGHTS, { asOf: AS_OF, prefixBuffer }), index);
      const required = requiredCandidates(pr);
      const length = required === null ? openAt.length : required.length;
      let c = 0;
      for (let a = 0; a < length; a++) {
        const q = required === null ? a : index.openRank[required[a]!]!;
        const score = scoreAt(pr, openAt[q]!);
        if (score > 0) {
          peersOut[c] = q;
          scoresOut[c] = score;
          c++;
        }
      }
      return c;
    },
  });
  const servedMs = ms(t3);
  const servedCpu = cpuMs(c3);

  console.log(`\nWaitlist batch: ${PARTICIPANTS} participants, ${PEERS} peers, ${places} places left (1..5 per peer):`);
  console.log(`  acceptable pairs: ${pairs.length} (avg ${(pairs.length / PARTICIPANTS).toFixed(0)} peers per participant; ${withNone} participants with none)`);
  console.log(`  time to build edges (hard constraints + scoring of ${PARTICIPANTS * PEERS} pairs): ${fmt(buildMs)} ms wall, ${fmt(buildCpu)} ms CPU`);
  console.log(`  time to solve, exact ε-scaling auction (solveAssignment): ${fmt(solveMs)} ms wall, ${fmt(solveCpu)} ms CPU; scaled total ${result.totalScaledScore}`);
  console.log(`  time to solve, exact successive shortest paths (solveAssignmentByRows, ${rows.solver}): ${fmt(rowsMs)} ms wall; scaled total ${rows.totalScaledScore}${rows.totalScaledScore === result.totalScaledScore ? ' (same optimum)' : ' (DIFFERENT: a bug)'}`);
  console.log(`  the service's path (score each row into solveAssignmentByRows, which chose ${served.solver}): ${fmt(servedMs)} ms wall, ${fmt(servedCpu)} ms CPU; scaled total ${served.totalScaledScore}`);
  console.log(`  assigned: ${result.assignedCount} of ${PARTICIPANTS}; total score ${result.totalScore.toFixed(4)} (scaled ${result.totalScaledScore}); mean ${(result.totalScore / Math.max(1, result.assignedCount)).toFixed(4)}`);
}
