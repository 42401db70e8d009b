/**
 * Scores the waitlist batch's rows on several threads (issue 3: 10,000 participants against
 * 3,000 peers in under 10 seconds). Each worker builds the same peer index from the same peers,
 * so its rows are exactly those `scoreWaitlistRows` gives in this thread; the slices are joined
 * in participant order. Small waitlists stay in this thread (starting a worker costs more).
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { MatchContext, MatchWeights, ParticipantForMatching, PeerCandidate } from './matching.rules.ts';
import { scoreWaitlistRows, type PeerIndex, type ScaledRows } from './peer-index.rules.ts';

export interface RowsJob {
  peers: readonly PeerCandidate[];
  participants: readonly ParticipantForMatching[];
  /** Per participant: peers left out (a previous match either side ended). */
  excluded: ReadonlyArray<readonly string[] | undefined>;
  weights: MatchWeights;
  context: Omit<MatchContext, 'prefixBuffer'>;
  scale: number;
}

/** Below this many participants the rows are scored in this thread. */
const PARALLEL_FROM = 2_000;

const runWorker = (job: RowsJob) =>
  new Promise<ScaledRows>((resolve, reject) => {
    const worker = new Worker(new URL('./matching.batch-worker.ts', import.meta.url), { workerData: job });
    let done = false;
    worker.once('message', (rows: ScaledRows) => {
      done = true;
      resolve(rows);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`batch worker stopped (exit code ${code}) before answering`));
    });
  });

/**
 * The rows of every participant of `job`, in order. `threads` forces the number of workers
 * (tests); by default one per CPU, up to 4, for waitlists of PARALLEL_FROM or more.
 */
export async function batchRows(job: RowsJob, index: PeerIndex, threads?: number): Promise<ScaledRows> {
  const n = job.participants.length;
  const k = Math.max(1, Math.min(n, threads ?? (n >= PARALLEL_FROM ? Math.min(4, os.availableParallelism()) : 1)));
  if (k === 1) return scoreWaitlistRows(index, job.participants, job.excluded, job.weights, job.context, job.scale);
  const bounds = Array.from({ length: k + 1 }, (_, j) => Math.round((j * n) / k));
  const parts = await Promise.all(
    bounds.slice(0, k).map((from, j) =>
      runWorker({ ...job, participants: job.participants.slice(from, bounds[j + 1]), excluded: job.excluded.slice(from, bounds[j + 1]) }),
    ),
  );
  const total = parts.reduce((sum, p) => sum + p.peers.length, 0);
  const start = new Int32Array(n + 1);
  const peers = new Int32Array(total);
  const scores = new Int32Array(total);
  let row = 0;
  let at = 0;
  for (const p of parts) {
    for (let r = 1; r < p.start.length; r++) start[row + r] = at + p.start[r]!;
    row += p.start.length - 1;
    peers.set(p.peers, at);
    scores.set(p.scores, at);
    at += p.peers.length;
  }
  return { start, peers, scores };
}
