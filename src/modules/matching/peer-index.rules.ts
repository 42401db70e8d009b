/**
 * The matcher's prepared view of an organization's peers (issue 3, speed): built once when the
 * server loads its peers, then read by every ranking and every waitlist batch until the peers or
 * assignments change. Pure: no I/O, no clock.
 *
 * Why: ranking scores every open peer for every request (30,000 of them), and a batch scores
 * every waitlisted participant against every peer (30 million pairs). Reading objects, strings
 * and availability windows per pair was most of that time. Here each peer is a row of typed
 * arrays:
 * - open peers (accepting, below their maximum caseload, not ended) are listed by modality mask,
 *   so a participant who meets only in person never visits phone-only peers;
 * - languages, usable lived-experience codes (`useForMatching` only: private experience never
 *   enters the index), gender, race/ethnicity and specialties become small integer ids; each
 *   request compares the participant with each *distinct* value once (`probe`), so the per-peer
 *   loop compares integers;
 * - availability becomes the peer's merged UTC spans of the reference week, computed once per
 *   week (DST), exactly as `sharedMinutes` computes them per call;
 * - positions are kept in radians with their cosine.
 *
 * Exactness: `scoreAt` repeats `evaluate` of matching.rules.ts operation for operation (the same
 * floating-point expressions in the same order), so a ranking or a batch through the index gives
 * the same scores, the same order and the same optimal assignment as the full scan; a property
 * test holds the two paths equal. Reasons are still written by `explainCandidate` for the peers
 * returned only.
 */
import {
  CLOSE_IN_AGE_CREDIT,
  CLOSE_IN_AGE_MAX,
  DEG,
  EARTH_RADIUS_KM,
  IN_PERSON,
  MAX_FAST_WINDOWS,
  SECONDARY_LANGUAGE_CREDIT,
  dayIndex,
  explainCandidate,
  modalityMaskOf,
  popcount4,
  prepareParticipant,
  sameWords,
  speaks,
  windowsToUtcIntervals,
  type MatchContext,
  type MatchWeights,
  type ParticipantForMatching,
  type PeerCandidate,
  type PreparedParticipant,
  type RankOptions,
  type RankedMatch,
} from './matching.rules.ts';
import { isSameOrAncestor } from './taxonomy.ts';
import { DAY_MINUTES, WEEK_MINUTES, localToUtcMinute, parseClock, zoneWeek } from './timezone.ts';

/** Distinct strings to small integer ids, in order of first appearance. */
class Dictionary {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
}

/** A list per peer, flattened: peer i owns `ids[start[i] .. start[i + 1])`. */
interface Lists {
  readonly start: Int32Array;
  readonly ids: Int32Array;
}

function listsOf(peers: readonly PeerCandidate[], dict: Dictionary, valuesOf: (p: PeerCandidate) => readonly string[] | null | undefined, distinct: boolean): Lists {
  const start = new Int32Array(peers.length + 1);
  const ids: number[] = [];
  for (let i = 0; i < peers.length; i++) {
    const values = valuesOf(peers[i]!) ?? [];
    const first = ids.length;
    for (const v of values) {
      const id = dict.id(v);
      if (distinct && ids.lastIndexOf(id) >= first) continue;
      ids.push(id);
    }
    start[i + 1] = ids.length;
  }
  return { start, ids: Int32Array.from(ids) };
}

/** Per UTC hour h of a reference week, the open peers with a free span touching it: `peers[start[h] .. start[h + 1])`, ascending. */
interface HourPostings {
  readonly start: Int32Array;
  readonly peers: Int32Array;
}

/** Each peer's free spans of one reference week (UTC minute modulo the week, length), flattened like `Lists`. */
interface WeekSpans {
  readonly start: Int32Array;
  readonly spans: Int32Array;
}

