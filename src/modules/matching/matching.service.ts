import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { badRequest, conflict, forbidden, isAppError, notFound } from '../../core/errors.ts';
import { offsetOf, type Page, type PageQuery } from '../../core/paging.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { AssignmentView } from '../people/people.schemas.ts';
import type { PeopleService } from '../people/people.service.ts';
import { solveAssignmentByCsr } from './assignment-rows.rules.ts';
import { DEFAULT_SCORE_SCALE } from './assignment.rules.ts';
import { batchRows } from './matching.batch-rows.ts';
import * as repo from './matching.repo.ts';
import type { StoredProposal } from './matching.repo.ts';
import {
  explainCandidate,
  prepareParticipant,
  resolveWeights,
  scoreMatch,
  validateWeights,
  type MatchWeights,
  type ParticipantForMatching,
  type PeerCandidate,
  type RankedMatch,
} from './matching.rules.ts';
import { buildPeerIndex, rankIndexed, type PeerIndex } from './peer-index.rules.ts';
import { retentionByCriterion } from './retention.rules.ts';
import { WEEK_MINUTES } from './timezone.ts';
import { taxonomyWith, validateExtensions, type Lang, type TaxonomyExtension } from './taxonomy.ts';

export interface MatchingDeps {
  db: Database;
  audit: AuditService;
  people: PeopleService;
  /** Worker threads for the batch's rows; by default chosen by the waitlist's size (tests force it). */
  batchThreads?: number;
}

interface OrgMatching {
  weights: MatchWeights;
  extensions: TaxonomyExtension[];
  timeZone: string;
}

interface CandidateCache {
  version: number;
  candidates: PeerCandidate[];
  /** Typed arrays over the candidates, built once per load (peer-index.rules.ts). */
  index: PeerIndex;
}

/** Today in the organization's zone: the reference week for availability and ages. */
const dayFormats = new Map<string, { format: Intl.DateTimeFormat; minute: number; day: string }>();
const todayIn = (timeZone: string) => {
  // One formatter per zone: creating one costs more than ranking a request's peers. Formatting
  // costs tens of microseconds too, and zones move by whole minutes, so a local date cannot
  // change within one UTC minute: the day is formatted again only when the minute changes.
  const minute = Math.floor(Date.now() / 60_000);
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = { format: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), minute: Number.NaN, day: '' };
    dayFormats.set(timeZone, f);
  }
  if (f.minute !== minute) {
    f.day = f.format.format(new Date(minute * 60_000));
    f.minute = minute;
  }
  return f.day;
};

export const toCandidate = (p: repo.PeerRow, load: number): PeerCandidate => ({
  id: p.id,
  displayName: p.displayName,
  languages: p.languages,
  livedExperience: p.livedExperience,
  specialties: p.specialties,
  genderIdentity: p.genderIdentity,
  raceEthnicity: p.raceEthnicity,
  birthYear: p.birthYear,
  location: p.lat !== null && p.lon !== null ? { lat: p.lat, lon: p.lon, ...(p.postalCode ? { postalCode: p.postalCode } : {}) } : null,
  serviceRadiusKm: p.serviceRadiusKm,
  modalities: p.modalities,
  availability: p.availability,
  timeZone: p.timeZone,
  maxCaseload: p.maxCaseload,
  activeCaseload: load,
  acceptingNew: p.acceptingNew,
  endedWithParticipant: false,
});

