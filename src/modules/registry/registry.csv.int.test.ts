import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createOrgWithUser, createTestApp, type TestApp, type TestUser } from '../../../test/harness/app.ts';

/**
 * Every analytics answer of the registry as CSV too (issue 22): growth and turnover,
 * representation, unmet matches, shortage areas and careers, each the same suppressed figures as
 * its JSON (a hidden count "<11" or "not shown", never its number), the rule stated on the first
 * line, for the analyst as for anyone, and documented as text/csv.
 */
let t: TestApp;
let admin: TestUser;
let analyst: TestUser;
let member: TestUser;
let registryId: string;
const now = new Date('2026-12-06T15:00:00Z');
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../../test/fixtures/registry', name), 'utf8');

const call = async (user: TestUser | null, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { ...(user ? { authorization: user.auth } : {}), ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });

const peers = (first: number, n: number, county: string) =>
  Array.from({ length: n }, (_, i) => ({
    linkage: { credentialNumber: `CPSS-${first + i}`, credentialState: 'MI' },
    credentialTypes: ['mi-cpss'],
    certifiedOn: '2023-01-15',
    workFips: county,
    residenceFips: county,
    role: 'peer-specialist',
    hoursPerWeek: i % 3 === 0 ? 20 : 40,
    hourlyWage: 16 + (i % 5),
    jobStart: '2023-03-01',
    languages: i % 4 === 0 ? ['en', 'es'] : ['en'],
    raceEthnicity: i % 3 === 0 ? ['Black or African American'] : ['White'],
  }));

