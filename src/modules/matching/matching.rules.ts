/**
 * Lived-experience matching (issue 3): hard constraints that remove a peer, an explainable score
 * that orders the rest, and the ranking of a whole peer pool for one participant. Pure functions:
 * no database, no clock (the caller passes `asOf`).
 *
 * Score. Each criterion gives a value in 0..1 and has a weight (`MatchWeights`, per organization).
 * Only criteria that apply to this participant count: someone who stated no lived-experience
 * wish is not scored on experience at all, rather than every peer getting 0 on it. The score is
 * the weighted mean of the criteria that apply, so it stays in 0..1 and is comparable between
 * participants (the waitlist batch adds scores across participants).
 *
 * Lived experience, parent and child codes (our decision, issue 3 leaves it open):
 * - a wish is met *fully* by the same code or a more specific one: wishing `substance-use` is
 *   met by a peer who disclosed `substance-use.opioids` (that is experience of substance use);
 * - a wish is met *partly* (`relatedExperienceCredit`, default 0.4) by a broader or sibling code
 *   in the same family: wishing `substance-use.opioids`, a peer who disclosed only
 *   `substance-use`, or `substance-use.alcohol`, shares the broader experience but not the one
 *   asked for. So a match on a child code counts more than a match on its parent only;
 * - a *required* wish is met only fully. A peer who disclosed just `substance-use` may never
 *   have used opioids, and a participant who insists on that should not be told otherwise.
 *
 * Privacy (issue 3): a disclosure with `useForMatching: false` is skipped before anything else
 * looks at it, so it cannot change the score, the order, the hard constraints or the reasons.
 * A disclosure with `showToParticipants: false` that helped the match is worded generically
 * ("Shares lived experience relevant to your goals") when the audience is the participant;
 * staff who match see the specific phrase of experience the peer allowed for matching.
 *
 * Speed: `rankMatches` runs over up to 30,000 peers per request. Everything about the
 * participant is prepared once (`prepareParticipant`), as prefix sums of their free minutes, so
 * a peer window costs two offset look-ups and two array reads; the per-peer path allocates nothing, checks the cheapest and most selective hard constraints
 * first, and reasons are written only for the peers returned.
 */
import type { Day, Lang, Specialty } from './taxonomy.ts';
import { isSameOrAncestor, rootOf } from './taxonomy.ts';
import type { TaxonomyExtension } from './taxonomy.ts';
import type { ZoneWeek } from './timezone.ts';
import { buildReasons, buildUnmet } from './matching.reasons.rules.ts';
import { DAY_MINUTES, WEEK_MINUTES, localToUtcMinute, parseClock, referenceWeekStart, zoneWeek } from './timezone.ts';

// ---------------------------------------------------------------------------------------------
// Types

export type Importance = 'required' | 'preferred';
export type Audience = 'staff' | 'participant';

export interface LivedExperienceDisclosure {
  code: string;
  /** The peer allows the matcher to use it. Default (when a profile is created): false. */
  useForMatching: boolean;
  /** The peer allows participants to see it. Default: false. */
  showToParticipants: boolean;
}

/** A weekly window in local wall-clock time; `end` may be "24:00". */
export interface AvailabilityWindow {
  day: Day;
  start: string;
  end: string;
}

export interface GeoPoint {
  lat: number;
  lon: number;
  postalCode?: string;
}

export interface PeerCandidate {
  id: string;
  displayName: string;
  /** BCP 47 tags, e.g. `en`, `es-MX`. */
  languages: readonly string[];
  livedExperience: readonly LivedExperienceDisclosure[];
  specialties: readonly string[];
  genderIdentity?: string | null;
  raceEthnicity?: readonly string[] | null;
  birthYear?: number | null;
  location?: GeoPoint | null;
  /** No radius means the peer sets no limit on in-person travel. */
  serviceRadiusKm?: number | null;
  modalities: readonly string[];
  availability: readonly AvailabilityWindow[];
  /** IANA zone of the availability windows. */
  timeZone: string;
  maxCaseload: number;
  activeCaseload: number;
  acceptingNew: boolean;
  /** A previous assignment between this peer and this participant was ended by either side. */
  endedWithParticipant: boolean;
}

export interface ExperienceWish {
  code: string;
  importance: Importance;
}

