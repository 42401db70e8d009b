import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Socket } from 'node:net';
import { isApiPath } from './paths.ts';
import { securityHeaders } from './security-headers.ts';
import { problem, sendProblem } from './problem.ts';

/**
 * The path as the router matches it: case-sensitive, duplicate slashes significant, a trailing
 * slash ignored (`ignoreTrailingSlash`).
 */
const routePath = (url: string) => {
  const path = url.split('?')[0] ?? '/';
  return path.length > 1 ? path.replace(/\/$/, '') : path;
};

/**
 * The methods each API path answers, learnt from the routes as they are registered, so a known
 * path asked with another method answers 405 with `Allow` (RFC 9110 15.5.6) instead of a 404 that
 * says the resource does not exist.
 */
export const methodRegistry = (app: FastifyInstance) => {
  const routes: Array<{ pattern: RegExp; methods: Set<string> }> = [];
  app.addHook('onRoute', (route) => {
    if (!isApiPath(route.url)) return;
    // find-my-way syntax: `:name` is one segment, `*` the rest of the path.
    const source = routePath(route.url)
      .split('/')
      .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    const pattern = new RegExp(`^${source}$`);
    const existing = routes.find((r) => r.pattern.source === pattern.source);
    const methods = [route.method].flat().map((m) => m.toUpperCase());
    if (existing) for (const m of methods) existing.methods.add(m);
    else routes.push({ pattern, methods: new Set(methods) });
  });
  /** The methods the path of `url` answers, empty when no route has that path. */
  return (url: string): string[] => {
    const path = routePath(url);
    const allowed = new Set<string>();
    for (const r of routes) if (r.pattern.test(path)) for (const m of r.methods) allowed.add(m);
    return [...allowed].sort();
  };
};

/** 405 problem+json with the methods the path answers. */
export const sendMethodNotAllowed = (reply: FastifyReply, req: FastifyRequest, allowed: string[]) =>
  sendProblem(
    reply.header('allow', allowed.join(', ')),
    problem(405, 'method-not-allowed', `${req.method} is not allowed here; use ${allowed.join(', ')}.`),
  );

/**
 * Errors the router raises before any route runs (a path that is not valid percent-encoding, a
 * path parameter too long): problem+json like every other answer.
 */
export const frameworkErrors =
  (https: boolean): NonNullable<FastifyServerOptions['frameworkErrors']> =>
  (err, req, reply) => {
    // The router refused before any hook: the headers every answer carries are set here.
    reply.headers(securityHeaders(req.url, https));
    if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
      // An id longer than any id we issue is invalid input like any other (400 naming the path),
      // not a 414: the address as a whole is not too long for the server.
      return void sendProblem(reply, problem(400, 'validation-failed', 'Check path.', [{ field: 'path', message: 'A path parameter is too long' }]));
    }
    const malformed = err.code === 'FST_ERR_BAD_URL';
    void sendProblem(
      reply,
      problem(400, malformed ? 'malformed-url' : 'bad-request', malformed ? 'The address is not valid percent-encoding.' : 'The request could not be routed.'),
    );
  };

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a NUL or other control character
 * in a header, a malformed request line, headers too large): answered on the socket as
 * problem+json, then closed.
 */
export const clientErrorHandler = (err: Error & { code?: string }, socket: Socket) => {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy(err);
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify(
    problem(status, status === 431 ? 'headers-too-large' : status === 408 ? 'request-timeout' : 'malformed-request', 'The request is not valid HTTP.'),
  );
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
      'Content-Type: application/problem+json\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
};
