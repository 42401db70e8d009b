import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, badRequest } from '../../core/errors.ts';
import { userOf } from '../../http/auth.ts';
import { commonErrors, idParam, langOf, problemSchema, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { careersCsv, headcountCsv, representationCsv, shortageCsv, trendCsv, unmetCsv } from './figures.csv.rules.ts';
import { FatalImportError } from './import.rules.ts';
import {
  acsUpload,
  buildSnapshotInput,
  buildSnapshotResult,
  careersView,
  createRegistryInput,
  csvSnapshotInput,
  fileUpload,
  headcountQuery,
  headcountView,
  importResult,
  jobInput,
  jobProfileInput,
  jobProfileView,
  jobsFeedQuery,
  jobsQuery,
  hsdsJobsPage,
  jobView,
  joinInput,
  monthQuery,
  registryList,
  regionSetInput,
  regionSetQuery,
  regionSetsView,
  registryConsentInput,
  registryConsentView,
  registryParam,
  registryView,
  representationQuery,
  representationView,
  shortageView,
  snapshotInput,
  snapshotResult,
  trendView,
  unmetQuery,
  unmetView,
} from './registry.schemas.ts';

const errors = { ...commonErrors, 422: problemSchema };

/** The bytes of an uploaded file: text as sent, or base64 for files that may not be text. */
export const uploadBytes = (body: { content?: string | undefined; contentBase64?: string | undefined }): Uint8Array => {
  if (body.contentBase64 !== undefined) return Buffer.from(body.contentBase64, 'base64');
  if (body.content !== undefined) return Buffer.from(body.content, 'utf8');
  throw badRequest('Send the file as content (text) or contentBase64.', [{ field: 'body.content', message: 'Required' }]);
};

/** A fatal import problem changes nothing: 422 naming the file. */
export const fatalAsProblem = async <T>(fn: () => Promise<T>): Promise<T & Record<string, unknown>> => {
  try {
    return (await fn()) as T & Record<string, unknown>;
  } catch (e) {
    if (e instanceof FatalImportError) throw new AppError(422, 'import-fatal', e.message, { errors: [{ field: `file:${e.file}`, message: e.message }] });
    throw e;
  }
};

const tags = ['registry'];

/**
 * A figure as JSON, checked against its response schema and serialized once per answer: the
 * figures service hands back the same object for a data version, so the next reader of the county
 * map (3,143 counties) gets the text already written.
 */
const written = new WeakMap<object, string>();
const sendFigure = <S extends z.ZodType>(reply: FastifyReply, schema: S, value: z.input<S> & object) => {
  let text = written.get(value);
  if (text === undefined) {
    text = JSON.stringify(z.encode(schema, value as z.output<S>));
    written.set(value, text);
  }
  return reply.type('application/json; charset=utf-8').send(text);
};

/** CSV when asked by format=csv, or by Accept: text/csv without a format. */
const wantsCsv = (req: FastifyRequest, format: 'json' | 'csv' | undefined) => format === 'csv' || (format === undefined && String(req.headers.accept ?? '').startsWith('text/csv'));
const sendCsv = (reply: FastifyReply, fileName: string, text: string) =>
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`).send(text);
/** A figure's 200 answer: its JSON schema, or the same figures as CSV (documented columns). */
const figureAnswer = (schema: z.ZodType, columns: string) => ({
  description: 'The suppressed figures as JSON, or as CSV with format=csv or Accept: text/csv',
  content: { 'application/json': { schema }, 'text/csv': { schema: z.string().describe(`${columns}; the suppression rule (k, rule version) stated on the first line, "#"; hidden counts read "<11" or "not shown"`) } },
});

export const registerRegistryRoutes = (app: App, { registry, registrySubmit, registryBuild, registryImports, registryFigures, registryRegions, jobs }: Services) => {
  app.get('/api/v1/registries', {
    schema: { tags, summary: 'Registries your organization runs, and those it is a member of', response: { 200: registryList, ...commonErrors } },
    handler: async (req) => registry.list(userOf(req)),
  });
  app.post('/api/v1/registries', {
    schema: { tags, summary: 'Start a workforce registry (admins); member organizations then join it by choice', body: createRegistryInput, response: { 201: z.object({ id: z.string(), name: z.string(), sharedFields: z.array(z.string()) }), ...commonErrors } },
    handler: async (req, reply) => reply.status(201).send(await registry.create(userOf(req), req.body)),
  });
  app.get('/api/v1/registries/:id', {
    schema: { tags, summary: 'A registry: its members (for its admins) and exactly which de-identified fields a member shares', params: registryParam, response: { 200: registryView, ...commonErrors } },
    handler: async (req) => registry.describe(userOf(req), req.params.id),
  });
  app.post('/api/v1/registries/:id/members', {
    schema: {
      tags,
      summary: "Join a registry (your organization's admin, accepting the shared fields); answers the member server's submission token once",
      params: registryParam,
      body: joinInput,
      response: { 201: z.object({ registryId: z.string(), submitToken: z.string(), sharedFields: z.array(z.string()) }), ...commonErrors },
    },
    handler: async (req, reply) => reply.status(201).send(await registry.join(userOf(req), req.params.id, req.body)),
  });
  app.delete('/api/v1/registries/:id/members/me', {
    schema: { tags, summary: 'Leave a registry: your records stop counting in new figures', params: registryParam, response: { 204: z.null(), ...commonErrors } },
    handler: async (req, reply) => {
      await registry.leave(userOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
  app.post('/api/v1/registries/:id/snapshots', {
    bodyLimit: 50 * 1024 * 1024,
    schema: {
      tags,
      summary: "A member's monthly snapshot (its server with X-Registry-Token, or its admin signed in); records checked one by one, the same content twice changes nothing",
      params: registryParam,
      headers: z.object({ 'x-registry-token': z.string().optional() }),
      body: snapshotInput,
      response: { 200: snapshotResult, 201: snapshotResult, ...errors },
    },
    handler: async (req, reply) => {
      const token = req.headers['x-registry-token'];
      const out = token ? await registrySubmit.byToken(token, req.params.id, req.body) : await registrySubmit.byMember(userOf(req), req.params.id, req.body);
      return reply.status(out.unchanged ? 200 : 201).send(out);
    },
  });
  app.post('/api/v1/registries/:id/snapshots/csv', {
    bodyLimit: 80 * 1024 * 1024,
    schema: { tags, summary: "A member admin's snapshot as CSV (the documented columns); wrong headers change nothing", params: registryParam, body: csvSnapshotInput, response: { 200: snapshotResult, 201: snapshotResult, ...errors } },
    handler: async (req, reply) => {
      const out = await fatalAsProblem(() => registrySubmit.csv(userOf(req), req.params.id, req.body.month, req.body.fileName, uploadBytes(req.body)));
      return reply.status(out.unchanged ? 200 : 201).send(out);
    },
  });
  app.post('/api/v1/registries/:id/snapshots/build', {
    schema: {
      tags,
      summary: "Build the month's snapshot from your organization's own peers (their job profiles; demographics only with each peer's registry consent) and send it (member admins)",
      params: registryParam,
      body: buildSnapshotInput,
      response: { 200: buildSnapshotResult, 201: buildSnapshotResult, ...errors },
    },
    handler: async (req, reply) => {
      const out = await registryBuild.build(userOf(req), req.params.id, req.body.month);
      return reply.status(out.unchanged ? 200 : 201).send(out);
    },
  });
  app.get('/api/v1/peers/me/registry-consent', {
    schema: { tags, summary: 'Your own choice to let a workforce registry count your demographics and lived experience (separate from matching, off by default)', response: { 200: registryConsentView, ...commonErrors } },
    handler: async (req) => registryBuild.myConsent(userOf(req)),
  });
  app.put('/api/v1/peers/me/registry-consent', {
    schema: { tags, summary: 'Change your registry consent (only you can)', body: registryConsentInput, response: { 200: registryConsentView, ...commonErrors } },
    handler: async (req) => registryBuild.setMyConsent(userOf(req), req.body),
  });
  app.get('/api/v1/peers/:id/job-profile', {
    schema: { tags, summary: "A peer's job facts for the registry snapshot (admins)", params: idParam, response: { 200: jobProfileView, ...commonErrors } },
    handler: async (req) => registryBuild.jobProfile(userOf(req), req.params.id),
  });
  app.put('/api/v1/peers/:id/job-profile', {
    schema: { tags, summary: "Enter a peer's job facts: role, hours, wage band, benefits, start and end, county of work (admins)", params: idParam, body: jobProfileInput, response: { 200: jobProfileView, ...commonErrors } },
    handler: async (req) => registryBuild.setJobProfile(userOf(req), req.params.id, req.body),
  });
  for (const [kind, body] of [['hpsa', fileUpload], ['roster', fileUpload], ['acs', acsUpload]] as const) {
    app.post(`/api/v1/registries/:id/imports/${kind}`, {
      bodyLimit: 80 * 1024 * 1024,
      schema: {
        tags,
        summary:
          kind === 'hpsa' ? 'Import the HRSA mental health HPSA file (BCD_HPSA_FCT_DET_MH.csv)' : kind === 'acs' ? 'Import a Census ACS 5-year county table (B03002 or C16001)' : 'Import a state certification roster (CSV)',
        params: registryParam,
        body,
        response: { 200: importResult, ...errors },
      },
      handler: async (req) => {
        const b = req.body as z.infer<typeof acsUpload>;
        const actor = userOf(req);
        return fatalAsProblem(() =>
          kind === 'hpsa'
            ? registryImports.hpsa(actor, req.params.id, b.fileName, uploadBytes(b))
            : kind === 'acs'
              ? registryImports.acs(actor, req.params.id, b.fileName, uploadBytes(b), { table: b.table, year: b.year })
              : registryImports.roster(actor, req.params.id, b.fileName, uploadBytes(b)),
        );
      },
    });
  }
  app.get('/api/v1/registries/:id/headcount', {
    schema: {
      tags,
      summary: "Headcount and FTE of a month by county (the map), region, state, credential or role, with a member's own beside the registry's (suppressed); format=csv or Accept: text/csv for CSV",
      params: registryParam,
      querystring: headcountQuery,
      response: { 200: figureAnswer(headcountView, 'code,label,peers,fte[,your_peers]'), ...commonErrors },
    },
    handler: async (req, reply) => {
      const h = await registryFigures.headcount(userOf(req), req.params.id, req.query);
      if (wantsCsv(req, req.query.format)) return sendCsv(reply, `registry-headcount-by-${h.by}-${h.month ?? 'none'}.csv`, headcountCsv(h, h.registryName));
      return sendFigure(reply, headcountView, h);
    },
  });
  app.get('/api/v1/registries/:id/trend', {
    schema: {
      tags,
      summary: 'Three years of monthly headcount and FTE, and turnover over the last year (suppressed); format=csv for CSV',
      params: registryParam,
      querystring: monthQuery,
      response: { 200: figureAnswer(trendView, 'figure,from,to,peers,fte,percent (headcount per month, then turnover)'), ...commonErrors },
    },
    handler: async (req, reply) => {
      const { format, ...q } = req.query;
      const v = await registryFigures.trend(userOf(req), req.params.id, q);
      if (wantsCsv(req, format)) return sendCsv(reply, `registry-trend-${v.month ?? 'none'}.csv`, trendCsv(v, v.registryName));
      return sendFigure(reply, trendView, v);
    },
  });
  app.get('/api/v1/registries/:id/representation', {
    schema: {
      tags,
      summary: 'The workforce against the people served and the county population by race/ethnicity or language: a representation index with its 90% interval; format=csv for CSV',
      params: registryParam,
      querystring: representationQuery,
      response: {
        200: figureAnswer(representationView, 'group,label,peers,workforce_share_percent,served_share_percent,population_share_percent,index,index_90_low,index_90_high'),
        ...commonErrors,
      },
    },
    handler: async (req, reply) => {
      const { format, ...q } = req.query;
      const v = await registryFigures.representation(userOf(req), req.params.id, q);
      if (wantsCsv(req, format)) return sendCsv(reply, `registry-representation-${v.dimension}-${v.county ?? 'all'}-${v.month ?? 'none'}.csv`, representationCsv(v, v.registryName));
      return sendFigure(reply, representationView, v);
    },
  });
  app.get('/api/v1/registries/:id/unmet-matches', {
    schema: {
      tags,
      summary: "Participants' wishes no peer could meet, by county: the hiring gap in plain words; format=csv for CSV",
      params: registryParam,
      querystring: unmetQuery,
      response: { 200: figureAnswer(unmetView, 'county_fips,county,wish,participants_waiting,peers_available,in_words'), ...commonErrors },
    },
    handler: async (req, reply) => {
      const { format, ...q } = req.query;
      const v = await registryFigures.unmetMatches(userOf(req), req.params.id, { ...q, lang: q.lang ?? langOf(req) });
      if (wantsCsv(req, format)) return sendCsv(reply, `registry-unmet-matches-${v.month ?? 'none'}.csv`, unmetCsv(v, v.registryName));
      return sendFigure(reply, unmetView, v);
    },
  });
  app.get('/api/v1/registries/:id/shortage-areas', {
    schema: {
      tags,
      summary: 'Peers per 10,000 residents in and outside mental health shortage areas (HRSA HPSA), by county for the map; format=csv for CSV',
      params: registryParam,
      querystring: monthQuery,
      response: { 200: figureAnswer(shortageView, 'area,county_fips,county,shortage_area,designations,peers,residents,peers_per_10000'), ...commonErrors },
    },
    handler: async (req, reply) => {
      const { format, ...q } = req.query;
      const v = await registryFigures.shortageAreas(userOf(req), req.params.id, q);
      if (wantsCsv(req, format)) return sendCsv(reply, `registry-shortage-areas-${v.month ?? 'none'}.csv`, shortageCsv(v, v.registryName));
      return sendFigure(reply, shortageView, v);
    },
  });
  app.get('/api/v1/registries/:id/careers', {
    schema: {
      tags,
      summary: 'Careers: certification to first peer job, tenure, wage bands against comparison pay, part-time share, where certified peers go; format=csv for CSV',
      params: registryParam,
      querystring: monthQuery,
      response: { 200: figureAnswer(careersView, 'measure,key,value'), ...commonErrors },
    },
    handler: async (req, reply) => {
      const { format, ...q } = req.query;
      const v = await registryFigures.careers(userOf(req), req.params.id, q);
      if (wantsCsv(req, format)) return sendCsv(reply, `registry-careers-${v.month ?? 'none'}.csv`, careersCsv(v, v.registryName));
      return sendFigure(reply, careersView, v);
    },
  });

  // ---------- regions: as data ----------
  app.get('/api/v1/registries/:id/regions', {
    schema: { tags, summary: 'Region sets for headcount by region: the Census divisions and regions (built in) and those the registry defined as county lists', params: registryParam, response: { 200: regionSetsView, ...commonErrors } },
    handler: async (req) => registryRegions.list(userOf(req), req.params.id),
  });
  app.put('/api/v1/registries/:id/regions', {
    schema: {
      tags,
      summary: "Define or replace a region set as county lists (registry admins), e.g. a state's own regions; each county in one region of the set",
      params: registryParam,
      body: regionSetInput,
      response: { 200: regionSetsView.shape.sets.element, ...commonErrors },
    },
    handler: async (req) => registryRegions.put(userOf(req), req.params.id, req.body.set, req.body),
  });
  app.delete('/api/v1/registries/:id/regions', {
    schema: { tags, summary: 'Remove a region set the registry defined (registry admins)', params: registryParam, querystring: regionSetQuery, response: { 204: z.null(), ...commonErrors } },
    handler: async (req, reply) => {
      await registryRegions.remove(userOf(req), req.params.id, req.query.set);
      return reply.status(204).send(null);
    },
  });

  // ---------- jobs: public to read ----------
  app.get('/api/v1/jobs', {
    schema: {
      tags: ['jobs'],
      security: [],
      summary: 'Open peer support jobs that member agencies posted (public, no account); format=hsds for HSDS 3.0 services',
      querystring: jobsQuery,
      response: {
        200: {
          description: 'The openings, or with format=hsds an HSDS page of services (each opening with its organization, county location and service area, the job under `job`)',
          content: { 'application/json': { schema: z.union([z.object({ items: z.array(jobView) }), hsdsJobsPage]) } },
        },
        400: problemSchema,
      },
    },
    handler: async (req) => {
      if (req.query.format !== 'hsds') return jobs.open(req.query);
      const contents = await jobs.hsds(req.query);
      return { total_items: contents.length, total_pages: 1, page_number: 1, size: contents.length, first_page: true, last_page: true, empty: contents.length === 0, contents };
    },
  });
  app.get('/api/v1/jobs.ndjson', {
    schema: {
      tags: ['jobs'],
      security: [],
      summary: 'Every open peer support job as an HSDS 3.0 service, one JSON object per line (public, no account)',
      querystring: jobsFeedQuery,
      response: {
        200: { description: 'NDJSON: one HSDS service per line (see the format=hsds page of GET /api/v1/jobs for the shape)', content: { 'application/x-ndjson': { schema: z.string() } } },
        400: problemSchema,
      },
    },
    handler: async (req, reply) => {
      const services = await jobs.hsds({ ...req.query, limit: 10_000 });
      return reply.type('application/x-ndjson; charset=utf-8').send(services.map((s) => `${JSON.stringify(s)}\n`).join(''));
    },
  });
  app.post('/api/v1/jobs', {
    schema: { tags: ['jobs'], summary: 'Post an opening (admins)', body: jobInput, response: { 201: jobView, ...commonErrors } },
    handler: async (req, reply) => reply.status(201).send(await jobs.post(userOf(req), req.body)),
  });
  app.post('/api/v1/jobs/:id/filled', {
    schema: { tags: ['jobs'], summary: 'Mark an opening filled (admins); it leaves the board', params: idParam, response: { 200: jobView, ...commonErrors } },
    handler: async (req) => jobs.markFilled(userOf(req), req.params.id),
  });
};
