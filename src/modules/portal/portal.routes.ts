import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ParticipantActor } from '../../core/actor.ts';
import { safeEqual } from '../../core/crypto.ts';
import { AppError, unauthorized } from '../../core/errors.ts';
import { userOf } from '../../http/auth.ts';
import { problemResponse } from '../../http/openapi.ts';
import { commonErrors, idParam, langOf, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import {
  accessLogView,
  bioInput,
  bioView,
  checkinsView,
  consentsView,
  intakeInput,
  intakeView,
  invitationView,
  langQuery,
  peerRequestQuery,
  peerRequestView,
  portalMeView,
  portalPlanView,
  portalReferralsView,
  portalRequestCreated,
  portalRequestsQuery,
  portalSessionView,
  publicSettingsInput,
  publicSettingsView,
  requestTextInput,
  revokedView,
  revokeInput,
  signInInput,
  staffPortalRequestView,
} from './portal.schemas.ts';

/** The portal's own cookie: only the portal API ever receives it. */
export const PORTAL_COOKIE = 'pb_portal';
const PORTAL_PATH = '/api/v1/portal';

declare module 'fastify' {
  interface FastifyRequest {
    portal?: { actor: ParticipantActor; sessionId: string; csrfToken: string; expiresAt: Date };
  }
}

const portalErrors = { 400: commonErrors[400], 401: commonErrors[401], 403: commonErrors[403], 404: commonErrors[404], 409: commonErrors[409] } as const;

export const registerPortalRoutes = (app: App, { peerRequests, portal, publicUrl }: Services) => {
  const staffTags = ['intake'];
  const tags = ['portal'];

  /**
   * The participant of the request's portal cookie, or 401. Unsafe methods must echo the
   * session's CSRF token as staff sessions do.
   */
  const participantOf = async (req: FastifyRequest): Promise<ParticipantActor> => {
    if (req.portal) return req.portal.actor;
    const cookie = req.cookies[PORTAL_COOKIE];
    const s = cookie ? await portal.authenticate(cookie, req.ip) : null;
    if (!s) throw unauthorized('portal-signed-out', 'Your visit ended. Open a new link from your peer to come back.');
    if (!['GET', 'HEAD'].includes(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, s.csrfToken)) throw new AppError(403, 'csrf-failed', 'The request is missing its security token. Reload the page and try again.');
    }
    req.portal = s;
    return s.actor;
  };

  const setCookie = (req: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date) =>
    reply.setCookie(PORTAL_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https' || publicUrl?.startsWith('https:') === true, path: PORTAL_PATH, expires: expiresAt });

  // ---------- staff: the intake queue ----------

  app.get('/api/v1/peer-requests', {
    schema: { tags: staffTags, summary: 'Requests from the public find-a-peer page, newest first (supervisors and admins)', querystring: peerRequestQuery, response: { 200: z.object({ items: z.array(peerRequestView) }), ...commonErrors } },
    handler: async (req) => peerRequests.list(userOf(req), req.query.status, langOf(req)),
  });

  app.post('/api/v1/peer-requests/:id/intake', {
    schema: {
      tags: staffTags,
      summary: 'Turn a request into a participant prefilled from it; answers the participant and the top matches',
      params: idParam,
      querystring: langQuery,
      body: intakeInput,
      response: { 201: intakeView, ...commonErrors },
    },
    handler: async (req, reply) => reply.code(201).send(await peerRequests.intake(userOf(req), req.params.id, req.body, langOf(req))),
  });

  app.post('/api/v1/peer-requests/:id/close', {
    schema: { tags: staffTags, summary: 'Close a request without intake (a duplicate, or the person said no)', params: idParam, response: { 204: z.null(), ...commonErrors } },
    handler: async (req, reply) => {
      await peerRequests.close(userOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/organization/public-intake', {
    schema: { tags: staffTags, summary: 'The public page: its address and which questions it asks (admins)', response: { 200: publicSettingsView, ...commonErrors } },
    handler: async (req) => peerRequests.getSettings(userOf(req)),
  });

  app.put('/api/v1/organization/public-intake', {
    schema: { tags: staffTags, summary: 'Set the public page\'s address and questions (admins)', body: publicSettingsInput, response: { 200: publicSettingsView, ...commonErrors } },
    handler: async (req) => peerRequests.putSettings(userOf(req), req.body),
  });

  app.get('/api/v1/peers/me/public-bio', {
    schema: { tags: staffTags, summary: 'My words for the public "our peers" page, and whether I approved them', response: { 200: bioView, ...commonErrors } },
    handler: async (req) => peerRequests.myBio(userOf(req)),
  });

  app.put('/api/v1/peers/me/public-bio', {
    schema: { tags: staffTags, summary: 'Write and approve my public bio (only the peer; a changed text needs approval again)', body: bioInput, response: { 200: bioView, ...commonErrors } },
    handler: async (req) => peerRequests.putMyBio(userOf(req), req.body),
  });

  app.get('/api/v1/portal-requests', {
    schema: { tags: staffTags, summary: 'Corrections (HIPAA right to amend) and plan changes participants asked for in the portal', querystring: portalRequestsQuery, response: { 200: z.object({ items: z.array(staffPortalRequestView) }), ...commonErrors } },
    handler: async (req) => portal.staffRequests(userOf(req), req.query.status),
  });

  app.post('/api/v1/portal-requests/:id/done', {
    schema: { tags: staffTags, summary: 'Mark a participant\'s request as handled', params: idParam, response: { 204: z.null(), ...commonErrors } },
    handler: async (req, reply) => {
      await portal.resolveRequest(userOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/participants/:id/portal-invitations', {
    schema: { tags: staffTags, summary: 'A one-time link to the participant\'s portal (by text, email or QR); a new one replaces any unused one', params: idParam, response: { 201: invitationView, ...commonErrors } },
    handler: async (req, reply) => reply.code(201).send(await portal.invite(userOf(req), req.params.id, publicUrl ?? `${req.protocol}://${req.host}`)),
  });

  // ---------- the participant's portal ----------

  app.post('/api/v1/portal/sessions', {
    schema: {
      tags,
      summary: 'Sign in with a one-time link (410 for any link that does not work, whatever the reason)',
      security: [],
      body: signInInput,
      response: { 201: portalSessionView, 400: commonErrors[400], 410: problemResponse(410), 429: problemResponse(429) },
    },
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    handler: async (req, reply) => {
      const s = await portal.signIn(req.body.token, req.ip);
      setCookie(req, reply, s.sessionToken, s.expiresAt);
      return reply.code(201).send({ csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString() });
    },
  });

  app.delete('/api/v1/portal/session', {
    schema: { tags, summary: 'Sign out of the portal', security: [], response: { 204: z.null(), ...portalErrors } },
    handler: async (req, reply) => {
      const actor = await participantOf(req);
      await portal.signOut(actor, req.portal!.sessionId);
      reply.clearCookie(PORTAL_COOKIE, { path: PORTAL_PATH });
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/portal/me', {
    schema: { tags, summary: 'My peer and how to reach them, my next meetings', security: [], response: { 200: portalMeView, ...portalErrors } },
    handler: async (req) => {
      const actor = await participantOf(req);
      return { ...(await portal.me(actor)), csrfToken: req.portal!.csrfToken, sessionExpiresAt: req.portal!.expiresAt.toISOString() };
    },
  });

  app.get('/api/v1/portal/plan', {
    schema: { tags, summary: 'My recovery plan in my own words, and the changes I suggested', security: [], response: { 200: portalPlanView, ...portalErrors } },
    handler: async (req) => portal.plan(await participantOf(req)),
  });

  app.post('/api/v1/portal/plan/suggestions', {
    schema: { tags, summary: 'Suggest a change to my plan (reaches my peer\'s organization as a task)', security: [], body: requestTextInput, response: { 201: portalRequestCreated, ...portalErrors } },
    handler: async (req, reply) => reply.code(201).send(await portal.ask(await participantOf(req), 'plan-change', req.body.text)),
  });

  app.post('/api/v1/portal/corrections', {
    schema: { tags, summary: 'Ask to correct my record (HIPAA right to amend; answered within 60 days)', security: [], body: requestTextInput, response: { 201: portalRequestCreated, ...portalErrors } },
    handler: async (req, reply) => reply.code(201).send(await portal.ask(await participantOf(req), 'correction', req.body.text)),
  });

  app.get('/api/v1/portal/checkins', {
    schema: { tags, summary: 'My check-ins and scores over time', security: [], response: { 200: checkinsView, ...portalErrors } },
    handler: async (req) => portal.checkins(await participantOf(req)),
  });

  app.get('/api/v1/portal/referrals', {
    schema: { tags, summary: 'Referrals made for me and where they stand', security: [], response: { 200: portalReferralsView, ...portalErrors } },
    handler: async (req) => portal.referrals(await participantOf(req)),
  });

  app.get('/api/v1/portal/access-log', {
    schema: { tags, summary: 'Who opened my record, in plain words', security: [], querystring: langQuery, response: { 200: accessLogView, ...portalErrors } },
    handler: async (req) => portal.accessLog(await participantOf(req), langOf(req)),
  });

  app.get('/api/v1/portal/consents', {
    schema: { tags, summary: 'Every consent I gave, and what taking one back would do', security: [], querystring: langQuery, response: { 200: consentsView, ...portalErrors } },
    handler: async (req) => portal.consents(await participantOf(req), langOf(req)),
  });

  app.post('/api/v1/portal/consents/revoke', {
    schema: { tags, summary: 'Take a consent back (from now on); answers what that does', security: [], querystring: langQuery, body: revokeInput, response: { 200: revokedView, ...portalErrors } },
    handler: async (req) => portal.revoke(await participantOf(req), req.body, langOf(req)),
  });
};
