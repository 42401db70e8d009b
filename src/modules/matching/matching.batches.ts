// The waitlist and its batches (issue 3), split from matching.service.ts: who is waiting for a
// peer, a proposal of peers for all of them at once that makes the total score as large as every
// peer's remaining capacity allows (exact, assignment-rows.rules.ts), and a supervisor accepting
// it, each proposal with its own participant's recorded consent (issue 17). Supervisors and admins
// run it. matching.service.ts offers these use cases; a refused look at the waitlist, proposal or
// acceptance is audited as denied there (audit.refusals).
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { badRequest, conflict, forbidden, isAppError, notFound } from '../../core/errors.ts';
import { offsetOf, type Page, type PageQuery } from '../../core/paging.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { solveAssignmentByCsr } from './assignment-rows.rules.ts';
import { DEFAULT_SCORE_SCALE } from './assignment.rules.ts';
import { batchRows } from './matching.batch-rows.ts';
import { todayIn, toParticipantForMatching, type MatchingCommon, type StoredPreferences } from './matching.common.ts';
import type { MatchCases } from './matching.matches.ts';
import * as repo from './matching.repo.ts';
import type { StoredProposal } from './matching.repo.ts';
import { explainCandidate, prepareParticipant } from './matching.rules.ts';
import { WEEK_MINUTES } from './timezone.ts';
import type { Lang } from './taxonomy.ts';

interface BatchDeps {
  db: Database;
  audit: AuditService;
  common: MatchingCommon;
  /** Accepting a proposal assigns as one participant's match does (matching.matches.ts). */
  assign: MatchCases['assign'];
  /** Worker threads for the batch's rows; by default chosen by the waitlist's size (tests force it). */
  batchThreads?: number;
  /** The service's clock: a batch is dated as the matches it makes are (matching.matches.ts). */
  clock: () => Date;
}

const displayNameOf = (p: repo.ParticipantRow) => p.preferredName || p.givenName;

const requireMatcher = (actor: Actor) => {
  if (actor.kind === 'user' && actor.role !== 'admin' && actor.role !== 'supervisor') throw forbidden('Supervisors and admins run matching.');
};

export interface BatchView {
  id: string | null;
  status: string;
  createdAt: string;
  totalScore: number;
  proposals: StoredProposal[];
  unassigned: Array<{ participantId: string; participantName: string }>;
}

const toBatchView = (b: repo.MatchBatchRow): BatchView => ({
  id: b.id,
  status: b.status,
  createdAt: b.createdAt.toISOString(),
  totalScore: b.totalScore,
  proposals: b.proposals,
  unassigned: b.unassigned,
});

