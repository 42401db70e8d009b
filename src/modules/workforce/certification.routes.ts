import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { userOf } from '../../http/auth.ts';
import { commonErrors, idParam, problemSchema, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { LINK_RATE_LIMIT_PER_MINUTE } from '../referrals/referrals.routes.ts';
import {
  applicantInput,
  applicantSummary,
  applicantView,
  applicantsQuery,
  eligibilityInput,
  pipelineInput,
  pipelineView,
  referenceAnswerInput,
  referenceCreated,
  referenceForm,
  referenceInput,
  stepInput,
} from './certification.schemas.ts';

const tokenParam = z.object({ token: z.string() });
const TOKEN = /^[A-Za-z0-9_-]{40,64}$/;
const checkToken = (token: string) => {
  if (!TOKEN.test(token)) throw new AppError(404, 'link-not-found', 'This link is not valid. Ask the person who sent it for a new one.');
  return token;
};
const linkErrors = { 400: problemSchema, 404: problemSchema, 410: problemSchema, 429: problemSchema } as const;
const stepParams = z.object({ id: z.uuid(), step: z.string().max(40) });
const referenceParams = z.object({ id: z.uuid(), refId: z.uuid() });

export const registerCertificationRoutes = (app: App, { certification, referenceRequests, publicUrl }: Services) => {
  const tags = ['certification'];
  const absolute = (req: FastifyRequest, path: string) => new URL(path, publicUrl ?? `${req.protocol}://${req.host}`).toString();

  app.get('/api/v1/certification/pipelines', {
    schema: { tags, summary: 'Certification pipelines with their steps and eligibility rules as data (each citing its source) and the count of applicants at each step', response: { 200: z.object({ items: z.array(pipelineView) }), ...commonErrors } },
    handler: async (req) => certification.listPipelines(userOf(req)),
  });
  app.post('/api/v1/certification/pipelines', {
    schema: { tags, summary: "Set up a pipeline from a template (mi-cpss, icrc-pr) with the body's own eligibility rules, or from steps of its own (admins; audited)", body: pipelineInput, response: { 201: pipelineView, ...commonErrors } },
    handler: async (req, reply) => reply.status(201).send(await certification.createPipeline(userOf(req), req.body)),
  });
  app.get('/api/v1/certification/pipelines/:id', {
    schema: { tags, summary: 'A pipeline with the count of applicants at each step and the median days each step took', params: idParam, response: { 200: pipelineView, ...commonErrors } },
    handler: async (req) => certification.getPipeline(userOf(req), req.params.id),
  });
  app.get('/api/v1/certification/applicants', {
    schema: {
      tags,
      summary: "One page of a pipeline's applicants (optionally at one step), longest waiting first, with what each is missing (audited)",
      querystring: applicantsQuery,
      response: { 200: z.object({ items: z.array(applicantSummary), nextOffset: z.number().int().nullable() }), ...commonErrors },
    },
    handler: async (req) => certification.listApplicants(userOf(req), req.query),
  });
  app.post('/api/v1/certification/applicants', {
    schema: { tags, summary: 'Add an applicant to a pipeline (audited)', body: applicantInput, response: { 201: applicantView, ...commonErrors } },
    handler: async (req, reply) => reply.status(201).send(await certification.createApplicant(userOf(req), req.body)),
  });
  app.get('/api/v1/certification/me', {
    schema: { tags, summary: "The caller's own applications: every step done and missing, and any eligibility rule that holds them with its source and why (empty when the caller is no applicant; audited)", response: { 200: z.object({ items: z.array(applicantView) }), ...commonErrors } },
    handler: async (req) => certification.mine(userOf(req)),
  });
  app.get('/api/v1/certification/applicants/:id', {
    schema: { tags, summary: 'An applicant: every step (done, missing, days), eligibility findings with the rule and its source, references (staff, or the applicant themselves; audited)', params: idParam, response: { 200: applicantView, ...commonErrors } },
    handler: async (req) => certification.getApplicant(userOf(req), req.params.id),
  });
  app.post('/api/v1/certification/applicants/:id/steps/:step', {
    schema: { tags, summary: 'Record a step: status, hours by domain, a note (done only when nothing is missing; waived with a reason; audited)', params: stepParams, body: stepInput, response: { 200: applicantView, ...commonErrors, 405: problemSchema } },
    handler: async (req) => certification.updateStep(userOf(req), req.params.id, req.params.step, req.body),
  });
  app.post('/api/v1/certification/applicants/:id/eligibility', {
    schema: { tags, summary: "Record whether one of the body's eligibility rules applies, and why (shown to the applicant with the rule and its source; audited)", params: idParam, body: eligibilityInput, response: { 200: applicantView, ...commonErrors } },
    handler: async (req) => certification.recordEligibility(userOf(req), req.params.id, req.body),
  });
  app.post('/api/v1/certification/applicants/:id/references', {
    schema: { tags, summary: 'Ask a referee for a reference by a one-time link (expires in 14 days; the token is shown once; audited)', params: idParam, body: referenceInput, response: { 201: referenceCreated, ...commonErrors } },
    handler: async (req, reply) => {
      const created = await referenceRequests.requestReference(userOf(req), req.params.id, req.body);
      return reply.status(201).send({ ...created, url: absolute(req, created.url) });
    },
  });
  app.post('/api/v1/certification/applicants/:id/references/:refId/revoke', {
    schema: {
      tags,
      summary: 'Withdraw a reference link not yet answered: the link then answers that it was withdrawn (an answered reference stays: 409; audited)',
      params: referenceParams,
      response: { 200: z.object({ id: z.uuid(), state: z.literal('revoked'), revokedAt: z.string() }), ...commonErrors },
    },
    handler: async (req) => referenceRequests.revokeReference(userOf(req), req.params.id, req.params.refId),
  });

  // ---------- the referee's link: no sign-in, the token is the credential ----------
  const linkConfig = { rateLimit: { max: LINK_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' } };
  app.get('/api/v1/reference-requests/:token', {
    config: linkConfig,
    schema: { tags, summary: 'The reference form: who asks about whom (no sign-in; audited)', security: [], params: tokenParam, response: { 200: referenceForm, ...linkErrors } },
    handler: async (req) => referenceRequests.referenceForm(checkToken(req.params.token), req.ip),
  });
  app.post('/api/v1/reference-requests/:token', {
    config: linkConfig,
    schema: { tags, summary: 'Send the reference (the link is then spent; audited)', security: [], params: tokenParam, body: referenceAnswerInput, response: { 200: z.object({ saved: z.literal(true) }), ...linkErrors } },
    handler: async (req) => referenceRequests.answerReference(checkToken(req.params.token), req.body, req.ip),
  });
};
