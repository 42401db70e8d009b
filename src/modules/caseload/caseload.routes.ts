import { z } from 'zod';
import { pageOf, pageQuery } from '../../core/paging.ts';
import { userOf } from '../../http/auth.ts';
import { commonErrors, idParam, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { langOf } from '../billing/billing.service.ts';
import {
  addendumInput,
  caseloadSettings,
  cosignInput,
  encounterDefaults,
  encounterDefaultsQuery,
  encounterInput,
  encounterListQuery,
  encounterPatch,
  encounterView,
  myDayView,
  planHistoryView,
  planInput,
  planView,
  returnInput,
  signInput,
  voidInput,
} from './caseload.schemas.ts';

const lang = (req: { headers: Record<string, string | string[] | undefined> }) => langOf(req.headers['accept-language'] as string | undefined);

export const registerCaseloadRoutes = (app: App, { caseload }: Services) => {
  // ---------- encounters ----------
  app.post('/api/v1/encounters', {
    schema: { tags: ['encounters'], summary: 'Start a session note (a draft) with its billing', body: encounterInput, response: { 201: encounterView, ...commonErrors } },
    handler: async (req, reply) => reply.status(201).send(await caseload.createEncounter(userOf(req), req.body, lang(req))),
  });
  app.get('/api/v1/encounters', {
    schema: {
      tags: ['encounters'],
      summary: 'List session notes you may see (returned notes first, then newest; audited)',
      querystring: encounterListQuery,
      response: { 200: pageOf(encounterView), ...commonErrors },
    },
    handler: async (req) => caseload.listEncounters(userOf(req), req.query, lang(req)),
  });
  app.get('/api/v1/encounters/defaults', {
    schema: {
      tags: ['encounters'],
      summary: "What a new note starts with: now, the peer's last duration/type/modality/place, the participant's active goals, templates",
      querystring: encounterDefaultsQuery,
      response: { 200: encounterDefaults, ...commonErrors },
    },
    handler: async (req) => caseload.encounterDefaults(userOf(req), req.query.participantId, lang(req)),
  });
  app.get('/api/v1/encounters/:id', {
    schema: { tags: ['encounters'], summary: 'One session note with its billing (audited)', params: idParam, response: { 200: encounterView, ...commonErrors } },
    handler: async (req) => caseload.getEncounter(userOf(req), req.params.id, lang(req)),
  });
  app.patch('/api/v1/encounters/:id', {
    schema: { tags: ['encounters'], summary: 'Save a draft as you type (a signed note answers 409)', params: idParam, body: encounterPatch, response: { 200: encounterView, ...commonErrors } },
    handler: async (req) => caseload.updateEncounter(userOf(req), req.params.id, req.body, lang(req)),
  });
  app.delete('/api/v1/encounters/:id', {
    schema: {
      tags: ['encounters'],
      summary: 'Delete an unsigned draft (its author only; a signed note answers 409)',
      params: idParam,
      response: { 204: z.null(), ...commonErrors },
    },
    handler: async (req, reply) => {
      await caseload.deleteDraft(userOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });
  app.post('/api/v1/encounters/:id/sign', {
    schema: {
      tags: ['encounters'],
      summary: 'Sign (attest) the note; it never changes afterwards',
      description:
        'Stores the attestation the signer was shown: `attestation` when sent (the English or the Spanish statement, word for word), else the statement in the Accept-Language.',
      params: idParam,
      body: signInput.nullish(),
      response: { 200: encounterView, ...commonErrors },
    },
    handler: async (req) => caseload.signEncounter(userOf(req), req.params.id, lang(req), req.body ?? {}),
  });
  app.post('/api/v1/encounters/:id/addenda', {
    schema: {
      tags: ['encounters'],
      summary: 'Add a correction that keeps the original (the author answering a returned note sends it back for review)',
      params: idParam,
      body: addendumInput,
      response: { 201: encounterView, ...commonErrors },
    },
    handler: async (req, reply) => reply.status(201).send(await caseload.addAddendum(userOf(req), req.params.id, req.body, lang(req))),
  });
  app.post('/api/v1/encounters/:id/cosign', {
    schema: { tags: ['review'], summary: "Co-sign a peer's signed note (supervisors, admins)", params: idParam, body: cosignInput.nullish(), response: { 200: encounterView, ...commonErrors } },
    handler: async (req) => caseload.cosignEncounter(userOf(req), req.params.id, req.body ?? {}, lang(req)),
  });
  app.post('/api/v1/encounters/:id/return', {
    schema: { tags: ['review'], summary: 'Return a signed note to the peer with a comment (supervisors, admins)', params: idParam, body: returnInput, response: { 200: encounterView, ...commonErrors } },
    handler: async (req) => caseload.returnEncounter(userOf(req), req.params.id, req.body, lang(req)),
  });
  app.post('/api/v1/encounters/:id/void', {
    schema: {
      tags: ['encounters'],
      summary: 'Void a signed note (never billed), or with resubmit void only its exported claim line so it is sent again',
      params: idParam,
      body: voidInput,
      response: { 200: encounterView, ...commonErrors },
    },
    handler: async (req) => caseload.voidEncounter(userOf(req), req.params.id, req.body, lang(req)),
  });
  app.get('/api/v1/review-queue', {
    schema: { tags: ['review'], summary: 'Signed notes waiting for a co-signature, oldest first', querystring: pageQuery, response: { 200: pageOf(encounterView), ...commonErrors } },
    handler: async (req) => caseload.reviewQueue(userOf(req), req.query, lang(req)),
  });

  // ---------- the peer's day ----------
  app.get('/api/v1/my-day', {
    schema: { tags: ['caseload'], summary: "The peer's day: caseload (overdue follow-ups first), today's contacts, returned notes, drafts", response: { 200: myDayView, ...commonErrors } },
    handler: async (req) => caseload.myDay(userOf(req)),
  });

  // ---------- settings ----------
  app.get('/api/v1/caseload/settings', {
    schema: { tags: ['caseload'], summary: 'Co-signature settings of the organization', response: { 200: caseloadSettings, ...commonErrors } },
    handler: async (req) => caseload.getSettings(userOf(req)),
  });
  app.put('/api/v1/caseload/settings', {
    schema: { tags: ['caseload'], summary: 'Change co-signature settings (admins)', body: caseloadSettings, response: { 200: caseloadSettings, ...commonErrors } },
    handler: async (req) => caseload.putSettings(userOf(req), req.body),
  });

  // ---------- recovery plans ----------
  app.get('/api/v1/participants/:id/plan', {
    schema: { tags: ['plans'], summary: "A participant's recovery plan (version 0 when none yet; audited)", params: idParam, response: { 200: planView, ...commonErrors } },
    handler: async (req) => caseload.getPlan(userOf(req), req.params.id),
  });
  app.put('/api/v1/participants/:id/plan', {
    schema: { tags: ['plans'], summary: 'Replace the recovery plan; every change writes a new version', params: idParam, body: planInput, response: { 200: planView, ...commonErrors } },
    handler: async (req) => caseload.putPlan(userOf(req), req.params.id, req.body),
  });
  app.get('/api/v1/participants/:id/plan/history', {
    schema: { tags: ['plans'], summary: 'Every version of the recovery plan, newest first', params: idParam, response: { 200: planHistoryView, ...commonErrors } },
    handler: async (req) => caseload.planHistory(userOf(req), req.params.id),
  });
};