export interface PeerIndex {
  readonly peers: readonly PeerCandidate[];
  /** Positions of the peers who can take someone new (accepting, capacity left, not ended), in pool order. */
  readonly open: Int32Array;
  /** `open` split by modality mask (1..15): only buckets sharing a modality with the participant are read. */
  readonly openByMask: readonly Int32Array[];
  readonly position: ReadonlyMap<string, number>;
  /** 1 when the peer takes no one new: not accepting, at their maximum, or ended. */
  readonly closed: Uint8Array;
  readonly modality: Uint8Array;
  readonly hasLocation: Uint8Array;
  readonly latRad: Float64Array;
  readonly lonRad: Float64Array;
  readonly cosLat: Float64Array;
  /** NaN when the peer sets no radius (a comparison with NaN is false: no limit). */
  readonly radiusKm: Float64Array;
  readonly maxCaseload: Float64Array;
  readonly activeCaseload: Float64Array;
  /** (max − active) / max, as evaluate() computes it. */
  readonly capacityValue: Float64Array;
  readonly youthPeer: Uint8Array;
  /** NaN when unknown. */
  readonly birthYear: Float64Array;
  readonly languages: Lists;
  readonly languageTags: readonly string[];
  /** Only disclosures the peer allowed for matching. */
  readonly experience: Lists;
  readonly experienceCodes: readonly string[];
  /** -1 when none given. */
  readonly genderId: Int32Array;
  readonly genders: readonly string[];
  readonly races: Lists;
  readonly raceValues: readonly string[];
  readonly specialties: Lists;
  readonly specialtyValues: readonly string[];
  readonly weeks: Map<number, WeekSpans>;
  /** Per reference week, the open peers free at each UTC hour (built on a ranking's first use). */
  readonly hourWeeks: Map<number, HourPostings>;
  /** Open peers' positions (ascending) per language tag, usable experience code and gender id. */
  readonly languagePostings: readonly Int32Array[];
  readonly experiencePostings: readonly Int32Array[];
  readonly genderPostings: readonly Int32Array[];
  /** Position of each open peer in `open`, or −1. */
  readonly openRank: Int32Array;
  /** Scratch counters over positions for `requiredCandidates`. */
  readonly scratch: Uint8Array;
}

function postingsOf(lists: Lists, size: number, open: Int32Array): Int32Array[] {
  const out: number[][] = Array.from({ length: size }, () => []);
  for (let o = 0; o < open.length; o++) {
    const i = open[o]!;
    for (let k = lists.start[i]!; k < lists.start[i + 1]!; k++) out[lists.ids[k]!]!.push(i);
  }
  return out.map((l) => Int32Array.from(l));
}

const isOpen = (p: PeerCandidate) => p.acceptingNew && p.activeCaseload < p.maxCaseload && !p.endedWithParticipant;

/** Builds the index of a peer pool; the pool must not change while the index is in use. */
export function buildPeerIndex(peers: readonly PeerCandidate[]): PeerIndex {
  const n = peers.length;
  const modality = new Uint8Array(n);
  const closed = new Uint8Array(n);
  const hasLocation = new Uint8Array(n);
  const latRad = new Float64Array(n);
  const lonRad = new Float64Array(n);
  const cosLat = new Float64Array(n);
  const radiusKm = new Float64Array(n);
  const maxCaseload = new Float64Array(n);
  const activeCaseload = new Float64Array(n);
  const capacityValue = new Float64Array(n);
  const youthPeer = new Uint8Array(n);
  const birthYear = new Float64Array(n);
  const genderId = new Int32Array(n);
  const genders = new Dictionary();
  const position = new Map<string, number>();
  const buckets: number[][] = Array.from({ length: 16 }, () => []);
  const open: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = peers[i]!;
    position.set(p.id, i);
    modality[i] = modalityMaskOf(p.modalities);
    const loc = p.location;
    if (loc) {
      hasLocation[i] = 1;
      latRad[i] = loc.lat * DEG;
      lonRad[i] = loc.lon * DEG;
      cosLat[i] = Math.cos(loc.lat * DEG);
    }
    radiusKm[i] = p.serviceRadiusKm ?? Number.NaN;
    maxCaseload[i] = p.maxCaseload;
    activeCaseload[i] = p.activeCaseload;
    capacityValue[i] = (p.maxCaseload - p.activeCaseload) / p.maxCaseload;
    youthPeer[i] = p.specialties.includes('youth-peer') ? 1 : 0;
    birthYear[i] = p.birthYear ?? Number.NaN;
    genderId[i] = p.genderIdentity ? genders.id(p.genderIdentity) : -1;
    if (!isOpen(p)) closed[i] = 1;
    else {
      open.push(i);
      buckets[modality[i]!]!.push(i);
    }
  }
  const languageTags = new Dictionary();
  const codes = new Dictionary();
  const races = new Dictionary();
  const specialties = new Dictionary();
  const openList = Int32Array.from(open);
  const openRank = new Int32Array(n).fill(-1);
  openList.forEach((i, o) => (openRank[i] = o));
  const languages = listsOf(peers, languageTags, (p) => p.languages, true);
  const experience = listsOf(peers, codes, (p) => p.livedExperience.filter((d) => d.useForMatching).map((d) => d.code), true);
  const genderStart = new Int32Array(n + 1);
  const genderIds: number[] = [];
  for (let i = 0; i < n; i++) {
    if (genderId[i]! >= 0) genderIds.push(genderId[i]!);
    genderStart[i + 1] = genderIds.length;
  }
  const genderLists: Lists = { start: genderStart, ids: Int32Array.from(genderIds) };
  return {
    peers,
    open: openList,
    openRank,
    scratch: new Uint8Array(n),
    languagePostings: postingsOf(languages, languageTags.values.length, openList),
    experiencePostings: postingsOf(experience, codes.values.length, openList),
    genderPostings: postingsOf(genderLists, genders.values.length, openList),
    openByMask: buckets.map((b) => Int32Array.from(b)),
    position,
    closed,
    modality,
    hasLocation,
    latRad,
    lonRad,
    cosLat,
    radiusKm,
    maxCaseload,
    activeCaseload,
    capacityValue,
    youthPeer,
    birthYear,
    languages,
    languageTags: languageTags.values,
    experience,
    experienceCodes: codes.values,
    genderId,
    genders: genders.values,
    races: listsOf(peers, races, (p) => p.raceEthnicity, true),
    raceValues: races.values,
    specialties: listsOf(peers, specialties, (p) => p.specialties, true),
    specialtyValues: specialties.values,
    weeks: new Map(),
    hourWeeks: new Map(),
  };
}

