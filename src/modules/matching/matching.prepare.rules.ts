/**
 * Participant-side preparation for matching (issue 3): everything about the participant computed
 * once per request, so the per-peer path (matching.evaluate.rules.ts) costs a few look-ups per
 * peer. Their free minutes become prefix sums over the reference week, their wishes bit masks and
 * code sets.
 */
import type { Lang, Specialty, TaxonomyExtension } from './taxonomy.ts';
import { isSameOrAncestor, rootOf } from './taxonomy.ts';
import type { ZoneWeek } from './timezone.ts';
import { DAY_MINUTES, WEEK_MINUTES, localToUtcMinute, parseClock, referenceWeekStart, zoneWeek } from './timezone.ts';
import type { Audience, AvailabilityWindow, MatchContext, ParticipantForMatching, PeerCandidate } from './matching.model.ts';
import { DEFAULT_WEIGHTS, type MatchWeights } from './matching.weights.rules.ts';

export const IN_PERSON = 1;
const ALL_MODALITIES = 15;
export const SECONDARY_LANGUAGE_CREDIT = 0.6;
export const CLOSE_IN_AGE_CREDIT = 0.5;
export const CLOSE_IN_AGE_MAX = 30;
export const EARTH_RADIUS_KM = 6371.0088;
export const DEG = Math.PI / 180;

// Specialties that serve a wish even when the peer did not disclose the experience itself
// (the specialty is a job title, public by nature).
const SPECIALTY_FOR_ROOT: Readonly<Record<string, Specialty>> = {
  'life.military-service': 'veteran-peer',
  'life.incarceration': 'forensic-peer',
  family: 'family-support-partner',
  'substance-use': 'recovery-coach',
  'recovery-pathway': 'recovery-coach',
};

export interface WishPrep {
  code: string;
  root: string;
  required: boolean;
  importance: number;
}

/** Everything about one participant that does not depend on the peer. Opaque to callers. */
export interface PreparedParticipant {
  readonly participant: ParticipantForMatching;
  readonly weights: MatchWeights;
  readonly lang: Lang;
  readonly audience: Audience;
  readonly extraCodes: readonly TaxonomyExtension[] | undefined;
  readonly weekStart: number;
  readonly languages: readonly string[];
  readonly languageRequired: boolean;
  readonly wishes: readonly WishPrep[];
  readonly wishImportanceSum: number;
  readonly genderValue: string | null;
  readonly genderRequired: boolean;
  readonly race: readonly string[] | null;
  readonly youth: boolean;
  readonly refYear: number | null;
  readonly wantedSpecialties: readonly Specialty[];
  readonly modalityMask: number;
  readonly modalityCount: number;
  readonly hasLocation: boolean;
  readonly latRad: number;
  readonly lonRad: number;
  readonly cosLat: number;
  /** Prefix sums of the participant's free minutes over the reference week (UTC), or null. */
  readonly freePrefix: Int32Array | null;
  readonly freeMinutes: number;
  readonly zone: ZoneWeek | null;
  /** Offsets of each peer zone met during this request, and the last one used. */
  readonly zoneWeeks: Map<string, ZoneWeek>;
  lastZone: string | null;
  lastZoneWeek: ZoneWeek | null;
}

function primaryLanguage(tag: string): string {
  const dash = tag.indexOf('-');
  return (dash < 0 ? tag : tag.slice(0, dash)).toLowerCase();
}

/** `peerTag` is the primary language `primary` (lower case), with or without a region. */
export function speaks(peerTag: string, primary: string): boolean {
  const n = primary.length;
  if (peerTag.length < n) return false;
  if (peerTag.length > n && peerTag.charCodeAt(n) !== 45 /* - */) return false;
  for (let i = 0; i < n; i++) {
    if ((peerTag.charCodeAt(i) | 0x20) !== primary.charCodeAt(i)) return false;
  }
  return true;
}

export function modalityMaskOf(modalities: readonly string[]): number {
  let mask = 0;
  for (let i = 0; i < modalities.length; i++) {
    const m = modalities[i]!;
    // Plain comparisons: cheaper than a keyed lookup on the per-peer path.
    mask |= m === 'in-person' ? 1 : m === 'phone' ? 2 : m === 'video' ? 4 : m === 'text' ? 8 : 0;
  }
  return mask;
}

/**
 * `value` equals `wanted` (already trimmed and lower-case) ignoring case and surrounding
 * spaces, without allocating (self-identified values are free text).
 */
export function sameWords(value: string, wanted: string): boolean {
  let start = 0;
  let end = value.length;
  while (start < end && value.charCodeAt(start) <= 32) start++;
  while (end > start && value.charCodeAt(end - 1) <= 32) end--;
  if (end - start !== wanted.length) return false;
  for (let i = 0; i < wanted.length; i++) {
    const c = value.charCodeAt(start + i);
    const lower = c >= 65 && c <= 90 ? c + 32 : c;
    if (lower !== wanted.charCodeAt(i)) {
      // Non-ASCII letters: fall back to the exact (allocating) comparison.
      return c > 127 ? value.trim().toLowerCase() === wanted : false;
    }
  }
  return true;
}

