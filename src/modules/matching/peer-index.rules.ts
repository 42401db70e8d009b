/**
 * The matcher's prepared view of an organization's peers (issue 3, speed): built once when the
 * server loads its peers, then read by every ranking and every waitlist batch until the peers or
 * assignments change. Pure: no I/O, no clock.
 *
 * Why: ranking scores every open peer for every request (30,000 of them), and a batch scores
 * every waitlisted participant against every peer (30 million pairs). Reading objects, strings
 * and availability windows per pair was most of that time. Here each peer is a row of typed
 * arrays:
 * - open peers (accepting, below their maximum caseload, not ended) are listed by modality mask,
 *   so a participant who meets only in person never visits phone-only peers;
 * - languages, usable lived-experience codes (`useForMatching` only: private experience never
 *   enters the index), gender, race/ethnicity and specialties become small integer ids; each
 *   request compares the participant with each *distinct* value once (`probe`), so the per-peer
 *   loop compares integers;
 * - availability becomes the peer's merged UTC spans of the reference week, computed once per
 *   week (DST), exactly as `sharedMinutes` computes them per call;
 * - positions are kept in radians with their cosine.
 *
 * Exactness: `scoreAt` repeats `evaluate` of matching.evaluate.rules.ts operation for operation
 * (the same floating-point expressions in the same order), so a ranking or a batch through the
 * index gives the same scores, the same order and the same optimal assignment as the full scan; a
 * property test holds the two paths equal. Reasons are still written by `explainCandidate` for the
 * peers returned only.
 */
export * from './peer-index.build.rules.ts';
export * from './peer-index.probe.rules.ts';
export * from './peer-index.prune.rules.ts';
export * from './peer-index.rank.rules.ts';