/** A span as (start modulo the week, length): what freeBetween() computes first, done once. */
function pushSpan(spans: number[], from: number, to: number): void {
  let a = from % WEEK_MINUTES;
  if (a < 0) a += WEEK_MINUTES;
  spans.push(a, to - from);
}

const spanStart = new Int32Array(MAX_FAST_WINDOWS);
const spanEnd = new Int32Array(MAX_FAST_WINDOWS);

/** The peers' merged UTC spans of the week starting `weekStart`, as `sharedMinutes` builds them. */
function weekSpans(index: PeerIndex, weekStart: number): WeekSpans {
  const cached = index.weeks.get(weekStart);
  if (cached) return cached;
  const peers = index.peers;
  const start = new Int32Array(peers.length + 1);
  const spans: number[] = [];
  for (let i = 0; i < peers.length; i++) {
    const p = peers[i]!;
    const windows = p.availability;
    if (windows.length > 0) {
      const zw = zoneWeek(p.timeZone, weekStart);
      if (windows.length > MAX_FAST_WINDOWS) {
        const intervals = windowsToUtcIntervals(windows, zw);
        for (let k = 0; k < intervals.length; k += 2) pushSpan(spans, intervals[k]!, intervals[k + 1]!);
      } else {
        let count = 0;
        for (let k = 0; k < windows.length; k++) {
          const w = windows[k]!;
          const day = dayIndex(w.day);
          const s = parseClock(w.start);
          const e = parseClock(w.end);
          if (day < 0 || !(e > s)) continue;
          const from = day * DAY_MINUTES + s;
          const to = day * DAY_MINUTES + e;
          let j = count++;
          while (j > 0 && spanStart[j - 1]! > from) {
            spanStart[j] = spanStart[j - 1]!;
            spanEnd[j] = spanEnd[j - 1]!;
            j--;
          }
          spanStart[j] = from;
          spanEnd[j] = to;
        }
        let k = 0;
        while (k < count) {
          const from = spanStart[k]!;
          let to = spanEnd[k]!;
          k++;
          while (k < count && spanStart[k]! <= to) {
            if (spanEnd[k]! > to) to = spanEnd[k]!;
            k++;
          }
          const us = localToUtcMinute(zw, from);
          const ue = localToUtcMinute(zw, to);
          if (ue > us) pushSpan(spans, us, ue);
        }
      }
    }
    start[i + 1] = spans.length;
  }
  if (index.weeks.size >= 4) index.weeks.clear(); // a server crosses a week boundary now and then
  const built = { start, spans: Int32Array.from(spans) };
  index.weeks.set(weekStart, built);
  return built;
}

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

