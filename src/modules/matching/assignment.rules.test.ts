import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { solveAssignmentByRows } from './assignment-rows.rules.ts';
import { PairBuffer, proposeBatchAssignment, solveAssignment } from './assignment.rules.ts';

interface SmallCase {
  participants: number;
  capacities: number[];
  /** [participant, peer, integer score 1..20] */
  pairs: [number, number, number][];
}

/** Every feasible assignment, tried one participant at a time: the reference optimum. */
function bruteForceBest(c: SmallCase): number {
  const byParticipant: [number, number][][] = Array.from({ length: c.participants }, () => []);
  for (const [i, q, s] of c.pairs) byParticipant[i]!.push([q, s]);
  const left = [...c.capacities];
  let best = 0;
  const go = (i: number, total: number) => {
    if (i === c.participants) {
      best = Math.max(best, total);
      return;
    }
    go(i + 1, total); // stays on the waitlist
    for (const [q, s] of byParticipant[i]!) {
      if (left[q]! > 0) {
        left[q]!--;
        go(i + 1, total + s);
        left[q]!++;
      }
    }
  };
  go(0, 0);
  return best;
}

function solveSmall(c: SmallCase) {
  return solveAssignment({
    participantCount: c.participants,
    peerCapacity: c.capacities,
    edgeParticipant: c.pairs.map((p) => p[0]),
    edgePeer: c.pairs.map((p) => p[1]),
    edgeScore: c.pairs.map((p) => p[2]),
    scale: 1,
  });
}

/** The answer respects one peer per participant, peer capacities, and uses only listed pairs. */
function expectFeasible(c: SmallCase, peerOf: Int32Array) {
  const load = new Array<number>(c.capacities.length).fill(0);
  let total = 0;
  peerOf.forEach((q, i) => {
    if (q < 0) return;
    load[q]!++;
    const pair = c.pairs.filter((p) => p[0] === i && p[1] === q);
    expect(pair.length).toBeGreaterThan(0);
    total += Math.max(...pair.map((p) => p[2]));
  });
  load.forEach((l, q) => expect(l).toBeLessThanOrEqual(c.capacities[q]!));
  return total;
}

const smallCase: fc.Arbitrary<SmallCase> = fc
  .record({ participants: fc.integer({ min: 1, max: 7 }), peers: fc.integer({ min: 1, max: 4 }) })
  .chain(({ participants, peers }) =>
    fc.record({
      participants: fc.constant(participants),
      capacities: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: peers, maxLength: peers }),
      pairs: fc
        .uniqueArray(
          fc.tuple(fc.integer({ min: 0, max: participants - 1 }), fc.integer({ min: 0, max: peers - 1 }), fc.integer({ min: 1, max: 20 })),
          { selector: (p) => `${p[0]}:${p[1]}`, maxLength: participants * peers },
        ),
    }),
  );

/**
 * An independent exact reference for cases too big for brute force: min-cost flow by successive
 * shortest paths with Bellman-Ford (source → participant → peer or "wait" → sink).
 */