export function popcount4(x: number): number {
  return (x & 1) + ((x >> 1) & 1) + ((x >> 2) & 1) + ((x >> 3) & 1);
}

function ageOn(birthDate: string, asOf: string): number | null {
  const b = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate);
  const a = /^(\d{4})-(\d{2})-(\d{2})/.exec(asOf);
  if (!b || !a) return null;
  let age = Number(a[1]) - Number(b[1]);
  if (Number(a[2]) * 100 + Number(a[3]) < Number(b[2]) * 100 + Number(b[3])) age -= 1;
  return age;
}


/**
 * Converts local weekly windows to sorted, merged, non-overlapping UTC intervals of the
 * reference week, as a flat array [start0, end0, start1, end1, ...]. Windows whose end is not
 * after their start are ignored (rejected where data enters).
 */
export function windowsToUtcIntervals(windows: readonly AvailabilityWindow[], zw: ZoneWeek): Int32Array {
  const raw: number[] = [];
  for (const w of windows) {
    const day = dayIndex(w.day);
    const s = parseClock(w.start);
    const e = parseClock(w.end);
    if (day < 0 || !(e > s)) continue;
    let us = localToUtcMinute(zw, day * DAY_MINUTES + s);
    let ue = localToUtcMinute(zw, day * DAY_MINUTES + e);
    if (ue <= us) continue;
    const shift = Math.floor(us / WEEK_MINUTES) * WEEK_MINUTES;
    us -= shift;
    ue -= shift;
    if (ue > WEEK_MINUTES) {
      raw.push(us, WEEK_MINUTES, 0, ue - WEEK_MINUTES);
    } else {
      raw.push(us, ue);
    }
  }
  const order: number[] = [];
  for (let i = 0; i < raw.length; i += 2) order.push(i);
  order.sort((a, b) => raw[a]! - raw[b]!);
  const out: number[] = [];
  for (const i of order) {
    const s = raw[i]!;
    const e = raw[i + 1]!;
    const last = out.length - 1;
    if (last > 0 && s <= out[last]!) {
      if (e > out[last]!) out[last] = e;
    } else {
      out.push(s, e);
    }
  }
  return Int32Array.from(out);
}

export function dayIndex(day: string): number {
  switch (day) {
    case 'mon': return 0;
    case 'tue': return 1;
    case 'wed': return 2;
    case 'thu': return 3;
    case 'fri': return 4;
    case 'sat': return 5;
    case 'sun': return 6;
    default: return -1;
  }
}

/** Free minutes of the participant in UTC minutes [from, to) of the reference week, wrapping. */
export function freeBetween(prefix: Int32Array, from: number, to: number): number {
  let a = from % WEEK_MINUTES;
  if (a < 0) a += WEEK_MINUTES;
  const b = a + (to - from);
  if (b <= WEEK_MINUTES) return prefix[b]! - prefix[a]!;
  return prefix[WEEK_MINUTES]! - prefix[a]! + prefix[b - WEEK_MINUTES]!;
}

export function zoneOf(pp: PreparedParticipant, zone: string): ZoneWeek {
  if (pp.lastZone === zone && pp.lastZoneWeek !== null) return pp.lastZoneWeek;
  let zw = pp.zoneWeeks.get(zone);
  if (!zw) {
    zw = zoneWeek(zone, pp.weekStart);
    pp.zoneWeeks.set(zone, zw);
  }
  pp.lastZone = zone;
  pp.lastZoneWeek = zw;
  return zw;
}

export const MAX_FAST_WINDOWS = 32;
const windowStart = new Int32Array(MAX_FAST_WINDOWS);
const windowEnd = new Int32Array(MAX_FAST_WINDOWS);

/**
 * Minutes a week when both the participant and the peer are free. The peer's windows are
 * sorted and merged in local time in scratch arrays (insertion sort: a handful of windows), each
 * merged span is mapped to UTC by its zone's offsets, and counted against the participant's
 * prefix sums. Nothing is allocated.
 */
export function sharedMinutes(pp: PreparedParticipant, peer: PeerCandidate): number {
  const windows = peer.availability;
  const prefix = pp.freePrefix!;
  if (windows.length === 0) return 0;
  const zw = zoneOf(pp, peer.timeZone);
  if (windows.length > MAX_FAST_WINDOWS) {
    const intervals = windowsToUtcIntervals(windows, zw);
    let overlap = 0;
    for (let i = 0; i < intervals.length; i += 2) overlap += prefix[intervals[i + 1]!]! - prefix[intervals[i]!]!;
    return overlap;
  }
  let count = 0;
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i]!;
    const day = dayIndex(w.day);
    const s = parseClock(w.start);
    const e = parseClock(w.end);
    if (day < 0 || !(e > s)) continue;
    const from = day * DAY_MINUTES + s;
    const to = day * DAY_MINUTES + e;
    let j = count++;
    while (j > 0 && windowStart[j - 1]! > from) {
      windowStart[j] = windowStart[j - 1]!;
      windowEnd[j] = windowEnd[j - 1]!;
      j--;
    }
    windowStart[j] = from;
    windowEnd[j] = to;
  }
  let overlap = 0;
  let k = 0;
  while (k < count) {
    const from = windowStart[k]!;
    let to = windowEnd[k]!;
    k++;
    while (k < count && windowStart[k]! <= to) {
      if (windowEnd[k]! > to) to = windowEnd[k]!;
      k++;
    }
    const us = localToUtcMinute(zw, from);
    const ue = localToUtcMinute(zw, to);
    if (ue > us) overlap += freeBetween(prefix, us, ue);
  }
  return overlap;
}

