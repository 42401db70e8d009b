import type { Actor } from '../../core/actor.ts';
import { badRequest, forbidden } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { PeopleService } from '../people/people.service.ts';
import { createBatchCases } from './matching.batches.ts';
import { createMatchingCommon } from './matching.common.ts';
import { createMatchCases } from './matching.matches.ts';
import { createQualityCases } from './matching.quality.ts';
import * as repo from './matching.repo.ts';
import { validateWeights } from './matching.rules.ts';
import { taxonomyWith, validateExtensions, type Lang, type TaxonomyExtension } from './taxonomy.ts';

// Lived-experience matching (issue 3): this file holds the organization's taxonomy and matching
// settings and wires the use cases together. What they share (the settings as matching reads them,
// the peers kept in memory, a participant as matching reads them) is in matching.common.ts; one
// participant's matches and assigning are in matching.matches.ts, the waitlist and its batches in
// matching.batches.ts, match quality and retention in matching.quality.ts.
export { toCandidate, toParticipantForMatching } from './matching.common.ts';
export type { BatchView } from './matching.batches.ts';

export interface MatchingDeps {
  db: Database;
  audit: AuditService;
  people: PeopleService;
  /** Worker threads for the batch's rows; by default chosen by the waitlist's size (tests force it). */
  batchThreads?: number;
  /** Now (tests fix it): the organization's today ends a retention period by default. */
  clock?: () => Date;
}

export type MatchingService = ReturnType<typeof createMatchingService>;

export const createMatchingService = ({ db, audit, people, batchThreads, clock = () => new Date() }: MatchingDeps) => {
  const common = createMatchingCommon();
  const { orgMatching } = common;
  const matchCases = createMatchCases({ db, audit, people, common });

  const service = {
    /** The lived-experience taxonomy with the organization's own codes. */
    async taxonomy(actor: Actor, lang: Lang) {
      return db.tenant(actor.orgId!, async (tx) => {
        const { extensions } = await orgMatching(tx, actor.orgId!);
        return taxonomyWith(extensions).map((e) => ({ code: e.code, parent: e.parent, label: e.labels[lang], labels: e.labels }));
      });
    },

    // ---------- one participant's matches, and assigning (matching.matches.ts) ----------

    ...matchCases,

    // ---------- the waitlist and its batches (matching.batches.ts) ----------

    ...createBatchCases({ db, audit, common, assign: matchCases.assign, batchThreads, clock }),

    // ---------- match quality and retention (matching.quality.ts) ----------

    ...createQualityCases({ db, audit, people, clock }),

    // ---------- settings ----------

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
