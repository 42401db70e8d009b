import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';

/**
 * Regions as data (issue 22): headcount and FTE by county, region and state, the Census divisions
 * built in and a registry's own region sets as county lists, the same table as CSV, answers kept
 * per data version (a changed set is never answered from the old one); and the job board as an
 * HSDS-style feed.
 */
let t: TestApp;
let admin: TestUser;
let analyst: TestUser;
let memberA: TestUser;
let memberB: TestUser;
let registryId: string;
const now = new Date('2026-12-06T15:00:00Z');

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const call = async (user: TestUser | null, method: Method, url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: user ? { authorization: user.auth } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

const peers = (first: number, n: number, county: string) =>
  Array.from({ length: n }, (_, i) => ({
    linkage: { credentialNumber: `CPSS-${first + i}`, credentialState: 'MI' },
    credentialTypes: ['mi-cpss'],
    workFips: county,
    role: 'peer-specialist',
    hoursPerWeek: 40,
  }));

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  admin = await createOrgWithUser(t, 'admin', 'Great Lakes Registry');
  analyst = await addUser(t, admin.orgId, 'analyst');
  memberA = await createOrgWithUser(t, 'admin', 'Detroit Recovery Center');
  memberB = await createOrgWithUser(t, 'admin', 'Ann Arbor Peers');
  registryId = (await call(admin, 'POST', '/api/v1/registries', { name: 'Great Lakes Registry' })).json().id;
  for (const m of [memberA, memberB]) expect((await call(m, 'POST', `/api/v1/registries/${registryId}/members`, { acceptSharedFields: true, organizationName: m.orgId })).statusCode).toBe(201);
  // Agency A: 20 peers in Wayne and 12 in Cuyahoga (Ohio); agency B: 5 of A's Wayne peers also work in Washtenaw, and 15 more.
  const a = await call(memberA, 'POST', `/api/v1/registries/${registryId}/snapshots`, { month: '2026-11', records: [...peers(1000, 20, '26163'), ...peers(3000, 12, '39035')] });
  expect(a.json()).toMatchObject({ accepted: 32 });
  const b = await call(memberB, 'POST', `/api/v1/registries/${registryId}/snapshots`, { month: '2026-11', records: [...peers(1000, 5, '26161'), ...peers(2000, 15, '26161')] });
  expect(b.json()).toMatchObject({ accepted: 20 });
});
afterAll(async () => t?.close());

