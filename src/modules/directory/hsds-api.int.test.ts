import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness/app.ts';
import { hsdsDataDir } from '../../../test/harness/shared.ts';
import { systemActor } from '../../core/actor.ts';
import { readFiles } from '../../interop/hsds/read-directory.ts';

// Every route and option of the public HSDS API, each answer validated against the response
// schema the official HSDS 3.0 openapi.json gives for its path (issue 19: interfaces that pass
// their validators).

const HSDS = hsdsDataDir();
const EXAMPLES = join(HSDS, 'hsds-3.0-examples');
const SCHEMA = join(HSDS, 'hsds-3.0-schema');
const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/hsds-3.0-api');
const SPEC = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/';

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

// The official document, and the schemas it names by URL, registered under those URLs (see
// test/fixtures/hsds-3.0-api/README.md for the two large compiled schemas built from the shared one).
const ajv = new Ajv2020.default({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ ...json(join(SCHEMA, 'compiled_service_with_definitions.json')), $id: `${SPEC}compiled/service.json` });
ajv.addSchema({
  $id: `${SPEC}compiled/organization.json`,
  allOf: [{ $ref: `${SPEC}compiled/service.json#/definitions/organization` }],
  properties: { services: { type: 'array', items: { $ref: `${SPEC}compiled/service.json` } } },
});
for (const f of ['service_list', 'organization_list', 'service_at_location_list']) ajv.addSchema({ ...json(join(FIXTURES, `${f}.json`)), $id: `${SPEC}compiled/${f}.json` });
for (const f of ['taxonomy', 'taxonomy_term', 'metadata']) ajv.addSchema({ ...json(join(FIXTURES, `${f}.json`)), $id: `${SPEC}${f}.json` });
const openapi = json(join(SCHEMA, 'openapi.json')) as { paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: object }> }> } }> };
ajv.addSchema({ ...openapi, $id: 'hsds-openapi.json' });

const pointer = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');
/** The validator of the 200 answer of an official path (`/services/{id}`). */
const answerOf = (path: string) => ajv.compile({ $ref: `hsds-openapi.json#/paths/${pointer(path)}/get/responses/200/content/application~1json/schema` });
/** The validator of one item of an official list path's `contents`. */
const itemOf = (path: string) =>
  ajv.compile({ $ref: `hsds-openapi.json#/paths/${pointer(path)}/get/responses/200/content/application~1json/schema/properties/contents/items` });
const check = (validate: ReturnType<typeof ajv.compile>, data: unknown, what: string) => {
  if (!validate(data)) throw new Error(`${what}: ${ajv.errorsText(validate.errors)}`);
};

let t: TestApp;
const get = (url: string) => t.app.inject({ method: 'GET', url });

beforeAll(async () => {
  t = await createTestApp();
  const system = systemActor('test');
  const sources = [
    ...readdirSync(EXAMPLES).filter((f) => f.endsWith('.json') && f !== 'base.json').map((f) => join(EXAMPLES, f)),
    join(HSDS, 'hsds-1.1-sample-datapackage', 'all_resources'),
  ];
  for (const path of sources) await t.services.directory.importDirectory(system, { files: readFiles(path) }, { source: path.split('/').slice(-2).join('-') });
});
afterAll(() => t?.close());

/** The list paths of the official document, with our filters worth trying on each. */
const LISTS: Array<{ path: string; queries: string[] }> = [
  { path: '/services', queries: ['', 'per_page=3&page=2', 'search=food', 'minimal=true', 'modified_after=2000-01-01'] },
  { path: '/service_at_locations', queries: ['', 'per_page=2', 'search=counsel'] },
  { path: '/organizations', queries: ['', 'search=org'] },
  { path: '/taxonomies', queries: [''] },
  { path: '/taxonomy_terms', queries: ['', 'top_only=true', 'search=crisis'] },
];