type StoredPreferences = {
  livedExperience?: ParticipantForMatching['preferences']['livedExperience'];
  language?: { importance: 'required' | 'preferred' } | null;
  peerGender?: { value: string; importance: 'required' | 'preferred' } | null;
  sameRaceEthnicity?: 'preferred' | null;
  youthPeer?: 'required' | 'preferred' | null;
  modalities?: string[];
  availability?: Array<{ day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'; start: string; end: string }>;
  timeZone?: string;
};

export const toParticipantForMatching = (p: repo.MatchParticipantRow, orgTimeZone: string): ParticipantForMatching => {
  const prefs = p.preferences as StoredPreferences;
  return {
    id: p.id,
    birthDate: p.birthDate,
    languages: p.languages,
    location: p.lat !== null && p.lon !== null ? { lat: p.lat, lon: p.lon } : null,
    raceEthnicity: p.raceEthnicity,
    preferences: {
      livedExperience: prefs.livedExperience ?? [],
      language: prefs.language ?? null,
      peerGender: prefs.peerGender ?? null,
      sameRaceEthnicity: prefs.sameRaceEthnicity ?? null,
      ageGroup: prefs.youthPeer ? 'youth' : null,
      modalities: prefs.modalities ?? [],
      availability: prefs.availability?.length ? { timeZone: prefs.timeZone ?? orgTimeZone, windows: prefs.availability } : null,
    },
  };
};

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

export type MatchingService = ReturnType<typeof createMatchingService>;

export const createMatchingService = ({ db, audit, people, batchThreads }: MatchingDeps) => {
  // Peers are read far more often than they change: each server keeps its organizations' peers in
  // memory and reloads them when the database's matching version (bumped by triggers on peers and
  // assignments) moves, so no server ever ranks stale capacity.
  const caches = new Map<string, CandidateCache>();

  const poolAt = async (tx: Tx, orgId: string, version: number): Promise<CandidateCache> => {
    const cached = caches.get(orgId);
    if (cached && cached.version === version) return cached;
    const rows = await repo.activePeersWithCaseload(tx);
    const candidates = rows.map((r) => toCandidate(r.peer, r.load));
    const pool = { version, candidates, index: buildPeerIndex(candidates) };
    caches.set(orgId, pool);
    return pool;
  };

  const toOrgMatching = (org: { settings: Record<string, unknown> | null; timeZone: string } | undefined): OrgMatching => {
    const settings = org?.settings ?? {};
    return {
      weights: resolveWeights((settings.matchWeights as Partial<MatchWeights>) ?? {}),
      extensions: Array.isArray(settings.livedExperienceExtensions) ? (settings.livedExperienceExtensions as TaxonomyExtension[]) : [],
      timeZone: org?.timeZone ?? 'America/New_York',
    };
  };

  const orgMatching = async (tx: Tx, orgId: string): Promise<OrgMatching> => toOrgMatching(await repo.orgSettings(tx, orgId));

  /** The organization's settings and its peers, with one query when the cached peers are current. */
  const matchingState = async (tx: Tx, orgId: string): Promise<{ org: OrgMatching; pool: CandidateCache }> => {
    const row = await repo.orgSettingsWithVersion(tx, orgId);
    return { org: toOrgMatching(row), pool: await poolAt(tx, orgId, row?.version ?? 0) };
  };

  /**
   * Assigns, recording the score and reasons of the pair at that moment (for retention by
   * criterion). A supervisor may assign against a soft or hard preference; capacity is the one
   * rule that holds (409 when full).
   */
  const assign = async (
    actor: Actor,
    participantId: string,
    input: { peerId: string; consent: { given: boolean; method: 'verbal' | 'written' | 'electronic' } },
    within?: Tx,
  ): Promise<AssignmentView> => {
    const explain = async (tx: Tx) => {
      const row = await people.openParticipant(tx, actor, participantId);
      const { org, pool: { index } } = await matchingState(tx, actor.orgId!);
      const at = index.position.get(input.peerId);
      if (at === undefined) return null;
      const peer = index.peers[at]!;
      return scoreMatch(toParticipantForMatching(row, org.timeZone), peer, org.weights, 'en', 'staff', { asOf: todayIn(org.timeZone), extraCodes: org.extensions });
    };
    const explained = await (within ? explain(within) : db.tenant(actor.orgId!, explain));
    return people.assign(actor, participantId, { ...input, matchScore: explained?.score ?? null, matchReasons: explained?.reasons ?? [] }, within);
  };

  const service = {
    /** The lived-experience taxonomy with the organization's own codes. */
    async taxonomy(actor: Actor, lang: Lang) {
      return db.tenant(actor.orgId!, async (tx) => {
        const { extensions } = await orgMatching(tx, actor.orgId!);
        return taxonomyWith(extensions).map((e) => ({ code: e.code, parent: e.parent, label: e.labels[lang], labels: e.labels }));
      });
    },

    /**
     * Ranked peers for one participant, best first, each with the reasons in the caller's language.
     * Peers failing a hard constraint are left out; private experience never counts or shows.
     */
    async matches(actor: Actor, participantId: string, o: { limit: number; lang: Lang }): Promise<RankedMatch[]> {
      if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden();
      return db.tenant(actor.orgId!, async (tx) => {
        // The participant, the settings, the matching version and the ended matches in one query.
        const state = await repo.matchRequestState(tx, actor.orgId!, participantId);
        const row = await people.admitParticipant(tx, actor, participantId, state?.participant ?? undefined);
        const org = toOrgMatching(state);
        const { index } = await poolAt(tx, actor.orgId!, state?.version ?? 0);
        const ended = new Set(state?.ended ?? []);
        // A peer ranking for their own participant reads colleagues' reasons as the participant
        // would (issue 18): matching-only experience counts but is never named, and workload stays
        // with the staff who match.
        const audience = actor.kind === 'user' && actor.role === 'peer' ? 'participant' : 'staff';
        const ranked = rankIndexed(
          toParticipantForMatching(row, org.timeZone),
          index,
          org.weights,
          { limit: o.limit, lang: o.lang, audience, asOf: todayIn(org.timeZone), extraCodes: org.extensions },
          ended,
        );
        await audit.record(tx, actor, { action: 'participant.matches_read', entityType: 'participant', entityId: participantId, details: { returned: ranked.length } });
        return ranked;
      });
    },

    assign,

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
            waitingSince: r.updatedAt.toISOString(),
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
        return { id: null, status: 'dry-run', createdAt: new Date().toISOString(), totalScore: proposal.totalScore, proposals, unassigned };
      }
      return db.tenant(orgId, async (tx) => {
        const batch = await repo.insertBatch(tx, {
          id: randomUUID(),
          orgId,
          createdBy: actor.kind === 'user' ? actor.userId : null,
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
          decidedAt: new Date(),
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

    /** After the first meetings: the participant's rating and whether they kept meeting. */
    async recordQuality(actor: Actor, assignmentId: string, input: { rating: number; keptMeeting: boolean }) {
      if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden();
      return db.tenant(actor.orgId!, async (tx) => {
        const a = await repo.getAssignment(tx, assignmentId);
        if (!a) throw notFound('Assignment');
        await people.openParticipant(tx, actor, a.participantId);
        const updated = await repo.recordQuality(tx, a.id, input);
        await audit.record(tx, actor, { action: 'assignment.quality', entityType: 'assignment', entityId: a.id, details: { participantId: a.participantId } });
        return { id: updated.id, rating: updated.rating, keptMeeting: updated.keptMeeting, recordedAt: updated.qualityRecordedAt!.toISOString() };
      });
    },

    /** Match retention by criterion over a period: aggregates only, for analysts too. */
    async retention(actor: Actor, range: { from: Date; to: Date }) {
      if (actor.kind === 'user' && actor.role === 'peer') throw forbidden();
      return db.tenant(actor.orgId!, async (tx) => retentionByCriterion(await repo.assignmentsWithQuality(tx, range.from, range.to)));
    },

    async settings(actor: Actor) {
      return db.tenant(actor.orgId!, async (tx) => {
        const org = await orgMatching(tx, actor.orgId!);
        return { weights: Object.fromEntries(Object.entries(org.weights)) as Record<string, number>, livedExperienceExtensions: org.extensions };
      });
    },

    async updateSettings(actor: Actor, input: { weights?: Record<string, unknown> | undefined; livedExperienceExtensions?: TaxonomyExtension[] | undefined }) {
      if (actor.kind === 'user' && actor.role !== 'admin') throw forbidden('Admins change matching settings.');
      const problems = [
        ...validateWeights(input.weights ?? {}).map((p) => ({ field: `body.${p.field}`, message: p.message })),
        ...validateExtensions(input.livedExperienceExtensions ?? []).map((p) => ({ field: `body.livedExperienceExtensions.${p.index}.${p.field}`, message: p.message })),
      ];
      if (problems.length) throw badRequest(`Check ${problems.map((p) => p.field).join(', ')}.`, problems);
      return db.tenant(actor.orgId!, async (tx) => {
        const org = await repo.orgSettings(tx, actor.orgId!);
        const settings = {
          ...(org?.settings ?? {}),
          ...(input.weights ? { matchWeights: input.weights } : {}),
          ...(input.livedExperienceExtensions ? { livedExperienceExtensions: input.livedExperienceExtensions } : {}),
        };
        await repo.saveOrgSettings(tx, actor.orgId!, settings);
        await audit.record(tx, actor, { action: 'matching.settings_change', entityType: 'organization', entityId: actor.orgId!, details: { fields: Object.keys(input) } });
        const resolved = await orgMatching(tx, actor.orgId!);
        return { weights: Object.fromEntries(Object.entries(resolved.weights)) as Record<string, number>, livedExperienceExtensions: resolved.extensions };
      });
    },
  };

  // A refused use case on participants (403, or 404 as for an absent one) is audited as denied.
  return audit.refusals(service, {
    matches: (_actor, participantId) => ({ action: 'participant.matches_read', entityType: 'participant', entityId: participantId }),
    // Inside the batch accept's transaction, a proposal that fails is marked failed on the batch.
    assign: (_actor, participantId, input, within) =>
      within ? null : { action: 'assignment.create', entityType: 'participant', entityId: participantId, details: { peerId: input.peerId } },
    waitlist: () => ({ action: 'participant.list', entityType: 'participant', details: { list: 'waitlist' } }),
    proposeBatch: () => ({ action: 'match_batch.propose', entityType: 'match_batch' }),
    acceptBatch: (_actor, id) => ({ action: 'match_batch.accept', entityType: 'match_batch', entityId: id }),
    recordQuality: (_actor, assignmentId) => ({ action: 'assignment.quality', entityType: 'assignment', entityId: assignmentId }),
  });
};