function referenceBest(c: SmallCase): number {
  const n = c.participants;
  const m = c.capacities.length;
  const source = 0;
  const sink = n + m + 1;
  const to: number[] = [];
  const cap: number[] = [];
  const cost: number[] = [];
  const out: number[][] = Array.from({ length: sink + 1 }, () => []);
  const arc = (u: number, v: number, capacity: number, price: number) => {
    out[u]!.push(to.length);
    to.push(v);
    cap.push(capacity);
    cost.push(price);
    out[v]!.push(to.length);
    to.push(u);
    cap.push(0);
    cost.push(-price);
  };
  for (let i = 0; i < n; i++) {
    arc(source, 1 + i, 1, 0);
    arc(1 + i, sink, 1, 0);
  }
  c.capacities.forEach((k, q) => arc(1 + n + q, sink, k, 0));
  for (const [i, q, w] of c.pairs) arc(1 + i, 1 + n + q, 1, -w);
  let total = 0;
  for (;;) {
    const dist = new Array<number>(sink + 1).fill(Infinity);
    const via = new Array<number>(sink + 1).fill(-1);
    dist[source] = 0;
    for (let round = 0; round <= sink; round++) {
      let changed = false;
      for (let u = 0; u <= sink; u++) {
        if (dist[u] === Infinity) continue;
        for (const a of out[u]!) {
          if (cap[a]! > 0 && dist[u]! + cost[a]! < dist[to[a]!]!) {
            dist[to[a]!] = dist[u]! + cost[a]!;
            via[to[a]!] = a;
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    if (dist[sink] === Infinity) return total;
    for (let v = sink; v !== source; v = to[via[v]! ^ 1]!) {
      cap[via[v]!]!--;
      cap[via[v]! ^ 1]!++;
    }
    total -= dist[sink]!;
  }
}

const mediumCase: fc.Arbitrary<SmallCase> = fc
  .record({ participants: fc.integer({ min: 10, max: 40 }), peers: fc.integer({ min: 9, max: 30 }) })
  .chain(({ participants, peers }) =>
    fc.record({
      participants: fc.constant(participants),
      capacities: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: peers, maxLength: peers }),
      // Many peers per participant (more than the solver keeps in its short list) and close
      // scores, so bidding wars and list refreshes happen.
      pairs: fc.uniqueArray(
        fc.tuple(fc.integer({ min: 0, max: participants - 1 }), fc.integer({ min: 0, max: peers - 1 }), fc.integer({ min: 1, max: 6 })),
        { selector: (p) => `${p[0]}:${p[1]}`, minLength: participants, maxLength: participants * peers },
      ),
    }),
  );

describe('solveAssignment', () => {
  it('finds the same total as brute force on random small waitlists (optimality)', () => {
    fc.assert(
      fc.property(smallCase, (c) => {
        const result = solveSmall(c);
        const total = expectFeasible(c, result.peerOf);
        expect(total).toBe(result.totalScaledScore);
        expect(result.totalScaledScore).toBe(bruteForceBest(c));
      }),
      { numRuns: 1500 },
    );
  });

  it('matches an independent min-cost-flow reference on random medium waitlists', () => {
    fc.assert(
      fc.property(mediumCase, (c) => {
        const result = solveSmall(c);
        expect(expectFeasible(c, result.peerOf)).toBe(result.totalScaledScore);
        expect(result.totalScaledScore).toBe(referenceBest(c));
      }),
      { numRuns: 300 },
    );
  });

  it('the reference agrees with brute force', () => {
    fc.assert(
      fc.property(smallCase, (c) => {
        expect(referenceBest(c)).toBe(bruteForceBest(c));
      }),
      { numRuns: 300 },
    );
  });

  it('is optimal whatever order the participants are listed in', () => {
    fc.assert(
      fc.property(smallCase, fc.infiniteStream(fc.nat()), (c, stream) => {
        const order = Array.from({ length: c.participants }, (_, i) => i);
        const keys = [...stream.take(c.participants)];
        order.sort((a, b) => keys[a]! - keys[b]!);
        const rename = new Map(order.map((old, neu) => [old, neu]));
        const shuffled = { ...c, pairs: c.pairs.map(([i, q, s]) => [rename.get(i)!, q, s] as [number, number, number]) };
        expect(solveSmall(shuffled).totalScaledScore).toBe(solveSmall(c).totalScaledScore);
      }),
      { numRuns: 300 },
    );
  });

  // Cases where taking the best pair first (greedy) loses.
  const greedyTraps: { name: string; case: SmallCase; best: number; greedy: number }[] = [
    {
      name: 'the best pair blocks a participant with one option',
      // A: P0 9, P1 8. B: P0 only, 8. Greedy takes A-P0 (9) and B waits: 9. Best: A-P1 + B-P0 = 16.
      case: { participants: 2, capacities: [1, 1], pairs: [[0, 0, 9], [0, 1, 8], [1, 0, 8]] },
      best: 16,
      greedy: 9,
    },
    {
      name: 'a chain of displacements through a peer with capacity 2',
      // P0 has room for two. A, B, C all like P0 best; C has a good second choice, A and B none.
      case: {
        participants: 3,
        capacities: [2, 1],
        pairs: [[0, 0, 10], [1, 0, 9], [2, 0, 11], [2, 1, 10]],
      },
      best: 29,
      greedy: 21,
    },
    {
      name: 'two moderate pairs beat one excellent pair',
      case: { participants: 2, capacities: [1, 1], pairs: [[0, 0, 10], [0, 1, 6], [1, 0, 6]] },
      best: 12,
      greedy: 10,
    },
  ];

  function greedy(c: SmallCase): number {
    const left = [...c.capacities];
    const taken = new Set<number>();
    let total = 0;
    for (const [i, q, s] of [...c.pairs].sort((a, b) => b[2] - a[2])) {
      if (taken.has(i) || left[q]! === 0) continue;
      taken.add(i);
      left[q]!--;
      total += s;
    }
    return total;
  }

  it.each(greedyTraps)('beats greedy when $name', ({ case: c, best, greedy: greedyTotal }) => {
    expect(greedy(c)).toBe(greedyTotal);
    expect(bruteForceBest(c)).toBe(best);
    const result = solveSmall(c);
    expect(result.totalScaledScore).toBe(best);
    expect(expectFeasible(c, result.peerOf)).toBe(best);
  });

  it.each([
    { name: 'no pairs at all', c: { participants: 3, capacities: [2], pairs: [] }, assigned: 0 },
    { name: 'a peer with no room left', c: { participants: 2, capacities: [0, 1], pairs: [[0, 0, 5], [1, 0, 5]] }, assigned: 0 },
    { name: 'more participants than room', c: { participants: 4, capacities: [1, 1], pairs: [[0, 0, 3], [1, 0, 4], [2, 1, 2], [3, 1, 7]] }, assigned: 2 },
  ] as { name: string; c: SmallCase; assigned: number }[])('leaves people waiting with $name', ({ c, assigned }) => {
    const result = solveSmall(c);
    expect(result.assignedCount).toBe(assigned);
    expect(result.totalScaledScore).toBe(bruteForceBest(c));
  });

  it('finds the one free peer far down a long list of taken favourites', () => {
    // Participant 0 likes peers 0..9 (score 10) and peer 10 a little (1); participants 1..10
    // each need one of peers 0..9 (score 20). Best: everyone placed, 200 + 1.
    const pairs: [number, number, number][] = [];
    for (let q = 0; q < 10; q++) pairs.push([0, q, 10], [1 + q, q, 20]);
    pairs.push([0, 10, 1]);
    const c: SmallCase = { participants: 11, capacities: new Array<number>(11).fill(1), pairs };
    const result = solveSmall(c);
    expect(result.totalScaledScore).toBe(201);
    expect(result.peerOf[0]).toBe(10);
    expect(referenceBest(c)).toBe(201);
  });

  it('scales raw 0..1 scores to integers and reports the raw total', () => {
    const result = solveAssignment({
      participantCount: 2,
      peerCapacity: [1, 1],
      edgeParticipant: [0, 0, 1],
      edgePeer: [0, 1, 0],
      edgeScore: [0.9, 0.8, 0.85],
    });
    expect(Array.from(result.peerOf)).toEqual([1, 0]);
    expect(result.totalScaledScore).toBe(16_500);
    expect(result.totalScore).toBeCloseTo(1.65, 12);
  });

  it('rejects unknown indices and invalid capacities', () => {
    expect(() => solveAssignment({ participantCount: 1, peerCapacity: [1], edgeParticipant: [0], edgePeer: [3], edgeScore: [1] })).toThrow(RangeError);
    expect(() => solveAssignment({ participantCount: 1, peerCapacity: [-1], edgeParticipant: [], edgePeer: [], edgeScore: [] })).toThrow(RangeError);
  });

  it('reads pairs from a growable PairBuffer', () => {
    const buffer = new PairBuffer(1);
    buffer.push(0, 0, 0.5);
    buffer.push(1, 0, 0.7);
    buffer.push(1, 1, 0.6);
    const result = solveAssignment(buffer.toInput(2, [1, 1]));
    expect(Array.from(result.peerOf)).toEqual([0, 1]);
    expect(result.totalScore).toBeCloseTo(1.1, 12);
  });
});

describe('proposeBatchAssignment', () => {
  it('works with ids, keeps the higher score of a duplicated pair, and lists who waits', () => {
    const proposal = proposeBatchAssignment(
      ['ana', 'ben', 'cy'],
      [{ id: 'peer-1', remainingCapacity: 1 }, { id: 'peer-2', remainingCapacity: 1 }],
      [
        { participantId: 'ana', peerId: 'peer-1', score: 0.9 },
        { participantId: 'ana', peerId: 'peer-2', score: 0.8 },
        { participantId: 'ben', peerId: 'peer-1', score: 0.5 },
        { participantId: 'ben', peerId: 'peer-1', score: 0.85 },
      ],
    );
    expect(proposal.assignments).toEqual([
      { participantId: 'ana', peerId: 'peer-2', score: 0.8 },
      { participantId: 'ben', peerId: 'peer-1', score: 0.85 },
    ]);
    expect(proposal.unassigned).toEqual(['cy']);
    expect(proposal.totalScore).toBeCloseTo(1.65, 12);
  });

  it('rejects pairs naming unknown participants or peers', () => {
    expect(() => proposeBatchAssignment(['a'], [{ id: 'p', remainingCapacity: 1 }], [{ participantId: 'x', peerId: 'p', score: 1 }])).toThrow(/unknown participant/);
    expect(() => proposeBatchAssignment(['a'], [{ id: 'p', remainingCapacity: 1 }], [{ participantId: 'a', peerId: 'y', score: 1 }])).toThrow(/unknown peer/);
  });
});

// ---------------------------------------------------------------------------------------------
// The rows solver (assignment-rows.rules.ts), used by the service for large waitlists.

function solveRows(c: SmallCase, participantOrder?: number[], workBudget?: number) {
  const rows: [number, number][][] = Array.from({ length: c.participants }, () => []);
  for (const [i, q, s] of c.pairs) rows[i]!.push([q, s]);
  return solveAssignmentByRows({
    participantCount: c.participants,
    peerCapacity: c.capacities,
    maxRowLength: Math.max(1, ...rows.map((r) => r.length)),
    scale: 1,
    ...(workBudget !== undefined ? { workBudget } : {}),
    row: (i, peers, scores) => {
      const list = rows[participantOrder ? participantOrder[i]! : i]!;
      list.forEach(([q, s], a) => {
        peers[a] = q;
        scores[a] = s;
      });
      return list.length;
    },
  });
}

/** Dense waitlists with plenty of places and close scores: the shape of a real batch. */
const denseCase: fc.Arbitrary<SmallCase> = fc
  .record({ participants: fc.integer({ min: 5, max: 60 }), peers: fc.integer({ min: 2, max: 25 }) })
  .chain(({ participants, peers }) =>
    fc.record({
      participants: fc.constant(participants),
      capacities: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: peers, maxLength: peers }),
      pairs: fc.uniqueArray(
        fc.tuple(fc.integer({ min: 0, max: participants - 1 }), fc.integer({ min: 0, max: peers - 1 }), fc.integer({ min: 1, max: 8 })),
        { selector: (p) => `${p[0]}:${p[1]}`, minLength: participants, maxLength: participants * peers },
      ),
    }),
  );

