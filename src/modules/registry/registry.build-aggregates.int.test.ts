import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.ts';
import { addUser, createOrgWithUser, createTestApp, type TestApp, type TestUser } from '../../../test/harness/app.ts';

/**
 * "Build and send" also sends the member's aggregates from the data it keeps (issue 22): people
 * served in the month by county, race/ethnicity and language (participants with a peer assignment
 * in force in the month; county from their coordinates or ZIP code), and the wishes no assigned
 * peer met, with the peers who could. Counts only: the registry's representation "served" column
 * and its unmet-matches answer then reflect the member's participants, and no stored row carries
 * a name, contact, birth date, ZIP code or free text.
 */
let t: TestApp;
let registryAdmin: TestUser;
let analyst: TestUser;
let member: TestUser;
let registryId: string;
const now = new Date('2026-12-06T15:00:00Z');
const participantIds: string[] = [];

type Method = 'GET' | 'POST' | 'PUT';
const call = async (user: TestUser | null, method: Method, url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: user ? { authorization: user.auth } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

const participant = async (i: number, body: Record<string, unknown>) => {
  const res = await call(member, 'POST', '/api/v1/participants', {
    givenName: `Zebulon${i}`,
    familyName: 'Quackenbush',
    birthDate: '1987-04-17',
    contact: { phone: '313-555-0142', email: `zq${i}@example.org`, address: '4411 Vernor Highway' },
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  participantIds.push(res.json().id);
  return res.json().id as string;
};

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  registryAdmin = await createOrgWithUser(t, 'admin', 'Michigan Peer Workforce Registry');
  analyst = await addUser(t, registryAdmin.orgId, 'analyst');
  member = await createOrgWithUser(t, 'admin', 'Southwest Detroit Peers');
  registryId = (await call(registryAdmin, 'POST', '/api/v1/registries', { name: 'Michigan Peer Workforce Registry' })).json().id;
  expect((await call(member, 'POST', `/api/v1/registries/${registryId}/members`, { acceptSharedFields: true, organizationName: 'Southwest Detroit Peers' })).statusCode).toBe(201);
  // Two peers working in Wayne County: one speaks Spanish; neither shares experience of incarceration.
  const peer = async (displayName: string, languages: string[], credential: string) => {
    const res = await call(member, 'POST', '/api/v1/peers', {
      displayName,
      birthYear: 1980,
      languages,
      genderIdentity: 'woman',
      livedExperience: [{ code: 'substance-use.opioids', useForMatching: true, showToParticipants: true }],
      certifications: [{ type: 'mi-cpss', issuer: 'MI', number: credential, expiresOn: '2028-01-01' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await call(member, 'PUT', `/api/v1/peers/${res.json().id}/job-profile`, { role: 'peer-specialist', hoursPerWeek: 40, workFips: '26163', jobStart: '2024-01-01' })).statusCode).toBe(200);
    return res.json().id as string;
  };
  const english = await peer('Odalys Fenwick-Ruiz', ['en'], 'CPSS-31001');
  const bilingual = await peer('Priscilla Hollingsworth', ['en', 'es'], 'CPSS-31002');
  // 12 White, English-speaking participants in Detroit (ZIP 48201, Wayne) served by the first peer.
  for (let i = 0; i < 12; i++) {
    const id = await participant(i, { languages: ['en'], raceEthnicity: ['White'], location: { postalCode: '48201' } });
    expect((await call(member, 'POST', `/api/v1/participants/${id}/assignments`, { peerId: english, consent: { given: true } })).statusCode).toBe(201);
  }
  // One served participant the data can't place (no location), with a peer-gender wish in their own words.
  const unplaced = await participant(20, { languages: ['en'], raceEthnicity: ['White'], preferences: { peerGender: { value: 'someone patient like my aunt Rosa', importance: 'preferred' }, livedExperience: [], modalities: ['phone'] } });
  expect((await call(member, 'POST', `/api/v1/participants/${unplaced}/assignments`, { peerId: bilingual, consent: { given: true } })).statusCode).toBe(201);
  // 14 Spanish-speaking participants waiting (southwest Detroit by coordinates), each wishing for a peer with experience of incarceration.
  for (let i = 30; i < 44; i++) {
    await participant(i, { languages: ['es'], raceEthnicity: ['Hispanic or Latino'], location: { lat: 42.3086, lon: -83.1116 }, preferences: { livedExperience: [{ code: 'life.incarceration', importance: 'preferred' }], modalities: ['in-person'] } });
  }
  // Everyone enrolled in October, the assignments in force from November 2nd.
  await t.database.db.owner(async (tx) => {
    await tx.execute(sql`update participants set created_at = '2026-10-15', updated_at = '2026-10-15' where org_id = ${member.orgId}`);
    await tx.execute(sql`update assignments set assigned_at = '2026-11-02' where org_id = ${member.orgId}`);
  });
});
afterAll(async () => t?.close());

describe("the member's aggregates in its built snapshot", () => {
  it('sends people served and unmet wishes with the peer records, and says what it could not place', async () => {
    const res = await call(member, 'POST', `/api/v1/registries/${registryId}/snapshots/build`, { month: '2026-11' });
    expect(res.statusCode, res.body).toBe(201);
    const built = res.json();
    expect(built).toMatchObject({ accepted: 2, rejected: 0, problems: [] });
    expect(built.aggregates).toMatchObject({
      servedParticipants: 13,
      // 14 language wishes and 14 lived-experience wishes.
      unmetWishes: 28,
      leftOut: { 'served-without-county': 1, 'gender-wish-not-a-shared-category': 1 },
    });
    expect(built.aggregates.notDerived.join(' ')).toMatch(/culture/);
    // Built again from the same data: nothing changes.
    expect((await call(member, 'POST', `/api/v1/registries/${registryId}/snapshots/build`, { month: '2026-11' })).json()).toMatchObject({ unchanged: true });
  });

  it("fills the representation 'served' column from the member's participants", async () => {
    const race = (await call(analyst, 'GET', `/api/v1/registries/${registryId}/representation?county=26163&month=2026-11&dimension=race`)).json();
    const share = (group: string) => race.groups.find((g: { group: string }) => g.group === group).servedShare;
    // The 12 served in Wayne are White; the 14 waiting are not served yet.
    expect(share('white')).toBe(100);
    expect(share('hispanic')).toBe(0);
    const language = (await call(analyst, 'GET', `/api/v1/registries/${registryId}/representation?county=26163&month=2026-11&dimension=language`)).json();
    expect(language.groups.find((g: { group: string }) => g.group === 'C16001_002').servedShare).toBe(100);
    expect(language.groups.find((g: { group: string }) => g.group === 'C16001_003').servedShare).toBe(0);
  });

  it('answers the hiring gap from the matching data: 14 waiting for each wish, the peers who could meet it', async () => {
    const u = (await call(analyst, 'GET', `/api/v1/registries/${registryId}/unmet-matches?month=2026-11&lang=en`)).json();
    const sentences = u.gaps.map((g: { sentence: string }) => g.sentence);
    expect(sentences).toContain('Participants waiting for a peer with lived experience of incarceration: 14; peers: 0');
    // One Spanish-speaking peer works in Wayne: a count under 11, hidden.
    expect(sentences).toContain('Participants waiting for a peer who speaks Spanish: 14; peers: <11');
    expect(u.gaps.every((g: { countyFips: string }) => g.countyFips === '26163')).toBe(true);
  });

  it('stores counts only: no name, contact, birth date, ZIP code, participant id or free text', async () => {
    const rows = await t.database.db.owner(async (tx) =>
      rowsOf<{ r: Record<string, unknown> }>(await tx.execute(sql`select row_to_json(x) as r from registry_member_aggregates x where registry_id = ${registryId} order by kind, category`)),
    );
    expect(rows.map((x) => [x.r.kind, x.r.county_fips, x.r.category, x.r.people, x.r.peers_available])).toEqual([
      ['served-language', '26163', 'C16001_002', 12, null],
      ['served-race', '26163', 'white', 12, null],
      ['unmet-wish', '26163', 'language:Spanish', 14, 1],
      ['unmet-wish', '26163', 'lived:incarceration', 14, 0],
    ]);
    expect(Object.keys(rows[0]!.r).sort()).toEqual(['category', 'county_fips', 'kind', 'member_org_id', 'month', 'org_id', 'people', 'peers_available', 'registry_id'].sort());
    const text = JSON.stringify(rows);
    // The words are looked for outside the rows' UUIDs: a random id once held "1987" (…-b219879f…).
    const words = text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>');
    for (const word of ['Zebulon', 'Quackenbush', '1987', '313-555', 'example.org', 'Vernor', '48201', 'Rosa', 'patient', 'Odalys', 'Hollingsworth']) expect(words).not.toContain(word);
    for (const id of participantIds) expect(text).not.toContain(id);
  });
});
