import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/actor.ts';
import { addUser, createOrgWithUser, createTestApp, problemOf, type TestApp, type TestUser } from '../../../test/harness/app.ts';

/**
 * A registry and two member organizations end to end (issue 22): joining by choice, monthly
 * snapshots (by token and as CSV), de-identification, a peer at two agencies counted once,
 * suppression of every output, the HPSA and ACS files, leaving, and the public job board.
 */
let t: TestApp;
let registryAdmin: TestUser;
let registryAnalyst: TestUser;
let memberA: TestUser;
let memberB: TestUser;
let memberAPeer: TestUser;
let stranger: TestUser;
let registryId: string;
let tokenA: string;
const now = new Date('2026-12-06T15:00:00Z');

type Method = 'GET' | 'POST' | 'DELETE';
const call = async (user: TestUser | null, method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { ...(user ? { authorization: user.auth } : {}), ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../../test/fixtures/registry', name), 'utf8');

/** `n` peers of one agency, credential numbers from `first`, all in `county`. */
const peers = (first: number, n: number, county: string, extra: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => ({
    linkage: { credentialNumber: `CPSS-${first + i}`, credentialState: 'MI' },
    credentialTypes: ['mi-cpss'],
    certifiedOn: '2023-01-15',
    workFips: county,
    residenceFips: county,
    role: 'peer-specialist',
    hoursPerWeek: i % 3 === 0 ? 20 : 40,
    hourlyWage: 16 + (i % 5),
    benefits: i % 2 === 0,
    jobStart: '2023-03-01',
    languages: i % 4 === 0 ? ['en', 'es'] : ['en'],
    raceEthnicity: i % 3 === 0 ? ['Black or African American'] : ['White'],
    ...extra,
  }));

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  registryAdmin = await createOrgWithUser(t, 'admin', 'Michigan Peer Workforce Registry');
  registryAnalyst = await addUser(t, registryAdmin.orgId, 'analyst');
  memberA = await createOrgWithUser(t, 'admin', 'Detroit Recovery Center');
  memberAPeer = await addUser(t, memberA.orgId, 'peer');
  memberB = await createOrgWithUser(t, 'admin', 'Upper Peninsula Peers');
  stranger = await createOrgWithUser(t, 'admin', 'Not A Member');
  const res = await call(registryAdmin, 'POST', '/api/v1/registries', { name: 'Michigan Peer Workforce Registry' });
  expect(res.statusCode, res.body).toBe(201);
  registryId = res.json().id;
});
afterAll(async () => t?.close());