export interface ParticipantPreferences {
  livedExperience: readonly ExperienceWish[];
  /** Default: required when the participant does not speak English, else preferred (issue 3). */
  language?: { importance: Importance } | null;
  peerGender?: { value: string; importance: Importance } | null;
  sameRaceEthnicity?: 'preferred' | null;
  /**
   * `youth` asks for youth peers; `any` declines. Unset: youth when the participant is 18 to 27
   * (youth peers usually serve that range; DOMAIN.md).
   */
  ageGroup?: 'youth' | 'any' | null;
  /** Acceptable ways to meet; empty means any. */
  modalities: readonly string[];
  availability?: { timeZone: string; windows: readonly AvailabilityWindow[] } | null;
}

export interface ParticipantForMatching {
  id: string;
  /** ISO date; used with `asOf` when `age` is not given. */
  birthDate?: string | null;
  age?: number | null;
  /** BCP 47 tags, the language the participant prefers first. */
  languages: readonly string[];
  location?: GeoPoint | null;
  raceEthnicity?: readonly string[] | null;
  preferences: ParticipantPreferences;
}

/**
 * Weights of the criteria (any non-negative numbers; only their ratios matter) and the few
 * tuning constants an organization may change.
 */
export interface MatchWeights {
  livedExperience: number;
  language: number;
  availability: number;
  distance: number;
  capacity: number;
  modality: number;
  gender: number;
  raceEthnicity: number;
  ageGroup: number;
  specialty: number;
  /** Credit, 0..1, for a wish met only by a broader or sibling code. */
  relatedExperienceCredit: number;
  /** How much a required wish counts against a preferred one inside the experience criterion. */
  requiredExperienceImportance: number;
  /** Distance at which closeness is worth half. */
  distanceHalfKm: number;
  /** Weekly overlap that counts as fully available (an hour-long meeting with slack). */
  availabilityTargetMinutes: number;
}

/**
 * Defaults: shared experience is the heart of peer support (DOMAIN.md, "Why matching by lived
 * experience matters"), then language and being able to meet at all, then the rest.
 */
export const DEFAULT_WEIGHTS: Readonly<MatchWeights> = Object.freeze({
  livedExperience: 0.35,
  language: 0.15,
  availability: 0.15,
  distance: 0.1,
  capacity: 0.1,
  modality: 0.05,
  gender: 0.05,
  raceEthnicity: 0.05,
  ageGroup: 0.05,
  specialty: 0.05,
  relatedExperienceCredit: 0.4,
  requiredExperienceImportance: 2,
  distanceHalfKm: 15,
  availabilityTargetMinutes: 120,
});

export interface WeightProblem {
  field: string;
  message: string;
}

/** Checks an organization's weight overrides; empty means valid. */
export function validateWeights(overrides: Partial<Record<keyof MatchWeights, unknown>>): WeightProblem[] {
  const problems: WeightProblem[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in DEFAULT_WEIGHTS)) {
      problems.push({ field: `weights.${key}`, message: 'unknown weight' });
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      problems.push({ field: `weights.${key}`, message: 'must be a non-negative number' });
    } else if (key === 'relatedExperienceCredit' && value > 1) {
      problems.push({ field: `weights.${key}`, message: 'must be between 0 and 1' });
    } else if ((key === 'distanceHalfKm' || key === 'availabilityTargetMinutes') && value === 0) {
      problems.push({ field: `weights.${key}`, message: 'must be positive' });
    }
  }
  return problems;
}

