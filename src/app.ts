import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { tooManyRequests } from './core/errors.ts';
import { authenticate } from './http/auth.ts';
import { problem, sendProblem, toProblem } from './http/problem.ts';
import type { App } from './http/types.ts';
import { registerAuditRoutes } from './modules/audit/audit.routes.ts';
import { registerBillingRoutes } from './modules/billing/billing.routes.ts';
import { registerCaseloadRoutes } from './modules/caseload/caseload.routes.ts';
import { registerDashboardRoutes } from './modules/dashboard/dashboard.routes.ts';
import { registerDirectoryRoutes } from './modules/directory/directory.routes.ts';
import { registerIdentityRoutes } from './modules/identity/identity.routes.ts';
import { registerMatchingRoutes } from './modules/matching/matching.routes.ts';
import { registerPeopleRoutes } from './modules/people/people.routes.ts';
import { registerRecordRoutes } from './modules/people/record.routes.ts';
import { registerReferralsRoutes } from './modules/referrals/referrals.routes.ts';
import type { Services } from './services.ts';

export const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');

export interface AppOptions {
  services: Services;
  logger?: FastifyServerOptions['logger'];
  trustProxy?: boolean;
  /** Requests per minute per address on the API; the sign-in routes have their own lower limits. */
  rateLimitPerMinute?: number;
  webDist?: string;
  version?: string;
}

/**
 * A path as logged: without the query string (it can hold search terms about a person), and with
 * a referral receiver's link token masked (the token in /r/<token> and
 * /api/v1/referral-links/<token> is the credential that opens the referral).
 */
export const loggedPath = (url: string) => url.split('?')[0]!.replace(/^(\/r\/|\/api\/v1\/referral-links\/)[^/]+/, '$1[token]');

/**
 * Log lines carry method, path (`loggedPath`), status and timing; never bodies, cookies or
 * authorization headers.
 */
export const loggerOptions = (level: string): FastifyServerOptions['logger'] => ({
  level,
  redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], remove: true },
  serializers: {
    req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, path: loggedPath(req.url) }),
    res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
  },
});

export const buildApp = async (o: AppOptions) => {
  const fastify = Fastify({
    logger: o.logger ?? false,
    trustProxy: o.trustProxy ?? false,
    bodyLimit: 5 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  fastify.setValidatorCompiler(validatorCompiler);
  fastify.setSerializerCompiler(serializerCompiler);
  const app = fastify.withTypeProvider<ZodTypeProvider>() as unknown as App;

  // The API speaks JSON only; a text body is refused (415) rather than half-understood.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((err, req, reply) => {
    const p = toProblem(err as Error, req);
    const headers = (err as { headers?: Record<string, string> }).headers;
    if (headers) reply.headers(headers);
    return sendProblem(reply, p);
  });

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: true,
    max: o.rateLimitPerMinute ?? 3000,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, ctx) =>
      tooManyRequests('rate-limited', `Too many requests. Try again in ${Math.ceil(ctx.ttl / 1000)} seconds.`, Math.ceil(ctx.ttl / 1000)),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Peerbridge API',
        version: o.version ?? '0.1.0',
        description:
          'Peer support programs: matching by lived experience, documentation and billing, referrals, outcomes, workforce. ' +
          'Authenticate with a session cookie (browser; send X-CSRF-Token on unsafe methods) or `Authorization: Bearer <token>` ' +
          '(create one with `peerbridge token create`). Errors are application/problem+json.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'pb_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/v1/docs' });

  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);
  // Only the API looks at credentials: the web app's files and the health checks need none.
  const auth = authenticate(o.services.identity);
  app.addHook('onRequest', async (req) => {
    if (req.url.startsWith('/api/')) await auth(req);
  });
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    else if (!req.url.startsWith('/api/v1/docs')) {
      reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
      );
    }
    return payload;
  });

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => fastify.swagger());

  app.get('/healthz', { schema: { tags: ['operations'], summary: 'The process is up', response: { 200: z.object({ status: z.literal('ok') }) } }, config: { rateLimit: false } }, async () => ({ status: 'ok' as const }));
  app.get('/readyz', {
    schema: { tags: ['operations'], summary: 'The database answers (503 when it does not)', response: { 200: z.object({ status: z.literal('ready') }) } },
    config: { rateLimit: false },
    handler: async (_req, reply) => {
      try {
        await o.services.db.ping();
        return { status: 'ready' as const };
      } catch {
        return sendProblem(reply, problem(503, 'database-unavailable', 'The database does not answer.'));
      }
    },
  });

  registerIdentityRoutes(app, o.services);
  registerAuditRoutes(app, o.services);
  registerPeopleRoutes(app, o.services);
  registerMatchingRoutes(app, o.services);
  registerCaseloadRoutes(app, o.services);
  registerBillingRoutes(app, o.services);
  registerDirectoryRoutes(app, o.services);
  registerReferralsRoutes(app, o.services);
  registerRecordRoutes(app, o.services);
  registerDashboardRoutes(app, o.services);

  const webDist = o.webDist ?? WEB_DIST;
  const hasWeb = existsSync(join(webDist, 'index.html'));
  // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, wildcard: true, index: ['index.html'] });

  app.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith('/api/') || req.url === '/api';
    // The web app routes in the browser: any other GET for a page answers with the app shell.
    if (!isApi && hasWeb && (req.method === 'GET' || req.method === 'HEAD')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return sendProblem(reply, problem(404, 'not-found', `No ${req.method} ${req.url.split('?')[0]} here.`));
  });

  return app;
};
