import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { tooManyRequests } from './core/errors.ts';
import { RETRY_AFTER_SECONDS, runAsRequest } from './db/resilience.ts';
import { authenticate } from './http/auth.ts';
import { finishDocument, problemResponse, registerContractNormalizer } from './http/openapi.ts';
import { isApiPath, isPortalOrPublicPath } from './http/paths.ts';
import { problem, sendProblem, toProblem } from './http/problem.ts';
import { clientErrorHandler, frameworkErrors, methodRegistry, sendMethodNotAllowed } from './http/refusals.ts';
import { DOCS_CSP, registerSecurityHeaders } from './http/security-headers.ts';
import { validatorCompiler } from './http/validation.ts';
import type { App } from './http/types.ts';
import { registerAuditRoutes } from './modules/audit/audit.routes.ts';
import { registerBillingRoutes } from './modules/billing/billing.routes.ts';
import { registerCaseloadRoutes } from './modules/caseload/caseload.routes.ts';
import { registerNotesRoutes } from './modules/caseload/notes.routes.ts';
import { registerDashboardRoutes } from './modules/dashboard/dashboard.routes.ts';
import { registerDirectoryRoutes } from './modules/directory/directory.routes.ts';
import { registerFhirRoutes } from './modules/fhir/fhir.routes.ts';
import { registerIdentityRoutes } from './modules/identity/identity.routes.ts';
import { registerMatchingRoutes } from './modules/matching/matching.routes.ts';
import { registerOutcomesRoutes } from './modules/outcomes/outcomes.routes.ts';
import { registerScheduleRoutes } from './modules/outcomes/schedules.routes.ts';
import { registerAssessmentLinkRoutes } from './modules/outcomes/links.routes.ts';
import { registerOutcomeExportRoutes } from './modules/outcomes/exports.routes.ts';
import { registerMandatedReportRoutes } from './modules/caseload/mandated.routes.ts';
import { registerPortalRoutes } from './modules/portal/portal.routes.ts';
import { registerPortalRecordRoutes } from './modules/portal/portal-record.routes.ts';
import { registerPublicRoutes } from './modules/portal/public.routes.ts';
import { registerPeopleRoutes } from './modules/people/people.routes.ts';
import { registerRecordRoutes } from './modules/people/record.routes.ts';
import { registerReferralsRoutes } from './modules/referrals/referrals.routes.ts';
import { registerCertificationRoutes } from './modules/workforce/certification.routes.ts';
import { registerCredentialRoutes } from './modules/workforce/credentials.routes.ts';
import { registerReminderRoutes } from './modules/workforce/reminders.routes.ts';
import { registerWorkforcePeopleRoutes } from './modules/workforce/people.routes.ts';
import { registerRegistryRoutes } from './modules/registry/registry.routes.ts';
import type { Services } from './services.ts';
import { registerFirstView } from './web/first-view.ts';

export const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');

export interface AppOptions {
  services: Services;
  logger?: FastifyServerOptions['logger'];
  trustProxy?: boolean;
  /** Requests per minute per address on the API; the sign-in routes have their own lower limits. */
  rateLimitPerMinute?: number;
  webDist?: string;
  version?: string;
  /** Request lines at `info` (LOG_REQUESTS=true); otherwise at `debug`. */
  logRequests?: boolean;
}

/**
 * A path as logged: without the query string (it can hold search terms about a person), and with
 * a referral receiver's link token masked (the token in /r/<token> and
 * /api/v1/referral-links/<token> is the credential that opens the referral).
 */
export const loggedPath = (url: string) =>
  url.split('?')[0]!.replace(/^(\/r\/|\/a\/|\/api\/v1\/referral-links\/|\/api\/v1\/assessment-links\/)[^/]+/, '$1[token]');

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

/** Files named by their content hash (`assets/x-3fa9c1.js`) never change: cached for a year. */
export const WEB_IMMUTABLE = 'public, max-age=31536000, immutable';
/** The shell and the service worker name the current build: always checked with the server. */
export const WEB_NO_CACHE = 'no-cache';

const setWebCacheHeaders = (reply: { header(name: string, value: string): unknown }, path: string) => {
  reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? WEB_IMMUTABLE : WEB_NO_CACHE);
};

/**
 * One line per request (method, path, status, time), at `debug` unless LOG_REQUESTS=true asks for
 * `info`. Fastify's default wrote two lines per request at `info`, which buried the one-time setup
 * link in seconds (issue 17). Errors keep Fastify's own lines and levels.
 */
class RequestLines extends LogController {
  readonly #level: 'info' | 'debug';
  constructor(level: 'info' | 'debug') {
    super();
    this.#level = level;
  }
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) return super.requestCompleted(error, request, reply);
    request.log[this.#level]({ req: request, res: reply, responseTime: Math.round(reply.elapsedTime) }, 'request');
  }
}

