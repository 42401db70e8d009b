import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, signIn, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { sql } from 'drizzle-orm';
import { systemActor } from '../../core/actor.ts';
import { rowsOf } from '../../db/client.ts';
import { readFiles } from '../../interop/hsds/read-directory.ts';
import { toHsds3Csv, toHsds3Json } from '../../interop/hsds/write.ts';
import { hsdsDataDir } from '../../../test/harness/shared.ts';

const HSDS = hsdsDataDir();
const EXAMPLES = join(HSDS, 'hsds-3.0-examples');
const SCHEMA = join(HSDS, 'hsds-3.0-schema');

// A Tuesday, 10:00 in Chicago (16:00 UTC), 08:00 in Los Angeles, 11:00 in New York.
const NOW = new Date('2026-11-24T16:00:00Z');

let t: TestApp;
let admin: TestUser;
let peer: TestUser;
let analyst: TestUser;
let other: TestUser;
const system = systemActor('test');

beforeAll(async () => {
  t = await createTestApp({ clock: () => NOW });
  admin = await createOrgWithUser(t, 'admin', 'Directory Agency');
  peer = await addUser(t, admin.orgId, 'peer');
  analyst = await addUser(t, admin.orgId, 'analyst');
  other = await createOrgWithUser(t, 'admin', 'Other Agency');
  // The shared directory is imported by an instance operator (issue 18), signed in with a session.
  const op = await createOrgWithUser(t, 'admin', 'Instance operators');
  await t.services.identity.setInstanceOperator(system, { email: op.email }, true);
  operatorSession = await signIn(t.app, op.email);
});

let operatorSession: Awaited<ReturnType<typeof signIn>>;
const asOperator = (method: 'POST', url: string, payload: unknown) =>
  t.app.inject({ method, url, headers: { cookie: operatorSession.cookie, 'x-csrf-token': operatorSession.csrf }, payload: payload as object });
afterAll(() => t?.close());