describe('public HSDS API against the official openapi.json', () => {
  it('serves every path of the official document', async () => {
    const ids = await firstIds();
    for (const path of Object.keys(openapi.paths)) {
      const url = `/api/hsds${path.replace('{id}', ids[path.split('/')[1]!]!)}`;
      expect((await get(url)).statusCode, url).toBe(200);
    }
  });

  it('answers GET / as documented', async () => {
    check(answerOf('/'), (await get('/api/hsds/')).json(), 'GET /');
  });

  it('answers every list, with each filter and option, as a valid Page', async () => {
    for (const { path, queries } of LISTS) {
      const validate = answerOf(path);
      for (const q of queries) {
        const res = await get(`/api/hsds${path}?${q}`);
        expect(res.statusCode, `${path}?${q}`).toBe(200);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        const body = res.json();
        check(validate, body, `${path}?${q}`);
        if (q === '') expect(body.total_items, path).toBeGreaterThan(0);
      }
    }
  });

  it('answers every object by id as the document describes it', async () => {
    const ids = await firstIds();
    for (const path of Object.keys(openapi.paths).filter((p) => p.endsWith('{id}'))) {
      const url = `/api/hsds${path.replace('{id}', ids[path.split('/')[1]!]!)}`;
      const body = (await get(url)).json();
      check(answerOf(path), body, url);
      expect(body.id, url).toBe(ids[path.split('/')[1]!]);
      expect((await get(url.replace(/[^/]+$/, '00000000-0000-4000-8000-000000000000'))).statusCode, url).toBe(404);
    }
    const full = (await get(`/api/hsds/organizations/${ids['organizations']}?full_service=true`)).json();
    check(answerOf('/organizations/{id}'), full, 'organization with full services');
    expect(full.services.length).toBeGreaterThan(0);
  });

  it('answers a service at location with its location, phones and service, also as the reference example shapes it', async () => {
    const example = json(join(EXAMPLES, 'service_at_location_full.json'));
    const sal = (await get(`/api/hsds/service_at_locations/${example['id']}`)).json();
    // The reference's example (service_at_location_full.json) and this answer carry the same objects.
    expect(sal).toMatchObject({ id: example['id'], location: { id: (example['location'] as { id: string }).id }, service: { id: (example['service'] as { id: string }).id } });
    expect(sal.phones.length).toBe((example['phones'] as unknown[]).length);
    check(ajv.compile({ $ref: `${SPEC}compiled/service.json#/definitions/service_at_location` }), sal, 'as a service_at_location');
    check(ajv.compile({ $ref: `${SPEC}compiled/service.json` }), sal.service, 'its service');
  });

  it('answers a taxonomy term with its taxonomy', async () => {
    const example = json(join(EXAMPLES, 'taxonomy_term.json'));
    const terms = (await get('/api/hsds/taxonomy_terms?per_page=200')).json();
    const withTaxonomy = terms.contents.find((x: { taxonomy_id?: string }) => x.taxonomy_id);
    const term = (await get(`/api/hsds/taxonomy_terms/${withTaxonomy.id}`)).json();
    expect(term.taxonomy_detail.id).toBe(withTaxonomy.taxonomy_id);
    expect(Object.keys(term)).toEqual(expect.arrayContaining(Object.keys(example).filter((k) => k !== 'parent_id' && k !== 'taxonomy' && k !== 'language' && k !== 'term_uri' && k !== 'code')));
    const taxonomy = (await get(`/api/hsds/taxonomies/${withTaxonomy.taxonomy_id}`)).json();
    check(answerOf('/taxonomies/{id}'), taxonomy, 'taxonomy');
  });

  it('minimal=true gives each service id, name, status and last_modified, all in one call', async () => {
    const all = (await get('/api/hsds/services?per_page=200')).json();
    const minimal = (await get('/api/hsds/services?minimal=true')).json();
    check(answerOf('/services'), minimal, 'minimal');
    expect(minimal.total_items).toBe(all.total_items);
    expect(minimal.contents.length).toBe(all.total_items);
    expect(Object.keys(minimal.contents[0]).sort()).toEqual(['id', 'last_modified', 'name', 'status']);
    expect(Number.isNaN(Date.parse(minimal.contents[0].last_modified))).toBe(false);
    expect(new Set(minimal.contents.map((s: { id: string }) => s.id))).toEqual(new Set(all.contents.map((s: { id: string }) => s.id)));
    // Without minimal a page stays at most 200 services.
    const tooMany = await get('/api/hsds/services?per_page=1000');
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0].field).toBe('query.per_page');
  });

  it('format=ndjson streams every result of every list, one valid object per line, without pages', async () => {
    for (const { path, queries } of LISTS) {
      const validate = itemOf(path);
      for (const q of queries.filter((x) => !x.includes('page'))) {
        const page = (await get(`/api/hsds${path}?${q}`)).json();
        const res = await get(`/api/hsds${path}?format=ndjson&${q}`);
        expect(res.statusCode, `${path}?${q}`).toBe(200);
        expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
        const lines = res.body.split('\n').filter(Boolean);
        expect(lines.length, `${path}?${q}`).toBe(page.total_items);
        expect(res.body.endsWith('\n') || lines.length === 0).toBe(true);
        for (const line of lines) check(validate, JSON.parse(line), `${path}?format=ndjson&${q}`);
      }
    }
    // A refused filter is still a problem+json answer, not a broken stream.
    const bad = await get('/api/hsds/services?format=ndjson&proximity=1000');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

/** The first id of each official resource path ("services" → an id). */
const firstIds = async (): Promise<Record<string, string>> => {
  const out: Record<string, string> = {};
  for (const name of ['services', 'service_at_locations', 'organizations', 'taxonomies', 'taxonomy_terms']) {
    out[name] = (await get(`/api/hsds/${name}?per_page=1`)).json().contents[0].id;
  }
  return out;
};
