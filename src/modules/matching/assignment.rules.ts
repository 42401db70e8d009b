/**
 * The two ways into the waitlist batch's exact solver (issue 3): by ids (`proposeBatchAssignment`,
 * the wrapper for services) and by index pairs gathered in typed arrays (`PairBuffer`, for
 * millions of pairs). The solver, and why it is exact, is in assignment.auction.rules.ts; it is
 * re-exported here, so importers of assignment.rules.ts find it as before.
 */
import { solveAssignment, type AssignmentInput } from './assignment.auction.rules.ts';

export * from './assignment.auction.rules.ts';

// ---------------------------------------------------------------------------------------------
// Id-based wrapper for services

export interface WaitlistPeer {
  id: string;
  remainingCapacity: number;
}

export interface AcceptablePair {
  participantId: string;
  peerId: string;
  score: number;
}

export interface BatchProposal {
  /** In the order of `participantIds`. */
  assignments: AcceptablePair[];
  /** Participants with no acceptable peer, or who lost out to a better total. */
  unassigned: string[];
  totalScore: number;
}

/**
 * Proposes the exact best batch for a waitlist. Pairs naming unknown ids throw RangeError;
 * a pair listed twice counts with its higher score.
 */
export function proposeBatchAssignment(
  participantIds: readonly string[],
  peers: readonly WaitlistPeer[],
  pairs: readonly AcceptablePair[],
  options: { scale?: number } = {},
): BatchProposal {
  const participantIndex = new Map(participantIds.map((id, i) => [id, i]));
  const peerIndex = new Map(peers.map((p, i) => [p.id, i]));
  if (participantIndex.size !== participantIds.length) throw new RangeError('participant ids must be unique');
  if (peerIndex.size !== peers.length) throw new RangeError('peer ids must be unique');

  const best = new Map<string, { i: number; q: number; score: number }>();
  for (const pair of pairs) {
    const i = participantIndex.get(pair.participantId);
    const q = peerIndex.get(pair.peerId);
    if (i === undefined) throw new RangeError(`unknown participant ${pair.participantId}`);
    if (q === undefined) throw new RangeError(`unknown peer ${pair.peerId}`);
    const key = `${i}:${q}`;
    const seen = best.get(key);
    if (!seen || pair.score > seen.score) best.set(key, { i, q, score: pair.score });
  }
  const edges = [...best.values()];
  const result = solveAssignment({
    participantCount: participantIds.length,
    peerCapacity: peers.map((p) => p.remainingCapacity),
    edgeParticipant: edges.map((e) => e.i),
    edgePeer: edges.map((e) => e.q),
    edgeScore: edges.map((e) => e.score),
    ...(options.scale !== undefined ? { scale: options.scale } : {}),
  });
  const scoreOf = new Map(edges.map((e) => [`${e.i}:${e.q}`, e.score]));
  const assignments: AcceptablePair[] = [];
  const unassigned: string[] = [];
  let totalScore = 0;
  participantIds.forEach((participantId, i) => {
    const q = result.peerOf[i]!;
    if (q < 0) {
      unassigned.push(participantId);
      return;
    }
    const score = scoreOf.get(`${i}:${q}`)!;
    totalScore += score;
    assignments.push({ participantId, peerId: peers[q]!.id, score });
  });
  return { assignments, unassigned, totalScore };
}

// ---------------------------------------------------------------------------------------------

/** A growable list of pairs in typed arrays, for building millions of pairs without objects. */
export class PairBuffer {
  participant: Int32Array;
  peer: Int32Array;
  score: Float64Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.participant = new Int32Array(initialCapacity);
    this.peer = new Int32Array(initialCapacity);
    this.score = new Float64Array(initialCapacity);
  }

  push(participant: number, peer: number, score: number): void {
    if (this.length === this.score.length) {
      const size = this.score.length * 2;
      const p = new Int32Array(size);
      p.set(this.participant);
      const q = new Int32Array(size);
      q.set(this.peer);
      const s = new Float64Array(size);
      s.set(this.score);
      this.participant = p;
      this.peer = q;
      this.score = s;
    }
    this.participant[this.length] = participant;
    this.peer[this.length] = peer;
    this.score[this.length] = score;
    this.length++;
  }

  /** As solver input. */
  toInput(participantCount: number, peerCapacity: ArrayLike<number>, scale?: number): AssignmentInput {
    return {
      participantCount,
      peerCapacity,
      edgeParticipant: this.participant,
      edgePeer: this.peer,
      edgeScore: this.score,
      edgeCount: this.length,
      ...(scale !== undefined ? { scale } : {}),
    };
  }
}
