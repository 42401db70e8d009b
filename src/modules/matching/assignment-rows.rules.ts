/**
 * The waitlist batch for large, dense waitlists (issue 3): the same exact optimum as
 * `solveAssignment` (assignment.auction.rules.ts), by successive shortest paths instead of an
 * auction.
 *
 * Why another algorithm: a real waitlist against an organization's peers is dense (each
 * participant accepts thousands of peers) and capacity is usually plentiful. The auction's
 * ε-scaling then runs a dozen phases over millions of pairs. Successive shortest paths add one
 * participant at a time; a participant whose best peer (at the current prices) still has a place
 * is settled after one scan of their row, and only conflicts for full peers search further.
 *
 * Model: min-cost flow. Each participant sends one unit either to a peer (cost −w, w = round(score
 * × scale), one place of the peer's remaining capacity) or straight to the sink ("stays on the
 * waitlist", cost 0). Participants are added one by one; each is routed along a shortest path of
 * the residual graph (Dijkstra on reduced costs c + π(u) − π(v) ≥ 0, Johnson potentials updated by
 * π(v) += min(d(v), d(sink)) after each search). The Hungarian method's invariant holds after
 * each step: the flow of the participants added so far is a minimum-cost flow, so the final flow
 * is an optimal batch (Ahuja, Magnanti and Orlin, "Network Flows", 1993, sections 9.7 and 12.4).
 * All costs and potentials are integers far below 2^53: the arithmetic is exact. Against the raw
 * scores the batch is optimal up to the rounding to 1/scale, as with `solveAssignment`.
 *
 * Shortest paths slow down when places are scarce; past a work budget the same pairs go to the
 * auction (`WORK_PER_PAIR`). Either way the batch is exact.
 *
 * Rows are read once through a callback, so the caller scores pairs without building objects,
 * and kept as integers (8 bytes a pair).
 */
import { DEFAULT_SCORE_SCALE, solveAssignment } from './assignment.auction.rules.ts';

/**
 * Writes participant `i`'s acceptable pairs into `peers` and `scores` (raw 0..1 match scores)
 * and returns how many it wrote (at most `maxRowLength`).
 */
export type RowScorer = (participant: number, peers: Int32Array, scores: Float64Array) => number;

export interface RowsInput {
  participantCount: number;
  /** Remaining capacity of each peer (index = peer number). */
  peerCapacity: ArrayLike<number>;
  /** The longest row the scorer may write (the size of the buffers it gets). */
  maxRowLength: number;
  row: RowScorer;
  scale?: number;
  /** Relaxations allowed before switching to the auction (tests force either method). */
  workBudget?: number;
}

export interface RowsResult {
  /** Peer number per participant, or −1 for "stays on the waitlist". */
  peerOf: Int32Array;
  /** Sum of the integer-scaled scores of the chosen pairs (the exact objective). */
  totalScaledScore: number;
  assignedCount: number;
  /** Pairs kept for the solve (score rounds above 0, peer with a place). */
  pairCount: number;
  /** Which exact method found it. */
  solver: 'shortest-paths' | 'auction';
}

/**
 * Shortest paths are quick while places are plentiful (most newcomers settle on one row scan:
 * about 3 relaxations a pair on a dense waitlist of 10,000 and 34,000 places) and slow when
 * places run short (every newcomer searches most of the graph). Past this much work per pair the
 * solve hands the same integer pairs to the auction, whose ε-scaling does not mind scarcity.
 */
const WORK_PER_PAIR = 8;

