/**
 * The auction that solves the waitlist batch exactly, with its index-based input and result;
 * assignment.rules.ts feeds it by ids or from a buffer of pairs.
 *
 * The waitlist batch (issue 3): propose peers for every waitlisted participant so that the total
 * match score is as large as possible, with each participant getting at most one peer and each
 * peer at most its remaining capacity. Exact, not greedy.
 *
 * Model: a symmetric assignment problem. Scores become integers `w = round(score × scale)`
 * (default scale 10,000: four decimals of a 0..1 score). Each peer with `c` places left becomes
 * `c` *slots*. Persons and objects are, with P participants that have at least one pair and S
 * slots (N = P + S on each side):
 * - participant i may take a slot of an acceptable peer (value w) or its own *waiting place*
 *   D_i (value 0: "stays on the waitlist");
 * - each slot k has a *stand-in* person g_k, who may take slot k (value 0, the slot stays
 *   empty) or any waiting place (value 0, standing in for a participant who took a slot).
 * Every complete assignment of this problem is a batch proposal with the same total and every
 * proposal extends to one (the stand-ins of taken slots fill the waiting places of the
 * participants who took them), so a maximum-value complete assignment is an optimal batch.
 *
 * Algorithm: Bertsekas's forward auction with ε-scaling. Unassigned persons bid for their best
 * object, raising its price by (best net value − second-best net value + ε); each phase ends
 * with everyone assigned and ε-complementary slackness (every person within ε of its best net
 * value); ε then shrinks by a factor of 5 down to 1.
 *
 * Why exact: the values are multiplied by N + 1, so the final ε = 1 is ε' = 1/(N + 1) < 1/N in
 * the integer score units. A complete assignment satisfying ε'-complementary slackness is within
 * N·ε' < 1 of the optimum (Bertsekas, "The auction algorithm: a distributed relaxation method
 * for the assignment problem", 1988, Prop. 1), and totals are integers, so it is optimal.
 * All prices are integers well below 2^53, so the arithmetic in doubles is exact. Against the
 * raw scores the result is optimal up to the rounding to `1/scale`. A pair whose integer score
 * is 0 or less is never proposed, since it cannot raise the total.
 *
 * Speed (3.5 million pairs, see bench/batch-assignment.ts): slots of one peer are identical to a
 * participant, so a bidder needs only each peer's cheapest and second-cheapest slot (cached per
 * peer); stand-ins need only the two cheapest waiting places (an indexed heap); and each
 * participant remembers its K best peers with a threshold: prices only rise, so while the best
 * two of those remain above the threshold no other peer can beat them, and the full list of a
 * few hundred pairs is rescanned only when they do not (the k-best-list idea of the auction
 * literature).
 */

export interface AssignmentInput {
  participantCount: number;
  /** Remaining capacity of each peer (index = peer number). */
  peerCapacity: ArrayLike<number>;
  /** Acceptable pairs; pairs failing hard constraints are absent. A repeated pair counts once, at its best. */
  edgeParticipant: ArrayLike<number>;
  edgePeer: ArrayLike<number>;
  edgeScore: ArrayLike<number>;
  /** Number of pairs to read (defaults to edgeScore.length), so growable buffers can be passed. */
  edgeCount?: number;
  /** Integer scaling of scores; see the module comment. */
  scale?: number;
}

export interface AssignmentResult {
  /** Peer number per participant, or −1 for "stays on the waitlist". */
  peerOf: Int32Array;
  /** Sum of the integer-scaled scores of the chosen pairs (the exact objective). */
  totalScaledScore: number;
  /** Sum of the raw scores of the chosen pairs. */
  totalScore: number;
  assignedCount: number;
}

export const DEFAULT_SCORE_SCALE = 10_000;
const EPSILON_FACTOR = 5;
const K_BEST = 8;

