// Ranking a whole peer pool for one participant (issue 3), split from matching.rules.ts: the full
// scan that `rankMatches` runs, judging each peer with `evaluate` (matching.evaluate.rules.ts) and
// writing reasons (matching.reasons.rules.ts) only for the peers returned. Pure. The matcher ranks
// through the peer index (peer-index.rank.rules.ts), whose property tests hold it equal to this.
import { buildReasons, buildUnmet } from './matching.reasons.rules.ts';
import type { ParticipantForMatching, PeerCandidate, RankedMatch, RankOptions } from './matching.model.ts';
import type { MatchWeights } from './matching.weights.rules.ts';
import { prepareParticipant } from './matching.prepare.rules.ts';
import { evaluate, newDetail } from './matching.evaluate.rules.ts';

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