export const createBatchCases = ({ db, audit, common, assign, batchThreads, clock }: BatchDeps) => {
  const { matchingState } = common;

  return {
    async waitlist(actor: Actor, page: PageQuery): Promise<Page<{ participantId: string; displayName: string; languages: string[]; waitingSince: string; requiredExperience: string[] }>> {
      requireMatcher(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        const total = await repo.countWaitlisted(tx);
        const rows = await repo.waitlistedParticipants(tx, page.pageSize, offsetOf(page));
        await audit.record(tx, actor, { action: 'participant.list', entityType: 'participant', details: { ids: rows.map((r) => r.id), list: 'waitlist' } });
        return {
          total,
          page: page.page,
          pageSize: page.pageSize,
          items: rows.map((r) => ({
            participantId: r.id,
            displayName: displayNameOf(r),
            languages: r.languages,
            waitingSince: r.waitingSince.toISOString(),
            requiredExperience: ((r.preferences as StoredPreferences).livedExperience ?? []).filter((w) => w.importance === 'required').map((w) => w.code),
          })),
        };
      });
    },

    /**
     * Proposes peers for the whole waitlist so the total match score is as large as possible
     * within every peer's remaining capacity (exact; see assignment.rules.ts). Stored for a
     * supervisor to accept unless `dryRun`.
     */
    async proposeBatch(actor: Actor, o: { dryRun: boolean; lang: Lang }): Promise<BatchView> {
      requireMatcher(actor);
      const orgId = actor.orgId!;
      const { waiting, index, ended, org } = await db.tenant(orgId, async (tx) => {
        const waiting = await repo.waitlistedParticipants(tx);
        const { org, pool } = await matchingState(tx, orgId);
        return { waiting, index: pool.index, ended: await repo.endedPeerIds(tx, waiting.map((w) => w.id)), org };
      });
      // Open peers (accepting, capacity left) in pool order; `q` numbers them for the solver.
      const open = Array.from(index.open, (at) => index.peers[at]!);
      const asOf = todayIn(org.timeZone);
      const context = { lang: o.lang, audience: 'staff' as const, asOf, extraCodes: org.extensions };
      const participants = waiting.map((w) => toParticipantForMatching(w, org.timeZone));
      // Each participant's row of acceptable peers is scored once, straight into integer arrays
      // (no pair objects), on worker threads for a large waitlist; then solved exactly
      // (assignment-rows.rules.ts).
      const rows = await batchRows(
        { peers: index.peers, participants, excluded: waiting.map((w) => (ended.has(w.id) ? [...ended.get(w.id)!] : undefined)), weights: org.weights, context, scale: DEFAULT_SCORE_SCALE },
        index,
        batchThreads,
      );
      const result = solveAssignmentByCsr({
        participantCount: waiting.length,
        peerCapacity: open.map((c) => c.maxCaseload - c.activeCaseload),
        rowStart: rows.start,
        peers: rows.peers,
        scores: rows.scores,
      });
      const rowContext = { ...context, prefixBuffer: new Int32Array(WEEK_MINUTES + 1) };
      const proposals: StoredProposal[] = [];
      const unassignedIds: string[] = [];
      for (let i = 0; i < waiting.length; i++) {
        const w = waiting[i]!;
        const q = result.peerOf[i]!;
        if (q < 0) {
          unassignedIds.push(w.id);
          continue;
        }
        const peer = open[q]!;
        // Reasons only for the proposed pairs: preparing again (in the same buffer) is cheaper than keeping every participant prepared.
        const explained = explainCandidate(prepareParticipant(participants[i]!, org.weights, rowContext), peer);
        proposals.push({
          participantId: w.id,
          participantName: displayNameOf(w),
          peerId: peer.id,
          peerDisplayName: peer.displayName,
          score: explained.score,
          reasons: explained.reasons,
          decision: null,
          problem: null,
        });
      }
      const byId = new Map(waiting.map((w) => [w.id, w]));
      const proposal = { totalScore: proposals.reduce((sum, p) => sum + p.score, 0), unassigned: unassignedIds };
      const unassigned = proposal.unassigned.map((id) => ({ participantId: id, participantName: displayNameOf(byId.get(id)!) }));
      if (o.dryRun) {
        return { id: null, status: 'dry-run', createdAt: clock().toISOString(), totalScore: proposal.totalScore, proposals, unassigned };
      }
      return db.tenant(orgId, async (tx) => {
        const batch = await repo.insertBatch(tx, {
          id: randomUUID(),
          orgId,
          createdBy: actor.kind === 'user' ? actor.userId : null,
          createdAt: clock(),
          status: 'proposed',
          totalScore: proposal.totalScore,
          proposals,
          unassigned,
        });
        await audit.record(tx, actor, { action: 'match_batch.propose', entityType: 'match_batch', entityId: batch.id, details: { proposals: proposals.length, unassigned: unassigned.length } });
        return toBatchView(batch);
      });
    },

    async listBatches(actor: Actor): Promise<BatchView[]> {
      requireMatcher(actor);
      return db.tenant(actor.orgId!, async (tx) => (await repo.listBatches(tx, 20)).map(toBatchView));
    },

    async getBatch(actor: Actor, id: string): Promise<BatchView> {
      requireMatcher(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        const b = await repo.getBatch(tx, id);
        if (!b) throw notFound('Match batch');
        return toBatchView(b);
      });
    },

    /**
     * Accepts a batch in one step, or the chosen proposals. Each proposal is assigned on its own
     * savepoint: one that no longer fits (the peer filled up, the participant was matched
     * meanwhile) is marked failed with the reason and the rest go through.
     */
    async acceptBatch(
      actor: Actor,
      id: string,
      input: { participantIds?: string[] | undefined; consents: Array<{ participantId: string; given: boolean; method: 'verbal' | 'written' | 'electronic' }> },
    ): Promise<BatchView> {
      requireMatcher(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        const batch = await repo.lockBatch(tx, id);
        if (!batch) throw notFound('Match batch');
        if (batch.status !== 'proposed' && batch.status !== 'partly-accepted') throw conflict('batch-decided', 'This batch was already decided.');
        const inBatch = new Set(batch.proposals.map((p) => p.participantId));
        const unknown = [...(input.participantIds ?? []), ...input.consents.map((c) => c.participantId)].filter((pid) => !inBatch.has(pid));
        if (unknown.length) throw badRequest('Some participants are not in this batch.', unknown.map((u) => ({ field: 'body.participantIds', message: `${u} is not proposed in this batch` })));
        // Consent is per person (issue 17; DOMAIN.md: a match needs the participant's agreement):
        // one checkbox for a whole batch recorded an agreement nobody gave. Each proposal accepted
        // carries its own participant's recorded consent; "all" means all of those who agreed.
        const consentOf = new Map(input.consents.filter((c) => c.given).map((c) => [c.participantId, { given: true, method: c.method }] as const));
        const pending = batch.proposals.filter((p) => p.decision === null);
        const wanted = new Set(input.participantIds ?? pending.filter((p) => consentOf.has(p.participantId)).map((p) => p.participantId));
        const withoutConsent = pending.map((p) => p.participantId).filter((pid) => wanted.has(pid) && !consentOf.has(pid));
        if (withoutConsent.length > 0) {
          throw badRequest(
            'A proposal is accepted only with its participant’s recorded consent.',
            withoutConsent.map((pid) => ({ field: 'body.consents', message: `No recorded consent for participant ${pid}: record their agreement to the proposed peer first` })),
          );
        }
        if (wanted.size === 0) {
          throw badRequest('No participant’s consent is recorded: record each agreement before accepting.', [{ field: 'body.consents', message: 'Record at least one participant’s agreement' }]);
        }
        const proposals: StoredProposal[] = [];
        for (const p of batch.proposals) {
          if (p.decision !== null || !wanted.has(p.participantId)) {
            proposals.push(p);
            continue;
          }
          try {
            await tx.transaction((sp) => assign(actor, p.participantId, { peerId: p.peerId, consent: consentOf.get(p.participantId)! }, sp as unknown as Tx));
            proposals.push({ ...p, decision: 'accepted', problem: null });
          } catch (e) {
            if (!isAppError(e)) throw e;
            proposals.push({ ...p, decision: 'failed', problem: e.detail });
          }
        }
        const allDecided = proposals.every((p) => p.decision !== null);
        const updated = await repo.updateBatch(tx, id, {
          status: allDecided ? 'accepted' : 'partly-accepted',
          proposals,
          decidedAt: clock(),
          decidedBy: actor.kind === 'user' ? actor.userId : null,
        });
        await audit.record(tx, actor, {
          action: 'match_batch.accept',
          entityType: 'match_batch',
          entityId: id,
          details: { accepted: proposals.filter((p) => p.decision === 'accepted').length, failed: proposals.filter((p) => p.decision === 'failed').length },
        });
        return toBatchView(updated);
      });
    },
  };
};
