import { Readable } from 'node:stream';
import { z } from 'zod';
import { badRequest } from '../../core/errors.ts';
import { idParam, problemSchema, type App } from '../../http/types.ts';
import type { HsdsApi, HsdsList } from './hsds-api.service.ts';
import { hsdsPageOf } from './directory.schemas.ts';

// The public HSDS 3.0 API (https://docs.openreferral.org/en/3.0/hsds/api_reference.html): every
// path of the official openapi.json, with its documented options (`format=ndjson`, `minimal`).

/** Requests per minute per address on the public HSDS API (its own limit, lower than the API's). */
export const HSDS_RATE_LIMIT_PER_MINUTE = 600;

const NDJSON = 'application/x-ndjson';
/** Services per page with `minimal=true`: the reference asks for all services in one call. */
const MINIMAL_PER_PAGE = 10_000;
const PER_PAGE = 200;

const hsdsObject = z.record(z.string(), z.unknown());
const hsdsPageSchema = hsdsPageOf(hsdsObject);
const boolParam = z.enum(['true', 'false']).optional();
const hsdsPaging = {
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(PER_PAGE).default(50),
  format: z.enum(['json', 'ndjson']).optional().describe('`ndjson`: every result, one JSON object per line, without pages'),
};
const serviceFilters = {
  search: z.string().trim().max(200).optional(),
  taxonomy_term_id: z.uuid().optional(),
  taxonomy_id: z.uuid().optional(),
  organization_id: z.uuid().optional(),
  modified_after: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  postcode: z.string().trim().max(20).optional(),
  proximity: z.coerce.number().positive().max(500_000).optional().describe('meters from the centroid of postcode'),
};
const servicesQuery = z.object({
  ...serviceFilters,
  ...hsdsPaging,
  per_page: z.coerce.number().int().min(1).max(MINIMAL_PER_PAGE).optional().describe(`at most ${PER_PAGE}; ${MINIMAL_PER_PAGE} with minimal=true (default 50, or ${MINIMAL_PER_PAGE})`),
  minimal: boolParam.describe("`true`: each service's id, name, status and last_modified only, up to 10,000 a page"),
});
const hsdsErrors = { 400: problemSchema, 404: problemSchema, 429: problemSchema } as const;

/** A list answers its Page as JSON, or every item as NDJSON with `format=ndjson`. */
const listResponse = {
  200: {
    description: 'A page of results (HSDS Page), or with format=ndjson every result, one JSON object per line',
    content: { 'application/json': { schema: hsdsPageSchema }, [NDJSON]: { schema: z.string().describe('One HSDS object per line (NDJSON)') } },
  },
  ...hsdsErrors,
};

type ServiceQuery = z.infer<z.ZodObject<typeof serviceFilters>>;
const toFilter = (q: ServiceQuery) => ({
  search: q.search || undefined,
  taxonomyTermId: q.taxonomy_term_id,
  taxonomyId: q.taxonomy_id,
  organizationId: q.organization_id,
  modifiedAfter: q.modified_after ? new Date(q.modified_after) : undefined,
  postcode: q.postcode || undefined,
  proximityMeters: q.proximity,
});

interface Reply {
  type(t: string): Reply;
  send(body: unknown): unknown;
}

/**
 * A page, or with `format=ndjson` the whole list streamed. The first slice is read before the
 * answer starts, so a refused filter is still a problem+json 400, not a broken stream.
 */
const answerList = async (
  hsds: HsdsApi,
  reply: Reply,
  list: HsdsList,
  q: { format?: 'json' | 'ndjson' | undefined; page: number; per_page: number },
): Promise<Awaited<ReturnType<HsdsApi['page']>>> => {
  if (q.format !== 'ndjson') return hsds.page(list, q.page, q.per_page);
  const slices = hsds.stream(list);
  const first = await slices.next();
  async function* lines() {
    if (first.done) return;
    yield first.value.map((o) => `${JSON.stringify(o)}\n`).join('');
    for await (const slice of slices) yield slice.map((o) => `${JSON.stringify(o)}\n`).join('');
  }
  // The reply itself: Fastify sends the stream as it is (no serializer for a stream).
  return reply.type(`${NDJSON}; charset=utf-8`).send(Readable.from(lines())) as never;
};

