import { z } from 'zod';
import { badRequest } from '../../core/errors.ts';
import { userOf } from '../../http/auth.ts';
import { commonErrors, idParam, problemSchema, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { registerHsdsApiRoutes } from './hsds-api.routes.ts';
import {
  categoryCodeParam,
  categoryMapping,
  categoryMappingInput,
  categoryMappingRemoved,
  categoryParam,
  categoryWords,
  categoryWordsInput,
  unmappedCode,
  bedsInput,
  bedsView,
  IMPORT_BODY_LIMIT_BYTES,
  importQuery,
  importRun,
  importRunDetail,
  importRunsQuery,
  importSummary,
  localServiceInput,
  noteInput,
  noteView,
  searchQuery,
  searchResponse,
  serviceDetail,
} from './directory.schemas.ts';

/** The JSON body of an import: HSDS 3.0 JSON (object, array or Page), or `{ files: { name: text } }`. */
const importBody = z.union([z.object({ files: z.record(z.string(), z.string()) }).strict(), z.record(z.string(), z.unknown()), z.array(z.unknown())]);

export const registerDirectoryRoutes = (app: App, { directory }: Services) => {
  // The public HSDS API: no sign-in, read-only, rate limited on its own (hsds-api.routes.ts).
  registerHsdsApiRoutes(app, directory.hsds);

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
  app.get('/api/v1/directory/category-map/unmapped', {
    schema: {
      tags: ['directory'],
      summary: 'The feed codes of imported services that map to no Peerbridge category, most services first (instance operators)',
      response: { 200: z.array(unmappedCode), ...commonErrors },
    },
    handler: async (req) => directory.categoryMap.unmapped(userOf(req)),
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
  app.delete('/api/v1/directory/category-map/:code', {
    schema: {
      tags: ['directory'],
      summary: 'Remove a mapping an operator added (instance operators); re-indexes the services that carried the code. Built-in mappings are changed, not removed (409)',
      params: categoryCodeParam,
      response: { 200: categoryMappingRemoved, ...commonErrors },
    },
    handler: async (req) => directory.categoryMap.remove(userOf(req), req.params.code),
  });
  app.get('/api/v1/directory/category-words', {
    schema: { tags: ['directory'], summary: "The words of each category's need, in English and Spanish and any an operator added, which search finds services by", response: { 200: z.array(categoryWords), ...commonErrors } },
    handler: async (req) => {
      userOf(req);
      return directory.categoryWords.list();
    },
  });
  app.put('/api/v1/directory/category-words', {
    schema: {
      tags: ['directory'],
      summary: "Set the words of a category's need (instance operators); re-indexes the services and local resources of the category",
      body: categoryWordsInput,
      response: { 200: categoryWords.extend({ servicesIndexed: z.number().int(), localEntriesIndexed: z.number().int() }), ...commonErrors },
    },
    handler: async (req) => directory.categoryWords.put(userOf(req), req.body),
  });
  app.delete('/api/v1/directory/category-words/:category', {
    schema: {
      tags: ['directory'],
      summary: "Put a need's words back to the ones Peerbridge ships (instance operators); re-indexes the services and local resources of the category",
      params: categoryParam,
      response: { 200: categoryWords.extend({ servicesIndexed: z.number().int(), localEntriesIndexed: z.number().int() }), ...commonErrors },
    },
    handler: async (req) => directory.categoryWords.reset(userOf(req), req.params.category),
  });
  app.get('/api/v1/directory/imports', {
    schema: {
      tags: ['directory'],
      summary: 'The import history (instance operators): the latest runs, newest first, with what each changed and its problem counts',
      querystring: importRunsQuery,
      response: { 200: z.object({ runs: z.array(importRun) }), ...commonErrors },
    },
    handler: async (req) => ({ runs: await directory.importRuns.list(userOf(req), req.query.limit) }),
  });
  app.get('/api/v1/directory/imports/:id', {
    schema: {
      tags: ['directory'],
      summary: 'One import run (instance operators), with its row report when kept (the latest run of its source)',
      params: idParam,
      response: { 200: importRunDetail, ...commonErrors },
    },
    handler: async (req) => directory.importRuns.get(userOf(req), req.params.id),
  });
  app.post('/api/v1/directory/imports', {
    bodyLimit: IMPORT_BODY_LIMIT_BYTES,
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
