// One peer for one participant (issue 3), split from matching.rules.ts: the score alone (no
// reasons, no lists), why a hard constraint excludes the peer and its staff-facing wording, and
// the score with its reasons for an audience. Pure. All of them judge through `evaluate`
// (matching.evaluate.rules.ts) and word through matching.reasons.rules.ts, so a reason never
// disagrees with the score; private experience never counts or shows (issue 3).
import type { Lang } from './taxonomy.ts';
import { buildReasons, buildUnmet } from './matching.reasons.rules.ts';
import type {
  Audience,
  HardConstraint,
  HardConstraintFailure,
  MatchContext,
  MatchScore,
  ParticipantForMatching,
  PeerCandidate,
} from './matching.model.ts';
import { DEFAULT_WEIGHTS, type MatchWeights } from './matching.weights.rules.ts';
import { prepareParticipant, type PreparedParticipant } from './matching.prepare.rules.ts';
import { evaluate, newDetail } from './matching.evaluate.rules.ts';

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