/** One participant against one index: the comparisons with each distinct peer value, done once. */
export interface IndexProbe {
  readonly pp: PreparedParticipant;
  readonly index: PeerIndex;
  /** Per language tag: the index of the first participant language it speaks, or -1. */
  readonly languageRank: Int32Array;
  readonly genderOk: Uint8Array;
  readonly raceOk: Uint8Array;
  /** Per wish k and code c: the credit at [k * codes + c]. */
  readonly wishCredit: Float64Array;
  readonly wantedSpecialty: Uint8Array;
  readonly week: WeekSpans;
  /** The weights that apply, summed in evaluate()'s order, without and with distance. */
  readonly weightSum: number;
  readonly weightSumWithDistance: number;
  readonly availabilityTarget: number;
  /** Per mask of shared modes (0..15): popcount / the participant's mode count, as evaluate() divides it. */
  readonly modalityValue: Float64Array;
}

function weightSums(pp: PreparedParticipant): [number, number] {
  const w = pp.weights;
  const sum = (withDistance: boolean) => {
    let s = 0;
    if (pp.wishes.length > 0) s += w.livedExperience;
    if (pp.languages.length > 0) s += w.language;
    if (pp.genderValue !== null) s += w.gender;
    if (pp.race !== null) s += w.raceEthnicity;
    if (pp.youth) s += w.ageGroup;
    if (pp.wantedSpecialties.length > 0) s += w.specialty;
    if (withDistance) s += w.distance;
    if (pp.freePrefix !== null) s += w.availability;
    s += w.capacity;
    s += w.modality;
    return s;
  };
  return [sum(false), sum(true)];
}

export function probe(pp: PreparedParticipant, index: PeerIndex): IndexProbe {
  const langs = pp.languages;
  const languageRank = new Int32Array(index.languageTags.length).fill(-1);
  index.languageTags.forEach((tag, t) => {
    for (let i = 0; i < langs.length; i++) {
      if (speaks(tag, langs[i]!)) {
        languageRank[t] = i;
        break;
      }
    }
  });
  const genderOk = new Uint8Array(index.genders.length);
  if (pp.genderValue !== null) index.genders.forEach((g, id) => (genderOk[id] = sameWords(g, pp.genderValue!) ? 1 : 0));
  const raceOk = new Uint8Array(index.raceValues.length);
  if (pp.race !== null) {
    const wanted = pp.race;
    index.raceValues.forEach((r, id) => (raceOk[id] = wanted.some((x) => sameWords(r, x)) ? 1 : 0));
  }
  const codes = index.experienceCodes;
  const wishCredit = new Float64Array(pp.wishes.length * codes.length);
  pp.wishes.forEach((wish, k) => {
    codes.forEach((code, c) => {
      wishCredit[k * codes.length + c] = isSameOrAncestor(wish.code, code) ? 1 : isSameOrAncestor(wish.root, code) ? pp.weights.relatedExperienceCredit : 0;
    });
  });
  const wantedSpecialty = new Uint8Array(index.specialtyValues.length);
  index.specialtyValues.forEach((s, id) => (wantedSpecialty[id] = (pp.wantedSpecialties as readonly string[]).includes(s) ? 1 : 0));
  const [weightSum, weightSumWithDistance] = weightSums(pp);
  return {
    pp,
    index,
    languageRank,
    genderOk,
    raceOk,
    wishCredit,
    wantedSpecialty,
    week: weekSpans(index, pp.weekStart),
    weightSum,
    weightSumWithDistance,
    availabilityTarget: Math.min(pp.weights.availabilityTargetMinutes, pp.freeMinutes),
    modalityValue: Float64Array.from({ length: 16 }, (_, mask) => popcount4(mask) / pp.modalityCount),
  };
}

/** The availability term of evaluate() for the peer at `i`: shared free minutes against the target. */
function availabilityAt(pr: IndexProbe, i: number, prefix: Int32Array): number {
  let overlap = 0;
  const spans = pr.week.spans;
  for (let k = pr.week.start[i]!, end = pr.week.start[i + 1]!; k < end; k += 2) {
    // freeBetween() of matching.rules.ts with the start already taken modulo the week.
    const from = spans[k]!;
    const to = from + spans[k + 1]!;
    overlap += to <= WEEK_MINUTES ? prefix[to]! - prefix[from]! : prefix[WEEK_MINUTES]! - prefix[from]! + prefix[to - WEEK_MINUTES]!;
  }
  const target = pr.availabilityTarget;
  // No shared minute is the usual case in a ranking: 0 without a division (0 / target is 0).
  return overlap >= target ? 1 : overlap === 0 ? 0 : overlap / target;
}

