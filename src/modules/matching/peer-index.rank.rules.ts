// Ranking through the peer index (peer-index.rules.ts): one participant's best peers, and the
// rows of scores of a waitlist batch.
import {
  explainCandidate,
  prepareParticipant,
  type MatchContext,
  type MatchWeights,
  type ParticipantForMatching,
  type RankOptions,
  type RankedMatch,
} from './matching.rules.ts';
import { WEEK_MINUTES } from './timezone.ts';
import type { PeerIndex } from './peer-index.build.rules.ts';
import { type IndexProbe, probe, scoreAt } from './peer-index.probe.rules.ts';
import { classBound, freeHourPeers, requiredCandidates, sharingLists } from './peer-index.prune.rules.ts';

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
