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
import type { Lang, Specialty } from './taxonomy.ts';
import { isSameOrAncestor } from './taxonomy.ts';
import { buildReasons, buildUnmet } from './matching.reasons.rules.ts';
import type {
  Audience,
  HardConstraint,
  HardConstraintFailure,
  MatchContext,
  MatchScore,
  ParticipantForMatching,
  PeerCandidate,
  RankedMatch,
  RankOptions,
} from './matching.model.ts';
import { DEFAULT_WEIGHTS, type MatchWeights } from './matching.weights.rules.ts';
import {
  CLOSE_IN_AGE_CREDIT,
  CLOSE_IN_AGE_MAX,
  DEG,
  EARTH_RADIUS_KM,
  IN_PERSON,
  SECONDARY_LANGUAGE_CREDIT,
  modalityMaskOf,
  popcount4,
  prepareParticipant,
  sameWords,
  sharedMinutes,
  speaks,
  windowsToUtcIntervals,
  zoneOf,
  type PreparedParticipant,
} from './matching.prepare.rules.ts';

// The shapes, the weights and the participant's preparation live in their own files; importers
// of matching.rules.ts find them here as before.
export * from './matching.model.ts';
export * from './matching.weights.rules.ts';
export * from './matching.prepare.rules.ts';

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
