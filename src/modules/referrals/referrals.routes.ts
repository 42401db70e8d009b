import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { bedsInput } from '../directory/directory.schemas.ts';
import { pageOf } from '../../core/paging.ts';
import { userOf } from '../../http/auth.ts';
import { commonErrors, idParam, problemSchema, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import {
  followUpItem,
  linkReferralView,
  listQuery,
  outcomeInput,
  referralInput,
  referralListItem,
  referralView,
  reportQuery,
  reportView,
  statusInput,
} from './referrals.schemas.ts';
import type { ReferralView } from './referrals.schemas.ts';

/** Link tokens are 32 random bytes in base64url (43 characters); anything else is not a link. */
const tokenParam = z.object({ token: z.string() });
const TOKEN = /^[A-Za-z0-9_-]{40,64}$/;
const checkToken = (token: string) => {
  if (!TOKEN.test(token)) throw new AppError(404, 'link-not-found', 'This referral link is not valid. Ask the sender for a new one.');
  return token;
};

const linkErrors = { 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 410: problemSchema, 429: problemSchema } as const;

/** Requests per minute per address on the link routes: a token cannot be guessed by brute force. */
export const LINK_RATE_LIMIT_PER_MINUTE = 60;

export const registerReferralsRoutes = (app: App, { referrals, publicUrl }: Services) => {
  /** The receiver's page as an absolute URL: the configured public address, else this request's. */
  const absolute = (req: FastifyRequest, view: ReferralView): ReferralView =>
    view.receiverLink ? { ...view, receiverLink: new URL(view.receiverLink, publicUrl ?? `${req.protocol}://${req.host}`).toString() } : view;

  const tags = ['referrals'];

  app.post('/api/v1/referrals', {
    schema: {
      tags,
      summary: "Refer a participant to a service, sharing exactly the items they agreed to (Part 2 items need a Part 2 consent); starts as a draft",
      body: referralInput,
      response: { 201: referralView, ...commonErrors },
    },
    handler: async (req, reply) => reply.status(201).send(await referrals.create(userOf(req), req.body)),
  });
  app.get('/api/v1/referrals', {
    schema: { tags, summary: 'Referrals you may see, newest first (box=inbox: sent to your organization); audited', querystring: listQuery, response: { 200: pageOf(referralListItem), ...commonErrors } },
    handler: async (req) => referrals.list(userOf(req), req.query),
  });
  app.get('/api/v1/referrals/follow-ups', {
    schema: {
      tags,
      summary: "The signed-in user's referral follow-ups, overdue first",
      response: { 200: z.object({ today: z.string(), items: z.array(followUpItem) }), ...commonErrors },
    },
    handler: async (req) => referrals.followUps(userOf(req)),
  });
  app.get('/api/v1/referrals/reports', {
    schema: {
      tags,
      summary: 'Completion rate and median time to acceptance by need, service and organization, for referrals sent in [from, to] (analysts, supervisors, admins)',
      querystring: reportQuery,
      response: { 200: reportView, ...commonErrors },
    },
    handler: async (req) => referrals.report(userOf(req), req.query),
  });
  app.get('/api/v1/referrals/:id', {
    schema: { tags, summary: 'One referral with its timeline (audited)', params: idParam, response: { 200: referralView, ...commonErrors } },
    handler: async (req) => referrals.get(userOf(req), req.params.id),
  });
  app.post('/api/v1/referrals/:id/status', {
    schema: {
      tags,
      summary: 'Move a referral (409 when the move is illegal); sending answers receiverLink',
      params: idParam,
      body: statusInput,
      response: { 200: referralView, ...commonErrors },
    },
    handler: async (req) => absolute(req, await referrals.move(userOf(req), req.params.id, req.body)),
  });
  app.post('/api/v1/referrals/:id/link', {
    schema: { tags, summary: 'Issue a new receiver link (the previous one stops working); answers receiverLink', params: idParam, response: { 200: referralView, ...commonErrors } },
    handler: async (req) => absolute(req, await referrals.newLink(userOf(req), req.params.id)),
  });
  app.post('/api/v1/referrals/:id/link/revoke', {
    schema: { tags, summary: "Revoke the receiver's link", params: idParam, response: { 200: referralView, ...commonErrors } },
    handler: async (req) => referrals.revokeLink(userOf(req), req.params.id),
  });
  app.post('/api/v1/referrals/:id/part2-consent/revoke', {
    schema: {
      tags,
      summary: "Record the participant's withdrawal of the Part 2 consent: the receiver no longer sees the Part 2 items (42 CFR 2.31)",
      params: idParam,
      response: { 200: referralView, ...commonErrors },
    },
    handler: async (req) => referrals.revokePart2Consent(userOf(req), req.params.id),
  });
  app.post('/api/v1/referrals/:id/outcome', {
    schema: { tags, summary: 'Record the outcome with the participant once the referral has closed', params: idParam, body: outcomeInput, response: { 200: referralView, ...commonErrors } },
    handler: async (req) => referrals.recordOutcome(userOf(req), req.params.id, req.body),
  });

  // ---------- the receiver's link: no sign-in, the token is the credential ----------
  const linkConfig = { rateLimit: { max: LINK_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' } };
  /**
   * Every use of a link is audited, a body that does not validate too: the routes with a body
   * take the validation error (attachValidation), record the refused use, then answer it as
   * problem+json as any other route would.
   */
  const refuseInvalid = async (req: FastifyRequest, token: string) => {
    if (!req.validationError) return;
    await referrals.linkRefused(token, 'validation-failed', req.ip);
    throw req.validationError;
  };
  app.get('/api/v1/referral-links/:token', {
    config: linkConfig,
    schema: {
      tags,
      summary: 'The receiving organization sees what was shared (no sign-in; opening it marks the referral received; audited)',
      security: [],
      params: tokenParam,
      response: { 200: linkReferralView, ...linkErrors },
    },
    handler: async (req) => referrals.linkView(checkToken(req.params.token), req.ip),
  });
  app.post('/api/v1/referral-links/:token/status', {
    config: linkConfig,
    schema: {
      tags,
      summary: "The receiving organization's answer: received, accepted, declined (reason), in-progress, completed, not-completed (reason)",
      security: [],
      params: tokenParam,
      body: statusInput,
      response: { 200: linkReferralView, ...linkErrors },
    },
    attachValidation: true,
    handler: async (req) => {
      const token = checkToken(req.params.token);
      await refuseInvalid(req, token);
      return referrals.linkMove(token, req.body, req.ip);
    },
  });
  app.put('/api/v1/referral-links/:token/beds', {
    config: linkConfig,
    schema: {
      tags,
      summary: 'A receiving peer respite, shelter or detox publishes its beds available now (409 when the service keeps no beds)',
      security: [],
      params: tokenParam,
      body: bedsInput,
      response: { 200: linkReferralView, ...linkErrors },
    },
    attachValidation: true,
    handler: async (req) => {
      const token = checkToken(req.params.token);
      await refuseInvalid(req, token);
      return referrals.linkBeds(token, req.body, req.ip);
    },
  });
};