/** Prepares the participant side once; pass the result to `scoreCandidate` for each peer. */
export function prepareParticipant(
  participant: ParticipantForMatching,
  weights: MatchWeights = DEFAULT_WEIGHTS,
  context: MatchContext = {},
): PreparedParticipant {
  const prefs = participant.preferences;
  const weekStart = referenceWeekStart(context.asOf);
  const languages = [...new Set(participant.languages.map(primaryLanguage))];
  const languageRequired =
    languages.length > 0 && (prefs.language?.importance ?? (languages.includes('en') ? 'preferred' : 'required')) === 'required';

  const wishes: WishPrep[] = [];
  const seenWish = new Set<string>();
  for (const w of prefs.livedExperience) {
    if (seenWish.has(w.code)) continue;
    seenWish.add(w.code);
    const required = w.importance === 'required';
    wishes.push({ code: w.code, root: rootOf(w.code), required, importance: required ? weights.requiredExperienceImportance : 1 });
  }
  const wishImportanceSum = wishes.reduce((s, w) => s + w.importance, 0);

  const wanted = new Set<Specialty>();
  for (const w of wishes) {
    for (const [prefix, specialty] of Object.entries(SPECIALTY_FOR_ROOT)) {
      if (isSameOrAncestor(prefix, w.code) || isSameOrAncestor(w.code, prefix)) wanted.add(specialty);
    }
  }

  let age = participant.age ?? null;
  if (age === null && participant.birthDate && context.asOf) age = ageOn(participant.birthDate, context.asOf);
  const youth = prefs.ageGroup === 'youth' || (prefs.ageGroup == null && age !== null && age >= 18 && age <= 27);
  const refYear = context.asOf && /^\d{4}/.test(context.asOf) ? Number(context.asOf.slice(0, 4)) : null;

  const modalityMask = prefs.modalities.length === 0 ? ALL_MODALITIES : modalityMaskOf(prefs.modalities);

  const loc = participant.location;
  const hasLocation = !!loc && Number.isFinite(loc.lat) && Number.isFinite(loc.lon);

  let freePrefix: Int32Array | null = null;
  let freeMinutes = 0;
  let zone: ZoneWeek | null = null;
  const avail = prefs.availability;
  if (avail && avail.windows.length > 0) {
    zone = zoneWeek(avail.timeZone, weekStart);
    // Intervals are sorted and disjoint: the prefix sum is flat between them (filled natively)
    // and climbs by one a minute inside them; a batch prepares thousands of participants.
    const intervals = windowsToUtcIntervals(avail.windows, zone);
    freePrefix = context.prefixBuffer && context.prefixBuffer.length === WEEK_MINUTES + 1 ? context.prefixBuffer : new Int32Array(WEEK_MINUTES + 1);
    freePrefix[0] = 0;
    let count = 0;
    let at = 0; // prefix[0..at] written
    for (let i = 0; i < intervals.length; i += 2) {
      const s = Math.max(intervals[i]!, at);
      const e = Math.min(intervals[i + 1]!, WEEK_MINUTES);
      if (e <= s) continue;
      freePrefix.fill(count, at + 1, s + 1);
      for (let m = s; m < e; m++) freePrefix[m + 1] = ++count;
      at = e;
    }
    freePrefix.fill(count, at + 1, WEEK_MINUTES + 1);
    freeMinutes = freePrefix[WEEK_MINUTES]!;
    if (freeMinutes === 0) freePrefix = null;
  }

  const race = prefs.sameRaceEthnicity === 'preferred' && participant.raceEthnicity && participant.raceEthnicity.length > 0
    ? [...new Set(participant.raceEthnicity.map((r) => r.trim().toLowerCase()))]
    : null;

  return {
    participant,
    weights,
    lang: context.lang ?? 'en',
    audience: context.audience ?? 'staff',
    extraCodes: context.extraCodes,
    weekStart,
    languages,
    languageRequired,
    wishes,
    wishImportanceSum,
    genderValue: prefs.peerGender ? prefs.peerGender.value.trim().toLowerCase() : null,
    genderRequired: prefs.peerGender?.importance === 'required',
    race,
    youth,
    refYear,
    wantedSpecialties: [...wanted],
    modalityMask,
    modalityCount: popcount4(modalityMask),
    hasLocation,
    latRad: hasLocation ? loc.lat * DEG : 0,
    lonRad: hasLocation ? loc.lon * DEG : 0,
    cosLat: hasLocation ? Math.cos(loc.lat * DEG) : 0,
    freePrefix,
    freeMinutes,
    zone,
    zoneWeeks: new Map(),
    lastZone: null,
    lastZoneWeek: null,
  };
}
