// What lets a ranking through the peer index (peer-index.rules.ts) skip peers without scoring
// them: the open peers free at the participant's hours, the peers who meet every required
// preference, the posting lists of fully shared experiences, and the bound on a class of peers'
// score. Shortcuts only: `scoreAt` (peer-index.probe.rules.ts) still judges every peer kept.
import type { PreparedParticipant } from './matching.rules.ts';
import { WEEK_MINUTES } from './timezone.ts';
import type { HourPostings, WeekSpans } from './peer-index.build.rules.ts';
import type { IndexProbe } from './peer-index.probe.rules.ts';

const WEEK_HOURS = WEEK_MINUTES / 60;

/** The hours of the week (0..167, wrapping) that a peer's span [from, from + length) touches, each once per peer. */
function forEachSpanHour(week: WeekSpans, i: number, stamp: Int32Array, mark: number, visit: (hour: number) => void): void {
  const spans = week.spans;
  for (let k = week.start[i]!, end = week.start[i + 1]!; k < end; k += 2) {
    const from = spans[k]!;
    const length = spans[k + 1]!;
    if (length <= 0) continue;
    const last = Math.floor((from + length - 1) / 60);
    for (let h = Math.floor(from / 60); h <= last; h++) {
      const hour = h % WEEK_HOURS;
      if (stamp[hour] === mark) continue;
      stamp[hour] = mark;
      visit(hour);
    }
  }
}

/** The open peers free at each hour of the week of `pr`, built once per index and week. */
function hourPostings(pr: IndexProbe): HourPostings {
  const index = pr.index;
  const weekStart = pr.pp.weekStart;
  const cached = index.hourWeeks.get(weekStart);
  if (cached) return cached;
  const week = pr.week;
  const open = index.open;
  const stamp = new Int32Array(WEEK_HOURS).fill(-1);
  const start = new Int32Array(WEEK_HOURS + 1);
  for (let o = 0; o < open.length; o++) forEachSpanHour(week, open[o]!, stamp, o, (hour) => start[hour + 1]!++);
  for (let h = 0; h < WEEK_HOURS; h++) start[h + 1]! += start[h]!;
  const fill = start.slice(0, WEEK_HOURS);
  const peers = new Int32Array(start[WEEK_HOURS]!);
  stamp.fill(-1);
  for (let o = 0; o < open.length; o++) {
    const i = open[o]!;
    forEachSpanHour(week, i, stamp, o, (hour) => (peers[fill[hour]!++] = i));
  }
  if (index.hourWeeks.size >= 4) index.hourWeeks.clear(); // as `weeks`
  const built = { start, peers };
  index.hourWeeks.set(weekStart, built);
  return built;
}

/**
 * The hours of the week in which the participant has a free minute, with the open peers free at
 * those hours; null when the participant gives no availability or it weighs nothing. A peer on
 * none of these lists shares no free minute with the participant (each shared minute lies in an
 * hour both touch), so their availability term is 0.
 */
export function freeHourPeers(pr: IndexProbe): { hours: number[]; postings: HourPostings; size: number } | null {
  const prefix = pr.pp.freePrefix;
  if (prefix === null || !(pr.pp.weights.availability > 0)) return null;
  const postings = hourPostings(pr);
  const hours: number[] = [];
  let size = 0;
  for (let h = 0; h < WEEK_HOURS; h++) {
    if (prefix[(h + 1) * 60]! - prefix[h * 60]! > 0) {
      hours.push(h);
      size += postings.start[h + 1]! - postings.start[h]!;
    }
  }
  return { hours, postings, size };
}

/**
 * The open peers (positions, ascending) who meet every *required* preference of the participant
 * that posting lists can answer (language, gender, each required experience), or null when the
 * participant requires none of these. Only a shortcut: `scoreAt` still judges each of them, and
 * every open peer left out would have failed one of these constraints there.
 */
export function requiredCandidates(pr: IndexProbe): Int32Array | null {
  const ix = pr.index;
  const pp = pr.pp;
  const constraints: Int32Array[][] = [];
  if (pp.languages.length > 0 && pp.languageRequired) {
    constraints.push(ix.languagePostings.filter((_, t) => pr.languageRank[t]! >= 0));
  }
  if (pp.genderValue !== null && pp.genderRequired) {
    constraints.push(ix.genderPostings.filter((_, g) => pr.genderOk[g] === 1));
  }
  const nCodes = ix.experienceCodes.length;
  pp.wishes.forEach((wish, k) => {
    if (wish.required) constraints.push(ix.experiencePostings.filter((_, c) => pr.wishCredit[k * nCodes + c]! >= 1));
  });
  if (constraints.length === 0) return null;
  // Count, per position, the constraints it meets (each at most once: only a position that met
  // all the earlier ones moves on). The counters are back to 0 on return.
  const count = ix.scratch;
  const K = constraints.length;
  const out: number[] = [];
  for (let k = 0; k < K; k++) {
    for (const list of constraints[k]!) {
      for (let a = 0; a < list.length; a++) {
        const i = list[a]!;
        if (count[i] === k) {
          count[i] = k + 1;
          if (k + 1 === K) out.push(i);
        }
      }
    }
  }
  for (const list of constraints[0]!) for (let a = 0; a < list.length; a++) count[list[a]!] = 0;
  return Int32Array.from(out).sort();
}

/**
 * The posting lists of the usable experience codes that fully meet at least one of the
 * participant's wishes (a peer may be on several), or null when the participant wishes for none.
 */
export function sharingLists(pr: IndexProbe): Int32Array[] | null {
  const pp = pr.pp;
  const ix = pr.index;
  if (pp.wishes.length === 0) return null;
  const nCodes = ix.experienceCodes.length;
  const out: Int32Array[] = [];
  for (let c = 0; c < nCodes; c++) {
    let full = false;
    for (let k = 0; k < pp.wishes.length && !full; k++) full = pr.wishCredit[k * nCodes + c]! >= 1;
    if (full) out.push(ix.experiencePostings[c]!);
  }
  return out;
}

/**
 * The highest score any peer could reach whose lived-experience value is at most `experience` and
 * whose availability value is at most `availability`, every other criterion at most 1; distance
 * may or may not apply to a peer, so the larger of both means. A peer who shares none of the
 * wished experiences fully gets at most the related credit for each wish; a peer who shares no
 * free minute gets 0 for availability.
 */
export function classBound(pp: PreparedParticipant, experience: number, availability: number): number {
  const w = pp.weights;
  let top = 0;
  let sum = 0;
  if (pp.wishes.length > 0) {
    top += w.livedExperience * experience;
    sum += w.livedExperience;
  }
  const others: Array<[boolean, number, number]> = [
    [pp.languages.length > 0, w.language, 1],
    [pp.genderValue !== null, w.gender, 1],
    [pp.race !== null, w.raceEthnicity, 1],
    [pp.youth, w.ageGroup, 1],
    [pp.wantedSpecialties.length > 0, w.specialty, 1],
    [pp.freePrefix !== null, w.availability, availability],
    [true, w.capacity, 1],
    [true, w.modality, 1],
  ];
  for (const [applies, weight, value] of others) {
    if (!applies) continue;
    top += weight * value;
    sum += weight;
  }
  const without = sum > 0 ? top / sum : 0;
  const withDistance = sum + w.distance > 0 ? (top + w.distance) / (sum + w.distance) : 0;
  return Math.max(without, withDistance);
}