/**
 * Exact maximum-total-score assignment over index-based inputs (the form used by the batch job
 * and the benchmark; `proposeBatchAssignment` of assignment.rules.ts wraps it with ids).
 */
export function solveAssignment(input: AssignmentInput): AssignmentResult {
  const n = input.participantCount;
  const m = input.peerCapacity.length;
  const scale = input.scale ?? DEFAULT_SCORE_SCALE;
  const edgeCount = input.edgeCount ?? input.edgeScore.length;
  if (!(scale > 0)) throw new RangeError('scale must be positive');

  // ---- Slots: peer q owns slots slotStart[q] .. slotStart[q+1]-1.
  const slotStart = new Int32Array(m + 1);
  for (let q = 0; q < m; q++) {
    const c = input.peerCapacity[q]!;
    if (!(c >= 0) || !Number.isInteger(c)) throw new RangeError(`peer ${q}: capacity must be a non-negative integer`);
    slotStart[q + 1] = slotStart[q]! + c;
  }
  const S = slotStart[m]!;
  const slotPeer = new Int32Array(S);
  for (let q = 0; q < m; q++) slotPeer.fill(q, slotStart[q], slotStart[q + 1]);

  // ---- Pairs grouped by participant (CSR), keeping only pairs that can raise the total, and
  // the best of a repeated pair.
  const degree = new Int32Array(n + 1);
  const intScore = new Float64Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    const i = input.edgeParticipant[e]!;
    const q = input.edgePeer[e]!;
    if (!(i >= 0 && i < n && Number.isInteger(i)) || !(q >= 0 && q < m && Number.isInteger(q))) {
      throw new RangeError(`pair ${e} names an unknown participant or peer`);
    }
    const w = Math.round(input.edgeScore[e]! * scale);
    intScore[e] = w;
    if (w > 0 && slotStart[q + 1]! > slotStart[q]!) degree[i + 1]!++;
  }
  const rawStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rawStart[i + 1] = rawStart[i]! + degree[i + 1]!;
  const total = rawStart[n]!;
  const adjPeer = new Int32Array(total);
  const adjW = new Float64Array(total);
  const adjRaw = new Float64Array(total);
  const fill = rawStart.slice(0, n);
  for (let e = 0; e < edgeCount; e++) {
    const w = intScore[e]!;
    const q = input.edgePeer[e]!;
    if (w > 0 && slotStart[q + 1]! > slotStart[q]!) {
      const at = fill[input.edgeParticipant[e]!]!++;
      adjPeer[at] = q;
      adjW[at] = w;
      adjRaw[at] = input.edgeScore[e]!;
    }
  }
  // Compact in place: drop repeats, and number the participants that have pairs as persons.
  const seenBy = new Int32Array(m).fill(-1);
  const seenAt = new Int32Array(m);
  const personParticipant = new Int32Array(n);
  const rowStart = new Int32Array(n + 1);
  let P = 0;
  let out = 0;
  let maxW = 0;
  for (let i = 0; i < n; i++) {
    const begin = out;
    for (let a = rawStart[i]!; a < rawStart[i + 1]!; a++) {
      const q = adjPeer[a]!;
      if (seenBy[q] === i) {
        const at = seenAt[q]!;
        if (adjW[a]! > adjW[at]!) {
          adjW[at] = adjW[a]!;
          adjRaw[at] = adjRaw[a]!;
        }
        continue;
      }
      seenBy[q] = i;
      seenAt[q] = out;
      adjPeer[out] = q;
      adjW[out] = adjW[a]!;
      adjRaw[out] = adjRaw[a]!;
      out++;
    }
    if (out > begin) {
      personParticipant[P] = i;
      P++;
      rowStart[P] = out;
    }
  }

  const peerOf = new Int32Array(n).fill(-1);
  if (P === 0 || S === 0) return { peerOf, totalScaledScore: 0, totalScore: 0, assignedCount: 0 };

  // Values scaled by N + 1 so that the final ε = 1 is below 1/N in score units.
  const N = P + S;
  const multiplier = N + 1;
  for (let a = 0; a < out; a++) {
    adjW[a] = adjW[a]! * multiplier;
    if (adjW[a]! > maxW) maxW = adjW[a]!;
  }

  // ---- Objects: slots 0..S-1, waiting places S..S+P-1. Persons: participants 0..P-1,
  // stand-ins P..P+S-1 (stand-in of slot k is P + k).
  const price = new Float64Array(S + P);
  const owner = new Int32Array(S + P);
  const holds = new Int32Array(N);

  // Cheapest and second-cheapest slot of each peer.
  const peerMin = new Float64Array(m);
  const peerSecond = new Float64Array(m);
  const peerMinSlot = new Int32Array(m);
  const refreshPeer = (q: number) => {
    let lo = Number.POSITIVE_INFINITY;
    let lo2 = Number.POSITIVE_INFINITY;
    let at = -1;
    for (let k = slotStart[q]!; k < slotStart[q + 1]!; k++) {
      const p = price[k]!;
      if (p < lo) {
        lo2 = lo;
        lo = p;
        at = k;
      } else if (p < lo2) {
        lo2 = p;
      }
    }
    peerMin[q] = lo;
    peerSecond[q] = lo2;
    peerMinSlot[q] = at;
  };
  for (let q = 0; q < m; q++) refreshPeer(q);

  // Indexed min-heap of waiting places by price; prices only rise, so only sift-down is needed.
  const heap = new Int32Array(P);
  const heapPos = new Int32Array(P);
  for (let d = 0; d < P; d++) {
    heap[d] = d;
    heapPos[d] = d;
  }
  const siftDown = (from: number) => {
    let k = from;
    const d = heap[k]!;
    const pd = price[S + d]!;
    for (;;) {
      let c = 2 * k + 1;
      if (c >= P) break;
      if (c + 1 < P && price[S + heap[c + 1]!]! < price[S + heap[c]!]!) c++;
      if (price[S + heap[c]!]! >= pd) break;
      heap[k] = heap[c]!;
      heapPos[heap[k]!] = k;
      k = c;
    }
    heap[k] = d;
    heapPos[d] = k;
  };

  // K best peers per participant, and the best value of any peer left out when they were taken.
  const candPeer = new Int32Array(P * K_BEST);
  const candW = new Float64Array(P * K_BEST);
  const candCount = new Int32Array(P);
  const candThreshold = new Float64Array(P);
  const topV = new Float64Array(K_BEST);
  const topA = new Int32Array(K_BEST);

  const queue = new Int32Array(N); // ring buffer of unassigned persons
  let eps = Math.max(1, Math.floor(maxW / EPSILON_FACTOR));

  for (;;) {
    owner.fill(-1);
    holds.fill(-1);
    let head = 0;
    let tail = 0;
    let queued = N;
    for (let k = 0; k < N; k++) queue[k] = k;

    while (queued > 0) {
      const person = queue[head]!;
      head = head + 1 === N ? 0 : head + 1;
      queued--;

      let best = Number.NEGATIVE_INFINITY;
      let second = Number.NEGATIVE_INFINITY;
      let bestObj = -1;
      if (person < P) {
        const base = person * K_BEST;
        const count = candCount[person]!;
        let trusted = false;
        if (count > 0) {
          for (let c = 0; c < count; c++) {
            const q = candPeer[base + c]!;
            const w = candW[base + c]!;
            const v = w - peerMin[q]!;
            if (v > best) {
              const v2 = w - peerSecond[q]!;
              second = best > v2 ? best : v2;
              best = v;
              bestObj = peerMinSlot[q]!;
            } else if (v > second) {
              second = v;
            }
          }
          const vWait = -price[S + person]!;
          if (vWait > best) {
            second = best;
            best = vWait;
            bestObj = S + person;
          } else if (vWait > second) {
            second = vWait;
          }
          trusted = second >= candThreshold[person]!;
        }
        if (!trusted) {
          best = Number.NEGATIVE_INFINITY;
          second = Number.NEGATIVE_INFINITY;
          bestObj = -1;
          let kept = 0;
          let threshold = Number.NEGATIVE_INFINITY;
          for (let a = rowStart[person]!, end = rowStart[person + 1]!; a < end; a++) {
            const q = adjPeer[a]!;
            const w = adjW[a]!;
            const v = w - peerMin[q]!;
            if (v > best) {
              const v2 = w - peerSecond[q]!;
              second = best > v2 ? best : v2;
              best = v;
              bestObj = peerMinSlot[q]!;
            } else if (v > second) {
              second = v;
            }
            if (kept < K_BEST || v > topV[K_BEST - 1]!) {
              let j: number;
              if (kept < K_BEST) {
                j = kept++;
              } else {
                if (topV[K_BEST - 1]! > threshold) threshold = topV[K_BEST - 1]!;
                j = K_BEST - 1;
              }
              while (j > 0 && topV[j - 1]! < v) {
                topV[j] = topV[j - 1]!;
                topA[j] = topA[j - 1]!;
                j--;
              }
              topV[j] = v;
              topA[j] = a;
            } else if (v > threshold) {
              threshold = v;
            }
          }
          const vWait = -price[S + person]!;
          if (vWait > best) {
            second = best;
            best = vWait;
            bestObj = S + person;
          } else if (vWait > second) {
            second = vWait;
          }
          for (let c = 0; c < kept; c++) {
            candPeer[base + c] = adjPeer[topA[c]!]!;
            candW[base + c] = adjW[topA[c]!]!;
          }
          candCount[person] = kept;
          candThreshold[person] = threshold;
        }
      } else {
        // A stand-in: its own slot, or one of the two cheapest waiting places.
        const k = person - P;
        best = -price[k]!;
        bestObj = k;
        const d1 = heap[0]!;
        const v1 = -price[S + d1]!;
        let v2 = Number.NEGATIVE_INFINITY;
        if (P > 1) v2 = -price[S + heap[1]!]!;
        if (P > 2) {
          const v3 = -price[S + heap[2]!]!;
          if (v3 > v2) v2 = v3;
        }
        if (v1 > best) {
          second = best > v2 ? best : v2;
          best = v1;
          bestObj = S + d1;
        } else {
          second = v1;
        }
      }
      // Every person has at least two objects; the guard only keeps a lone option finite.
      if (second === Number.NEGATIVE_INFINITY) second = best - maxW;

      price[bestObj] = price[bestObj]! + (best - second) + eps;
      const previous = owner[bestObj]!;
      owner[bestObj] = person;
      holds[person] = bestObj;
      if (previous >= 0) {
        holds[previous] = -1;
        queue[tail] = previous;
        tail = tail + 1 === N ? 0 : tail + 1;
        queued++;
      }
      if (bestObj < S) refreshPeer(slotPeer[bestObj]!);
      else siftDown(heapPos[bestObj - S]!);
    }

    if (eps === 1) break;
    eps = Math.max(1, Math.floor(eps / EPSILON_FACTOR));
  }

  let totalScaledScore = 0;
  let totalScore = 0;
  let assignedCount = 0;
  for (let p = 0; p < P; p++) {
    const slot = holds[p]!;
    if (slot >= S) continue;
    const q = slotPeer[slot]!;
    peerOf[personParticipant[p]!] = q;
    assignedCount++;
    for (let a = rowStart[p]!; a < rowStart[p + 1]!; a++) {
      if (adjPeer[a] === q) {
        totalScaledScore += adjW[a]! / multiplier;
        totalScore += adjRaw[a]!;
        break;
      }
    }
  }
  return { peerOf, totalScaledScore, totalScore, assignedCount };
}