const call = (user: TestUser | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: user ? { authorization: user.auth } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

// The official schemas: Page from openapi.json, objects from the compiled service schema (the
// openapi file refers to the compiled schemas by URL; these are the same definitions).
const ajv = new Ajv2020.default({ strict: false, allErrors: true });
addFormats.default(ajv);
const compiled = JSON.parse(readFileSync(join(SCHEMA, 'compiled_service_with_definitions.json'), 'utf8')) as Record<string, unknown>;
ajv.addSchema({ ...compiled, $id: 'compiled_service.json' });
const openapi = JSON.parse(readFileSync(join(SCHEMA, 'openapi.json'), 'utf8')) as { components: { schemas: { Page: object } } };
const pageOf = (item: string) =>
  ajv.compile({
    allOf: [openapi.components.schemas.Page],
    type: 'object',
    required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
    properties: { contents: { type: 'array', items: { $ref: item } } },
  });
const validators = {
  service: ajv.getSchema('compiled_service.json')!,
  organization: ajv.compile({ $ref: 'compiled_service.json#/definitions/organization' }),
  servicesPage: pageOf('compiled_service.json'),
  organizationsPage: pageOf('compiled_service.json#/definitions/organization'),
  salPage: pageOf('compiled_service.json#/definitions/service_at_location'),
  taxonomiesPage: pageOf('compiled_service.json#/definitions/taxonomy'),
  termsPage: pageOf('compiled_service.json#/definitions/taxonomy_term'),
};
const valid = (v: (typeof validators)[keyof typeof validators], data: unknown) => {
  const ok = v(data);
  if (!ok) throw new Error(ajv.errorsText(v.errors));
  return ok;
};

const messy = {
  'organizations.csv': 'id,name,description\n1,Eastside Pantry Network ,Food help\n2,Casa Esperanza,Vivienda y apoyo\n',
  'services.csv':
    'id,organization_id,name,description,status,fees,assured_date\n' +
    '10,1,Eastside Food Pantry,Groceries every week,active,Free,2026-05-01\n' +
    '11,2,Clínica de Salud Mental Esperanza,Consejería y apoyo en español,active,,2024-01-15\n' +
    '12,9,Orphan service,No organization,active,,\n',
  'locations.csv': 'id,organization_id,name,latitude,longitude\n100,1,Eastside site,41.90,-87.65\n101,2,Casa site,34.05,-118.25\n',
  'services_at_location.csv': 'id,service_id,location_id\n1000,10,100\n1001,11,101\n',
  'physical_addresses.csv':
    'id,location_id,address_1,city,state_province,postal_code,country\n5,100,12 Lake St,Chicago,IL ,60607,\n6,101,3 Main St,Los Angeles,CA,90012,US\n',
  'phones.csv': 'id,service_id,number\n7,10,(312) 555-0100 ext. 12\n8,11,(213) 555-0101\n',
  'regular_schedules.csv': 'id,service_id,weekday,opens_at,closes_at\n20,10,Tuesday,9:00am,5:00pm\n21,11,tuesday,9:00am,5:00pm\n',
  'languages.csv': 'id,service_id,language\n30,11,Spanish\n',
};

const countsOf = async () => t.services.directory.counts();

describe('import', () => {
  it('imports every official HSDS 3.0 example and the 1.1 sample packages', async () => {
    const sources = [
      // base.json is the example answer of GET / (no directory data); tabular.json is the package as JSON.
      ...readdirSync(EXAMPLES).filter((f) => f.endsWith('.json') && f !== 'base.json').map((f) => join(EXAMPLES, f)),
      join(EXAMPLES, 'csv'),
      join(HSDS, 'hsds-1.1-sample-datapackage', 'simple'),
      join(HSDS, 'hsds-1.1-sample-datapackage', 'all_resources'),
    ];
    for (const path of sources) {
      const summary = await t.services.directory.importDirectory(system, { files: readFiles(path) }, { source: path.split('/').slice(-2).join('-') });
      expect(summary.format, path).toMatch(/^hsds/);
    }
    const counts = await countsOf();
    // The 1.1 sample carries 13 services; the 3.0 examples one service (repeated in every file).
    expect(counts.service).toBeGreaterThanOrEqual(2 + 13 + 1);
    expect(counts.taxonomy_term).toBeGreaterThan(16);
  });

  it('reports quirks row by row and normalizes what it can (HTTP, admin)', async () => {
    const res = await asOperator('POST', '/api/v1/directory/imports?source=metro-211', { files: messy });
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.format).toBe('hsds-legacy-csv');
    expect(s.counts.service.inserted).toBe(3);
    // the service whose organization the export left out is kept under a placeholder (issue 19), said on its row and line
    expect(s.report).toContainEqual(expect.objectContaining({ file: 'services.csv', row: 3, line: 4, field: 'organization_id', severity: 'warning' }));
    expect(s.report.some((r: { field: string; problem: string }) => r.field === 'country' && /US assumed/.test(r.problem))).toBe(true);
    expect(s.report.some((r: { field: string }) => r.field === 'number')).toBe(true);
  });

  it('re-importing the same source updates in place, never duplicates', async () => {
    const before = await countsOf();
    const again = (await asOperator('POST', '/api/v1/directory/imports?source=metro-211', { files: messy })).json();
    expect(again.counts.service).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    // nothing changed: nothing written, no search rows rebuilt
    expect(again.servicesIndexed).toBe(0);
    const renamed = { ...messy, 'services.csv': messy['services.csv'].replace('Eastside Food Pantry', 'Eastside Community Food Pantry') };
    const third = (await asOperator('POST', '/api/v1/directory/imports?source=metro-211', { files: renamed })).json();
    expect(third.counts.service).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    // only the renamed service's search rows are rebuilt (issue 19), not the whole feed's
    expect(third.servicesIndexed).toBe(1);
    expect(await countsOf()).toEqual(before);
    // a batch mixing known and new rows: the new one inserted, the known ones compared
    const grown = { ...renamed, 'services.csv': `${renamed['services.csv']}13,1,Eastside Diaper Bank,Diapers and wipes,active,Free,2026-05-01\n` };
    const fourth = (await asOperator('POST', '/api/v1/directory/imports?source=metro-211', { files: grown })).json();
    expect(fourth.counts.service).toMatchObject({ inserted: 1, updated: 0, unchanged: 3 });
    expect((await call(peer, 'GET', '/api/v1/directory/search?q=diaper')).json().results.map((r: { name: string }) => r.name)).toContain('Eastside Diaper Bank');
    // back to the package as it was: the new service is kept (referrals may point at it), the rest unchanged
    const back = (await asOperator('POST', '/api/v1/directory/imports?source=metro-211', { files: renamed })).json();
    expect(back.counts.service).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    const found = (await call(peer, 'GET', '/api/v1/directory/search?q=eastside')).json();
    expect(found.results.map((r: { name: string }) => r.name)).toContain('Eastside Community Food Pantry');
  });

  it('a first import stores text exactly (quotes, commas, line breaks), and a feed whose ids all changed replaces its rows', async () => {
    const tricky = 'Say "hola", bring ID;\nsecond line, with a comma — and ñ';
    const files = {
      'organizations.csv': 'id,name,description\n1,Quote Test Org,Tests quoting\n',
      'services.csv': `id,organization_id,name,description,status\n1,1,Quote Test Service,"${tricky.replaceAll('"', '""')}",active\n`,
      'phones.csv': 'id,service_id,number\n1,1,(312) 555-0199\n',
    };
    const first = (await asOperator('POST', '/api/v1/directory/imports?source=quote-feed', { files })).json();
    expect(first.counts.service, JSON.stringify(first)).toMatchObject({ inserted: 1 });
    const [hit] = (await call(peer, 'GET', '/api/v1/directory/search?q=quote%20test%20service')).json().results;
    const detail = (await call(peer, 'GET', `/api/v1/directory/services/${hit.serviceId}`)).json();
    expect(detail.description).toBe(tricky);
    expect(detail.phones.map((p: { number: string }) => p.number)).toEqual(['(312) 555-0199']);
    // The same service with a phone under a new id: none of the feed's phone ids is stored, but
    // the feed has phones, so the old one goes and the new one stays.
    const moved = { ...files, 'phones.csv': 'id,service_id,number\n2,1,(312) 555-0200\n' };
    const second = (await asOperator('POST', '/api/v1/directory/imports?source=quote-feed', { files: moved })).json();
    expect(second.counts.phone).toMatchObject({ inserted: 1, removed: 1 });
    const after = (await call(peer, 'GET', `/api/v1/directory/services/${hit.serviceId}`)).json();
    expect(after.phones.map((p: { number: string }) => p.number)).toEqual(['(312) 555-0200']);
  });

  it('a large import leaves planner statistics for its tables, so the first searches plan on real numbers', async () => {
    const n = 1200;
    const services = Array.from({ length: n }, (_, i) => `${i + 1},1,Stats Service ${i + 1},Meals and groceries,active`).join('\n');
    const files = {
      'organizations.csv': 'id,name,description\n1,Stats Org,Many services\n',
      'services.csv': `id,organization_id,name,description,status\n${services}\n`,
    };
    const res = (await asOperator('POST', '/api/v1/directory/imports?source=stats-feed', { files })).json();
    expect(res.counts.service.inserted).toBe(n);
    const analyzed = await t.database.db.owner(async (tx) =>
      rowsOf<{ relname: string; reltuples: number }>(
        await tx.execute(sql`select relname, reltuples from pg_class where relname in ('hsds_service', 'hsds_organization', 'directory_search')`),
      ),
    );
    const tuples = Object.fromEntries(analyzed.map((r) => [r.relname, Number(r.reltuples)]));
    expect(tuples['hsds_service']).toBeGreaterThanOrEqual(n);
    expect(tuples['directory_search']).toBeGreaterThanOrEqual(n);
  });

  it('a fatal problem changes nothing: unknown format, strict mode with a row problem', async () => {
    const before = await countsOf();
    const unknown = await asOperator('POST', '/api/v1/directory/imports', { files: { 'notes.txt.csv': 'a,b\n1,2\n' } });
    expect(unknown.statusCode).toBe(422);
    expect(problemOf(unknown).code).toBe('import-unknown-format');
    const nameless = { ...messy, 'services.csv': `${messy['services.csv']}14,1,,A service without a name,active,,\n` };
    const strict = await asOperator('POST', '/api/v1/directory/imports?strict=true&source=strict-feed', { files: nameless });
    expect(strict.statusCode).toBe(422);
    const nameMissing = problemOf(strict).errors!.find((e) => e.field === 'services.csv:4:name');
    // Each row problem carries its note too, so the import page says it in the reader's language.
    expect(nameMissing).toEqual({
      field: 'services.csv:4:name',
      message: 'missing required field name; row skipped',
      note: { code: 'rowSkipped', values: { why: { code: 'requiredMissing', values: { field: 'name' } } } },
    });
    expect(await countsOf()).toEqual(before);
  });

  it('only admins import', async () => {
    expect((await call(peer, 'POST', '/api/v1/directory/imports', { files: messy })).statusCode).toBe(403);
    expect((await call(admin, 'POST', '/api/v1/directory/imports', { files: messy })).statusCode).toBe(403);
    expect((await call(null, 'POST', '/api/v1/directory/imports', { files: messy })).statusCode).toBe(401);
  });
});