export const buildApp = async (o: AppOptions) => {
  const publicUrl = o.services.publicUrl;
  const https = publicUrl?.startsWith('https:') === true;
  const fastify = Fastify({
    logger: o.logger ?? false,
    trustProxy: o.trustProxy ?? false,
    bodyLimit: 5 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: frameworkErrors(https),
    clientErrorHandler,
    logController: new RequestLines(o.logRequests ? 'info' : 'debug'),
  });
  // Before any route: every route's contract is normalized and its methods are known (405).
  registerContractNormalizer(fastify);
  const allowedMethods = methodRegistry(fastify);
  // Rejects a NUL character in any string of any request, then validates with zod.
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

  // A GET's transactions may run again after a lost database connection (db/resilience.ts).
  app.addHook('onRequest', (req, _reply, done) => runAsRequest(req.method === 'GET' || req.method === 'HEAD', done));

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
        license: { name: 'AGPL-3.0-only', identifier: 'AGPL-3.0-only' },
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
      // The public address when configured; otherwise the origin the document was fetched from.
      servers: [publicUrl ? { url: publicUrl } : { url: '/', description: 'This server' }],
    },
    transform: jsonSchemaTransform,
    transformObject: (doc) => finishDocument(jsonSchemaTransformObject(doc)),
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/v1/docs',
    // The online validator badge would load an image from validator.swagger.io (CSP: self only).
    uiConfig: { validatorUrl: null },
    staticCSP: DOCS_CSP,
  });

  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);
  // Only the API looks at credentials: the web app's files and the health checks need none.
  const auth = authenticate(o.services.identity);
  app.addHook('onRequest', async (req) => {
    // The portal and the public request have credentials of their own, or none (issue 23).
    if (isApiPath(req.url) && !isPortalOrPublicPath(req.url)) await auth(req);
  });
  registerSecurityHeaders(app as unknown as FastifyInstance, { https });

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => fastify.swagger());

  app.get('/healthz', { schema: { tags: ['operations'], summary: 'The process is up', response: { 200: z.object({ status: z.literal('ok') }) } }, config: { rateLimit: false } }, async () => ({ status: 'ok' as const }));
  app.get('/readyz', {
    schema: {
      tags: ['operations'],
      summary: 'The database answers (503 when it does not)',
      response: { 200: z.object({ status: z.literal('ready') }), 503: problemResponse(503) },
    },
    config: { rateLimit: false },
    handler: async (_req, reply) => {
      try {
        await o.services.db.ping();
        return { status: 'ready' as const };
      } catch {
        reply.header('retry-after', String(RETRY_AFTER_SECONDS));
        return sendProblem(reply, problem(503, 'database-unavailable', 'The database does not answer.'));
      }
    },
  });

  registerIdentityRoutes(app, o.services);
  registerAuditRoutes(app, o.services);
  registerPeopleRoutes(app, o.services);
  registerMatchingRoutes(app, o.services);
  registerCaseloadRoutes(app, o.services);
  registerNotesRoutes(app, o.services);
  registerBillingRoutes(app, o.services);
  registerDirectoryRoutes(app, o.services);
  registerReferralsRoutes(app, o.services);
  registerRegistryRoutes(app, o.services);
  registerOutcomesRoutes(app, o.services);
  registerScheduleRoutes(app, o.services);
  registerAssessmentLinkRoutes(app, o.services);
  registerOutcomeExportRoutes(app, o.services);
  registerMandatedReportRoutes(app, o.services);
  registerRecordRoutes(app, o.services);
  registerDashboardRoutes(app, o.services);
  registerFhirRoutes(app, o.services);
  registerPublicRoutes(app, o.services);
  registerPortalRoutes(app, o.services);
  registerPortalRecordRoutes(app, o.services);
  registerCredentialRoutes(app, o.services);
  registerReminderRoutes(app, o.services);
  registerWorkforcePeopleRoutes(app, o.services);
  registerCertificationRoutes(app, o.services);

  const webDist = o.webDist ?? WEB_DIST;
  const hasWeb = existsSync(join(webDist, 'index.html'));
  // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: true,
      index: ['index.html'],
      // The build writes `.br` and `.gz` beside each file (web/precompress.ts): sent as they are,
      // never compressed per request (issue 17: slow connections).
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, path) => setWebCacheHeaders(res, path),
    });
    // A signed-in peer's page arrives with their day in it (issue 17: slow connections).
    registerFirstView(app, o.services, webDist, (reply) => reply.type('text/html').header('cache-control', WEB_NO_CACHE).sendFile('index.html'));
  }

  app.setNotFoundHandler((req, reply) => {
    const isApi = isApiPath(req.url);
    const allowed = isApi ? allowedMethods(req.url) : [];
    // A route of this very method has this path's shape, yet the router found none: a parameter
    // it would not take (longer than its limit). Invalid input like any other, not a 405.
    if (allowed.includes(req.method)) {
      return sendProblem(reply, problem(400, 'validation-failed', 'Check path.', [{ field: 'path', message: 'A path parameter is too long' }]));
    }
    if (allowed.length > 0) return sendMethodNotAllowed(reply, req, allowed);
    // The web app routes in the browser: any other GET for a page answers with the app shell.
    if (!isApi && hasWeb && (req.method === 'GET' || req.method === 'HEAD')) {
      return reply.type('text/html').header('cache-control', WEB_NO_CACHE).sendFile('index.html');
    }
    return sendProblem(reply, problem(404, 'not-found', `No ${req.method} ${req.url.split('?')[0]} here.`));
  });

  return app;
};
