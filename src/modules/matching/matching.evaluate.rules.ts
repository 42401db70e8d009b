// Judging one peer for one participant (issue 3), split from matching.rules.ts with the scoring
// entries (matching.score.rules.ts) and the ranking (matching.rank.rules.ts) that call it:
// `evaluate`, the one place where a peer is judged (hard constraints first, then the weighted mean
// of the criteria that apply), the `Detail` it records for the reasons (matching.reasons.rules.ts),
// and the distances it needs. Pure. The peer index's `scoreAt` (peer-index.probe.rules.ts) repeats
// `evaluate` operation for operation, so a change here is a change there.
import type { Specialty } from './taxonomy.ts';
import { isSameOrAncestor } from './taxonomy.ts';
import type { HardConstraintFailure, PeerCandidate } from './matching.model.ts';
import {
  CLOSE_IN_AGE_CREDIT,
  CLOSE_IN_AGE_MAX,
  DEG,
  EARTH_RADIUS_KM,
  IN_PERSON,
  SECONDARY_LANGUAGE_CREDIT,
  modalityMaskOf,
  popcount4,
  sameWords,
  sharedMinutes,
  speaks,
  windowsToUtcIntervals,
  zoneOf,
  type PreparedParticipant,
} from './matching.prepare.rules.ts';

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

/** Kilometres in a mile: reasons say distances in miles, as US participants and staff do. */
export const KM_PER_MILE = 1.609344;

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
export function evaluate(
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

/** An empty `Detail`, for `evaluate` to fill. */
export function newDetail(): Detail {
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
