/**
 * Worker thread of the waitlist batch: scores one slice of the waitlist against the peers
 * (matching.batch-rows.ts starts it). Pure computation on the data it is given: no database, no
 * logging, nothing about the people leaves but peer numbers and integer scores.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildPeerIndex, scoreWaitlistRows } from './peer-index.rules.ts';
import type { RowsJob } from './matching.batch-rows.ts';

const job = workerData as RowsJob;
const rows = scoreWaitlistRows(buildPeerIndex(job.peers), job.participants, job.excluded, job.weights, job.context, job.scale);
// The arrays are moved, not copied (they were allocated here as plain ArrayBuffers).
parentPort!.postMessage(rows, [rows.start.buffer as ArrayBuffer, rows.peers.buffer as ArrayBuffer, rows.scores.buffer as ArrayBuffer]);
