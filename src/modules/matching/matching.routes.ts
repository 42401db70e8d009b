import { z } from 'zod';
import { pageOf, pageQuery } from '../../core/paging.ts';
import { userOf } from '../../http/auth.ts';
import { commonErrors, idParam, langOf, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';

const lang = z.enum(['en', 'es']).optional();
const reason = z.object({ code: z.string(), label: z.string() });
const labels = z.object({ en: z.string(), es: z.string() });

const matchView = z
  .object({
    peer: z.object({ id: z.uuid(), displayName: z.string() }),
    score: z.number().min(0).max(1),
    reasons: z.array(reason),
    unmet: z.array(reason).describe("The person's wishes this peer does not meet (a preferred gender, the first language, an experience asked for…), weightiest first"),
  })
  .meta({ id: 'Match' });

const proposalView = z.object({
  participantId: z.uuid(),
  participantName: z.string(),
  peerId: z.uuid(),
  peerDisplayName: z.string(),
  score: z.number(),
  reasons: z.array(reason),
  decision: z.enum(['accepted', 'failed']).nullable(),
  problem: z.string().nullable(),
});
const batchView = z
  .object({
    id: z.uuid().nullable(),
    status: z.string(),
    createdAt: z.string(),
    totalScore: z.number(),
    proposals: z.array(proposalView),
    unassigned: z.array(z.object({ participantId: z.uuid(), participantName: z.string() })),
  })
  .meta({ id: 'MatchBatch' });
const consent = z.object({ given: z.boolean(), method: z.enum(['verbal', 'written', 'electronic']).default('verbal') });
const weights = z.record(z.string(), z.unknown());
const extension = z.object({ code: z.string().min(1).max(100), labels, shared: labels.optional() });
const retentionRow = z.object({ criterion: z.string(), matches: z.number(), keptMeeting: z.number(), keptMeetingRate: z.number().nullable(), averageRating: z.number().nullable() });

export const registerMatchingRoutes = (app: App, { matching }: Services) => {
  app.get('/api/v1/taxonomies/lived-experience', {
    schema: {
      tags: ['matching'],
      summary: "The lived-experience taxonomy (hierarchical codes, English and Spanish), with the organization's own codes",
      querystring: z.object({ lang }),
      response: { 200: z.object({ items: z.array(z.object({ code: z.string(), parent: z.string().nullable(), label: z.string(), labels })) }), ...commonErrors },
    },
    handler: async (req) => ({ items: await matching.taxonomy(userOf(req), langOf(req)) }),
  });

  app.get('/api/v1/participants/:id/matches', {
    schema: {
      tags: ['matching'],
      summary: 'Ranked peers for a participant, best first, each saying why (audited)',
      params: idParam,
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(10), lang }),
      response: { 200: z.object({ matches: z.array(matchView) }), ...commonErrors },
    },
    handler: async (req) => ({ matches: await matching.matches(userOf(req), req.params.id, { limit: req.query.limit, lang: langOf(req) }) }),
  });

  app.get('/api/v1/waitlist', {
    schema: {
      tags: ['matching'],
      summary: 'Participants waiting for a peer, longest waiting first',
      querystring: pageQuery,
      response: {
        200: pageOf(z.object({ participantId: z.uuid(), displayName: z.string(), languages: z.array(z.string()), waitingSince: z.string(), requiredExperience: z.array(z.string()) })),
        ...commonErrors,
      },
    },
    handler: async (req) => matching.waitlist(userOf(req), req.query),
  });

  app.post('/api/v1/match-batches', {
    schema: {
      tags: ['matching'],
      summary: 'Propose peers for the whole waitlist: the largest total match score within every capacity (exact)',
      body: z.object({ dryRun: z.boolean().default(false) }).default({ dryRun: false }),
      querystring: z.object({ lang }),
      response: { 200: batchView, 201: batchView, ...commonErrors },
    },
    handler: async (req, reply) => {
      const batch = await matching.proposeBatch(userOf(req), { dryRun: req.body.dryRun, lang: langOf(req) });
      return reply.status(batch.id ? 201 : 200).send(batch);
    },
  });
  app.get('/api/v1/match-batches', {
    schema: { tags: ['matching'], summary: 'Recent batch proposals', response: { 200: z.object({ items: z.array(batchView) }), ...commonErrors } },
    handler: async (req) => ({ items: await matching.listBatches(userOf(req)) }),
  });
  app.get('/api/v1/match-batches/:id', {
    schema: { tags: ['matching'], summary: 'One batch proposal', params: idParam, response: { 200: batchView, ...commonErrors } },
    handler: async (req) => matching.getBatch(userOf(req), req.params.id),
  });
  app.post('/api/v1/match-batches/:id/accept', {
    schema: {
      tags: ['matching'],
      summary:
        "Accept the listed participants' proposals, or (no list) every pending proposal whose participant's consent is recorded; a proposal without its participant's consent is refused (400 naming the participant), one that no longer fits is marked failed",
      params: idParam,
      body: z.object({
        participantIds: z.array(z.uuid()).min(1).optional(),
        consents: z
          .array(consent.extend({ participantId: z.uuid() }))
          .max(10_000)
          .describe('Consent is per person (issue 17): each participant\'s agreement to the peer proposed to them, recorded one by one'),
      }),
      response: { 200: batchView, ...commonErrors },
    },
    handler: async (req) => matching.acceptBatch(userOf(req), req.params.id, req.body),
  });

  app.post('/api/v1/assignments/:id/quality', {
    schema: {
      tags: ['matching'],
      summary: "After the first meetings: the participant's rating and whether they kept meeting",
      params: idParam,
      body: z.object({ rating: z.number().int().min(1).max(5), keptMeeting: z.boolean() }),
      response: { 200: z.object({ id: z.uuid(), rating: z.number().nullable(), keptMeeting: z.boolean().nullable(), recordedAt: z.string() }), ...commonErrors },
    },
    handler: async (req) => matching.recordQuality(userOf(req), req.params.id, req.body),
  });

  app.get('/api/v1/matching/retention', {
    schema: {
      tags: ['matching'],
      summary: 'Match retention by criterion (aggregates)',
      querystring: z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() }),
      response: { 200: z.object({ overall: retentionRow, byCriterion: z.array(retentionRow) }), ...commonErrors },
    },
    handler: async (req) => matching.retention(userOf(req), { from: req.query.from, to: req.query.to }),
  });

  const settingsView = z.object({ weights: z.record(z.string(), z.number()), livedExperienceExtensions: z.array(extension) });
  app.get('/api/v1/matching/settings', {
    schema: { tags: ['matching'], summary: "The organization's match weights and taxonomy extensions", response: { 200: settingsView, ...commonErrors } },
    handler: async (req) => matching.settings(userOf(req)),
  });
  app.put('/api/v1/matching/settings', {
    schema: {
      tags: ['matching'],
      summary: 'Change match weights (only their ratios matter) and the organization’s own lived-experience codes (admins)',
      body: z.object({ weights: weights.optional(), livedExperienceExtensions: z.array(extension).max(200).optional() }),
      response: { 200: settingsView, ...commonErrors },
    },
    handler: async (req) => matching.updateSettings(userOf(req), req.body),
  });
};
