import type { FastifyInstance, RouteOptions } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { isApiPath } from './paths.ts';
import { problemSchema } from './types.ts';

/** A response documented as `application/problem+json` with the shared Problem schema. */
export const problemResponse = (status: number) => ({
  description: STATUS_CODES[status] ?? 'Error',
  content: { 'application/problem+json': { schema: problemSchema } },
});

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A stable operation id from method and path: `GET /api/v1/users/:id` is `getUsersById`. */
export const operationIdOf = (method: string, url: string) => {
  const words = url
    .replace(/^\/api\/v1(\/|$)/, '/')
    .split('/')
    .filter(Boolean)
    .map((seg) => (seg.startsWith(':') ? `by-${seg.slice(1)}` : seg))
    // Words only: `$everything`, `program.pdf` give `Everything`, `ProgramPdf` (operationIds are identifiers).
    .flatMap((seg) => seg.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
};

/**
 * Makes each route's contract say what the server really answers, in one place rather than in
 * every route (docs/conventions.md 5: one contract per endpoint):
 * - every error status is `application/problem+json` with the shared `Problem` schema;
 * - the statuses the edge itself sends are documented where they can happen: 400 (invalid
 *   input, a malformed or NUL-holding body or query), 413 and 415 (bodies), 401 and 403 (any
 *   credentials are checked on every API path; CSRF and roles), 404 (path ids), 429 (rate
 *   limit), 503 (the database does not answer);
 * - every operation has a stable `operationId`.
 * Runs on `onRoute`, before the serializers are compiled and the document is generated.
 */
export const registerContractNormalizer = (app: FastifyInstance) => {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as (Record<string, unknown> & { response?: Record<string, unknown>; hide?: boolean }) | undefined;
    if (!schema || schema.hide) return;
    const methods = [route.method].flat().map((m) => m.toUpperCase());
    if (methods.includes('HEAD') && !methods.includes('GET')) return;
    schema.operationId ??= operationIdOf(methods[0]!, route.url);
    if (!isApiPath(route.url)) return;
    const response: Record<string, unknown> = { ...(schema.response ?? {}) };
    for (const [status, value] of Object.entries(response)) {
      if (Number(status) >= 400 && value === problemSchema) response[status] = problemResponse(Number(status));
    }
    const authenticated = !(Array.isArray(schema.security) && schema.security.length === 0);
    const rateLimited = (route.config as { rateLimit?: unknown } | undefined)?.rateLimit !== false;
    const add = (status: number, when: boolean) => {
      if (when && !(String(status) in response)) response[String(status)] = problemResponse(status);
    };
    const hasBody = methods.some((m) => BODY_METHODS.has(m));
    add(400, hasBody || Boolean(schema.querystring || schema.params || schema.headers));
    add(401, true);
    // A cookie session without its CSRF token is refused (403) on any unsafe method, public or not.
    add(403, authenticated || hasBody);
    add(404, Boolean(schema.params));
    add(413, hasBody);
    add(415, hasBody);
    add(429, rateLimited);
    add(503, true);
    schema.response = response;
  });
};

type Json = unknown;

/** Removes duplicate `required` entries anywhere in a JSON schema tree (zod emits one per refinement). */
const dedupeRequired = (node: Json): void => {
  if (Array.isArray(node)) {
    for (const n of node) dedupeRequired(n);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, Json>;
  if (Array.isArray(obj.required) && obj.required.every((r) => typeof r === 'string')) obj.required = [...new Set(obj.required)];
  for (const v of Object.values(obj)) dedupeRequired(v);
};

/** Every `#/components/schemas/X` a JSON tree refers to. */
const refsIn = (node: Json, out: Set<string>): Set<string> => {
  if (Array.isArray(node)) for (const n of node) refsIn(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as Record<string, Json>)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) out.add(decodeURIComponent(v.slice('#/components/schemas/'.length)));
      else refsIn(v, out);
    }
  }
  return out;
};

/**
 * Drops component schemas no operation reaches. The zod transform registers an input twin
 * (`PayerInput`) of every schema with an id, used or not; Redocly's recommended rules warn on each
 * (`no-unused-components`), and a client generator would emit dead types.
 */
const pruneComponents = (doc: { paths?: unknown; components?: { schemas?: Record<string, Json> } }) => {
  const schemas = doc.components?.schemas;
  if (!schemas) return;
  const reached = refsIn(doc.paths ?? {}, new Set());
  const queue = [...reached];
  while (queue.length > 0) {
    for (const r of refsIn(schemas[queue.pop()!] ?? null, new Set())) {
      if (!reached.has(r)) {
        reached.add(r);
        queue.push(r);
      }
    }
  }
  for (const name of Object.keys(schemas)) if (!reached.has(name)) delete schemas[name];
};

/**
 * Final touches on the generated document: no duplicate `required` entries, no body on a 204
 * (RFC 9110 15.3.5: a 204 has no content), no component schema nothing refers to.
 */
export const finishDocument = <T>(doc: T): T => {
  dedupeRequired(doc);
  const paths = (doc as { paths?: Record<string, Record<string, { responses?: Record<string, { content?: unknown }> }>> }).paths ?? {};
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item)) {
      const noContent = op?.responses?.['204'];
      if (noContent) delete noContent.content;
    }
  }
  pruneComponents(doc as Parameters<typeof pruneComponents>[0]);
  return doc;
};
