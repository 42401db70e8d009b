import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { userOf } from '../../http/auth.ts';
import { commonErrors, idParam, problemSchema, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { LINK_RATE_LIMIT_PER_MINUTE } from '../referrals/referrals.routes.ts';
import { assessmentLinkCreated, assessmentLinkInput, assessmentLinkView, linkIdParams, selfAnswersInput, selfFormView, selfSubmitted } from './links.schemas.ts';

/** Tokens are 32 random bytes in base64url; anything else is not a link (and reveals nothing). */
const tokenParam = z.object({ token: z.string() });
const TOKEN = /^[A-Za-z0-9_-]{40,64}$/;
const checkToken = (token: string) => {
  if (!TOKEN.test(token)) throw new AppError(404, 'link-not-found', 'This link is not valid. Ask the person who sent it for a new one.');
  return token;
};
const linkErrors = { 400: problemSchema, 404: problemSchema, 410: problemSchema, 429: problemSchema } as const;

export const registerAssessmentLinkRoutes = (app: App, { assessmentLinks, publicUrl }: Services) => {
  const tags = ['outcomes'];
  const absolute = (req: FastifyRequest, path: string) => new URL(path, publicUrl ?? `${req.protocol}://${req.host}`).toString();

  app.post('/api/v1/participants/:id/assessment-links', {
    schema: {
      tags,
      summary: 'Issue a one-time self-completion link for one instrument in one language (expires in 7 days; the token is shown once; audited)',
      params: idParam,
      body: assessmentLinkInput,
      response: { 201: assessmentLinkCreated, ...commonErrors },
    },
    handler: async (req, reply) => {
      const created = await assessmentLinks.create(userOf(req), req.params.id, req.body);
      return reply.status(201).send({ ...created, url: absolute(req, created.url) });
    },
  });
  app.get('/api/v1/participants/:id/assessment-links', {
    schema: { tags, summary: "A participant's self-completion links and their state, newest first (audited)", params: idParam, response: { 200: z.object({ items: z.array(assessmentLinkView) }), ...commonErrors } },
    handler: async (req) => assessmentLinks.list(userOf(req), req.params.id),
  });
  app.post('/api/v1/participants/:id/assessment-links/:linkId/revoke', {
    schema: { tags, summary: 'Withdraw a self-completion link that has not been used (audited)', params: linkIdParams, response: { 200: assessmentLinkView, ...commonErrors } },
    handler: async (req) => assessmentLinks.revoke(userOf(req), req.params.id, req.params.linkId),
  });

  // ---------- the participant's link: no sign-in, the token is the credential ----------
  const linkConfig = { rateLimit: { max: LINK_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' } };
  app.get('/api/v1/assessment-links/:token', {
    config: linkConfig,
    schema: {
      tags,
      summary: "The self-completion form: the instrument's questions in the link's language, nothing about the person (no sign-in; audited)",
      security: [],
      params: tokenParam,
      response: { 200: selfFormView, ...linkErrors },
    },
    handler: async (req) => assessmentLinks.form(checkToken(req.params.token), req.ip),
  });
  app.post('/api/v1/assessment-links/:token', {
    config: linkConfig,
    schema: {
      tags,
      summary: 'Send the answers (stored with mode self; the link is then spent; a safety answer opens a same-day follow-up; audited)',
      security: [],
      params: tokenParam,
      body: selfAnswersInput,
      response: { 200: selfSubmitted, ...linkErrors },
    },
    handler: async (req) => assessmentLinks.submit(checkToken(req.params.token), req.body.answers, req.ip),
  });
};