/** The organization's weights over the defaults. Throws RangeError on invalid overrides. */
export function resolveWeights(overrides: Partial<MatchWeights> = {}): MatchWeights {
  const problems = validateWeights(overrides);
  if (problems.length > 0) {
    throw new RangeError(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
  return { ...DEFAULT_WEIGHTS, ...overrides };
}

export type HardConstraint =
  | 'ended-previously'
  | 'not-accepting-new'
  | 'at-max-caseload'
  | 'no-common-modality'
  | 'language-required'
  | 'gender-required'
  | 'experience-required'
  | 'outside-service-radius';

export interface HardConstraintFailure {
  constraint: HardConstraint;
  /** The participant's wish that is not met, for `experience-required`. */
  code?: string;
}

export interface MatchReason {
  code: string;
  label: string;
}

export interface MatchScore {
  score: number;
  reasons: MatchReason[];
  /** The person's wishes this peer does not meet (issue 17), weightiest first; empty when excluded. */
  unmet: MatchReason[];
  /** Present when hard constraints exclude the peer; score is then 0 and reasons empty. */
  excludedBy?: HardConstraintFailure[];
}

export interface RankedMatch {
  peer: { id: string; displayName: string };
  score: number;
  reasons: MatchReason[];
  /** What the peer does not meet of the person's wishes (see `buildUnmet`). */
  unmet: MatchReason[];
}

export interface MatchContext {
  lang?: Lang;
  audience?: Audience;
  /** Today (ISO date): picks the reference week for time zones and computes ages. */
  asOf?: string;
  /** The organization's taxonomy extensions, for reason wording. */
  extraCodes?: readonly TaxonomyExtension[];
  /**
   * A buffer of WEEK_MINUTES + 1 to hold the participant's free-minute prefix sums instead of a
   * new one: a batch prepares thousands of participants one after another, and allocating 40 KB
   * each was most of the preparation. The prepared participant is then valid only until the
   * buffer is reused.
   */
  prefixBuffer?: Int32Array;
}

export interface RankOptions extends MatchContext {
  limit: number;
}

// ---------------------------------------------------------------------------------------------
// Participant-side preparation (once per request)

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

function zoneOf(pp: PreparedParticipant, zone: string): ZoneWeek {
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
function sharedMinutes(pp: PreparedParticipant, peer: PeerCandidate): number {
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

// ---------------------------------------------------------------------------------------------
// Per-peer evaluation

/** Great-circle distance (haversine) between a prepared participant and a point, in km. */
function distanceKm(pp: PreparedParticipant, lat: number, lon: number): number {
  const lat2 = lat * DEG;
  const dLat = lat2 - pp.latRad;
  const dLon = lon * DEG - pp.lonRad;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLon / 2);
  const h = s1 * s1 + pp.cosLat * Math.cos(lat2) * s2 * s2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Exported for tests and tools: haversine distance in km. */
export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = (b.lat - a.lat) * DEG;
  const dLon = (b.lon - a.lon) * DEG;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * DEG) * Math.cos(b.lat * DEG) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** What the reasons need to know; filled only when reasons are wanted. */
export interface Detail {
  /** Per wish: index into peer.livedExperience of the best disclosure, or -1. */
  wishEntry: number[];
  wishCredit: number[];
  experienceValue: number;
  language: string | null;
  languageValue: number;
  gender: boolean;
  race: boolean;
  youthValue: number;
  specialties: Specialty[];
  specialtyValue: number;
  distanceKm: number;
  distanceValue: number;
  availabilityValue: number;
  overlap: Int32Array | null;
  capacityValue: number;
  commonModalities: number;
  modalityValue: number;
  applies: Set<Criterion>;
}

export type Criterion =
  | 'livedExperience'
  | 'language'
  | 'availability'
  | 'distance'
  | 'capacity'
  | 'modality'
  | 'gender'
  | 'raceEthnicity'
  | 'ageGroup'
  | 'specialty';

function hasSpecialty(peer: PeerCandidate, s: string): boolean {
  const list = peer.specialties;
  for (let i = 0; i < list.length; i++) if (list[i] === s) return true;
  return false;
}

/**
 * The one place where a peer is judged. Returns the score, or -1 when a hard constraint
 * excludes the peer. With `failures` it lists every failed constraint instead of stopping at
 * the first; with `detail` it records what the reasons need.
 */
function evaluate(
  pp: PreparedParticipant,
  peer: PeerCandidate,
  failures: HardConstraintFailure[] | null,
  detail: Detail | null,
): number {
  const w = pp.weights;
  // Without `failures` the first failure returns -1 at once and nothing is allocated.

  // Cheapest checks first: most peers in a large pool fail one of these.
  if (peer.endedWithParticipant) {
    if (failures === null) return -1;
    failures.push({ constraint: 'ended-previously' });
  }
  if (!peer.acceptingNew) {
    if (failures === null) return -1;
    failures.push({ constraint: 'not-accepting-new' });
  }
  if (!(peer.activeCaseload < peer.maxCaseload)) {
    if (failures === null) return -1;
    failures.push({ constraint: 'at-max-caseload' });
  }

  let common = pp.modalityMask & modalityMaskOf(peer.modalities);
  if (common === 0) {
    if (failures === null) return -1;
    failures.push({ constraint: 'no-common-modality' });
  }

  // Distance: only in-person meetings need it (the service radius, then closeness).
  let km = -1;
  const loc = peer.location;
  if ((common & IN_PERSON) !== 0 && pp.hasLocation && loc) {
    km = distanceKm(pp, loc.lat, loc.lon);
    if (peer.serviceRadiusKm != null && km > peer.serviceRadiusKm) {
      // Outside the radius the peer will not meet in person; other shared modalities still work.
      common &= ~IN_PERSON;
      if (common === 0) {
        if (failures === null) return -1;
        failures.push({ constraint: 'outside-service-radius' });
      }
    }
  }

  // Language: the peer shares at least one of the participant's languages.
  let languageValue = 0;
  let languageIndex = -1;
  const langs = pp.languages;
  if (langs.length > 0) {
    const peerLangs = peer.languages;
    for (let i = 0; i < langs.length && languageIndex < 0; i++) {
      for (let j = 0; j < peerLangs.length; j++) {
        if (speaks(peerLangs[j]!, langs[i]!)) {
          languageIndex = i;
          break;
        }
      }
    }
    languageValue = languageIndex === 0 ? 1 : languageIndex > 0 ? SECONDARY_LANGUAGE_CREDIT : 0;
    if (languageIndex < 0 && pp.languageRequired) {
    if (failures === null) return -1;
    failures.push({ constraint: 'language-required' });
  }
  }

  let genderMatch = false;
  if (pp.genderValue !== null) {
    const g = peer.genderIdentity;
    genderMatch = !!g && sameWords(g, pp.genderValue);
    if (!genderMatch && pp.genderRequired) {
    if (failures === null) return -1;
    failures.push({ constraint: 'gender-required' });
  }
  }

  // Lived experience: only disclosures the peer allowed for matching are read at all.
  let experienceSum = 0;
  const wishes = pp.wishes;
  const disclosures = peer.livedExperience;
  for (let k = 0; k < wishes.length; k++) {
    const wish = wishes[k]!;
    let credit = 0;
    let entry = -1;
    for (let j = 0; j < disclosures.length; j++) {
      const d = disclosures[j]!;
      if (!d.useForMatching) continue;
      if (isSameOrAncestor(wish.code, d.code)) {
        credit = 1;
        entry = j;
        break;
      }
      if (credit === 0 && isSameOrAncestor(wish.root, d.code)) {
        credit = w.relatedExperienceCredit;
        entry = j;
      }
    }
    if (wish.required && credit < 1) {
    if (failures === null) return -1;
    failures.push({ constraint: 'experience-required', code: wish.code });
  }
    experienceSum += wish.importance * credit;
    if (detail) {
      detail.wishEntry[k] = credit > 0 ? entry : -1;
      detail.wishCredit[k] = credit;
    }
  }

  if (failures !== null && failures.length > 0) return -1;

  // ---- Score: weighted mean over the criteria that apply.
  let total = 0;
  let weightSum = 0;

  const experienceValue = wishes.length > 0 && pp.wishImportanceSum > 0 ? experienceSum / pp.wishImportanceSum : 0;
  if (wishes.length > 0) {
    total += w.livedExperience * experienceValue;
    weightSum += w.livedExperience;
  }
  if (langs.length > 0) {
    total += w.language * languageValue;
    weightSum += w.language;
  }
  if (pp.genderValue !== null) {
    if (genderMatch) total += w.gender;
    weightSum += w.gender;
  }
  let raceMatch = false;
  if (pp.race !== null) {
    const r = peer.raceEthnicity;
    if (r) {
      const wanted = pp.race;
      for (let i = 0; i < r.length && !raceMatch; i++) {
        for (let j = 0; j < wanted.length && !raceMatch; j++) raceMatch = sameWords(r[i]!, wanted[j]!);
      }
    }
    if (raceMatch) total += w.raceEthnicity;
    weightSum += w.raceEthnicity;
  }
  let youthValue = 0;
  if (pp.youth) {
    if (hasSpecialty(peer, 'youth-peer')) youthValue = 1;
    else if (pp.refYear !== null && peer.birthYear != null && pp.refYear - peer.birthYear <= CLOSE_IN_AGE_MAX) {
      youthValue = CLOSE_IN_AGE_CREDIT;
    }
    total += w.ageGroup * youthValue;
    weightSum += w.ageGroup;
  }
  let specialtyValue = 0;
  const wanted = pp.wantedSpecialties;
  if (wanted.length > 0) {
    let have = 0;
    for (let i = 0; i < wanted.length; i++) if (hasSpecialty(peer, wanted[i]!)) have++;
    specialtyValue = have / wanted.length;
    total += w.specialty * specialtyValue;
    weightSum += w.specialty;
  }
  let distanceValue = 0;
  const distanceApplies = km >= 0 && (common & IN_PERSON) !== 0;
  if (distanceApplies) {
    distanceValue = w.distanceHalfKm / (w.distanceHalfKm + km);
    total += w.distance * distanceValue;
    weightSum += w.distance;
  }
  let availabilityValue = 0;
  const prefix = pp.freePrefix;
  let intervals: Int32Array | null = null;
  if (prefix !== null) {
      const overlap = sharedMinutes(pp, peer);
    if (detail) intervals = windowsToUtcIntervals(peer.availability, zoneOf(pp, peer.timeZone));
    const target = Math.min(w.availabilityTargetMinutes, pp.freeMinutes);
    availabilityValue = overlap >= target ? 1 : overlap / target;
    total += w.availability * availabilityValue;
    weightSum += w.availability;
  }
  const capacityValue = (peer.maxCaseload - peer.activeCaseload) / peer.maxCaseload;
  total += w.capacity * capacityValue;
  weightSum += w.capacity;
  const modalityValue = popcount4(common) / pp.modalityCount;
  total += w.modality * modalityValue;
  weightSum += w.modality;

  if (detail) {
    detail.experienceValue = experienceValue;
    detail.language = languageIndex >= 0 ? langs[languageIndex]! : null;
    detail.languageValue = languageValue;
    detail.gender = genderMatch;
    detail.race = raceMatch;
    detail.youthValue = youthValue;
    detail.specialties = wanted.filter((s) => hasSpecialty(peer, s));
    detail.specialtyValue = specialtyValue;
    detail.distanceKm = km;
    detail.distanceValue = distanceValue;
    detail.availabilityValue = availabilityValue;
    detail.overlap = intervals;
    detail.capacityValue = capacityValue;
    detail.commonModalities = common;
    detail.modalityValue = modalityValue;
    const applies = detail.applies;
    if (wishes.length > 0) applies.add('livedExperience');
    if (langs.length > 0) applies.add('language');
    if (pp.genderValue !== null) applies.add('gender');
    if (pp.race !== null) applies.add('raceEthnicity');
    if (pp.youth) applies.add('ageGroup');
    if (wanted.length > 0) applies.add('specialty');
    if (distanceApplies) applies.add('distance');
    if (prefix !== null) applies.add('availability');
    applies.add('capacity');
    applies.add('modality');
  }

  return weightSum > 0 ? total / weightSum : 0;
}

/**
 * The score of one peer for a prepared participant, or `null` when a hard constraint excludes
 * the peer. The fast path used by `rankMatches` and the waitlist batch: no reasons, no lists.
 */
export function scoreCandidate(prepared: PreparedParticipant, peer: PeerCandidate): number | null {
  const s = evaluate(prepared, peer, null, null);
  return s < 0 ? null : s;
}

/** Why a peer is excluded for this participant; empty when the peer is acceptable. */
export function hardConstraintFailures(
  participant: ParticipantForMatching,
  peer: PeerCandidate,
  context: MatchContext = {},
): HardConstraintFailure[] {
  const failures: HardConstraintFailure[] = [];
  evaluate(prepareParticipant(participant, DEFAULT_WEIGHTS, context), peer, failures, null);
  return failures;
}

const FAILURE_LABELS: Readonly<Record<HardConstraint, { en: string; es: string }>> = {
  'ended-previously': { en: 'A previous match with this person was ended', es: 'Una asignación anterior con esta persona terminó' },
  'not-accepting-new': { en: 'Not accepting new participants', es: 'No acepta participantes nuevos' },
  'at-max-caseload': { en: 'Caseload is full', es: 'La carga de casos está completa' },
  'no-common-modality': { en: 'No common way to meet', es: 'No hay una forma común de reunirse' },
  'language-required': { en: 'Does not speak a required language', es: 'No habla un idioma requerido' },
  'gender-required': { en: 'Does not match the required gender', es: 'No coincide con el género requerido' },
  'experience-required': { en: 'Lacks required lived experience', es: 'No tiene la experiencia vivida requerida' },
  'outside-service-radius': { en: 'Too far to meet in person', es: 'Demasiado lejos para reunirse en persona' },
};

/** Staff-facing wording of a hard-constraint failure. */
export function failureLabel(failure: HardConstraintFailure, lang: Lang): string {
  return FAILURE_LABELS[failure.constraint][lang];
}

function newDetail(): Detail {
  return {
    wishEntry: [],
    wishCredit: [],
    experienceValue: 0,
    language: null,
    languageValue: 0,
    gender: false,
    race: false,
    youthValue: 0,
    specialties: [],
    specialtyValue: 0,
    distanceKm: -1,
    distanceValue: 0,
    availabilityValue: 0,
    overlap: null,
    capacityValue: 0,
    commonModalities: 0,
    modalityValue: 0,
    applies: new Set(),
  };
}

/** Score and reasons of one peer for one prepared participant (reasons in the prepared language). */
export function explainCandidate(prepared: PreparedParticipant, peer: PeerCandidate): MatchScore {
  const failures: HardConstraintFailure[] = [];
  const detail = newDetail();
  const score = evaluate(prepared, peer, failures, detail);
  if (score < 0) return { score: 0, reasons: [], unmet: [], excludedBy: failures };
  return { score, reasons: buildReasons(prepared, peer, detail), unmet: buildUnmet(prepared, detail) };
}

/**
 * Score of one peer for one participant with reasons in `lang`, worded for `audience`.
 * A peer excluded by hard constraints scores 0 with `excludedBy` listing why.
 */
export function scoreMatch(
  participant: ParticipantForMatching,
  peer: PeerCandidate,
  weights: MatchWeights = DEFAULT_WEIGHTS,
  lang: Lang = 'en',
  audience: Audience = 'staff',
  context: Omit<MatchContext, 'lang' | 'audience'> = {},
): MatchScore {
  return explainCandidate(prepareParticipant(participant, weights, { ...context, lang, audience }), peer);
}

// ---------------------------------------------------------------------------------------------
// Ranking

/** Better first: higher score, then smaller id (code-unit order, so the same in every locale). */
function better(scoreA: number, idA: string, scoreB: number, idB: string): boolean {
  return scoreA > scoreB || (scoreA === scoreB && idA < idB);
}

/**
 * Filters out excluded peers, scores the rest, and returns the best `limit`, best first, with
 * reasons. Ties break by peer id so the order is stable from request to request.
 */
export function rankMatches(
  participant: ParticipantForMatching,
  peers: readonly PeerCandidate[],
  weights: MatchWeights,
  options: RankOptions,
): RankedMatch[] {
  const limit = Math.max(0, Math.floor(options.limit));
  if (limit === 0 || peers.length === 0) return [];
  const pp = prepareParticipant(participant, weights, options);

  // Bounded insertion into a sorted array: O(n * limit) in the worst case but O(n) in practice,
  // as almost every peer loses to the current last place with one comparison.
  const topScore: number[] = [];
  const topPeer: PeerCandidate[] = [];
  for (let i = 0; i < peers.length; i++) {
    const peer = peers[i]!;
    const s = evaluate(pp, peer, null, null);
    if (s < 0) continue;
    const n = topScore.length;
    if (n === limit && !better(s, peer.id, topScore[n - 1]!, topPeer[n - 1]!.id)) continue;
    let pos = n === limit ? n - 1 : n;
    while (pos > 0 && better(s, peer.id, topScore[pos - 1]!, topPeer[pos - 1]!.id)) {
      topScore[pos] = topScore[pos - 1]!;
      topPeer[pos] = topPeer[pos - 1]!;
      pos--;
    }
    topScore[pos] = s;
    topPeer[pos] = peer;
  }

  return topPeer.map((peer, i) => {
    const detail = newDetail();
    evaluate(pp, peer, null, detail);
    return { peer: { id: peer.id, displayName: peer.displayName }, score: topScore[i]!, reasons: buildReasons(pp, peer, detail), unmet: buildUnmet(pp, detail) };
  });
}
