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
// The shapes, the weights and the participant's preparation live in their own files, as do the
// judging of one peer (matching.evaluate.rules.ts), the scoring entries and hard-constraint
// wording (matching.score.rules.ts) and the ranking (matching.rank.rules.ts); importers of
// matching.rules.ts find them here as before.
export * from './matching.model.ts';
export * from './matching.weights.rules.ts';
export * from './matching.prepare.rules.ts';
export { haversineKm, type Criterion, type Detail } from './matching.evaluate.rules.ts';
export * from './matching.score.rules.ts';
export * from './matching.rank.rules.ts';