describe('export', () => {
  it('writes valid HSDS 3.0 and import(export(x)) gives back x', async () => {
    const x = await t.services.directory.exportDirectory(system);
    const json = toHsds3Json(x);
    expect(json.length).toBe(x.services.length);
    for (const s of json) valid(validators.service, s);
    const files = toHsds3Csv(x);
    const summary = await t.services.directory.importDirectory(system, { files }, { source: 'round-trip' });
    // The export carries the built-in national entries (988, 211, the categories); an import may
    // not change them (issue 18), so each of their rows comes back as a skipped row, and only those.
    const skipped = summary.report.filter((r) => r.severity === 'error');
    expect(skipped.length).toBe(summary.errors);
    expect(skipped.every((r) => r.problem.includes('built-in national entry'))).toBe(true);
    for (const [table, c] of Object.entries(summary.counts)) expect(c, table).toMatchObject({ inserted: 0, updated: 0 });
    expect(await t.services.directory.exportDirectory(system)).toEqual(x);
  });
});

describe('public HSDS API', () => {
  it('GET / says version, profile and openapi_url without sign-in', async () => {
    const res = await call(null, 'GET', '/api/hsds/');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: '3.0' });
    const example = JSON.parse(readFileSync(join(EXAMPLES, 'base.json'), 'utf8')) as object;
    expect(Object.keys(res.json()).sort()).toEqual(Object.keys(example).sort());
  });

  it('pages services with the HSDS Page wrapper, valid against the official schemas', async () => {
    const p1 = (await call(null, 'GET', '/api/hsds/services?per_page=3')).json();
    valid(validators.servicesPage, p1);
    expect(p1).toMatchObject({ page_number: 1, size: 3, first_page: true, last_page: false, empty: false });
    expect(p1.total_pages).toBe(Math.ceil(p1.total_items / 3));
    const last = (await call(null, 'GET', `/api/hsds/services?per_page=3&page=${p1.total_pages}`)).json();
    expect(last.last_page).toBe(true);
    const beyond = (await call(null, 'GET', `/api/hsds/services?per_page=3&page=${p1.total_pages + 1}`)).json();
    expect(beyond).toMatchObject({ empty: true, size: 0 });
    const one = await call(null, 'GET', `/api/hsds/services/${p1.contents[0].id}`);
    valid(validators.service, one.json());
    expect((await call(null, 'GET', '/api/hsds/services/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('filters combine with AND: search, organization_id, taxonomy_term_id, modified_after, postcode, proximity', async () => {
    const crisis = (await call(null, 'GET', '/api/hsds/services?search=suicide')).json();
    expect(crisis.contents.map((s: { name: string }) => s.name)).toContain('988 Suicide & Crisis Lifeline');
    const term = '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a01';
    const byTerm = (await call(null, 'GET', `/api/hsds/services?taxonomy_term_id=${term}`)).json();
    expect(byTerm.contents.map((s: { name: string }) => s.name)).toEqual(['988 Suicide & Crisis Lifeline']);
    const org988 = '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5b01';
    const both = (await call(null, 'GET', `/api/hsds/services?taxonomy_term_id=${term}&organization_id=6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5b02`)).json();
    expect(both.total_items).toBe(0);
    expect((await call(null, 'GET', `/api/hsds/services?organization_id=${org988}`)).json().total_items).toBe(1);
    const future = (await call(null, 'GET', '/api/hsds/services?modified_after=2999-01-01T00:00:00Z')).json();
    expect(future.total_items).toBe(0);
    const recent = (await call(null, 'GET', '/api/hsds/services?modified_after=2000-01-01')).json();
    expect(recent.total_items).toBeGreaterThan(0);
    const zip = (await call(null, 'GET', '/api/hsds/services?postcode=60607')).json();
    expect(zip.contents.map((s: { name: string }) => s.name)).toEqual(['Eastside Community Food Pantry']);
    const near = (await call(null, 'GET', '/api/hsds/service_at_locations?postcode=60607&proximity=5000')).json();
    valid(validators.salPage, near);
    expect(near.total_items).toBe(1);
    const zipAndSearch = (await call(null, 'GET', '/api/hsds/services?postcode=60607&search=clinica')).json();
    expect(zipAndSearch.total_items).toBe(0);
    const bad = await call(null, 'GET', '/api/hsds/services?proximity=1000');
    expect(bad.statusCode).toBe(400);
  });

  it('organizations, taxonomies and taxonomy terms answer valid pages and objects', async () => {
    const orgs = (await call(null, 'GET', '/api/hsds/organizations?per_page=5')).json();
    valid(validators.organizationsPage, orgs);
    const org = (await call(null, 'GET', `/api/hsds/organizations/${orgs.contents[0].id}?full_service=true`)).json();
    valid(validators.organization, org);
    valid(validators.taxonomiesPage, (await call(null, 'GET', '/api/hsds/taxonomies')).json());
    const terms = (await call(null, 'GET', '/api/hsds/taxonomy_terms?taxonomy_id=6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a40&per_page=100')).json();
    valid(validators.termsPage, terms);
    expect(terms.total_items).toBe(16);
  });
});

describe('staff search', () => {
  it('tolerates accents and typos, in English and Spanish', async () => {
    const accents = (await call(peer, 'GET', '/api/v1/directory/search?q=clinica%20salud')).json();
    expect(accents.results[0].name).toBe('Clínica de Salud Mental Esperanza');
    const typo = (await call(peer, 'GET', '/api/v1/directory/search?q=fod%20pantri')).json();
    expect(typo.results.map((r: { name: string }) => r.name)).toContain('Eastside Community Food Pantry');
    // Close spellings only when the words as typed find nothing, and the answer says so.
    expect(typo.similarSpellings).toBe(true);
    const exact = (await call(peer, 'GET', '/api/v1/directory/search?q=food%20pantry')).json();
    expect(exact.similarSpellings).toBeUndefined();
    expect(exact.results.map((r: { name: string }) => r.name)).toContain('Eastside Community Food Pantry');
    const typoPage2 = (await call(peer, 'GET', '/api/v1/directory/search?q=fod%20pantri&page=2&pageSize=1')).json();
    expect(typoPage2.similarSpellings).toBe(true);
    expect(typoPage2.total).toBe(typo.total);
    // Each word is corrected on its own against the directory's words ("clinca" -> "clinica", "mentl" -> "mental").
    const twoTypos = (await call(peer, 'GET', '/api/v1/directory/search?q=clinca%20mentl')).json();
    expect(twoTypos.similarSpellings).toBe(true);
    expect(twoTypos.results.map((r: { name: string }) => r.name)).toContain('Clínica de Salud Mental Esperanza');
    expect((await call(peer, 'GET', '/api/v1/directory/search?q=qwxzv')).json()).toMatchObject({ total: 0, similarSpellings: true });
    const spanish = (await call(peer, 'GET', '/api/v1/directory/search?q=consejeria')).json();
    expect(spanish.results.map((r: { name: string }) => r.name)).toContain('Clínica de Salud Mental Esperanza');
  });

  it('searches around a postal code: any US ZIP code by its Census centroid (no geocoding service)', async () => {
    const res = await call(peer, 'GET', '/api/v1/directory/search?postalCode=60607&radiusKm=5');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.center).toMatchObject({ postalCode: '60607', radiusKm: 5, source: 'zip-centroid' });
    expect(body.center.lat).toBeCloseTo(41.874806, 4);
    expect(body.center.lon).toBeCloseTo(-87.654543, 4);
    expect(body.results.map((r: { name: string }) => r.name)).toContain('Eastside Community Food Pantry');
    expect(body.results.map((r: { name: string }) => r.name)).not.toContain('Clínica de Salud Mental Esperanza'); // Los Angeles
    // Issue 17: a ZIP code no directory address has (60612, West Side) works, ZIP+4 too.
    const noAddress = await call(peer, 'GET', '/api/v1/directory/search?postalCode=60612-3801&radiusKm=8');
    expect(noAddress.statusCode, noAddress.body).toBe(200);
    expect(noAddress.json().center).toMatchObject({ postalCode: '60612', radiusKm: 8, source: 'zip-centroid' });
    expect(noAddress.json().center.lat).toBeCloseTo(41.880511, 4);
    expect(noAddress.json().results.map((r: { name: string }) => r.name)).toContain('Eastside Community Food Pantry');
    expect(noAddress.json().results.every((r: { distanceKm: number }) => r.distanceKm <= 8)).toBe(true);
    // Far away: a New York ZIP answers, with nothing of Chicago in reach.
    const ny = (await call(peer, 'GET', '/api/v1/directory/search?postalCode=10001')).json();
    expect(ny.center).toMatchObject({ postalCode: '10001', source: 'zip-centroid', radiusKm: 10 });
    expect(ny.results.map((r: { name: string }) => r.name)).not.toContain('Eastside Community Food Pantry');
    // An unknown ZIP code is problem+json naming the field.
    const unknown = await call(peer, 'GET', '/api/v1/directory/search?postalCode=99999');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(problemOf(unknown).errors?.[0]?.field).toBe('query.postalCode');
    const both = await call(peer, 'GET', '/api/v1/directory/search?postalCode=60607&lat=41.9&lon=-87.6');
    expect(both.statusCode).toBe(400);
    expect(problemOf(both).errors?.map((e) => e.field)).toContain('query.postalCode');
  });

  it('answers distance, open now in the location’s time zone, staleness, phone, languages', async () => {
    const res = (await call(peer, 'GET', '/api/v1/directory/search?lat=41.88&lon=-87.63&radiusKm=10')).json();
    const pantry = res.results.find((r: { name: string }) => r.name === 'Eastside Community Food Pantry');
    expect(pantry).toMatchObject({ openNow: true, stale: false, phone: '(312) 555-0100', timeZone: 'America/Chicago', free: true });
    expect(pantry.distanceKm).toBeGreaterThan(2);
    expect(pantry.distanceKm).toBeLessThan(4);
    // 09:00-17:00 on Tuesdays: 10:00 in Chicago is open, 08:00 in Los Angeles is not yet.
    const la = (await call(peer, 'GET', '/api/v1/directory/search?q=esperanza')).json().results[0];
    expect(la).toMatchObject({ openNow: false, stale: true, timeZone: 'America/Los_Angeles', languages: expect.arrayContaining(['spanish']) });
    const openOnly = (await call(peer, 'GET', '/api/v1/directory/search?openNow=true')).json();
    expect(openOnly.results.every((r: { openNow: boolean }) => r.openNow === true)).toBe(true);
    expect(openOnly.results.map((r: { name: string }) => r.name)).not.toContain('Clínica de Salud Mental Esperanza');
    const spanishSpeaking = (await call(peer, 'GET', '/api/v1/directory/search?language=es&taxonomy=crisis-line')).json();
    expect(spanishSpeaking.results.map((r: { name: string }) => r.name)).toEqual(['988 Suicide & Crisis Lifeline']);
    const free = (await call(peer, 'GET', '/api/v1/directory/search?free=true&lat=41.88&lon=-87.63&radiusKm=10')).json();
    expect(free.results.every((r: { free: boolean }) => r.free)).toBe(true);
  });

  it('counts and pages every entry open now, in each entry’s own time zone and schedule kind', async () => {
    // 40 "Quokka" services: even ones open Tuesdays 09:00-17:00 and odd ones 18:00-20:00 (weekly
    // hours); every fifth one instead has its 09:00-17:00 only from a date (the full rules): from
    // 2026-11-01 (open) or from 2027-01-01 (closed). At NOW, Tuesday 10:00 in Chicago, 16 + 4 of
    // them are open: more than two pages of 8, as the filter is applied before paging.
    const n = 40;
    const services = Array.from({ length: n }, (_, i) => `service-${i}`);
    const hours = (i: number) => (i % 5 === 0 ? (i % 2 === 0 ? 'dated-open' : 'dated-closed') : i % 2 === 0 ? 'open' : 'closed');
    const rows = services.map((id, i) => {
      const kind = hours(i);
      const times = kind === 'closed' ? '18:00:00,20:00:00' : '09:00:00,17:00:00';
      const dated = kind === 'dated-open' ? '2026-11-01,' : kind === 'dated-closed' ? '2027-01-01,' : ',';
      return `s${i},${id},TU,${times},${dated}`;
    });
    const files = {
      'organizations.csv': 'id,name,description\nquokka-org,Quokka Mutual Aid,Synthetic\n',
      'services.csv': 'id,organization_id,name,description,status\n' + services.map((id, i) => `${id},quokka-org,Quokka Pantry ${i},Groceries,active`).join('\n') + '\n',
      'locations.csv': 'id,organization_id,name,latitude,longitude\n' + services.map((_, i) => `l${i},quokka-org,Site ${i},41.88,-87.63`).join('\n') + '\n',
      'service_at_location.csv': 'id,service_id,location_id\n' + services.map((id, i) => `sal${i},${id},l${i}`).join('\n') + '\n',
      'addresses.csv': 'id,location_id,address_1,city,state_province,postal_code,country\n' + services.map((_, i) => `a${i},l${i},${i} Lake St,Chicago,IL,60601,US`).join('\n') + '\n',
      'schedules.csv': 'id,service_id,byday,opens_at,closes_at,valid_from,valid_to\n' + rows.join('\n') + '\n',
    };
    await t.services.directory.importDirectory(system, { files }, { source: 'quokka' });
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const body = (await call(peer, 'GET', `/api/v1/directory/search?q=quokka&openNow=true&pageSize=8&page=${page}`)).json();
      expect(body.total).toBe(20);
      expect(body.results.every((r: { openNow: boolean }) => r.openNow === true)).toBe(true);
      seen.push(...body.results.map((r: { name: string }) => r.name));
    }
    expect(seen).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);
    const expected = services.map((_, i) => i).filter((i) => hours(i) === 'open' || hours(i) === 'dated-open').map((i) => `Quokka Pantry ${i}`);
    expect(seen.sort()).toEqual(expected.sort());
    // The refresh computes weekly hours once per schedule pattern (0019): every search row of
    // every feed imported so far (official examples, 1.1 sample, quirks) holds what its own
    // schedules give, and the typo lexicon has the words of its names.
    const [check] = await t.database.db.owner(async (tx) =>
      rowsOf<{ rows: number; wrong: number; words: string[] }>(
        await tx.execute(sql`select count(*)::int as rows,
            count(*) filter (where open_hours is distinct from pb_weekly_hours(schedules))::int as wrong,
            (select array_agg(word order by word) from directory_words where word in ('quokka', 'mutual', 'pantry')) as words
          from directory_search`),
      ),
    );
    expect(check!.rows).toBeGreaterThan(n);
    expect(check!.wrong).toBe(0);
    expect(check!.words).toEqual(['mutual', 'pantry', 'quokka']);
  });

  it('rejects half a point', async () => {
    const res = await call(peer, 'GET', '/api/v1/directory/search?lat=41');
    expect(res.statusCode).toBe(400);
  });
});