interface Cell {
  shown: number | string | null;
  suppressed: boolean;
}
/** The CSV text of a cell the JSON shows. */
const asCsv = (c: Cell | null) => (c === null ? '' : c.shown === null ? 'not shown' : String(c.shown));

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  admin = await createOrgWithUser(t, 'admin', 'Michigan Peer Workforce Registry');
  analyst = await addUser(t, admin.orgId, 'analyst');
  member = await createOrgWithUser(t, 'admin', 'Detroit Recovery Center');
  registryId = (await call(admin, 'POST', '/api/v1/registries', { name: 'Michigan Peer Workforce Registry' })).json().id;
  expect((await call(member, 'POST', `/api/v1/registries/${registryId}/members`, { acceptSharedFields: true, organizationName: 'Detroit Recovery Center' })).statusCode).toBe(201);
  // A year before: 20 of today's Wayne peers and 15 who have left since.
  const before = await call(member, 'POST', `/api/v1/registries/${registryId}/snapshots`, { month: '2025-11', records: [...peers(1000, 20, '26163'), ...peers(7000, 15, '26163')] });
  expect(before.statusCode, before.body).toBe(201);
  // Now: 30 in Wayne, 4 in Marquette (a shortage area; hidden), aggregates with a small cell.
  const res = await call(member, 'POST', `/api/v1/registries/${registryId}/snapshots`, {
    month: '2026-11',
    records: [...peers(1000, 30, '26163'), ...peers(4000, 4, '26103')],
    aggregates: [
      { kind: 'unmet-wish', countyFips: '26163', category: 'language:Spanish', people: 14, peersAvailable: 0 },
      { kind: 'unmet-wish', countyFips: '26163', category: 'lived:incarceration', people: 4, peersAvailable: 2 },
      { kind: 'served-race', countyFips: '26163', category: 'black', people: 120 },
      { kind: 'served-race', countyFips: '26163', category: 'white', people: 80 },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  expect((await call(admin, 'POST', `/api/v1/registries/${registryId}/imports/hpsa`, { fileName: 'BCD_HPSA_FCT_DET_MH.csv', content: fixture('BCD_HPSA_FCT_DET_MH.csv') })).statusCode).toBe(200);
  expect((await call(admin, 'POST', `/api/v1/registries/${registryId}/imports/acs`, { fileName: 'ACSDT5Y2022.B03002-Data.csv', content: fixture('ACSDT5Y2022.B03002-Data.csv') })).statusCode).toBe(200);
});
afterAll(async () => t?.close());

/** The analyst's JSON and CSV of one figure; the CSV parsed by a CSV reader, its first line checked. */
const both = async (path: string, query = 'month=2026-11') => {
  const url = `/api/v1/registries/${registryId}/${path}?${query}`;
  const json = await call(analyst, 'GET', url);
  expect(json.statusCode, json.body).toBe(200);
  const csv = await call(analyst, 'GET', `${url}&format=csv`);
  expect(csv.statusCode, csv.body).toBe(200);
  expect(csv.headers['content-type']).toMatch(/^text\/csv/);
  expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="registry-[\w.-]+\.csv"$/);
  const body = json.json();
  const first = csv.body.split('\r\n')[0]!;
  expect(first).toMatch(/^# Michigan Peer Workforce Registry; /);
  expect(first).toContain(`counts under ${body.suppression.k} not shown; rules ${body.suppression.ruleVersion}`);
  const rows = parse(csv.body, { comment: '#', columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return { json: body, rows, text: csv.body };
};

/** A count column never reads 1 to 10. */
const noSmallCount = (rows: Record<string, string>[], column: string) => {
  for (const r of rows) {
    const n = Number(r[column]);
    if (r[column] !== '' && Number.isFinite(n)) expect(n === 0 || n >= 11, `${column}: ${JSON.stringify(r)}`).toBe(true);
  }
};

describe('every analytics answer as CSV', () => {
  it('growth and turnover: each month and the year-on turnover, as in JSON', async () => {
    const { json, rows } = await both('trend');
    const months = rows.filter((r) => r.figure === 'headcount');
    expect(months.map((r) => [r.from, r.peers])).toEqual(json.trend.map((p: { month: string; headcount: Cell }) => [p.month, asCsv(p.headcount)]));
    expect(months.at(-1)).toMatchObject({ from: '2026-11', peers: '34' });
    const left = rows.find((r) => r.figure === 'turnover-left')!;
    expect(left).toMatchObject({ from: json.turnover.from, to: '2026-11', peers: asCsv(json.turnover.left), percent: String(json.turnover.rate) });
    expect(left.peers).toBe('15');
    expect(rows.find((r) => r.figure === 'turnover-working-at-start')!.peers).toBe('35');
    noSmallCount(rows, 'peers');
  });

  it('representation: peers, shares and the index with its interval per group; a small group "<11"', async () => {
    const { json, rows } = await both('representation', 'month=2026-11&county=26163&dimension=race');
    for (const g of json.groups as { group: string; workforce: Cell; workforceShare: number | null; servedShare: number | null; populationShare: number | null; index: number | null; ci90: [number, number] | null }[]) {
      const r = rows.find((x) => x.group === g.group)!;
      expect(r, g.group).toBeDefined();
      expect(r.peers).toBe(asCsv(g.workforce));
      expect(r.served_share_percent).toBe(g.servedShare === null ? '' : String(g.servedShare));
      expect(r.population_share_percent).toBe(g.populationShare === null ? '' : String(g.populationShare));
      expect(r.index).toBe(g.index === null ? '' : String(g.index));
      expect(r.index_90_low).toBe(g.ci90 === null ? '' : String(g.ci90[0]));
      if (g.workforce.suppressed) expect(['<11', 'not shown']).toContain(r.peers);
    }
    // Wayne's 10 Black peers are hidden; the 20 White peers are shown, with the people served (80 of 200).
    expect(rows.find((r) => r.group === 'black')!.peers).toBe('<11');
    expect(rows.find((r) => r.group === 'white')).toMatchObject({ peers: '20', served_share_percent: '40' });
    expect(rows.find((r) => r.group === 'all-who-shared')!.peers).toBe(asCsv(json.consentedWorkforce));
    noSmallCount(rows, 'peers');
  });

  it('unmet matches: the waiting and the peers per county and wish, hidden below 11, with the sentence', async () => {
    const { json, rows } = await both('unmet-matches', 'month=2026-11&lang=es');
    expect(rows.map((r) => [r.county_fips, r.wish, r.participants_waiting, r.peers_available, r.in_words])).toEqual(
      json.gaps.map((g: { countyFips: string; wish: string; waiting: Cell; peersAvailable: Cell | null; sentence: string }) => [g.countyFips, g.wish, asCsv(g.waiting), asCsv(g.peersAvailable), g.sentence]),
    );
    expect(rows[0]).toMatchObject({ county_fips: '26163', county: 'Wayne', wish: 'language:Spanish', participants_waiting: '14', peers_available: '0' });
    expect(rows[1]).toMatchObject({ wish: 'lived:incarceration', participants_waiting: '<11', peers_available: '<11' });
    expect(rows[1]!.in_words).not.toMatch(/\b[1-9]\b|\b10\b/);
    noSmallCount(rows, 'participants_waiting');
    noSmallCount(rows, 'peers_available');
  });

  it('shortage areas: in and outside designated areas, then by county; Marquette\'s 4 peers hidden', async () => {
    const { json, rows } = await both('shortage-areas');
    expect(rows[0]).toMatchObject({ area: 'in-shortage-areas', peers: asCsv(json.inShortageAreas.peers), residents: String(json.inShortageAreas.residents), peers_per_10000: json.inShortageAreas.perTenThousand === null ? '' : String(json.inShortageAreas.perTenThousand) });
    expect(rows[1]).toMatchObject({ area: 'outside-shortage-areas', peers: asCsv(json.outsideShortageAreas.peers) });
    const counties = rows.slice(2);
    expect(counties.map((r) => [r.county_fips, r.shortage_area, r.peers, r.peers_per_10000])).toEqual(
      json.counties.map((c: { countyFips: string; shortageArea: boolean; peers: Cell; perTenThousand: number | null }) => [c.countyFips, c.shortageArea ? 'yes' : 'no', asCsv(c.peers), c.perTenThousand === null ? '' : String(c.perTenThousand)]),
    );
    const marquette = json.counties.find((c: { countyFips: string }) => c.countyFips === '26103');
    expect(marquette.peers.suppressed).toBe(true);
    expect(['<11', 'not shown']).toContain(counties.find((r) => r.county_fips === '26103')!.peers);
    expect(counties.find((r) => r.county_fips === '26103')!.peers_per_10000).toBe('');
    noSmallCount(rows, 'peers');
  });

  it('careers: every measure as a line, wage bands and destinations hidden below 11', async () => {
    const { json, rows } = await both('careers');
    const value = (measure: string, key = '') => rows.find((r) => r.measure === measure && r.key === key)?.value;
    expect(value('peers-working')).toBe(asCsv(json.working));
    expect(value('part-time-share-percent')).toBe(json.partTimeShare === null ? '' : String(json.partTimeShare));
    expect(value('median-tenure-months-of-those-who-left')).toBe(json.medianTenureMonthsOfThoseWhoLeft === null ? '' : String(json.medianTenureMonthsOfThoseWhoLeft));
    for (const w of json.wageBands as { band: string; peers: Cell }[]) {
      expect(value('peers-by-wage-band', w.band)).toBe(asCsv(w.peers));
      if (w.peers.suppressed) expect(['<11', 'not shown']).toContain(value('peers-by-wage-band', w.band));
    }
    for (const d of json.destinations as { destination: string; peers: Cell }[]) expect(value('certified-peers-by-destination', d.destination)).toBe(asCsv(d.peers));
    expect(value('peers-working')).toBe('34');
    noSmallCount(rows.filter((r) => (r.measure ?? '').startsWith('peers-') || (r.measure ?? '').startsWith('certified-peers')), 'value');
  });

  it('answers CSV to Accept: text/csv as well, and documents each answer as text/csv', async () => {
    const res = await call(analyst, 'GET', `/api/v1/registries/${registryId}/unmet-matches?month=2026-11`, undefined, { accept: 'text/csv' });
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.body).toContain('26163,Wayne,lived:incarceration,<11,<11,');
    const doc = (await call(null, 'GET', '/api/v1/openapi.json')).json();
    for (const path of ['headcount', 'trend', 'representation', 'unmet-matches', 'shortage-areas', 'careers']) {
      const get = doc.paths[`/api/v1/registries/{id}/${path}`].get;
      expect(Object.keys(get.responses['200'].content).sort(), path).toEqual(['application/json', 'text/csv']);
      expect(get.parameters.map((p: { name: string }) => p.name), path).toContain('format');
    }
  });
});