/** Exact maximum-total-score assignment, reading each participant's pairs through `row`. */
export function solveAssignmentByRows(input: RowsInput): RowsResult {
  const n = input.participantCount;
  const m = input.peerCapacity.length;
  const scale = input.scale ?? DEFAULT_SCORE_SCALE;
  if (!(scale > 0)) throw new RangeError('scale must be positive');

  const free = new Int32Array(m);
  const slotStart = new Int32Array(m + 1);
  for (let q = 0; q < m; q++) {
    const c = input.peerCapacity[q]!;
    if (!(c >= 0) || !Number.isInteger(c)) throw new RangeError(`peer ${q}: capacity must be a non-negative integer`);
    free[q] = c;
    slotStart[q + 1] = slotStart[q]! + c;
  }

  // ---- Rows as CSR: peer numbers and integer scores, best of a repeated pair.
  const rowPeers = new Int32Array(Math.max(1, input.maxRowLength));
  const rowScores = new Float64Array(Math.max(1, input.maxRowLength));
  let adjPeer = new Int32Array(1 << 16);
  let adjW = new Int32Array(1 << 16);
  const rowStart = new Int32Array(n + 1);
  const seenBy = new Int32Array(m).fill(-1);
  const seenAt = new Int32Array(m);
  let len = 0;
  for (let i = 0; i < n; i++) {
    const count = input.row(i, rowPeers, rowScores);
    if (count > rowPeers.length) throw new RangeError(`participant ${i}: row longer than maxRowLength`);
    for (let a = 0; a < count; a++) {
      const q = rowPeers[a]!;
      if (!(q >= 0 && q < m && Number.isInteger(q))) throw new RangeError(`participant ${i}: a pair names an unknown peer`);
      const w = Math.round(rowScores[a]! * scale);
      if (!(w > 0) || free[q] === 0) continue;
      if (seenBy[q] === i) {
        if (w > adjW[seenAt[q]!]!) adjW[seenAt[q]!] = w;
        continue;
      }
      if (len === adjPeer.length) {
        // Grow to what the rows so far predict for all of them (copying 15 million pairs twice over costs).
        const size = Math.min(Math.max(len * 2, Math.ceil((len / (i + 1)) * n * 1.05)), Math.max(len * 2, n * rowPeers.length));
        const p = new Int32Array(size);
        p.set(adjPeer);
        adjPeer = p;
        const ww = new Int32Array(size);
        ww.set(adjW);
        adjW = ww;
      }
      seenBy[q] = i;
      seenAt[q] = len;
      adjPeer[len] = q;
      adjW[len] = w;
      len++;
    }
    rowStart[i + 1] = len;
  }

  return solveCsr(n, input.peerCapacity, free, slotStart, rowStart, adjPeer, adjW, len, input.workBudget);
}

export interface CsrInput {
  participantCount: number;
  peerCapacity: ArrayLike<number>;
  /** Participant i's pairs are at rowStart[i] .. rowStart[i + 1]. */
  rowStart: Int32Array;
  peers: Int32Array;
  /** Integer scores (round(score × scale)), each above 0, with a peer that has a place, no repeats. */
  scores: Int32Array;
  workBudget?: number;
}

/**
 * `solveAssignmentByRows` over rows already read and scaled (by workers, see
 * matching.batch-rows.ts). The rows' promises are checked, not trusted.
 */
export function solveAssignmentByCsr(input: CsrInput): RowsResult {
  const n = input.participantCount;
  const m = input.peerCapacity.length;
  const free = new Int32Array(m);
  const slotStart = new Int32Array(m + 1);
  for (let q = 0; q < m; q++) {
    const c = input.peerCapacity[q]!;
    if (!(c >= 0) || !Number.isInteger(c)) throw new RangeError(`peer ${q}: capacity must be a non-negative integer`);
    free[q] = c;
    slotStart[q + 1] = slotStart[q]! + c;
  }
  if (input.rowStart.length !== n + 1) throw new RangeError('rowStart must have participantCount + 1 entries');
  const len = input.rowStart[n]!;
  const seenBy = new Int32Array(m).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let a = input.rowStart[i]!; a < input.rowStart[i + 1]!; a++) {
      const q = input.peers[a]!;
      if (!(q >= 0 && q < m)) throw new RangeError(`participant ${i}: a pair names an unknown peer`);
      if (!(input.scores[a]! > 0) || free[q] === 0 || seenBy[q] === i) throw new RangeError(`participant ${i}: a pair is repeated, scores 0 or names a full peer`);
      seenBy[q] = i;
    }
  }
  return solveCsr(n, input.peerCapacity, free, slotStart, input.rowStart, input.peers, input.scores, len, input.workBudget);
}