describe('local resources, notes and beds', () => {
  let localId: string;
  const respite = {
    name: 'Sunrise House Peer Respite',
    categories: ['peer-respite'],
    phone: '(773) 555-0120',
    lat: 41.8866,
    lon: -87.7045,
    timeZone: 'America/Chicago',
    languages: ['en', 'es'],
    schedules: [{ byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '00:00', closes_at: '00:00' }],
  };

  it('a local resource is searchable only by its organization', async () => {
    const res = await call(peer, 'POST', '/api/v1/directory/local-services', respite);
    expect(res.statusCode).toBe(201);
    localId = res.json().serviceId;
    expect(res.json()).toMatchObject({ local: true, openNow: true, stale: false });
    const mine = (await call(peer, 'GET', '/api/v1/directory/search?q=respite&lat=41.88&lon=-87.65&radiusKm=20')).json();
    expect(mine.results[0]).toMatchObject({ serviceId: localId, local: true });
    const theirs = (await call(other, 'GET', '/api/v1/directory/search?q=respite')).json();
    expect(theirs.results.map((r: { serviceId: string }) => r.serviceId)).not.toContain(localId);
    expect((await call(other, 'GET', `/api/v1/directory/services/${localId}`)).statusCode).toBe(404);
    expect((await call(null, 'GET', `/api/hsds/services/${localId}`)).statusCode).toBe(404);
    expect((await call(analyst, 'POST', '/api/v1/directory/local-services', respite)).statusCode).toBe(403);
  });

  it('keeps coordinates to a centimetre, so a point a hair from null island searches like any other', async () => {
    // Geocoding failures put entries at 0,0; a subnormal coordinate next to one made the distance
    // SQL raise an underflow error (a 500) before coordinates were rounded on the way in.
    const res = await call(peer, 'POST', '/api/v1/directory/local-services', { ...respite, name: 'Null Island Warmline', categories: ['warmline'], lat: 0, lon: 1e-9 });
    expect(res.statusCode).toBe(201);
    const id = res.json().serviceId;
    const found = await call(peer, 'GET', '/api/v1/directory/search?q=warmline&lat=5e-324&lon=0&radiusKm=5');
    expect(found.statusCode).toBe(200);
    expect(found.json().results).toEqual([expect.objectContaining({ serviceId: id, distanceKm: 0 })]);
  });

  it('private notes are visible only to the organization that wrote them', async () => {
    const service = '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c02';
    const put = await call(peer, 'PUT', `/api/v1/directory/services/${service}/note`, { body: 'Ask for the Spanish line, option 2.' });
    expect(put.statusCode).toBe(200);
    expect((await call(admin, 'GET', `/api/v1/directory/services/${service}`)).json().note.body).toBe('Ask for the Spanish line, option 2.');
    expect((await call(other, 'GET', `/api/v1/directory/services/${service}`)).json().note).toBeNull();
    expect((await call(other, 'PUT', `/api/v1/directory/services/${localId}/note`, { body: 'x' })).statusCode).toBe(404);
  });

  it('beds: admins or API tokens of the owning organization publish, with the time', async () => {
    const put = await call(admin, 'PUT', `/api/v1/directory/services/${localId}/beds`, { available: 2, total: 5 });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ available: 2, total: 5, updatedAt: NOW.toISOString() });
    const found = (await call(peer, 'GET', '/api/v1/directory/search?taxonomy=peer-respite')).json();
    expect(found.results[0].beds).toMatchObject({ available: 2, updatedAt: NOW.toISOString() });
    expect((await call(other, 'PUT', `/api/v1/directory/services/${localId}/beds`, { available: 9 })).statusCode).toBe(404);
    const publicService = '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c02';
    expect((await call(admin, 'PUT', `/api/v1/directory/services/${publicService}/beds`, { available: 1 })).statusCode).toBe(403);
    await t.services.directory.addManager(system, admin.orgId, '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5b02');
    expect((await call(admin, 'PUT', `/api/v1/directory/services/${publicService}/beds`, { available: 1 })).statusCode).toBe(200);
    expect((await call(admin, 'PUT', `/api/v1/directory/services/${localId}/beds`, { available: 7, total: 5 })).statusCode).toBe(400);
  });
});

describe("a local resource's day is its organization's", () => {
  it('an agency in Chicago adding a resource at 11 pm verified it today, not on the UTC tomorrow', async () => {
    // 05:00 UTC on December 7 is 11 pm on December 6 in Chicago.
    const late = await createTestApp({ clock: () => new Date('2026-12-07T05:00:00Z') });
    try {
      const chicago = await late.services.identity.createOrganization(system, { name: 'Chicago Peers', timeZone: 'America/Chicago' });
      const staff = await addUser(late, chicago.id, 'peer');
      const res = await late.app.inject({ method: 'POST', url: '/api/v1/directory/local-services', headers: { authorization: staff.auth }, payload: { name: 'Night Owl Warmline', categories: ['warmline'] } });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ local: true, lastVerified: '2026-12-06', stale: false });
    } finally {
      await late.close();
    }
  });
});
