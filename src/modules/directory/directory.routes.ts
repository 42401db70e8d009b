import { z } from 'zod';
import { badRequest } from '../../core/errors.ts';
import { userOf } from '../../http/auth.ts';
import { commonErrors, idParam, problemSchema, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import {
  categoryMapping,
  categoryMappingInput,
  bedsInput,
  bedsView,
  importQuery,
  importSummary,
  localServiceInput,
  noteInput,
  noteView,
  searchQuery,
  searchResponse,
  serviceDetail,
} from './directory.schemas.ts';

/** Requests per minute per address on the public HSDS API (its own limit, lower than the API's). */
export const HSDS_RATE_LIMIT_PER_MINUTE = 600;

const hsdsObject = z.record(z.string(), z.unknown());
const hsdsPageSchema = z.object({
  total_items: z.number().int(),
  total_pages: z.number().int(),
  page_number: z.number().int(),
  size: z.number().int(),
  first_page: z.boolean(),
  last_page: z.boolean(),
  empty: z.boolean(),
  contents: z.array(hsdsObject),
});
const hsdsPaging = {
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(200).default(50),
};
const hsdsServiceFilters = z.object({
  search: z.string().trim().max(200).optional(),
  taxonomy_term_id: z.uuid().optional(),
  taxonomy_id: z.uuid().optional(),
  organization_id: z.uuid().optional(),
  modified_after: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  postcode: z.string().trim().max(20).optional(),
  proximity: z.coerce.number().positive().max(500_000).optional().describe('meters from the centroid of postcode'),
  ...hsdsPaging,
});
const hsdsErrors = { 400: problemSchema, 404: problemSchema, 429: problemSchema } as const;

const toFilter = (q: z.infer<typeof hsdsServiceFilters>) => ({
  search: q.search || undefined,
  taxonomyTermId: q.taxonomy_term_id,
  taxonomyId: q.taxonomy_id,
  organizationId: q.organization_id,
  modifiedAfter: q.modified_after ? new Date(q.modified_after) : undefined,
  postcode: q.postcode || undefined,
  proximityMeters: q.proximity,
});

/** The JSON body of an import: HSDS 3.0 JSON (object, array or Page), or `{ files: { name: text } }`. */
const importBody = z.union([z.object({ files: z.record(z.string(), z.string()) }).strict(), z.record(z.string(), z.unknown()), z.array(z.unknown())]);

export const registerDirectoryRoutes = (app: App, { directory }: Services) => {
  // ---------- public HSDS API: no sign-in, read-only, rate limited on its own ----------
  const hsdsConfig = { rateLimit: { max: HSDS_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' } };
  const tags = ['hsds'];

  app.get('/api/hsds', {
    config: hsdsConfig,
    schema: {
      tags,
      summary: 'HSDS API: version and profile (public)',
      security: [],
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
    config: hsdsConfig,
    schema: { tags, summary: 'HSDS services, paged; filters combine with AND (public)', security: [], querystring: hsdsServiceFilters, response: { 200: hsdsPageSchema, ...hsdsErrors } },
    handler: async (req) => directory.hsds.services(toFilter(req.query), req.query.page, req.query.per_page),
  });
  app.get('/api/hsds/services/:id', {
    config: hsdsConfig,
    schema: { tags, summary: 'One compiled HSDS service (public)', security: [], params: idParam, response: { 200: hsdsObject, ...hsdsErrors } },
    handler: async (req) => directory.hsds.service(req.params.id),
  });
  app.get('/api/hsds/service_at_locations', {
    config: hsdsConfig,
    schema: { tags, summary: 'HSDS services at locations, paged (public)', security: [], querystring: hsdsServiceFilters, response: { 200: hsdsPageSchema, ...hsdsErrors } },
    handler: async (req) => directory.hsds.serviceAtLocations(toFilter(req.query), req.query.page, req.query.per_page),
  });
  app.get('/api/hsds/organizations', {
    config: hsdsConfig,
    schema: {
      tags,
      summary: 'HSDS organizations, paged (public)',
      security: [],
      querystring: z.object({ search: z.string().trim().max(200).optional(), ...hsdsPaging }),
      response: { 200: hsdsPageSchema, ...hsdsErrors },
    },
    handler: async (req) => directory.hsds.organizations({ search: req.query.search || undefined }, req.query.page, req.query.per_page),
  });
  app.get('/api/hsds/organizations/:id', {
    config: hsdsConfig,
    schema: {
      tags,
      summary: 'One HSDS organization with its nested objects (public)',
      security: [],
      params: idParam,
      querystring: z.object({ full_service: z.enum(['true', 'false']).optional() }),
      response: { 200: hsdsObject, ...hsdsErrors },
    },
    handler: async (req) => directory.hsds.organization(req.params.id, req.query.full_service === 'true'),
  });
  app.get('/api/hsds/taxonomies', {
    config: hsdsConfig,
    schema: {
      tags,
      summary: 'HSDS taxonomies, paged (public)',
      security: [],
      querystring: z.object({ search: z.string().trim().max(200).optional(), ...hsdsPaging }),
      response: { 200: hsdsPageSchema, ...hsdsErrors },
    },
    handler: async (req) => directory.hsds.taxonomies({ search: req.query.search || undefined }, req.query.page, req.query.per_page),
  });
  app.get('/api/hsds/taxonomy_terms', {
    config: hsdsConfig,
    schema: {
      tags,
      summary: 'HSDS taxonomy terms, paged (public)',
      security: [],
      querystring: z.object({
        search: z.string().trim().max(200).optional(),
        taxonomy_id: z.uuid().optional(),
        parent_id: z.uuid().optional(),
        top_only: z.enum(['true', 'false']).optional(),
        ...hsdsPaging,
      }),
      response: { 200: hsdsPageSchema, ...hsdsErrors },
    },
    handler: async (req) =>
      directory.hsds.taxonomyTerms(
        { search: req.query.search || undefined, taxonomyId: req.query.taxonomy_id, parentId: req.query.parent_id, topOnly: req.query.top_only === 'true' },
        req.query.page,
        req.query.per_page,
      ),
  });

  // ---------- staff API ----------
  app.get('/api/v1/directory/search', {
    schema: {
      tags: ['directory'],
      summary: 'Search the directory and your local resources (typo- and accent-tolerant, English and Spanish), by relevance and distance',
      querystring: searchQuery,
      response: { 200: searchResponse, ...commonErrors },
    },
    handler: async (req) => directory.search(userOf(req), req.query),
  });
  app.get('/api/v1/directory/services/:id', {
    schema: { tags: ['directory'], summary: 'One service: phones, locations, open now, freshness, beds, your private note', params: idParam, response: { 200: serviceDetail, ...commonErrors } },
    handler: async (req) => directory.getService(userOf(req), req.params.id),
  });
  app.put('/api/v1/directory/services/:id/beds', {
    schema: {
      tags: ['directory'],
      summary: 'Publish beds available now (admins of the owning organization, or its API tokens)',
      params: idParam,
      body: bedsInput,
      response: { 200: bedsView, ...commonErrors },
    },
    handler: async (req) => directory.putBeds(userOf(req), req.params.id, req.body),
  });
  app.put('/api/v1/directory/services/:id/note', {
    schema: { tags: ['directory'], summary: "Your organization's private note on a service", params: idParam, body: noteInput, response: { 200: noteView, ...commonErrors } },
    handler: async (req) => directory.putNote(userOf(req), req.params.id, req.body.body),
  });
  app.post('/api/v1/directory/local-services', {
    schema: { tags: ['directory'], summary: 'Add a local resource only your organization sees', body: localServiceInput, response: { 201: serviceDetail, ...commonErrors } },
    handler: async (req, reply) => reply.status(201).send(await directory.createLocalService(userOf(req), req.body)),
  });
  app.get('/api/v1/directory/category-map', {
    schema: { tags: ['directory'], summary: 'How feed taxonomy codes (AIRS / 211 LA) map to Peerbridge categories', response: { 200: z.array(categoryMapping), ...commonErrors } },
    handler: async (req) => {
      userOf(req);
      return directory.categoryMap.list();
    },
  });
  app.put('/api/v1/directory/category-map', {
    schema: {
      tags: ['directory'],
      summary: 'Map a taxonomy code (and the codes under it) to a Peerbridge category (instance operators); re-indexes the services that carry it',
      body: categoryMappingInput,
      response: { 200: categoryMapping.extend({ servicesIndexed: z.number().int() }), ...commonErrors },
    },
    handler: async (req) => directory.categoryMap.add(userOf(req), req.body),
  });
  app.post('/api/v1/directory/imports', {
    bodyLimit: 50 * 1024 * 1024,
    schema: {
      tags: ['directory'],
      summary: 'Import HSDS (admins): HSDS 3.0 JSON in the body, or {files: {"services.csv": "...", "datapackage.json": "..."}} for a tabular package; answers the row-by-row report',
      querystring: importQuery,
      body: importBody,
      response: { 200: importSummary, ...commonErrors, 422: problemSchema },
    },
    handler: async (req) => {
      const actor = userOf(req);
      const body = req.body as unknown;
      const opts = { strict: req.query.strict, source: req.query.source };
      if (body && typeof body === 'object' && !Array.isArray(body) && 'files' in body && Object.keys(body).length === 1) {
        const files = (body as { files: Record<string, string> }).files;
        if (Object.keys(files).length === 0) throw badRequest('No files.', [{ field: 'body.files', message: 'Give at least one file' }]);
        return directory.importDirectory(actor, { files }, opts);
      }
      return directory.importDirectory(actor, { json: body }, opts);
    },
  });
};