function solveCsr(
  n: number,
  peerCapacity: ArrayLike<number>,
  free: Int32Array,
  slotStart: Int32Array,
  rowStart: Int32Array,
  adjPeer: Int32Array,
  adjW: Int32Array,
  len: number,
  workBudget: number | undefined,
): RowsResult {
  const m = free.length;
  /** The same pairs through the auction: exact too, and fast when places are scarce. */
  const byAuction = (): RowsResult => {
    const edgeParticipant = new Int32Array(len);
    for (let i = 0; i < n; i++) edgeParticipant.fill(i, rowStart[i], rowStart[i + 1]);
    const r = solveAssignment({
      participantCount: n,
      peerCapacity,
      edgeParticipant,
      edgePeer: adjPeer.subarray(0, len),
      edgeScore: adjW.subarray(0, len),
      scale: 1,
    });
    return { peerOf: r.peerOf, totalScaledScore: r.totalScaledScore, assignedCount: r.assignedCount, pairCount: len, solver: 'auction' };
  };

  // ---- Successive shortest paths. Nodes: participants 0..n-1, peers n..n+m-1, sink n+m.
  const T = n + m;
  const V = T + 1;
  const pot = new Float64Array(V);
  const peerOf = new Int32Array(n).fill(-1);
  const heldW = new Int32Array(n);
  // Occupants of each peer, in its slot range.
  const occ = new Int32Array(slotStart[m]!);
  const occCount = new Int32Array(m);

  const dist = new Float64Array(V);
  const prev = new Int32Array(V);
  /** Integer score of the edge that reached a peer from a participant (for the new assignment). */
  const prevW = new Int32Array(V);
  const seen = new Int32Array(V); // run stamp: dist/prev valid when seen[v] === run
  const done = new Int32Array(V); // run stamp: settled
  const heap = new Int32Array(V);
  const heapPos = new Int32Array(V).fill(-1);
  let heapSize = 0;
  const settled: number[] = [];
  let run = 0;

  const up = (v: number) => {
    let k = heapPos[v]!;
    const d = dist[v]!;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const u = heap[parent]!;
      if (dist[u]! <= d) break;
      heap[k] = u;
      heapPos[u] = k;
      k = parent;
    }
    heap[k] = v;
    heapPos[v] = k;
  };
  const pop = (): number => {
    const top = heap[0]!;
    heapPos[top] = -1;
    heapSize--;
    if (heapSize > 0) {
      const last = heap[heapSize]!;
      let k = 0;
      const d = dist[last]!;
      for (;;) {
        let c = 2 * k + 1;
        if (c >= heapSize) break;
        if (c + 1 < heapSize && dist[heap[c + 1]!]! < dist[heap[c]!]!) c++;
        if (dist[heap[c]!]! >= d) break;
        heap[k] = heap[c]!;
        heapPos[heap[k]!] = k;
        k = c;
      }
      heap[k] = last;
      heapPos[last] = k;
    }
    return top;
  };
  const relax = (v: number, d: number, from: number, w: number) => {
    if (seen[v] !== run) {
      seen[v] = run;
      dist[v] = d;
      prev[v] = from;
      prevW[v] = w;
      heapPos[v] = heapSize;
      heap[heapSize++] = v;
      up(v);
    } else if (d < dist[v]! && done[v] !== run) {
      dist[v] = d;
      prev[v] = from;
      prevW[v] = w;
      up(v);
    }
  };
  const removeOccupant = (q: number, j: number) => {
    const base = slotStart[q]!;
    const count = occCount[q]!;
    for (let k = base; k < base + count; k++) {
      if (occ[k] === j) {
        occ[k] = occ[base + count - 1]!;
        occCount[q] = count - 1;
        return;
      }
    }
    throw new Error('assignment state: occupant missing');
  };
  const addOccupant = (q: number, j: number) => {
    occ[slotStart[q]! + occCount[q]!] = j;
    occCount[q]!++;
  };

  let work = 0;
  const budget = workBudget ?? WORK_PER_PAIR * len + 2_000_000;
  for (let i = 0; i < n; i++) {
    const from = rowStart[i]!;
    const to = rowStart[i + 1]!;
    if (from === to) continue; // no acceptable peer: stays
    if (work > budget) return byAuction();

    // Potential of the newcomer: every edge out of it gets a non-negative reduced cost.
    let pi = pot[T]!;
    for (let a = from; a < to; a++) {
      const v = adjW[a]! + pot[n + adjPeer[a]!]!;
      if (v > pi) pi = v;
    }
    pot[i] = pi;

    // Fast path: one scan of the row finds the two nearest peers. If the nearest has a place
    // and reaching the sink through it is no longer than any other first step, that is the
    // shortest path (Dijkstra would settle exactly i, that peer and the sink).
    let d1 = Number.POSITIVE_INFINITY;
    let d2 = Number.POSITIVE_INFINITY;
    let best = -1;
    for (let a = from; a < to; a++) {
      const d = pi - adjW[a]! - pot[n + adjPeer[a]!]!;
      if (d < d1) {
        d2 = d1;
        d1 = d;
        best = a;
      } else if (d < d2) {
        d2 = d;
      }
    }
    const dStay = pi - pot[T]!;
    if (dStay <= d1) {
      pot[i] = pi - dStay; // stays; settled: i and the sink
      continue;
    }
    const q1 = adjPeer[best]!;
    if (free[q1]! > 0) {
      const dSink = d1 + pot[n + q1]! - pot[T]!;
      // Paths on through the peer's occupants start at least this far.
      let dOccupant = Number.POSITIVE_INFINITY;
      for (let k = slotStart[q1]!, end = k + occCount[q1]!; k < end; k++) {
        const j = occ[k]!;
        const d = d1 + heldW[j]! + pot[n + q1]! - pot[j]!;
        if (d < dOccupant) dOccupant = d;
      }
      if (dSink <= d2 && dSink <= dStay && dSink <= dOccupant) {
        pot[i] = pi - dSink;
        pot[n + q1] = pot[n + q1]! + d1 - dSink;
        free[q1]!--;
        addOccupant(q1, i);
        peerOf[i] = q1;
        heldW[i] = adjW[best]!;
        continue;
      }
    }

    // Dijkstra from i.
    run++;
    heapSize = 0;
    settled.length = 0;
    seen[i] = run;
    dist[i] = 0;
    prev[i] = -1;
    heapPos[i] = 0;
    heap[heapSize++] = i;
    for (;;) {
      const u = pop();
      work++;
      done[u] = run;
      settled.push(u);
      if (u === T) break;
      const du = dist[u]!;
      if (u < n) {
        // A participant: to the sink by leaving their peer (the newcomer only if the row says so),
        // or on to another peer.
        relax(T, du + pot[u]! - pot[T]!, u, 0);
        const own = peerOf[u]!;
        work += rowStart[u + 1]! - rowStart[u]!;
        for (let a = rowStart[u]!, end = rowStart[u + 1]!; a < end; a++) {
          const q = adjPeer[a]!;
          if (q === own) continue;
          const v = n + q;
          if (done[v] === run) continue;
          relax(v, du + pot[u]! - adjW[a]! - pot[v]!, u, adjW[a]!);
        }
      } else {
        const q = u - n;
        if (free[q]! > 0) relax(T, du + pot[u]! - pot[T]!, u, 0);
        for (let k = slotStart[q]!, end = k + occCount[q]!; k < end; k++) {
          const j = occ[k]!;
          if (done[j] === run) continue;
          relax(j, du + heldW[j]! + pot[u]! - pot[j]!, u, 0);
        }
      }
    }
    const D = dist[T]!;
    for (const v of settled) pot[v] = pot[v]! + dist[v]! - D;
    for (let k = 0; k < heapSize; k++) heapPos[heap[k]!] = -1;

    // Augment along the path i -> q1 -> j1 -> q2 -> ... -> sink: each participant on it takes
    // the next peer's place; the last peer gives a free place, or the last participant stays.
    const last = prev[T]!;
    if (last === i) continue; // the newcomer stays on the waitlist
    let v: number;
    if (last >= n) {
      free[last - n]!--;
      v = last;
    } else {
      removeOccupant(peerOf[last]!, last);
      peerOf[last] = -1;
      v = prev[last]!;
    }
    for (;;) {
      const x = prev[v]!;
      const old = peerOf[x]!;
      if (old >= 0) removeOccupant(old, x);
      addOccupant(v - n, x);
      peerOf[x] = v - n;
      heldW[x] = prevW[v]!;
      if (x === i) break;
      v = prev[x]!; // x was reached from the peer it held
    }
  }

  let totalScaledScore = 0;
  let assignedCount = 0;
  for (let i = 0; i < n; i++) {
    if (peerOf[i]! >= 0) {
      totalScaledScore += heldW[i]!;
      assignedCount++;
    }
  }
  return { peerOf, totalScaledScore, assignedCount, pairCount: len, solver: 'shortest-paths' };
}