/**
 * The score of the peer at position `i`, or -1 when a hard constraint excludes them: the same
 * value as `scoreCandidate(pp, index.peers[i])` (see the exactness note above). With a `floor`
 * above 0 it may also return -1 for a peer whose score is certainly below `floor` (a ranking's
 * last place so far), before the costly distance: every score it does return is still exact.
 */
export function scoreAt(pr: IndexProbe, i: number, floor = 0): number {
  const ix = pr.index;
  const pp = pr.pp;
  const w = pp.weights;

  if (ix.closed[i] === 1) return -1;

  let common = pp.modalityMask & ix.modality[i]!;
  if (common === 0) return -1;

  let languageValue = 0;
  const nLangs = pp.languages.length;
  if (nLangs > 0) {
    let languageIndex = -1;
    const ids = ix.languages.ids;
    for (let k = ix.languages.start[i]!, end = ix.languages.start[i + 1]!; k < end; k++) {
      const r = pr.languageRank[ids[k]!]!;
      if (r >= 0 && (languageIndex < 0 || r < languageIndex)) languageIndex = r;
    }
    languageValue = languageIndex === 0 ? 1 : languageIndex > 0 ? SECONDARY_LANGUAGE_CREDIT : 0;
    if (languageIndex < 0 && pp.languageRequired) return -1;
  }

  let genderMatch = false;
  if (pp.genderValue !== null) {
    const g = ix.genderId[i]!;
    genderMatch = g >= 0 && pr.genderOk[g] === 1;
    if (!genderMatch && pp.genderRequired) return -1;
  }

  let experienceSum = 0;
  const wishes = pp.wishes;
  if (wishes.length > 0) {
    const nCodes = ix.experienceCodes.length;
    const ids = ix.experience.ids;
    const from = ix.experience.start[i]!;
    const to = ix.experience.start[i + 1]!;
    for (let k = 0; k < wishes.length; k++) {
      const wish = wishes[k]!;
      const base = k * nCodes;
      let credit = 0;
      for (let j = from; j < to; j++) {
        const c = pr.wishCredit[base + ids[j]!]!;
        if (c > credit) credit = c;
      }
      if (wish.required && credit < 1) return -1;
      experienceSum += wish.importance * credit;
    }
  }

  // ---- Score: the weighted mean of evaluate(), expression for expression (the sum of the
  // weights that apply is the same for every peer but for distance: summed once, in order).
  // The criteria before distance are summed here, before the distance check: no term depends on
  // distance, and the additions stay in evaluate()'s order, so the score is unchanged.
  let total = 0;
  const experienceValue = wishes.length > 0 && pp.wishImportanceSum > 0 ? experienceSum / pp.wishImportanceSum : 0;
  if (wishes.length > 0) {
    total += w.livedExperience * experienceValue;
  }
  if (nLangs > 0) {
    total += w.language * languageValue;
  }
  if (pp.genderValue !== null) {
    if (genderMatch) total += w.gender;
  }
  if (pp.race !== null) {
    let raceMatch = false;
    const ids = ix.races.ids;
    for (let k = ix.races.start[i]!, end = ix.races.start[i + 1]!; k < end && !raceMatch; k++) raceMatch = pr.raceOk[ids[k]!] === 1;
    if (raceMatch) total += w.raceEthnicity;
  }
  if (pp.youth) {
    let youthValue = 0;
    if (ix.youthPeer[i] === 1) youthValue = 1;
    else if (pp.refYear !== null && pp.refYear - ix.birthYear[i]! <= CLOSE_IN_AGE_MAX) youthValue = CLOSE_IN_AGE_CREDIT;
    total += w.ageGroup * youthValue;
  }
  const wantedCount = pp.wantedSpecialties.length;
  if (wantedCount > 0) {
    let have = 0;
    const ids = ix.specialties.ids;
    for (let k = ix.specialties.start[i]!, end = ix.specialties.start[i + 1]!; k < end; k++) have += pr.wantedSpecialty[ids[k]!]!;
    total += w.specialty * (have / wantedCount);
  }

  const prefix = pp.freePrefix;
  let availabilityValue = -1;
  const canMeetInPerson = (common & IN_PERSON) !== 0 && pp.hasLocation && ix.hasLocation[i] === 1;
  if (floor > 0) {
    // A ranking only needs peers who may reach its last place. Everything but distance is known
    // (availability is cheap with the week's spans), and distance is worth at most its weight
    // times half / (half + the latitude difference's kilometres), a lower bound of the
    // great-circle distance; the modality term uses the modes before the radius check, which can
    // only remove one. So the weighted sum `rest` (plus that distance term, when distance may
    // apply) over the weights that apply bounds the score. The peer is dropped when that bound is
    // below the floor by a margin far above rounding (a peer who might tie the last place stays),
    // compared as sums (no division: this runs for every candidate).
    if (prefix !== null) availabilityValue = availabilityAt(pr, i, prefix);
    let rest = total;
    if (prefix !== null) rest += w.availability * availabilityValue;
    rest += w.capacity * ix.capacityValue[i]! + w.modality * pr.modalityValue[common]!;
    const need = floor - 1e-9;
    const withoutDistanceBelow = pr.weightSum > 0 ? rest < need * pr.weightSum : 0 < need;
    if (withoutDistanceBelow) {
      if (!canMeetInPerson || pr.weightSumWithDistance <= 0) return -1;
      // rest + distance · half / (half + km) < need · weightSumWithDistance, multiplied out.
      const kmAtLeast = EARTH_RADIUS_KM * Math.abs(ix.latRad[i]! - pp.latRad);
      if (w.distance * w.distanceHalfKm < (need * pr.weightSumWithDistance - rest) * (w.distanceHalfKm + kmAtLeast)) return -1;
    }
  }

  // Distance last among the hard constraints: it is the costly one (sines and an arcsine), and
  // a peer already excluded above never needs it. The order of the checks does not change a score.
  let km = -1;
  if (canMeetInPerson) {
    const lat2 = ix.latRad[i]!;
    const dLat = lat2 - pp.latRad;
    const radius = ix.radiusKm[i]!;
    // The great-circle distance is at least the difference in latitude along a meridian. Clearly
    // beyond the radius by that alone (with a margin far above rounding), the peer will not meet
    // in person and the exact distance is not needed: it only scores in-person closeness.
    if (EARTH_RADIUS_KM * Math.abs(dLat) > radius * (1 + 1e-9) + 1e-9) {
      common &= ~IN_PERSON;
      if (common === 0) return -1;
    } else {
      const dLon = ix.lonRad[i]! - pp.lonRad;
      const s1 = Math.sin(dLat / 2);
      const s2 = Math.sin(dLon / 2);
      const h = s1 * s1 + pp.cosLat * ix.cosLat[i]! * s2 * s2;
      km = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
      if (km > radius) {
        common &= ~IN_PERSON;
        if (common === 0) return -1;
      }
    }
  }

  const distanceApplies = km >= 0 && (common & IN_PERSON) !== 0;
  if (distanceApplies) {
    total += w.distance * (w.distanceHalfKm / (w.distanceHalfKm + km));
  }
  if (prefix !== null) {
    if (availabilityValue < 0) availabilityValue = availabilityAt(pr, i, prefix);
    total += w.availability * availabilityValue;
  }
  total += w.capacity * ix.capacityValue[i]!;
  total += w.modality * pr.modalityValue[common]!;
  const weightSum = distanceApplies ? pr.weightSumWithDistance : pr.weightSum;
  return weightSum > 0 ? total / weightSum : 0;
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
function sharingLists(pr: IndexProbe): Int32Array[] | null {
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
function classBound(pp: PreparedParticipant, experience: number, availability: number): number {
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

/** Better first: higher score, then smaller id (as rankMatches). */
function better(scoreA: number, idA: string, scoreB: number, idB: string): boolean {
  return scoreA > scoreB || (scoreA === scoreB && idA < idB);
}

/**
 * `rankMatches` over an index: the same result (same peers, scores, order and reasons) without
 * visiting peers that are full, not accepting, or share no modality with the participant.
 * `excludedIds` are peers left out for this participant (a previous match either side ended).
 */
export function rankIndexed(
  participant: ParticipantForMatching,
  index: PeerIndex,
  weights: MatchWeights,
  options: RankOptions,
  excludedIds?: ReadonlySet<string>,
): RankedMatch[] {
  const limit = Math.max(0, Math.floor(options.limit));
  if (limit === 0 || index.peers.length === 0) return [];
  const pp = prepareParticipant(participant, weights, options);
  const pr = probe(pp, index);
  let excluded: Set<number> | null = null;
  if (excludedIds && excludedIds.size > 0) {
    excluded = new Set();
    for (const id of excludedIds) {
      const at = index.position.get(id);
      if (at !== undefined) excluded.add(at);
    }
  }
  const peers = index.peers;
  const topScore: number[] = [];
  const topAt: number[] = [];
  const consider = (i: number) => {
    if (excluded !== null && excluded.has(i)) return;
    const n = topScore.length;
    // Once the top is full its last score is the floor: scoreAt may then drop a peer below it
    // before the costly distance.
    const s = scoreAt(pr, i, n === limit ? topScore[n - 1]! : 0);
    if (s < 0) return;
    // `better` against the last place, reading the ids (objects all over the heap) only on a tie.
    if (n === limit && !(s > topScore[n - 1]!) && !(s === topScore[n - 1]! && peers[i]!.id < peers[topAt[n - 1]!]!.id)) return;
    let pos = n === limit ? n - 1 : n;
    while (pos > 0 && better(s, peers[i]!.id, topScore[pos - 1]!, peers[topAt[pos - 1]!]!.id)) {
      topScore[pos] = topScore[pos - 1]!;
      topAt[pos] = topAt[pos - 1]!;
      pos--;
    }
    topScore[pos] = s;
    topAt[pos] = i;
  };
  // Marks over positions (the index's scratch, back to 0 on return): SHARING for a peer who
  // fully shares a wished experience (already handled), FREE for a peer free at an hour when the
  // participant is, DONE for a sharing peer scored in the second pass.
  const SHARING = 1;
  const FREE = 2;
  const DONE = 4;
  const mark = index.scratch;
  const last = () => (topScore.length === limit ? topScore[limit - 1]! : -1);
  const required = requiredCandidates(pr);
  const sharing = required === null ? sharingLists(pr) : null;
  // Peers who share no free minute with the participant lose the whole availability weight: when
  // they are a small part of the candidates, the others are scored first and those skipped at once
  // if even a perfect score on everything else cannot reach the last place. Marking costs a byte a
  // peer and hour; scoring a candidate, far more, hence the factor.
  let candidates = required !== null ? required.length : sharing === null ? index.open.length : 0;
  if (sharing !== null) for (const list of sharing) candidates += list.length;
  let free = candidates > 0 ? freeHourPeers(pr) : null;
  if (free !== null && free.size > 8 * candidates) free = null;
  if (free !== null) {
    const { hours, postings } = free;
    for (const h of hours) for (let a = postings.start[h]!, end = postings.start[h + 1]!; a < end; a++) mark[postings.peers[a]!]! |= FREE;
  }
  const withoutFreeTime = (experience: number) => free !== null && topScore.length === limit && classBound(pp, experience, 0) + 1e-9 < last();

  if (required !== null) {
    for (let a = 0; a < required.length; a++) if (free === null || (mark[required[a]!]! & FREE) !== 0) consider(required[a]!);
    if (free !== null && !withoutFreeTime(1)) {
      for (let a = 0; a < required.length; a++) if ((mark[required[a]!]! & FREE) === 0) consider(required[a]!);
    }
  } else {
    // Peers who fully share a wished experience first: they usually hold the top places, and
    // then every other peer can be skipped at once when even a perfect score on everything else
    // (their experience is worth at most the related credit) cannot reach the last place. The
    // marks also keep a peer on several lists from being considered twice.
    if (sharing !== null) {
      for (const list of sharing) {
        for (let a = 0; a < list.length; a++) {
          const i = list[a]!;
          const m = mark[i]!;
          if ((m & SHARING) !== 0) continue;
          mark[i] = m | SHARING;
          if (free === null || (m & FREE) !== 0) consider(i);
        }
      }
      if (free !== null && !withoutFreeTime(1)) {
        for (const list of sharing) {
          for (let a = 0; a < list.length; a++) {
            const i = list[a]!;
            if ((mark[i]! & (FREE | DONE)) !== 0) continue;
            mark[i]! |= DONE;
            consider(i);
          }
        }
      }
    }
    const related = Math.min(1, weights.relatedExperienceCredit);
    const skipRest = sharing !== null && topScore.length === limit && classBound(pp, related, 1) + 1e-9 < last();
    if (!skipRest) {
      // Without the time split every peer not yet seen (mark 0); with it, the free ones first
      // (mark FREE), then the others (mark 0) unless they cannot reach the last place.
      for (const wanted of free === null ? [0] : [FREE, 0]) {
        if (wanted === 0 && free !== null && withoutFreeTime(related)) break;
        for (let mask = 1; mask < 16; mask++) {
          if ((mask & pp.modalityMask) === 0) continue;
          const bucket = index.openByMask[mask]!;
          for (let b = 0; b < bucket.length; b++) if (mark[bucket[b]!] === wanted) consider(bucket[b]!);
        }
      }
    }
    if (sharing !== null) for (const list of sharing) for (let a = 0; a < list.length; a++) mark[list[a]!] = 0;
  }
  if (free !== null) {
    const { hours, postings } = free;
    for (const h of hours) for (let a = postings.start[h]!, end = postings.start[h + 1]!; a < end; a++) mark[postings.peers[a]!] = 0;
  }
  return topAt.map((i, k) => {
    const peer = peers[i]!;
    const { reasons, unmet } = explainCandidate(pp, peer);
    return { peer: { id: peer.id, displayName: peer.displayName }, score: topScore[k]!, reasons, unmet };
  });
}

/**
 * One waitlisted participant's row for the batch: the open peers (numbered by their place in
 * `index.open`, ascending) they may be matched with, and the scores above 0. Peers in
 * `excludedIds` (a previous match either side ended) are left out. Returns the count written.
 */
export function scoreRow(pr: IndexProbe, excludedIds: ReadonlySet<string> | undefined, peersOut: Int32Array, scoresOut: Float64Array): number {
  const index = pr.index;
  const openAt = index.open;
  // Only the peers who meet the required preferences, when there are any; ascending positions
  // keep the row in pool order either way.
  const required = requiredCandidates(pr);
  const length = required === null ? openAt.length : required.length;
  let count = 0;
  for (let a = 0; a < length; a++) {
    const q = required === null ? a : index.openRank[required[a]!]!;
    const at = openAt[q]!;
    if (excludedIds !== undefined && excludedIds.has(index.peers[at]!.id)) continue;
    const score = scoreAt(pr, at);
    if (score > 0) {
      peersOut[count] = q;
      scoresOut[count] = score;
      count++;
    }
  }
  return count;
}

export interface ScaledRows {
  /** Participant k's pairs are at start[k] .. start[k + 1]. */
  start: Int32Array;
  /** Peer numbers (places in `index.open`). */
  peers: Int32Array;
  /** round(score × scale), each above 0. */
  scores: Int32Array;
}

/**
 * The batch rows of several participants, scaled to integers as the solver takes them (pairs
 * whose score rounds to 0 are left out: they cannot raise the total).
 */
export function scoreWaitlistRows(
  index: PeerIndex,
  participants: readonly ParticipantForMatching[],
  excluded: ReadonlyArray<readonly string[] | undefined>,
  weights: MatchWeights,
  context: MatchContext,
  scale: number,
): ScaledRows {
  const rowPeers = new Int32Array(Math.max(1, index.open.length));
  const rowScores = new Float64Array(Math.max(1, index.open.length));
  const prefixBuffer = new Int32Array(WEEK_MINUTES + 1);
  const start = new Int32Array(participants.length + 1);
  let peers = new Int32Array(1 << 16);
  let scores = new Int32Array(1 << 16);
  let len = 0;
  for (let k = 0; k < participants.length; k++) {
    const pr = probe(prepareParticipant(participants[k]!, weights, { ...context, prefixBuffer }), index);
    const ex = excluded[k];
    const count = scoreRow(pr, ex && ex.length > 0 ? new Set(ex) : undefined, rowPeers, rowScores);
    if (len + count > peers.length) {
      const size = Math.max(len + count, Math.ceil((len / (k + 1)) * participants.length * 1.05), peers.length * 2);
      const p = new Int32Array(size);
      p.set(peers.subarray(0, len));
      peers = p;
      const s = new Int32Array(size);
      s.set(scores.subarray(0, len));
      scores = s;
    }
    for (let a = 0; a < count; a++) {
      const w = Math.round(rowScores[a]! * scale);
      if (w > 0) {
        peers[len] = rowPeers[a]!;
        scores[len] = w;
        len++;
      }
    }
    start[k + 1] = len;
  }
  return { start, peers: peers.slice(0, len), scores: scores.slice(0, len) };
}
