// One participant against the peer index (peer-index.rules.ts): the participant's probe of each
// distinct value, and `scoreAt`, the score of one peer as `evaluate` computes it. The peers'
// free time per week is in peer-index.week.rules.ts; the shortcuts that skip peers a ranking
// cannot use (free hours, required preferences, bounds) are in peer-index.prune.rules.ts.
import {
  CLOSE_IN_AGE_CREDIT,
  CLOSE_IN_AGE_MAX,
  EARTH_RADIUS_KM,
  IN_PERSON,
  SECONDARY_LANGUAGE_CREDIT,
  popcount4,
  sameWords,
  speaks,
  type PreparedParticipant,
} from './matching.rules.ts';
import { isSameOrAncestor } from './taxonomy.ts';
import { WEEK_MINUTES } from './timezone.ts';
import type { PeerIndex, WeekSpans } from './peer-index.build.rules.ts';
import { weekSpans } from './peer-index.week.rules.ts';

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
    // freeBetween() of matching.prepare.rules.ts with the start already taken modulo the week.
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