export const registerHsdsApiRoutes = (app: App, hsds: HsdsApi) => {
  const config = { rateLimit: { max: HSDS_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' } };
  const tags = ['hsds'];
  const base = { tags, security: [] };

  app.get('/api/hsds', {
    config,
    schema: {
      ...base,
      summary: 'HSDS API: version and profile (public)',
      response: { 200: z.object({ version: z.string(), profile: z.string(), openapi_url: z.string() }) },
    },
    // The API follows the official HSDS 3.0 OpenAPI description, so openapi_url points at it.
    handler: async () => ({
      version: '3.0',
      profile: 'https://docs.openreferral.org/en/3.0/',
      openapi_url: 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json',
    }),
  });

  app.get('/api/hsds/services', {
    config,
    schema: { ...base, summary: 'HSDS services, paged or as NDJSON; filters combine with AND (public)', querystring: servicesQuery, response: listResponse },
    handler: async (req, reply) => {
      const q = req.query;
      const minimal = q.minimal === 'true';
      if (!minimal && q.per_page !== undefined && q.per_page > PER_PAGE) {
        throw badRequest(`At most ${PER_PAGE} services a page.`, [{ field: 'query.per_page', message: `At most ${PER_PAGE} (${MINIMAL_PER_PAGE} with minimal=true)` }]);
      }
      const perPage = q.per_page ?? (minimal ? MINIMAL_PER_PAGE : 50);
      return answerList(hsds, reply as unknown as Reply, { kind: 'services', filter: toFilter(q), minimal }, { format: q.format, page: q.page, per_page: perPage });
    },
  });
  app.get('/api/hsds/services/:id', {
    config,
    schema: { ...base, summary: 'One compiled HSDS service (public)', params: idParam, response: { 200: hsdsObject, ...hsdsErrors } },
    handler: async (req) => hsds.service(req.params.id),
  });
  app.get('/api/hsds/service_at_locations', {
    config,
    schema: { ...base, summary: 'HSDS services at locations, paged or as NDJSON (public)', querystring: z.object({ ...serviceFilters, ...hsdsPaging }), response: listResponse },
    handler: async (req, reply) => answerList(hsds, reply as unknown as Reply, { kind: 'service_at_locations', filter: toFilter(req.query) }, req.query),
  });
  app.get('/api/hsds/service_at_locations/:id', {
    config,
    schema: { ...base, summary: 'One service at a location with its location, contacts, phones, schedules and service (public)', params: idParam, response: { 200: hsdsObject, ...hsdsErrors } },
    handler: async (req) => hsds.serviceAtLocation(req.params.id),
  });
  app.get('/api/hsds/organizations', {
    config,
    schema: { ...base, summary: 'HSDS organizations, paged or as NDJSON (public)', querystring: z.object({ search: z.string().trim().max(200).optional(), ...hsdsPaging }), response: listResponse },
    handler: async (req, reply) => answerList(hsds, reply as unknown as Reply, { kind: 'organizations', filter: { search: req.query.search || undefined } }, req.query),
  });
  app.get('/api/hsds/organizations/:id', {
    config,
    schema: {
      ...base,
      summary: 'One HSDS organization with its nested objects (public)',
      params: idParam,
      querystring: z.object({ full_service: boolParam }),
      response: { 200: hsdsObject, ...hsdsErrors },
    },
    handler: async (req) => hsds.organization(req.params.id, req.query.full_service === 'true'),
  });
  app.get('/api/hsds/taxonomies', {
    config,
    schema: { ...base, summary: 'HSDS taxonomies, paged or as NDJSON (public)', querystring: z.object({ search: z.string().trim().max(200).optional(), ...hsdsPaging }), response: listResponse },
    handler: async (req, reply) => answerList(hsds, reply as unknown as Reply, { kind: 'taxonomies', filter: { search: req.query.search || undefined } }, req.query),
  });
  app.get('/api/hsds/taxonomies/:id', {
    config,
    schema: { ...base, summary: 'One HSDS taxonomy (public)', params: idParam, response: { 200: hsdsObject, ...hsdsErrors } },
    handler: async (req) => hsds.taxonomy(req.params.id),
  });
  app.get('/api/hsds/taxonomy_terms', {
    config,
    schema: {
      ...base,
      summary: 'HSDS taxonomy terms, paged or as NDJSON (public)',
      querystring: z.object({
        search: z.string().trim().max(200).optional(),
        taxonomy_id: z.uuid().optional(),
        parent_id: z.uuid().optional(),
        top_only: boolParam,
        ...hsdsPaging,
      }),
      response: listResponse,
    },
    handler: async (req, reply) =>
      answerList(
        hsds,
        reply as unknown as Reply,
        { kind: 'taxonomy_terms', filter: { search: req.query.search || undefined, taxonomyId: req.query.taxonomy_id, parentId: req.query.parent_id, topOnly: req.query.top_only === 'true' } },
        req.query,
      ),
  });
  app.get('/api/hsds/taxonomy_terms/:id', {
    config,
    schema: { ...base, summary: 'One HSDS taxonomy term with its taxonomy (public)', params: idParam, response: { 200: hsdsObject, ...hsdsErrors } },
    handler: async (req) => hsds.taxonomyTerm(req.params.id),
  });
};