describe('solveAssignmentByRows', () => {
  it('finds the same total as brute force on random small waitlists (optimality)', () => {
    fc.assert(
      fc.property(smallCase, (c) => {
        const result = solveRows(c);
        expect(expectFeasible(c, result.peerOf)).toBe(result.totalScaledScore);
        expect(result.totalScaledScore).toBe(bruteForceBest(c));
      }),
      { numRuns: 1500 },
    );
  });

  it('finds the same total as the auction and the min-cost-flow reference on medium and dense waitlists', () => {
    fc.assert(
      fc.property(fc.oneof(mediumCase, denseCase), (c) => {
        const result = solveRows(c);
        expect(expectFeasible(c, result.peerOf)).toBe(result.totalScaledScore);
        expect(result.totalScaledScore).toBe(solveSmall(c).totalScaledScore);
        expect(result.totalScaledScore).toBe(referenceBest(c));
      }),
      { numRuns: 400 },
    );
  });

  it('hands over to the auction past its work budget, with the same optimum', () => {
    fc.assert(
      fc.property(fc.oneof(mediumCase, denseCase), fc.integer({ min: 0, max: 200 }), (c, budget) => {
        const result = solveRows(c, undefined, budget);
        expect(expectFeasible(c, result.peerOf)).toBe(result.totalScaledScore);
        expect(result.totalScaledScore).toBe(referenceBest(c));
      }),
      { numRuns: 300 },
    );
    const scarce: SmallCase = { participants: 4, capacities: [1], pairs: [[0, 0, 3], [1, 0, 5], [2, 0, 4], [3, 0, 1]] };
    expect(solveRows(scarce, undefined, 0)).toMatchObject({ solver: 'auction', totalScaledScore: 5 });
    expect(solveRows(scarce)).toMatchObject({ solver: 'shortest-paths', totalScaledScore: 5 });
  });

  it('is optimal whatever order the participants come in', () => {
    fc.assert(
      fc.property(denseCase, fc.infiniteStream(fc.nat()), (c, stream) => {
        const keys = [...stream.take(c.participants)];
        const order = Array.from({ length: c.participants }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]!);
        expect(solveRows(c, order).totalScaledScore).toBe(solveRows(c).totalScaledScore);
      }),
      { numRuns: 200 },
    );
  });

  it('finds the one free peer far down a long list of taken favourites, and leaves out who cannot gain', () => {
    const pairs: [number, number, number][] = [];
    for (let q = 0; q < 10; q++) pairs.push([0, q, 10], [1 + q, q, 20]);
    pairs.push([0, 10, 1]);
    const result = solveRows({ participants: 12, capacities: new Array<number>(11).fill(1), pairs });
    expect(result.totalScaledScore).toBe(201);
    expect(result.peerOf[0]).toBe(10);
    expect(result.peerOf[11]).toBe(-1);
    expect(result.assignedCount).toBe(11);
  });

  it('scales raw scores, drops pairs that round to 0 or name a full peer, keeps the best of a repeated pair', () => {
    const rows = [[[0, 0.9], [1, 0.8], [1, 0.00001]], [[0, 0.85], [2, 0.99]]];
    const result = solveAssignmentByRows({
      participantCount: 2,
      peerCapacity: [1, 1, 0],
      maxRowLength: 3,
      row: (i, peers, scores) => {
        rows[i]!.forEach(([q, s], a) => {
          peers[a] = q!;
          scores[a] = s!;
        });
        return rows[i]!.length;
      },
    });
    expect(Array.from(result.peerOf)).toEqual([1, 0]);
    expect(result.totalScaledScore).toBe(16_500);
    expect(result.pairCount).toBe(3);
  });

  it('rejects unknown peers, invalid capacities and rows longer than announced', () => {
    const one = (q: number) => (_i: number, peers: Int32Array, scores: Float64Array) => ((peers[0] = q), (scores[0] = 1), 1);
    expect(() => solveAssignmentByRows({ participantCount: 1, peerCapacity: [1], maxRowLength: 1, row: one(3) })).toThrow(RangeError);
    expect(() => solveAssignmentByRows({ participantCount: 1, peerCapacity: [-1], maxRowLength: 1, row: one(0) })).toThrow(RangeError);
    expect(() => solveAssignmentByRows({ participantCount: 1, peerCapacity: [1], maxRowLength: 1, row: () => 2 })).toThrow(RangeError);
  });
});