describe('joining', () => {
  it('shows a member admin exactly which fields leave, and refuses joining without accepting them', async () => {
    const seen = await call(memberA, 'GET', `/api/v1/registries/${registryId}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().sharedFields).toContain('wageBand');
    expect(seen.json().neverShared).toEqual(expect.arrayContaining(['name', 'contact']));
    expect(seen.json().members).toEqual([]);
    const refused = await call(memberA, 'POST', `/api/v1/registries/${registryId}/members`, { acceptSharedFields: false, organizationName: 'Detroit Recovery Center' });
    expect(problemOf(refused).errors?.[0]?.field).toBe('body.acceptSharedFields');
  });

  it('lets only the member organization admin join, answering a submission token once', async () => {
    expect((await call(memberAPeer, 'POST', `/api/v1/registries/${registryId}/members`, { acceptSharedFields: true, organizationName: 'x' })).statusCode).toBe(403);
    const a = await call(memberA, 'POST', `/api/v1/registries/${registryId}/members`, { acceptSharedFields: true, organizationName: 'Detroit Recovery Center' });
    expect(a.statusCode, a.body).toBe(201);
    tokenA = a.json().submitToken;
    expect(tokenA).toMatch(/^pbr_/);
    expect((await call(memberB, 'POST', `/api/v1/registries/${registryId}/members`, { acceptSharedFields: true, organizationName: 'Upper Peninsula Peers' })).statusCode).toBe(201);
    const members = (await call(registryAdmin, 'GET', `/api/v1/registries/${registryId}`)).json().members;
    expect(members.map((m: { name: string }) => m.name).sort()).toEqual(['Detroit Recovery Center', 'Upper Peninsula Peers']);
  });
});

describe('snapshots', () => {
  it('takes a snapshot by token, reports bad records row by row and keeps the rest', async () => {
    const records = [...peers(1000, 30, '26163'), { ...peers(5000, 1, '99999')[0], linkage: { credentialNumber: 'BAD-1', credentialState: 'MI' } }, { ...peers(5001, 1, '26163')[0], hourlyWage: 48000 }];
    const res = await call(null, 'POST', `/api/v1/registries/${registryId}/snapshots`, {
      month: '2026-11',
      records,
      aggregates: [
        { kind: 'unmet-wish', countyFips: '26163', category: 'language:Spanish', people: 14, peersAvailable: 0 },
        { kind: 'served-race', countyFips: '26163', category: 'black', people: 120 },
        { kind: 'served-race', countyFips: '26163', category: 'white', people: 80 },
      ],
    }, { 'x-registry-token': tokenA });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ accepted: 30, rejected: 2, version: 1, unchanged: false });
    expect(body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ line: 31, column: 'workFips' }), expect.objectContaining({ line: 32, column: 'hourlyWage' })]));
  });

  it('changes nothing when the same snapshot is sent again', async () => {
    const again = await call(null, 'POST', `/api/v1/registries/${registryId}/snapshots`, { month: '2026-11', records: peers(1000, 30, '26163'), aggregates: [
      { kind: 'unmet-wish', countyFips: '26163', category: 'language:Spanish', people: 14, peersAvailable: 0 },
      { kind: 'served-race', countyFips: '26163', category: 'black', people: 120 },
      { kind: 'served-race', countyFips: '26163', category: 'white', people: 80 },
    ] }, { 'x-registry-token': tokenA });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ unchanged: true, version: 1 });
  });

  it('refuses a wrong token, a month in the future, a field with a name, and a stranger', async () => {
    expect((await call(null, 'POST', `/api/v1/registries/${registryId}/snapshots`, { month: '2026-11', records: [] }, { 'x-registry-token': 'pbr_wrong' })).statusCode).toBe(401);
    const future = await call(memberA, 'POST', `/api/v1/registries/${registryId}/snapshots`, { month: '2027-01', records: [] });
    expect(problemOf(future).errors?.[0]?.field).toBe('body.month');
    const named = await call(memberA, 'POST', `/api/v1/registries/${registryId}/snapshots`, { month: '2026-11', records: [{ ...peers(1, 1, '26163')[0], email: 'a@b.org' }] });
    expect(named.statusCode).toBe(400);
    expect((await call(stranger, 'POST', `/api/v1/registries/${registryId}/snapshots`, { month: '2026-11', records: [] })).statusCode).toBe(404);
  });

  it('takes a CSV from the second member; wrong headers change nothing', async () => {
    const wrong = await call(memberB, 'POST', `/api/v1/registries/${registryId}/snapshots/csv`, { month: '2026-11', fileName: 'peers.csv', content: 'name,email\nA,a@b.org\n' });
    expect(wrong.statusCode).toBe(422);
    expect(problemOf(wrong).detail).toMatch(/peers\.csv: the header is missing/);
    const header = 'credential_number,credential_state,name,birth_year,credential_types,certified_on,work_fips,residence_fips,role,hours_per_week,hourly_wage,benefits,job_start,job_end,specialties,languages,race_ethnicity,lived_experience';
    // Five of agency A's peers also work here (same credentials): counted once in the state total.
    const lines = Array.from({ length: 12 }, (_, i) => `CPSS-${i < 5 ? 1000 + i : 2000 + i},MI,,,mi-cpss,2024-05-01,26103,26103,peer-specialist,16,17.00,no,2024-06-01,,,en;fi,White,`);
    const res = await call(memberB, 'POST', `/api/v1/registries/${registryId}/snapshots/csv`, { month: '2026-11', fileName: 'up-peers.csv', content: `${header}\n${lines.join('\n')}\n` });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ accepted: 12, rejected: 0 });
  });
});

describe('figures', () => {
  it('counts a peer at two agencies once in the total, and suppresses small counts for every role', async () => {
    const res = await call(registryAnalyst, 'GET', `/api/v1/registries/${registryId}/headcount?by=county&month=2026-11`);
    expect(res.statusCode, res.body).toBe(200);
    const h = res.json();
    expect(h.suppression).toMatchObject({ k: 11, ruleVersion: expect.any(String) });
    expect(h.total.headcount.shown).toBe(37); // 30 + 12 - 5 working at both
    const wayne = h.groups.find((g: { group: string }) => g.group === '26163');
    expect(wayne).toMatchObject({ label: 'Wayne', headcount: { shown: 30, suppressed: false } });
    const trend = (await call(registryAnalyst, 'GET', `/api/v1/registries/${registryId}/trend?month=2026-11`)).json();
    expect(trend.trend).toEqual([{ month: '2026-11', headcount: { shown: 37, suppressed: false }, fte: expect.any(Number) }]);
    const byState = (await call(registryAdmin, 'GET', `/api/v1/registries/${registryId}/headcount?by=state&month=2026-11`)).json();
    expect(byState.groups).toEqual([expect.objectContaining({ group: '26', label: 'Michigan', headcount: { shown: 37, suppressed: false } })]);
  });

  it('never shows a count from 1 to 10 in any figure of any role', async () => {
    for (const user of [registryAdmin, registryAnalyst, memberA]) {
      for (const path of ['headcount?by=county', 'headcount?by=credential', 'headcount?by=role', 'trend', 'representation?dimension=race', 'representation?dimension=language', 'shortage-areas', 'careers', 'unmet-matches']) {
        const res = await call(user, 'GET', `/api/v1/registries/${registryId}/${path}`);
        expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
        const shown: unknown[] = [];
        JSON.stringify(res.json(), (key, value) => {
          if (key === 'shown' || key === 'headcount' || key === 'peers' || key === 'waiting') shown.push(value);
          return value;
        });
        for (const v of shown) if (typeof v === 'number') expect(v === 0 || v >= 11, `${path} shows ${v}`).toBe(true);
      }
    }
  });

  it('gives a member its own figures beside the registry\'s, and strangers and peers nothing', async () => {
    const mine = (await call(memberA, 'GET', `/api/v1/registries/${registryId}/headcount?by=county&month=2026-11`)).json();
    expect(mine.member.total.headcount.shown).toBe(30);
    expect(mine.total.headcount.shown).toBe(37);
    expect((await call(stranger, 'GET', `/api/v1/registries/${registryId}/headcount`)).statusCode).toBe(404);
    expect((await call(memberAPeer, 'GET', `/api/v1/registries/${registryId}/headcount`)).statusCode).toBe(404);
  });

  it('imports the HPSA and ACS files and reads peers per 10,000 residents in and outside shortage areas', async () => {
    const hpsa = await call(registryAdmin, 'POST', `/api/v1/registries/${registryId}/imports/hpsa`, { fileName: 'BCD_HPSA_FCT_DET_MH.csv', content: fixture('BCD_HPSA_FCT_DET_MH.csv') });
    expect(hpsa.statusCode, hpsa.body).toBe(200);
    expect(hpsa.json()).toMatchObject({ designations: 7, counties: 5 });
    const acs = await call(registryAdmin, 'POST', `/api/v1/registries/${registryId}/imports/acs`, { fileName: 'ACSDT5Y2022.B03002-Data.csv', content: fixture('ACSDT5Y2022.B03002-Data.csv') });
    expect(acs.statusCode, acs.body).toBe(200);
    expect(acs.json()).toMatchObject({ table: 'B03002', year: 2022, imported: 6 });
    const other = await call(registryAdmin, 'POST', `/api/v1/registries/${registryId}/imports/hpsa`, { fileName: 'BCD_HPSA_FCT_DET_PC.csv', content: fixture('BCD_HPSA_FCT_DET_MH.csv').replaceAll('Mental Health', 'Primary Care') });
    expect(other.statusCode).toBe(422);
    expect((await call(memberA, 'POST', `/api/v1/registries/${registryId}/imports/hpsa`, { fileName: 'x.csv', content: 'a' })).statusCode).toBe(403);
    const s = (await call(registryAnalyst, 'GET', `/api/v1/registries/${registryId}/shortage-areas?month=2026-11`)).json();
    // Wayne (a population HPSA proposed for withdrawal still counts) and Marquette are shortage areas.
    expect(s.shortageCounties).toBe(5);
    expect(s.inShortageAreas.peers.shown).toBe(37);
    expect(s.inShortageAreas.perTenThousand).toBeGreaterThan(0);
    expect(s.counties.find((c: { countyFips: string }) => c.countyFips === '26095')).toMatchObject({ shortageArea: true, peers: { shown: 0 } });
  });

  it('compares the workforce with the people served and the population, with an interval', async () => {
    const r = (await call(registryAnalyst, 'GET', `/api/v1/registries/${registryId}/representation?county=26163&month=2026-11&dimension=race`)).json();
    const black = r.groups.find((g: { group: string }) => g.group === 'black');
    expect(black.workforce.shown).toBe('<11'); // 10 people: hidden
    const white = r.groups.find((g: { group: string }) => g.group === 'white');
    expect(white.workforce.shown).toBe(20);
    expect(white.populationShare).toBeCloseTo((100 * 871402) / 1774816, 0);
    expect(white.servedShare).toBe(40);
    expect(white.index).toBeGreaterThan(1);
    expect(white.ci90[0]).toBeLessThan(white.index);
  });

  it('says the hiring gap in plain words', async () => {
    const u = (await call(registryAnalyst, 'GET', `/api/v1/registries/${registryId}/unmet-matches?month=2026-11&lang=en`)).json();
    expect(u.gaps[0].sentence).toBe('Participants waiting for a peer who speaks Spanish: 14; peers: 0');
  });

  it('stops counting a member that leaves', async () => {
    expect((await call(memberB, 'DELETE', `/api/v1/registries/${registryId}/members/me`)).statusCode).toBe(204);
    const h = (await call(registryAnalyst, 'GET', `/api/v1/registries/${registryId}/headcount?by=county&month=2026-11`)).json();
    expect(h.total.headcount.shown).toBe(30);
    expect((await call(registryAnalyst, 'GET', `/api/v1/registries/${registryId}/trend?month=2026-11`)).json().trend[0].headcount.shown).toBe(30);
    expect((await call(memberB, 'GET', `/api/v1/registries/${registryId}/headcount`)).statusCode).toBe(404);
  });
});

describe('jobs', () => {
  it('lets an admin post an opening that anyone reads without an account', async () => {
    const posted = await call(memberA, 'POST', '/api/v1/jobs', { title: 'Certified Peer Support Specialist', countyFips: '26163', hoursPerWeek: 30, wageMin: 17, wageMax: 20, benefits: true, certificationRequired: 'MI CPSS' });
    expect(posted.statusCode, posted.body).toBe(201);
    const board = await call(null, 'GET', '/api/v1/jobs?state=26');
    expect(board.statusCode).toBe(200);
    expect(board.json().items[0]).toMatchObject({ organization: 'Detroit Recovery Center', countyName: 'Wayne', state: 'Michigan', partTime: true });
    expect((await call(memberAPeer, 'POST', '/api/v1/jobs', { title: 'x', countyFips: '26163', hoursPerWeek: 30, wageMin: 17, wageMax: 20 })).statusCode).toBe(403);
    const bad = await call(memberA, 'POST', '/api/v1/jobs', { title: 'x', countyFips: '26163', hoursPerWeek: 30, wageMin: 20, wageMax: 17 });
    expect(problemOf(bad).errors?.[0]?.field).toBe('body.wageMax');
    expect((await call(memberA, 'POST', `/api/v1/jobs/${posted.json().id}/filled`)).statusCode).toBe(200);
    expect((await call(null, 'GET', '/api/v1/jobs?state=26')).json().items).toEqual([]);
  });

  it("keeps a posting open through its closing day in the organization's zone", async () => {
    // 02:30 UTC on December 7: still the evening of the 6th in New York, already the afternoon of the 7th in Auckland.
    const evening = await createTestApp({ clock: () => new Date('2026-12-07T02:30:00Z') });
    try {
      const newYork = await createOrgWithUser(evening, 'admin', 'Bronx Peer Center'); // America/New_York
      const auckland = await evening.services.identity.createOrganization(systemActor('test'), { name: 'Auckland Peers', timeZone: 'Pacific/Auckland' });
      const aucklandAdmin = await addUser(evening, auckland.id, 'admin');
      const post = async (user: TestUser, title: string, closesOn: string) => {
        const res = await evening.app.inject({ method: 'POST', url: '/api/v1/jobs', headers: { authorization: user.auth }, payload: { title, countyFips: '36005', hoursPerWeek: 40, wageMin: 18, wageMax: 22, closesOn } });
        expect(res.statusCode, res.body).toBe(201);
      };
      await post(newYork, 'Closes tonight in New York', '2026-12-06');
      await post(newYork, 'Closed yesterday in New York', '2026-12-05');
      await post(aucklandAdmin, 'Closed yesterday in Auckland', '2026-12-06');
      await post(aucklandAdmin, 'Closes tonight in Auckland', '2026-12-07');
      const board = await evening.app.inject({ method: 'GET', url: '/api/v1/jobs' });
      expect(board.json().items.map((j: { title: string }) => j.title).sort()).toEqual(['Closes tonight in Auckland', 'Closes tonight in New York']);
    } finally {
      await evening.close();
    }
  });
});

describe("a snapshot's month is the registry's", () => {
  it("takes December once it has started in the registry's zone, whatever the UTC day", async () => {
    // 12:00 UTC on November 30 is 1 am on December 1 in Auckland.
    let now = new Date('2026-11-30T12:00:00Z');
    const at = await createTestApp({ clock: () => now });
    try {
      const send = (user: TestUser, url: string, payload: object) => at.app.inject({ method: 'POST', url, headers: { authorization: user.auth }, payload });
      const member = await createOrgWithUser(at, 'admin', 'Bronx Peer Center'); // America/New_York
      const registryIn = async (name: string, timeZone: string) => {
        const org = await at.services.identity.createOrganization(systemActor('test'), { name, timeZone });
        const id = (await send(await addUser(at, org.id, 'admin'), '/api/v1/registries', { name })).json().id as string;
        expect((await send(member, `/api/v1/registries/${id}/members`, { acceptSharedFields: true, organizationName: 'Bronx Peer Center' })).statusCode).toBe(201);
        return id;
      };
      const auckland = await registryIn('Aotearoa Peer Registry', 'Pacific/Auckland');
      const started = await send(member, `/api/v1/registries/${auckland}/snapshots`, { month: '2026-12', records: [] });
      expect(started.statusCode, started.body).toBe(201);

      // 02:30 UTC on December 1 is still November 30 in New York.
      now = new Date('2026-12-01T02:30:00Z');
      const newYork = await registryIn('New York Peer Registry', 'America/New_York');
      const early = await send(member, `/api/v1/registries/${newYork}/snapshots`, { month: '2026-12', records: [] });
      expect(problemOf(early)).toMatchObject({ status: 400, errors: [{ field: 'body.month', message: 'In the future' }] });
    } finally {
      await at.close();
    }
  });
});
