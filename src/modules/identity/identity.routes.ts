import { z } from 'zod';
import { ROLES } from '../../core/actor.ts';
import { pageOf, pageQuery } from '../../core/paging.ts';
import { clearSessionCookie, setSessionCookie, userOf } from '../../http/auth.ts';
import { commonErrors, idParam, problemSchema, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { PASSWORD_MAX } from './identity.rules.ts';

const email = z.email().max(320);
const role = z.enum(ROLES);
const password = z.string().min(1).max(PASSWORD_MAX);

const userView = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string().nullable(),
    role,
    active: z.boolean(),
    totpEnabled: z.boolean(),
    createdAt: z.string(),
    lastLoginAt: z.string().nullable(),
  })
  .meta({ id: 'User' });

export const meView = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string().nullable(),
    role,
    totpEnabled: z.boolean(),
    operator: z.boolean().describe('An instance operator signed in with a session: may change the shared directory'),
    organization: z.object({ id: z.uuid(), name: z.string(), timeZone: z.string() }),
    csrfToken: z.string().nullable().describe('Send as X-CSRF-Token on unsafe requests with a cookie session.'),
  })
  .meta({ id: 'Me' });

const loginReply = z.object({ user: userView, csrfToken: z.string() });

export const registerIdentityRoutes = (app: App, { identity, publicUrl }: Services) => {
  app.post('/api/v1/auth/login', {
    schema: {
      tags: ['auth'],
      summary: 'Sign in with email and password (and a TOTP code when enabled)',
      body: z.object({
        email: z.string().min(1).max(320),
        password,
        totp: z.string().max(12).optional(),
        organizationId: z.uuid().optional().describe('Only when the email signs in to several organizations (answered 409 choose-organization)'),
      }),
      response: { 200: loginReply, 401: problemSchema, 409: problemSchema, 429: problemSchema },
    },
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    handler: async (req, reply) => {
      const r = await identity.login(req.body, req.ip);
      setSessionCookie(req, reply, r.sessionToken, r.expiresAt, publicUrl);
      return { user: r.user, csrfToken: r.csrfToken };
    },
  });

  app.post('/api/v1/auth/logout', {
    schema: { tags: ['auth'], summary: 'Sign out (ends the cookie session)', response: { 204: z.null(), 401: problemSchema } },
    handler: async (req, reply) => {
      const actor = userOf(req);
      if (req.sessionId) await identity.logout(actor, req.sessionId);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/v1/setup/status', {
    schema: { tags: ['setup'], summary: 'Whether the first administrator still has to be created', response: { 200: z.object({ needed: z.boolean() }) } },
    handler: async () => ({ needed: await identity.setupNeeded() }),
  });

  app.post('/api/v1/setup', {
    schema: {
      tags: ['setup'],
      summary: 'Create the first organization and administrator with the one-time setup link',
      body: z.object({
        token: z.string().min(1).max(200),
        organizationName: z.string().trim().min(1).max(200),
        email,
        password,
        displayName: z.string().trim().max(200).optional(),
      }),
      response: { 201: loginReply, ...commonErrors },
    },
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    handler: async (req, reply) => {
      const r = await identity.completeSetup(req.body, req.ip);
      setSessionCookie(req, reply, r.sessionToken, r.expiresAt, publicUrl);
      return reply.status(201).send({ user: r.user, csrfToken: r.csrfToken });
    },
  });

  app.get('/api/v1/me', {
    schema: { tags: ['me'], summary: 'The signed-in user', response: { 200: meView, 401: problemSchema } },
    handler: async (req) => ({ ...(await identity.me(userOf(req))), csrfToken: req.csrfToken }),
  });

  app.post('/api/v1/me/password', {
    schema: {
      tags: ['me'],
      summary: 'Change your password (ends your other sessions)',
      body: z.object({ currentPassword: password, newPassword: password }),
      response: { 204: z.null(), ...commonErrors },
    },
    handler: async (req, reply) => {
      await identity.changePassword(userOf(req), req.body, req.sessionId ?? undefined);
      return reply.status(204).send(null);
    },
  });

  app.post('/api/v1/me/totp/setup', {
    schema: {
      tags: ['me'],
      summary: 'Start two-step sign-in: a new TOTP secret to add to an authenticator app',
      response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string() }), ...commonErrors },
    },
    handler: async (req) => identity.totpSetup(userOf(req)),
  });

  const codeBody = z.object({ code: z.string().regex(/^\d{6}$/, 'Enter the 6-digit code') });
  app.post('/api/v1/me/totp/enable', {
    schema: { tags: ['me'], summary: 'Confirm a code and turn two-step sign-in on', body: codeBody, response: { 204: z.null(), ...commonErrors } },
    handler: async (req, reply) => {
      await identity.totpEnable(userOf(req), req.body.code);
      return reply.status(204).send(null);
    },
  });
  app.post('/api/v1/me/totp/disable', {
    schema: { tags: ['me'], summary: 'Turn two-step sign-in off (needs a current code)', body: codeBody, response: { 204: z.null(), ...commonErrors } },
    handler: async (req, reply) => {
      await identity.totpDisable(userOf(req), req.body.code);
      return reply.status(204).send(null);
    },
  });

  const tokenView = z
    .object({ id: z.uuid(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() })
    .meta({ id: 'ApiToken' });
  app.get('/api/v1/me/tokens', {
    schema: { tags: ['me'], summary: 'Your API tokens (names and dates; the secret is shown only when created)', response: { 200: z.object({ items: z.array(tokenView) }), ...commonErrors } },
    handler: async (req) => ({ items: await identity.listMyApiTokens(userOf(req)) }),
  });
  app.post('/api/v1/tokens/:id/revoke', {
    schema: { tags: ['me'], summary: 'Revoke an API token at once (your own, or any of your organization for admins)', params: idParam, response: { 204: z.null(), ...commonErrors } },
    handler: async (req, reply) => {
      await identity.revokeApiToken(userOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/v1/users', {
    schema: {
      tags: ['users'],
      summary: "List the organization's users (admins)",
      querystring: pageQuery.extend({ q: z.string().trim().max(200).optional() }),
      response: { 200: pageOf(userView), ...commonErrors },
    },
    handler: async (req) => identity.listUsers(userOf(req), req.query.q || undefined, req.query),
  });

  app.post('/api/v1/users', {
    schema: {
      tags: ['users'],
      summary: 'Create a user in your organization (admins)',
      body: z.object({ email, displayName: z.string().trim().max(200).optional(), role, password }),
      response: { 201: userView, ...commonErrors },
    },
    handler: async (req, reply) => reply.status(201).send(await identity.createUser(userOf(req), req.body)),
  });

  app.get('/api/v1/users/:id', {
    schema: { tags: ['users'], summary: 'One user (admins)', params: idParam, response: { 200: userView, ...commonErrors } },
    handler: async (req) => identity.getUser(userOf(req), req.params.id),
  });

  app.patch('/api/v1/users/:id', {
    schema: {
      tags: ['users'],
      summary: 'Change role, deactivate or reactivate, rename (admins)',
      params: idParam,
      body: z
        .object({ role: role.optional(), active: z.boolean().optional(), displayName: z.string().trim().max(200).nullable().optional() })
        .refine((b) => Object.keys(b).length > 0, { message: 'Send at least one of role, active, displayName' }),
      response: { 200: userView, ...commonErrors },
    },
    handler: async (req) => identity.updateUser(userOf(req), req.params.id, req.body),
  });
};
