import type { FastifyInstance } from 'fastify';
import { isApiPath, isDocsPath } from './paths.ts';

/**
 * The web app: its own scripts and styles only (Mantine writes style attributes, hence
 * 'unsafe-inline' for styles, never for scripts), no framing (clickjacking).
 */
export const WEB_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/**
 * The API reference (Swagger UI, served by @fastify/swagger-ui): its bundle, preset and
 * initializer are files from /api/v1/docs (no inline script), it styles elements through style
 * attributes ('unsafe-inline' for styles only) and draws its icons as data: images. It fetches the
 * document from the same origin. The online validator badge is off (`validatorUrl: null`), so no
 * other origin is needed.
 */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** API answers are data, never a document to render: nothing may load from or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** One year (the preload lists' minimum), subdomains included. */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Headers on every answer, whoever sends it (a route, an error, a 404, a static file):
 * - `Cache-Control: no-store` on everything under /api (participant data must not stay in a
 *   browser's or proxy's cache), including paths a route does not match as written (`/API/…`,
 *   `//api/…`, `/api/…/`) and errors;
 * - a Content-Security-Policy on every answer (pages, the API reference, the API);
 * - HSTS when the public address is https (OWASP ASVS 14.4.5), never on plain http where it would
 *   pin a development host;
 * - nosniff, no referrer, no framing.
 */
export const securityHeaders = (url: string, https: boolean): Record<string, string> => {
  const api = isApiPath(url);
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    ...(https ? { 'strict-transport-security': HSTS } : {}),
    ...(api ? { 'cache-control': 'no-store' } : {}),
    'content-security-policy': isDocsPath(url) ? DOCS_CSP : api ? API_CSP : WEB_CSP,
  };
};

export const registerSecurityHeaders = (app: FastifyInstance, { https }: { https: boolean }) => {
  app.addHook('onSend', async (req, reply, payload) => {
    const headers = securityHeaders(req.url, https);
    // A page that sets its own policy keeps it: the public find-a-peer page (issue 23) has no
    // script and no session, and its embeddable variant may be framed by the agency's site.
    if (!isApiPath(req.url) && reply.hasHeader('content-security-policy')) {
      const { 'content-security-policy': _csp, 'x-frame-options': _xfo, ...rest } = headers;
      reply.headers(rest);
      if (!String(reply.getHeader('content-security-policy')).includes('frame-ancestors *')) reply.header('x-frame-options', 'DENY');
      return payload;
    }
    reply.headers(headers);
    return payload;
  });
};