const byRegion = async (set?: string) => {
  const res = await call(analyst, 'GET', `/api/v1/registries/${registryId}/headcount?by=region&month=2026-11${set ? `&regions=${encodeURIComponent(set)}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { regionSet: string; total: { headcount: { shown: unknown } }; groups: { group: string; label: string; headcount: { shown: unknown }; fte: number | null }[] };
};

describe('headcount by region', () => {
  it('counts by Census division out of the box, a person once per region', async () => {
    const h = await byRegion();
    expect(h.regionSet).toBe('census-division');
    // Michigan and Ohio are both East North Central: 20 + 12 + 15 distinct (5 work at both agencies).
    expect(h.groups).toEqual([expect.objectContaining({ group: 'east-north-central', label: 'East North Central', headcount: { shown: 47, suppressed: false }, fte: 52 })]);
    expect(h.total.headcount.shown).toBe(47);
    const regions = (await byRegion('census-region')).groups;
    expect(regions.map((g) => g.label)).toEqual(['Midwest']);
  });

  it("lets the registry admin define a state's own regions as county lists, and answers from the new set at once", async () => {
    const put = await call(admin, 'PUT', `/api/v1/registries/${registryId}/regions`, {
      set: 'Michigan PIHP',
      regions: [
        { name: 'Region 7 Detroit Wayne', counties: ['26163'] },
        { name: 'Region 6 Southeast', counties: ['26161', '26091'] },
      ],
    });
    expect(put.statusCode, put.body).toBe(200);
    let h = await byRegion('Michigan PIHP');
    expect(h.groups.map((g) => [g.label, g.headcount.shown])).toEqual([
      ['Region 6 Southeast', 20],
      ['Region 7 Detroit Wayne', 20],
      ['Outside these regions', 12],
    ]);
    // One region for both counties: the five peers working in both count once.
    expect((await call(admin, 'PUT', `/api/v1/registries/${registryId}/regions`, { set: 'Michigan PIHP', regions: [{ name: 'Southeast Michigan', counties: ['26163', '26161'] }] })).statusCode).toBe(200);
    h = await byRegion('Michigan PIHP');
    expect(h.groups.find((g) => g.label === 'Southeast Michigan')?.headcount.shown).toBe(35);
    const sets = (await call(analyst, 'GET', `/api/v1/registries/${registryId}/regions`)).json().sets;
    expect(sets.map((s: { set: string }) => s.set)).toEqual(['census-division', 'census-region', 'Michigan PIHP']);
  });

  it('refuses unknown counties, a county in two regions, built-in names and non-admins, naming the field', async () => {
    const unknown = await call(admin, 'PUT', `/api/v1/registries/${registryId}/regions`, { set: 'Bad', regions: [{ name: 'A', counties: ['26163', '99999'] }] });
    expect(problemOf(unknown).errors?.[0]?.field).toBe('body.regions.0.counties.1');
    const twice = await call(admin, 'PUT', `/api/v1/registries/${registryId}/regions`, { set: 'Bad', regions: [{ name: 'A', counties: ['26163'] }, { name: 'B', counties: ['26163'] }] });
    expect(problemOf(twice).errors?.[0]?.field).toBe('body.regions.1.counties.0');
    expect((await call(admin, 'PUT', `/api/v1/registries/${registryId}/regions`, { set: 'census-division', regions: [{ name: 'A', counties: ['26163'] }] })).statusCode).toBe(400);
    expect((await call(analyst, 'PUT', `/api/v1/registries/${registryId}/regions`, { set: 'Mine', regions: [{ name: 'A', counties: ['26163'] }] })).statusCode).toBe(403);
    expect((await call(analyst, 'GET', `/api/v1/registries/${registryId}/headcount?by=region&regions=Bad`)).statusCode).toBe(404);
    expect((await call(admin, 'DELETE', `/api/v1/registries/${registryId}/regions?set=${encodeURIComponent('Michigan PIHP')}`)).statusCode).toBe(204);
    expect((await call(analyst, 'GET', `/api/v1/registries/${registryId}/headcount?by=region&regions=Michigan PIHP`)).statusCode).toBe(404);
  });

  it('gives the same suppressed table as CSV, by format or by Accept', async () => {
    const csv = await call(analyst, 'GET', `/api/v1/registries/${registryId}/headcount?by=county&month=2026-11&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^# Great Lakes Registry; month 2026-11; by county; counts under 11 not shown/);
    expect(lines[1]).toBe('code,county,peers,fte');
    expect(lines).toContain('26163,Wayne,20,20');
    expect(lines).toContain('total,Total,47,52');
    const accept = await t.app.inject({ method: 'GET', url: `/api/v1/registries/${registryId}/headcount?by=state&month=2026-11`, headers: { authorization: analyst.auth, accept: 'text/csv' } });
    expect(accept.body).toContain('26,Michigan,35,');
    expect(accept.body).toContain('39,Ohio,12,');
  });

  it('shows no count from 1 to 10 in the CSV either', async () => {
    // Cuyahoga alone would be 12: a member's 3 peers in a new county are hidden, with a complement.
    await call(memberB, 'POST', `/api/v1/registries/${registryId}/snapshots`, { month: '2026-11', records: [...peers(1000, 5, '26161'), ...peers(2000, 15, '26161'), ...peers(4000, 3, '26065')] });
    const body = (await call(analyst, 'GET', `/api/v1/registries/${registryId}/headcount?by=county&month=2026-11&format=csv`)).body;
    expect(body).toContain('26065,Ingham,<11,');
    for (const line of body.split('\r\n').slice(2)) {
      const n = Number(line.split(',')[2]);
      if (Number.isFinite(n) && line !== '') expect(n === 0 || n >= 11, line).toBe(true);
    }
  });
});

describe('the job board as an HSDS-style feed', () => {
  it('answers each opening as an HSDS service with organization, location and the job, as a page and as NDJSON', async () => {
    const posted = await call(memberA, 'POST', '/api/v1/jobs', { title: 'Peer Recovery Coach', countyFips: '26163', hoursPerWeek: 40, wageMin: 18, wageMax: 22, benefits: true, certificationRequired: 'MI CPSS', applyUrl: 'https://example.org/apply' });
    expect(posted.statusCode, posted.body).toBe(201);
    const page = await call(null, 'GET', '/api/v1/jobs?format=hsds&state=26');
    expect(page.statusCode, page.body).toBe(200);
    const s = page.json().contents[0];
    expect(page.json()).toMatchObject({ total_items: 1, empty: false });
    expect(s).toMatchObject({
      id: posted.json().id,
      name: 'Peer Recovery Coach',
      status: 'active',
      url: 'https://example.org/apply',
      organization: { name: 'Detroit Recovery Center' },
      eligibility_description: 'Certification required: MI CPSS',
      job: { county_fips: '26163', hours_per_week: 40, part_time: false, wage_min: 18, wage_max: 22, benefits: true },
    });
    expect(s.organization_id).toBe(s.organization.id);
    expect(s.organization.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(s.service_at_locations[0].location.addresses[0]).toMatchObject({ region: 'Wayne', state_province: 'Michigan', country: 'US' });
    const nd = await call(null, 'GET', '/api/v1/jobs.ndjson');
    expect(nd.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = nd.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([s]);
  });

  it('documents the feed in the OpenAPI description', async () => {
    const doc = (await call(null, 'GET', '/api/v1/openapi.json')).json();
    expect(doc.paths['/api/v1/jobs.ndjson'].get.responses['200'].content).toHaveProperty('application/x-ndjson');
    expect(Object.keys(doc.paths['/api/v1/registries/{id}/regions'])).toEqual(expect.arrayContaining(['get', 'put', 'delete']));
  });
});
